# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_group: one Kestra Enterprise Edition group, its description and its user members.

The group is known by its name (one listing of the tenant's groups finds its id; two groups of
that name fail with their ids). Members are users, declared by email and resolved with one listing
of the users. Members that are not users (service accounts, whose groups kestra_service_account
manages) are never added or removed here. 'append: false' (the default) makes the declared users
the exact user members; 'append: true' only adds. Requests of a converged task: the group listing,
plus the users listing and the member listing when members are declared; no write.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._access_names import (
    list_all,
    match_names,
    names_by_id,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._group_api import GroupApi
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import (
    EXACT,
    SET,
    Field,
    Resource,
    ensure,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec

ARGUMENT_SPEC = dict(
    name=dict(type='str', required=True),
    description=dict(type='str'),
    members=dict(type='list', elements='str'),
    append=dict(type='bool', default=False),
    state=dict(type='str', default='present', choices=['present', 'absent']),
)


def check_text(value, what):
    if not isinstance(value, str) or not value.strip():
        raise KestraInputError('%s must not be empty' % what)
    if any(ord(ch) < 32 for ch in value):
        raise KestraInputError('%s %r must not hold control characters (line breaks, tabs)' % (what, value[:100]))


def ensure_named(resource, client, ctx, name, values, state, items_key, object_id):
    """ensure() of an object known by its name, its id (object_id(): known after a create) and its name added to
    the result, to its item and to the result of a failure."""
    try:
        result = ensure(resource, client, ctx, name, values, state=state, items_key=items_key)
    except KestraError as exc:
        exc.result['id'] = object_id()
        raise
    item = result.get(items_key)
    if item is not None:
        item['name'] = name
        item['id'] = object_id()
    result['id'] = object_id()
    result['name'] = name
    return result


def find_named(kind, records, name):
    """The one record (a group, a role) of that name, None when there is none; two or more fail with their ids."""
    found = [record for record in records if record.get('name') == name and record.get('id')]
    if not found:
        return None
    if len(found) > 1:
        match_names(kind, found, [name])
    return found[0]


def find_group(groups, name):
    return find_named('group', groups, name)


def member_emails(declared, users):
    """{declared email: the user's email as Kestra has it}; unknown or ambiguous emails fail (all at once)."""
    ids = match_names('user', users, declared)
    emails = names_by_id('user', users)
    return dict((email, emails[ids[email]]) for email in declared)


class GroupResource(Resource):
    kind = 'group'
    fields = (Field('description', EXACT), Field('members', SET))

    def __init__(self, api, group, stored, user_ids):
        self.api = api
        self.group_id = group.get('id') if group else None
        self.stored = stored
        # email -> user id, for the declared and the stored user members
        self.user_ids = user_ids

    def read(self, client, ident):
        return self.stored

    def _sync_members(self, ident, wanted, current):
        for email in sorted(set(wanted) - set(current)):
            self.api.add_member(self.group_id, ident, self.user_ids[email])
        for email in sorted(set(current) - set(wanted)):
            self.api.remove_member(self.group_id, ident, self.user_ids[email])

    def create(self, client, ident, declared):
        self.group_id = self.api.create(ident, declared.get('description') or None)
        self._sync_members(ident, declared.get('members') or [], [])

    def update(self, client, ident, merged, stored, changed_fields):
        if 'description' in changed_fields:
            self.api.update(self.group_id, ident, merged.get('description') or None)
        if 'members' in changed_fields:
            self._sync_members(ident, merged.get('members') or [], stored.get('members') or [])

    def delete(self, client, ident, stored):
        self.api.delete(self.group_id, ident)


def run(params, client, ctx):
    name = params['name']
    check_text(name, 'name')
    present = params['state'] == 'present'
    declared_members = params.get('members') if present else None
    if declared_members is not None:
        for email in declared_members:
            check_text(email, 'members item')
    api = GroupApi(client)
    group = find_group(api.list(), name)

    stored = None
    user_ids = {}
    values = {'description': params.get('description') if present else None}
    if group is not None:
        # Kestra leaves out an empty description: none and '' are the same
        stored = {'description': group.get('description') or ''}
    if declared_members is not None:
        users = list_all(client, 'user')
        canonical = member_emails(declared_members, users)
        user_ids = dict((email, uid) for uid, email in names_by_id('user', users).items())
        wanted = sorted(set(canonical.values()))
        if group is not None:
            # members that are not users (service accounts) are left alone
            user_of = names_by_id('user', users)
            current = sorted(set(user_of[sid] for sid in api.members(group['id'], name) if sid in user_of))
            stored['members'] = current
            if params['append']:
                wanted = sorted(set(wanted) | set(current))
        values['members'] = wanted

    resource = GroupResource(api, group, stored, user_ids)
    return ensure_named(resource, client, ctx, name, values, params['state'], 'group', lambda: resource.group_id)


TASK = TaskSpec('kestra_group', ARGUMENT_SPEC, run)
