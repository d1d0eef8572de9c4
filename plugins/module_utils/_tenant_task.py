# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_tenant: one Kestra Enterprise Edition tenant and its settings, on the resource base.

Only the options given are managed. Kestra's PUT replaces the whole Tenant, so an update sends
the stored object (every field as read) with the declared fields written over it. The storage and
secret configurations hold credentials: they are write-only (written on create, and on an existing
tenant only with update_configuration: always), never compared and never shown. Requests: one GET;
a converged task writes nothing; the server's API version is probed only when an option that exists
on one version only is given.
"""

import re

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import EXACT, WRITE_ONLY, ensure
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec
from ansible_collections.kestra_io.kestra.plugins.module_utils._tenant_api import (
    CONFIGURATIONS,
    FIELD_MAP,
    OPTION_NAMES,
    TenantApi,
    check_versions,
    from_json,
    needs_versions,
    normalise,
    to_json,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._whole_object import (
    DEFAULT_WORKER_SELECTOR,
    ISOLATION,
    WORKER_GROUP,
    SettingField,
    WholeObjectResource,
    collect_texts,
    present_values,
)

# Kestra's Tenant id pattern (schema Tenant.id): no dots, unlike namespaces
TENANT_ID = re.compile(r'^[a-z0-9][a-z0-9_-]*$')

ARGUMENT_SPEC = dict(
    id=dict(type='str', required=True),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    name=dict(type='str'),
    storage_type=dict(type='str'),
    storage_configuration=dict(type='dict', no_log=True),
    storage_isolation=dict(type='dict', options=ISOLATION),
    secret_type=dict(type='str'),
    secret_configuration=dict(type='dict', no_log=True),
    secret_isolation=dict(type='dict', options=ISOLATION, no_log=False),
    secret_read_only=dict(type='bool'),
    require_existing_namespace=dict(type='bool'),
    outputs_in_internal_storage=dict(type='bool'),
    worker_group=WORKER_GROUP,
    default_worker_selector=DEFAULT_WORKER_SELECTOR,
    update_configuration=dict(type='str', default='always', choices=['always', 'on_create']),
)


def check_id(tenant_id):
    if not isinstance(tenant_id, str) or not TENANT_ID.match(tenant_id):
        raise KestraInputError('id %r is not a valid Kestra tenant id (lower-case letters, digits, _ and -, starting '
                               'with a letter or a digit)' % (str(tenant_id)[:100],))


def declared_values(params):
    """The declared options (None: not managed), in their canonical form. No request."""
    values = {}
    for option in OPTION_NAMES:
        value = params.get(option)
        if value is None:
            continue
        if option == 'name' and not value.strip():
            raise KestraInputError('name must not be empty')
        values[option] = normalise(option, value)
    return values


class TenantResource(WholeObjectResource):
    kind = 'tenant'
    fields = tuple(SettingField(option, WRITE_ONLY if option in CONFIGURATIONS else EXACT) for option in OPTION_NAMES)
    field_map = FIELD_MAP
    unread = CONFIGURATIONS
    from_json = staticmethod(from_json)
    to_json = staticmethod(to_json)

    def __init__(self, api, update_configuration):
        super(TenantResource, self).__init__(api)
        self.write_only_policy = update_configuration

    def create(self, client, ident, declared):
        values = dict(declared)
        values.setdefault('name', ident)
        super(TenantResource, self).create(client, ident, values)


def run(params, client, ctx):
    tenant_id = params['id']
    check_id(tenant_id)
    values = present_values(params, declared_values, needs_versions, check_versions, client)
    resource = TenantResource(TenantApi(client), params['update_configuration'])
    result = ensure(resource, client, ctx, tenant_id, values, state=params['state'], items_key='tenant')
    tenant = result.get('tenant')
    if tenant is not None:
        tenant['id'] = tenant_id
        if result['action'] == 'created':
            tenant.setdefault('name', tenant_id)
    return result


def _secret_values(params):
    """The texts of the configurations (no_log dicts) and the connection credentials, as given."""
    found = set()
    # the connection credentials too: a value that is not a mapping for an option with suboptions stops
    # Ansible's no_log collection before it reaches them (see kestra_namespace)
    for name in ('password', 'token') + CONFIGURATIONS:
        collect_texts((params or {}).get(name), found, scalars=True)
    return found


TASK = TaskSpec('kestra_tenant', ARGUMENT_SPEC, run, secret_values=_secret_values)
