# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_role: one Kestra Enterprise Edition role, its description, permissions and default flag.

The role is known by its name (one listing of the tenant's roles finds its id; two roles of that
name fail with their ids), then read (the listing has no permissions). Permissions are compared as
a set of actions per resource. 'append: false' (the default) makes the declared permissions the
role's exact permissions; 'append: true' adds the declared actions and keeps every other one.
Resource and action names are checked against the server's line (its version is probed once, only
when permissions are given), before any write. Kestra's PUT replaces the whole role, so an update
sends every field (the stored ones with the declared ones over them).
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._group_task import check_text, ensure_named, find_named
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import (
    EXACT,
    Field,
    Resource,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._role_api import RoleApi, unknown_names
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec

ARGUMENT_SPEC = dict(
    name=dict(type='str', required=True),
    description=dict(type='str'),
    permissions=dict(type='dict'),
    is_default=dict(type='bool'),
    append=dict(type='bool', default=False),
    state=dict(type='str', default='present', choices=['present', 'absent']),
)


def normalise_permissions(value, option='permissions'):
    """{RESOURCE: sorted unique ACTIONS} from a mapping of names to lists (or one name); empty lists dropped.

    Names are upper-cased (Kestra's enums are). Raises KestraInputError for any other shape. Pure.
    """
    if not isinstance(value, dict):
        raise KestraInputError('%s must be a mapping of resource to a list of actions, for example '
                               '{FLOW: [VIEW, LIST]}, got %s' % (option, type(value).__name__))
    found = {}
    for resource, actions in value.items():
        if not isinstance(resource, str) or not resource.strip():
            raise KestraInputError('%s: a resource name must be a non-empty string, got %r' % (option, resource))
        if isinstance(actions, str):
            actions = [actions]
        if actions is None:
            actions = []
        if not isinstance(actions, (list, tuple)) or not all(isinstance(a, str) and a.strip() for a in actions):
            raise KestraInputError('%s.%s must be a list of action names, got %r' % (option, resource, actions))
        key = resource.strip().upper()
        merged = set(found.get(key, ())) | set(a.strip().upper() for a in actions)
        found[key] = sorted(merged)
    return dict((key, actions) for key, actions in found.items() if actions)


def merge_permissions(stored, declared):
    """The stored permissions with the declared actions added (pure)."""
    merged = dict((key, list(actions)) for key, actions in (stored or {}).items())
    for key, actions in declared.items():
        merged[key] = sorted(set(merged.get(key, ())) | set(actions))
    return merged


def find_role(roles, name):
    return find_named('role', roles, name)


def from_api(body):
    """The compared fields of a stored role."""
    permissions = body.get('permissions') if isinstance(body.get('permissions'), dict) else {}
    return {
        'description': body.get('description') or '',
        'permissions': dict((key, sorted(set(str(a) for a in actions or ())))
                            for key, actions in permissions.items() if actions),
        'is_default': bool(body.get('isDefault')),
    }


class RoleResource(Resource):
    kind = 'role'
    fields = (Field('description', EXACT), Field('permissions', EXACT), Field('is_default', EXACT))

    def __init__(self, api, role_id, stored):
        self.api = api
        self.role_id = role_id
        self.stored = stored

    def read(self, client, ident):
        return self.stored

    def create(self, client, ident, declared):
        self.role_id = self.api.create(self.api.body(ident, declared.get('description'),
                                                     declared.get('permissions') or {}, declared.get('is_default')))

    def update(self, client, ident, merged, stored, changed_fields):
        self.api.update(self.role_id, self.api.body(ident, merged.get('description'), merged.get('permissions') or {},
                                                    merged.get('is_default')))

    def delete(self, client, ident, stored):
        self.api.delete(self.role_id, ident)


def run(params, client, ctx):
    name = params['name']
    check_text(name, 'name')
    present = params['state'] == 'present'
    permissions = None
    if present and params.get('permissions') is not None:
        permissions = normalise_permissions(params['permissions'])
        # the names are checked before any other request (the version probe is the only one before)
        problems = unknown_names(permissions, client.is_v2)
        if problems:
            raise KestraInputError('permissions: %s' % '; '.join(problems))
    api = RoleApi(client)
    role = find_role(api.list(), name)
    stored = None
    if role is not None:
        body = api.get(role['id'], name)
        if body is None:
            raise KestraError('role %s: it was deleted while the task ran' % name, status=404)
        stored = from_api(body)
    if permissions is not None:
        if params['append'] and stored is not None:
            permissions = merge_permissions(stored['permissions'], permissions)
    values = {}
    if present:
        values = {'description': params.get('description'), 'permissions': permissions,
                  'is_default': params.get('is_default')}
    resource = RoleResource(api, role['id'] if role else None, stored)
    return ensure_named(resource, client, ctx, name, values, params['state'], 'role', lambda: resource.role_id)


TASK = TaskSpec('kestra_role', ARGUMENT_SPEC, run)
