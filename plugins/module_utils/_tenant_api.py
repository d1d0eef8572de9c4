# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Kestra Enterprise Edition's tenant API, instance-level (docs/dev/kestra-api/access-tenants-worker-groups.md).

- GET    /api/v1/tenants/{id}  the Tenant; 404 when missing
- POST   /api/v1/tenants       body Tenant (id, name and deleted required): creates it
- PUT    /api/v1/tenants/{id}  body Tenant: replaces the whole object (a field not sent is cleared)
- DELETE /api/v1/tenants/{id}  204; deletes everything the tenant holds

The same paths on 1.x and 2.0; the Tenant of 1.x has workerGroup {key, fallback}, the Tenant of 2.0
has defaultWorkerSelector instead. Superadmin only. OSS has no such route (404 on every method).
"""

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover
    from urllib import quote  # pylint: disable=no-name-in-module

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_api import (
    NamespaceApi,
    from_json as namespace_from_json,
    normalise as namespace_normalise,
    to_json as namespace_to_json,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._whole_object import (
    BOTH,
    V1_ONLY,
    V2_ONLY,
    check_versions as check_field_versions,
    needs_versions as fields_need_versions,
)

NEEDS_EE = 'needs Kestra Enterprise Edition'

# option name -> (Tenant JSON field, the API versions that have it)
FIELD_MAP = (
    ('name', 'name', BOTH),
    ('storage_type', 'storageType', BOTH),
    ('storage_configuration', 'storageConfiguration', BOTH),
    ('storage_isolation', 'storageIsolation', BOTH),
    ('secret_type', 'secretType', BOTH),
    ('secret_configuration', 'secretConfiguration', BOTH),
    ('secret_isolation', 'secretIsolation', BOTH),
    ('secret_read_only', 'secretReadOnly', BOTH),
    ('require_existing_namespace', 'requireExistingNamespace', BOTH),
    ('outputs_in_internal_storage', 'outputsInInternalStorage', BOTH),
    ('worker_group', 'workerGroup', V1_ONLY),
    ('default_worker_selector', 'defaultWorkerSelector', V2_ONLY),
)
OPTION_NAMES = tuple(option for option, _json, _versions in FIELD_MAP)
# the options whose values hold credentials: write-only (never compared with what Kestra answers)
CONFIGURATIONS = ('storage_configuration', 'secret_configuration')
_SHARED = ('storage_isolation', 'secret_isolation', 'worker_group', 'default_worker_selector')
_REPLACED = {
    'worker_group': ' (use default_worker_selector)',
    'default_worker_selector': ' (use worker_group)',
}


def to_json(option, value):
    if option in _SHARED:
        return namespace_to_json(option, value)
    return value


def from_json(option, value):
    if option in _SHARED:
        return namespace_from_json(option, value)
    return value


def normalise(option, value):
    if option in _SHARED:
        return namespace_normalise(option, value)
    return value


def needs_versions(declared):
    return fields_need_versions(FIELD_MAP, declared)


def check_versions(declared, is_v2):
    """KestraInputError for a declared option that the server's API version does not have."""
    check_field_versions(FIELD_MAP, declared, is_v2, 'Tenant', _REPLACED)


class TenantApi(object):
    """The tenants of the instance, as Tenant JSON objects."""

    def __init__(self, client):
        self.client = client

    @staticmethod
    def path(tenant_id=None):
        if tenant_id is None:
            return '/api/v1/tenants'
        return '/api/v1/tenants/%s' % quote_segment(tenant_id)

    @staticmethod
    def _context(tenant_id):
        return 'tenant %s' % tenant_id

    def _needs_ee(self, tenant_id, method, path, status):
        return KestraError('tenant %s: managing tenants %s; %s %s answered HTTP %d, as Kestra OSS does (it has no '
                           'tenants API)' % (tenant_id, NEEDS_EE, method, path, status), status=status)

    def read(self, tenant_id):
        """The stored Tenant JSON, or None when it does not exist. Fails clearly on an OSS server."""
        body = self.client.get_json(self.path(tenant_id), allow_missing=True, context=self._context(tenant_id))
        if body is None:
            # OSS answers 404 too (no such route): tell them apart before a write is planned
            if NamespaceApi(self.client).edition() == 'OSS':
                raise KestraError('tenant %s: managing tenants %s; GET /api/v1/configs says this server is edition '
                                  'OSS' % (tenant_id, NEEDS_EE))
            return None
        if not isinstance(body, dict):
            raise KestraError('tenant %s: GET %s answered %r, not a Tenant object' % (
                tenant_id, self.path(tenant_id), str(body)[:80]))
        return body

    def create(self, tenant_id, body):
        response = self.client.request('POST', self.path(), json=body, allow=(404, 405),
                                       context=self._context(tenant_id))
        if response.status_code in (404, 405):
            raise self._needs_ee(tenant_id, 'POST', self.path(), response.status_code)

    def update(self, tenant_id, body):
        response = self.client.request('PUT', self.path(tenant_id), json=body, allow=(404, 405),
                                       context=self._context(tenant_id))
        if response.status_code == 405:
            raise self._needs_ee(tenant_id, 'PUT', self.path(tenant_id), 405)
        if response.status_code == 404:
            raise KestraError('tenant %s: PUT %s answered HTTP 404: the tenant was deleted while the task ran'
                              % (tenant_id, self.path(tenant_id)), status=404)

    def delete(self, tenant_id):
        """Delete; gone already is fine."""
        self.client.request('DELETE', self.path(tenant_id), allow=(404,), context=self._context(tenant_id))


def quote_segment(value):
    """One URL path segment, quoted; '', '.' and '..' refused (URL normalisation would resolve them)."""
    text = str(value)
    if text in ('', '.', '..'):
        raise KestraInputError('%r is not a valid id' % text)
    return quote(text, safe='')
