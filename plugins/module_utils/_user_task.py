# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_user: a Kestra Enterprise Edition user, known by its email, on the resource base.

Users are instance-level; their groups are those of the task's tenant (names resolved to ids with one
group listing, only when groups are declared). The password is write-only: sent on creation, and to an
existing user only with update_password: always. A converged task sends reads only: the user search,
the user, and the group listing when groups are declared.
"""

import re

from ansible_collections.kestra_io.kestra.plugins.module_utils._access_identity import is_connecting
from ansible_collections.kestra_io.kestra.plugins.module_utils._access_names import list_all, match_names, names_by_id
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import (
    EXACT,
    SET,
    WRITE_ONLY,
    Field,
    Resource,
    ensure,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec
from ansible_collections.kestra_io.kestra.plugins.module_utils._user_api import UserApi

ARGUMENT_SPEC = dict(
    email=dict(type='str', required=True),
    first_name=dict(type='str'),
    last_name=dict(type='str'),
    groups=dict(type='list', elements='str'),
    append=dict(type='bool', default=False),
    superadmin=dict(type='bool'),
    restricted=dict(type='bool'),
    user_password=dict(type='str', no_log=True),
    update_password=dict(type='str', default='always', choices=['always', 'on_create'], no_log=False),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    force=dict(type='bool', default=False),
)
EMAIL = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+$')
# option -> the ApiUser field it is read from
READ_FROM = (('first_name', 'firstName'), ('last_name', 'lastName'), ('superadmin', 'superAdmin'),
             ('restricted', 'restricted'))


def check_params(params):
    email = params['email']
    if not isinstance(email, str) or not EMAIL.match(email.strip()) or len(email) > 320:
        raise KestraInputError('email %r is not an email address (Kestra users are known by their email)'
                               % str(email)[:80])
    if params.get('user_password') is not None and not str(params['user_password']).strip():
        raise KestraInputError('user_password must not be empty')
    groups = params.get('groups')
    if groups is not None:
        blank = [name for name in groups if not str(name).strip()]
        if blank:
            raise KestraInputError('groups must not hold an empty name')
    if params['append'] and groups is None:
        raise KestraInputError('append applies to groups: give groups too')
    if params['state'] == 'absent':
        options = ('first_name', 'last_name', 'groups', 'superadmin', 'restricted', 'user_password')
        managed = [name for name in options if params.get(name) is not None]
        if managed:
            raise KestraInputError('state=absent deletes the user: %s cannot be given with it' % ', '.join(managed))


def secret_values(params):
    password = (params or {}).get('user_password')
    return set([str(password)]) if isinstance(password, (str, int, float)) and str(password).strip() else set()


class User(Resource):
    """One user: ident = the email. Stored items carry '_id' and '_group_ids' besides the compared fields."""

    kind = 'user'
    fields = (Field('first_name', EXACT), Field('last_name', EXACT), Field('superadmin', EXACT),
              Field('restricted', EXACT), Field('groups', SET), Field('user_password', WRITE_ONLY))

    def __init__(self, client, update_password):
        self.api = UserApi(client)
        self.client = client
        self.write_only_policy = update_password
        self.group_records = None
        self.group_ids = {}      # name -> id, of the declared groups
        self._read = {}          # email -> stored item: read once per task
        self.created_id = None   # the id Kestra gave the user the task created

    def load_groups(self, names):
        """Resolve the declared group names (one listing of the tenant's groups)."""
        self.group_records = list_all(self.client, 'group')
        self.group_ids = match_names('group', self.group_records, names)

    def group_names(self, ids):
        known = names_by_id('group', self.group_records or [])
        return [known.get(group_id, group_id) for group_id in ids]

    def read(self, client, ident):
        if ident not in self._read:
            self._read[ident] = self._read_user(client, ident)
        return self._read[ident]

    def _read_user(self, client, ident):
        user_id = self.api.find_id(ident)
        if user_id is None:
            return None
        body = self.api.get(user_id, ident)
        if body is None:
            return None
        stored = dict((option, body.get(field)) for option, field in READ_FROM)
        stored['superadmin'] = bool(stored['superadmin'])
        stored['restricted'] = bool(stored['restricted'])
        group_ids = [str(group.get('id')) for group in body.get('groups') or ()
                     if isinstance(group, dict) and group.get('id')
                     and group.get('tenantId') in (None, client.tenant)]
        stored['_id'] = user_id
        stored['_group_ids'] = group_ids
        stored['_tenants'] = [str(t.get('id')) for t in body.get('tenants') or () if isinstance(t, dict)]
        if self.group_records is not None:
            stored['groups'] = self.group_names(group_ids)
        # a name Kestra does not hold is left out (Kestra drops nulls too)
        return dict((key, value) for key, value in stored.items() if value is not None)

    def ids_of(self, names):
        known = dict((name, group_id) for group_id, name in names_by_id('group', self.group_records or []).items())
        known.update(self.group_ids)
        return [known.get(name, name) for name in names]

    def create(self, client, ident, declared):
        body = {'email': ident, 'tenants': [client.tenant]}
        for option, field in READ_FROM + (('user_password', 'password'),):
            if declared.get(option) is not None:
                body[field] = declared[option]
        if declared.get('groups') is not None:
            body['groups'] = self.ids_of(declared['groups'])
        created = self.api.create(ident, body)
        if isinstance(created, dict) and created.get('id'):
            self.created_id = str(created['id'])

    def update(self, client, ident, merged, stored, changed_fields):
        user_id = stored['_id']
        names = dict((option, field) for option, field in READ_FROM)
        details = dict((names[option], merged[option]) for option in ('first_name', 'last_name')
                       if option in changed_fields)
        if details:
            self.api.patch(user_id, ident, details)
        for option, segment in (('superadmin', 'superadmin'), ('restricted', 'restricted')):
            if option in changed_fields:
                self.api.patch(user_id, ident, {names[option]: merged[option]}, segment)
        if 'user_password' in changed_fields:
            self.api.patch(user_id, ident, {'password': merged['user_password']}, 'password')
        if 'groups' in changed_fields:
            self.api.set_groups(user_id, ident, self.ids_of(merged['groups']))

    def delete(self, client, ident, stored):
        self.api.delete(stored['_id'], ident)


def shown(email, stored, declared, resource):
    """The user as the result shows it: never the password."""
    item = {'email': email, 'id': (stored or {}).get('_id')}
    for option, _field in READ_FROM:
        value = (declared or {}).get(option)
        item[option] = value if value is not None else (stored or {}).get(option)
    group_ids = (stored or {}).get('_group_ids') or []
    if declared and declared.get('groups') is not None:
        item['groups'] = sorted(declared['groups'])
        group_ids = resource.ids_of(declared['groups'])
    item['group_ids'] = sorted(group_ids)
    return item


def run(params, client, ctx):
    check_params(params)
    email = params['email'].strip()
    present = params['state'] == 'present'
    resource = User(client, params['update_password'])
    declared_groups = None
    if present and params.get('groups') is not None:
        declared_groups = list(dict.fromkeys(str(name) for name in params['groups']))
        resource.load_groups(declared_groups)
    stored = resource.read(client, email)
    values = dict((name, params.get(name)) for name in ('first_name', 'last_name', 'superadmin', 'restricted'))
    # user_password, since 'password' is the connection's own option
    values['user_password'] = params.get('user_password')
    if declared_groups is not None:
        values['groups'] = declared_groups
        if params['append'] and stored is not None:
            values['groups'] = sorted(set(stored.get('groups') or []) | set(declared_groups))
    if not present and stored is not None and not params['force'] and is_connecting(client, stored['_id']):
        raise KestraError('user %s is the account this task connects as: deleting it would lock the task out; '
                          'set force: true to delete it anyway' % email)
    result = ensure(resource, client, ctx, email, values, params['state'], items_key='user')
    declared = dict((name, value) for name, value in values.items() if value is not None and name != 'user_password')
    result['user'] = None if not present else shown(email, stored, declared, resource)
    if present and stored is None:
        result['user']['id'] = resource.created_id
    if not present and stored is not None:
        result['user'] = {'email': email, 'id': stored['_id']}
    return result


TASK = TaskSpec(
    name='kestra_user',
    argument_spec=ARGUMENT_SPEC,
    run=run,
    secret_values=secret_values,
)
