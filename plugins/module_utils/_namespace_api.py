# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Kestra Enterprise Edition's namespace API (docs/dev/kestra-api/namespaces-secrets.md).

- GET    /api/v1/{tenant}/namespaces/{id}  the Namespace; 404 when missing (EE)
- POST   /api/v1/{tenant}/namespaces       body Namespace: creates it
- PUT    /api/v1/{tenant}/namespaces/{id}  body Namespace: replaces the whole object (a field not sent is cleared)
- DELETE /api/v1/{tenant}/namespaces/{id}  204

OSS has no namespace objects: it answers GET for any id with {"id", "deleted": false}, POST with 404
and PUT/DELETE with 405. This adapter turns those answers into one clear error, and tells the editions
apart with GET /api/v1/configs ('edition') only when a GET answer has the shape OSS gives.

Some Namespace fields exist on one API version only (spec subsets 1.3 and 2.0); the options that map
to them are refused on the other version, before any write.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError
from ansible_collections.kestra_io.kestra.plugins.module_utils._whole_object import (
    BOTH,
    V1_ONLY,
    V2_ONLY,
    check_versions as check_field_versions,
    needs_versions as fields_need_versions,
)

NEEDS_EE = 'needs Kestra Enterprise Edition'

# option name -> (Namespace JSON field, the API versions that have it)
FIELD_MAP = (
    ('description', 'description', BOTH),
    ('variables', 'variables', BOTH),
    ('plugin_defaults', 'pluginDefaults', V1_ONLY),
    ('allowed_namespaces', 'allowedNamespaces', BOTH),
    ('storage_isolation', 'storageIsolation', BOTH),
    ('secret_isolation', 'secretIsolation', BOTH),
    ('storage_type', 'storageType', BOTH),
    ('storage_configuration', 'storageConfiguration', BOTH),
    ('secret_type', 'secretType', BOTH),
    ('secret_read_only', 'secretReadOnly', BOTH),
    ('secret_configuration', 'secretConfiguration', BOTH),
    ('outputs_in_internal_storage', 'outputsInInternalStorage', BOTH),
    ('sdk_default_authentication', 'sdkDefaultAuthentication', BOTH),
    ('worker_group', 'workerGroup', V1_ONLY),
    ('default_worker_selector', 'defaultWorkerSelector', V2_ONLY),
    ('concurrency', 'concurrency', V2_ONLY),
    ('quotas', 'quotas', V2_ONLY),
)
OPTION_NAMES = tuple(option for option, _json, _versions in FIELD_MAP)
_ISOLATIONS = ('storage_isolation', 'secret_isolation')
_SDK_AUTH = (('api_token', 'apiToken'), ('username', 'username'), ('password', 'password'))
# the JSON fields of a minimal Namespace: all that OSS ever answers
_VIRTUAL_KEYS = frozenset(('id', 'deleted'))


def _compact(value):
    """A mapping without its None values (Kestra drops nulls from its answers)."""
    return dict((k, v) for k, v in value.items() if v is not None)


def to_json(option, value):
    """The Namespace JSON value of one option's (normalised) value."""
    if option == 'allowed_namespaces':
        return [{'namespace': name} for name in value]
    if option in _ISOLATIONS:
        return _compact({'enabled': value.get('enabled'), 'deniedServices': value.get('denied_services')})
    if option == 'sdk_default_authentication':
        return _compact(dict((json_name, value.get(name)) for name, json_name in _SDK_AUTH))
    return value


def from_json(option, value):
    """The option's value for a Namespace JSON value (None when the server has none)."""
    if value is None:
        return None
    if option == 'allowed_namespaces':
        return [item.get('namespace') for item in value if isinstance(item, dict)]
    if option in _ISOLATIONS and isinstance(value, dict):
        return normalise(option, {'enabled': value.get('enabled'), 'denied_services': value.get('deniedServices')})
    if option == 'sdk_default_authentication' and isinstance(value, dict):
        return normalise(option, dict((name, value.get(json_name)) for name, json_name in _SDK_AUTH))
    return normalise(option, value)


def normalise(option, value):
    """One canonical form of a value, declared or read, so that equal settings compare equal."""
    if value is None:
        return None
    if option in _ISOLATIONS:
        return {'enabled': bool(value.get('enabled')), 'denied_services': sorted(value.get('denied_services') or [])}
    if option == 'default_worker_selector':
        value = _compact(value)
        if 'tags' in value:
            value['tags'] = sorted(value['tags'])
        return value
    if option in ('worker_group', 'concurrency', 'sdk_default_authentication') and isinstance(value, dict):
        return _compact(value)
    if option == 'quotas' and isinstance(value, list):
        return [_compact(item) if isinstance(item, dict) else item for item in value]
    return value


_REPLACED = {
    'plugin_defaults': ' (set plugin defaults in the flows, or in the server configuration)',
    'worker_group': ' (use default_worker_selector)',
    'default_worker_selector': ' (use worker_group)',
}


def check_versions(declared, is_v2):
    """KestraInputError for a declared option that the server's API version does not have."""
    check_field_versions(FIELD_MAP, declared, is_v2, 'Namespace', _REPLACED)


def needs_versions(declared):
    """Whether a declared option exists on one API version only (so the version must be known)."""
    return fields_need_versions(FIELD_MAP, declared)


class NamespaceApi(object):
    """The namespaces of the tenant, as Namespace JSON objects."""

    def __init__(self, client):
        self.client = client

    def _path(self, namespace=None):
        if namespace is None:
            return self.client.api_path('namespaces')
        return self.client.api_path('namespaces', namespace)

    @staticmethod
    def _context(namespace):
        return 'namespace %s' % namespace

    def _needs_ee(self, namespace, why):
        return KestraError('namespace %s: managing namespaces %s; %s. On Kestra OSS a namespace exists as soon as a '
                           'flow or a namespace file uses it, and it has no settings to manage' % (
                               namespace, NEEDS_EE, why))

    def edition(self):
        """'EE', 'OSS', or None when GET /api/v1/configs does not say (one request)."""
        response = self.client.request('GET', '/api/v1/configs', allow=(401, 403, 404, 405),
                                       context='server edition probe')
        if response.status_code != 200:
            return None
        try:
            body = response.json()
        except ValueError:
            return None
        edition = body.get('edition') if isinstance(body, dict) else None
        return str(edition).upper() if edition else None

    def read(self, namespace):
        """The stored Namespace JSON, or None when it does not exist. Fails clearly on an OSS server."""
        body = self.client.get_json(self._path(namespace), allow_missing=True, context=self._context(namespace))
        if body is None:
            return None
        if not isinstance(body, dict):
            raise KestraError('namespace %s: GET %s answered %r, not a Namespace object' % (
                namespace, self._path(namespace), str(body)[:80]))
        if set(body) <= _VIRTUAL_KEYS and self.edition() == 'OSS':
            raise self._needs_ee(namespace, 'GET /api/v1/configs says this server is edition OSS')
        return body

    def _write(self, method, path, namespace, body=None):
        allow = (404, 405)
        response = self.client.request(method, path, json=body, allow=allow, context=self._context(namespace))
        if method == 'POST' and response.status_code == 404 or response.status_code == 405:
            raise self._needs_ee(namespace, '%s %s answered HTTP %d, as Kestra OSS does (it has no such route)' % (
                method, path, response.status_code))
        return response

    def create(self, namespace, body):
        response = self._write('POST', self._path(), namespace, body)
        if response.status_code == 404:
            raise KestraError('namespace %s: POST %s answered HTTP 404' % (namespace, self._path()), status=404)

    def update(self, namespace, body):
        response = self._write('PUT', self._path(namespace), namespace, body)
        if response.status_code == 404:
            raise KestraError('namespace %s: PUT %s answered HTTP 404: the namespace was deleted while the task ran'
                              % (namespace, self._path(namespace)), status=404)

    def delete(self, namespace):
        """Delete; gone already is fine. Kestra refuses to delete a namespace that still holds flows."""
        try:
            self._write('DELETE', self._path(namespace), namespace)
        except KestraError as exc:
            if exc.status is not None and 400 <= exc.status < 500 and exc.status not in (401, 403):
                raise KestraError('%s. Kestra does not delete a namespace that still holds flows: delete or move '
                                  'its flows first (kestra_io.kestra.kestra_flow with state=absent)' % exc,
                                  status=exc.status, result=exc.result)
            raise
