# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_service_account: one Kestra Enterprise Edition service account, on the resource base.

Found by name in the listing of its scope (the tenant's, or the instance's for scope: instance),
then read by id. Only the declared options are compared; groups are given by name, resolved to ids
(one listing) and compared as a set of ids, with Ansible's append rule (append: false: the list is
exact; append: true: only adds). Requests of a converged task: the listing, one GET, and one group
listing when groups are given; no write.

Deleting the service account the task connects with needs force: true (the connecting identity is
read only when a deletion is planned).
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._access_identity import is_connecting
from ansible_collections.kestra_io.kestra.plugins.module_utils._access_names import resolve_ids
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import (
    EXACT,
    SET,
    Field,
    Resource,
    ensure,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._service_account_api import (
    INSTANCE,
    NAME,
    TENANT,
    ServiceAccountApi,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec

ARGUMENT_SPEC = dict(
    name=dict(type='str', required=True),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    scope=dict(type='str', default=TENANT, choices=[TENANT, INSTANCE]),
    description=dict(type='str'),
    groups=dict(type='list', elements='str'),
    append=dict(type='bool', default=False),
    superadmin=dict(type='bool'),
    tenants=dict(type='list', elements='str'),
    force=dict(type='bool', default=False),
)


class TextField(Field):
    """A text: no value and an empty one are the same (Kestra drops empty descriptions)."""

    def same(self, stored, declared):
        return (stored or '') == (declared or '')


class GroupsField(Field):
    """Group ids, compared as a set; shown by name."""

    def __init__(self, names):
        super(GroupsField, self).__init__('groups', SET)
        self.names = names

    def shown(self, value):
        return sorted(self.names.get(group_id, group_id) for group_id in value or ())


class ServiceAccountResource(Resource):
    kind = 'service account'

    def __init__(self, api, group_names):
        self.api = api
        self.fields = (TextField('description', EXACT), GroupsField(group_names), Field('superadmin'),
                       Field('tenants', SET))
        self.stored = None
        self.created_id = None

    def read(self, client, ident):
        return self.stored

    def create(self, client, ident, declared):
        self.created_id = self.api.create(ident, declared.get('description'), declared.get('superadmin'),
                                          declared.get('groups'), declared.get('tenants'))

    def update(self, client, ident, merged, stored, changed_fields):
        if set(changed_fields) & set(('description', 'groups')):
            self.api.update(stored['id'], ident, merged.get('description'), merged.get('groups'),
                            stored.get('superadmin'))
        if 'superadmin' in changed_fields:
            self.api.set_superadmin(stored['id'], ident, merged['superadmin'])

    def delete(self, client, ident, stored):
        self.api.delete(stored['id'], ident)


def _check(params):
    name = params['name']
    if not isinstance(name, str) or len(name) > 63 or not NAME.match(name):
        raise KestraInputError('name %r is not a valid service account name (at most 63 lower-case letters and '
                               'digits, in words joined by single hyphens: Kestra\'s rule)' % str(name)[:100])
    if params['scope'] == INSTANCE and params.get('groups') is not None:
        raise KestraInputError('groups belong to a tenant: give them with scope: tenant (the default), on the '
                               'tenant of the connection')
    if params['scope'] == TENANT and params.get('tenants') is not None:
        raise KestraInputError('tenants is for scope: instance (a service account of the tenant belongs to it)')
    for group in params.get('groups') or ():
        if not isinstance(group, str) or not group.strip():
            raise KestraInputError('groups: every item must be a non-empty group name')


def _find(api, name):
    matches = api.find(name)
    if len(matches) > 1:
        raise KestraError('service account %s: %d service accounts have this name (ids %s): remove the duplicates '
                          'in Kestra first' % (name, len(matches), ', '.join(sorted(str(m['id']) for m in matches))))
    if not matches:
        return None
    listed = matches[0]
    stored = api.read(listed['id'], name)
    if stored is None:
        return None
    names = dict(listed.get('group_names') or {})
    return stored, names


def run(params, client, ctx):
    _check(params)
    name = params['name']
    present = params['state'] == 'present'
    api = ServiceAccountApi(client, params['scope'])
    found = _find(api, name)
    stored, group_names = found if found else (None, {})

    values = {'description': params.get('description'), 'superadmin': params.get('superadmin'),
              'tenants': params.get('tenants')}
    if present and params.get('groups') is not None:
        wanted = list(dict.fromkeys(params['groups']))
        ids = {}
        if wanted:
            ids = resolve_ids(client, 'group', wanted)
        for group_name, group_id in ids.items():
            group_names[group_id] = group_name
        group_ids = [ids[group_name] for group_name in wanted]
        if params['append'] and stored is not None:
            group_ids = list(dict.fromkeys(list(stored.get('groups') or []) + group_ids))
        values['groups'] = group_ids

    if present and stored is not None and values['tenants'] is not None and \
            set(values['tenants']) != set(stored.get('tenants') or ()):
        raise KestraError('service account %s: its tenants cannot be changed once it exists (Kestra\'s PATCH '
                          '/api/v1/service-accounts/{id} takes a name and a description only); it has %s: declare '
                          'those, or delete and create it again' % (name, sorted(stored.get('tenants') or ())))
    if not present and stored is not None and not params['force']:
        if is_connecting(client, stored.get('id')):
            raise KestraError('service account %s is the account this task connects with: deleting it ends this '
                              'access; set force: true to delete it anyway' % name)

    resource = ServiceAccountResource(api, group_names)
    resource.stored = stored
    result = ensure(resource, client, ctx, name, values, state=params['state'], items_key='service_account')
    account = result.get('service_account')
    if account is not None:
        shown = {'name': name, 'scope': params['scope'], 'id': (stored or {}).get('id') or resource.created_id}
        for key in ('description', 'superadmin', 'tenants'):
            if account.get(key) is not None:
                shown[key] = account[key]
        if account.get('groups') is not None:
            shown['groups'] = resource.fields[1].shown(account['groups'])
        result['service_account'] = shown
    result['name'] = name
    return result


TASK = TaskSpec('kestra_service_account', ARGUMENT_SPEC, run)
