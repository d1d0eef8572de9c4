# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_binding: roles bound to users, groups and service accounts, on the resource base.

A binding is the tuple (subject type, subject, role, namespace): Kestra gives it a server id and
nothing else, so it is found by that tuple and is never updated, only created or deleted. Names are
resolved to ids first (users by email, groups, roles and service accounts by name; one listing per
kind), then the subject's bindings are read with one search (one search of the whole tenant when
the task names several subjects). A converged task sends these reads and no write.

Deleting a binding that may give the connecting account its own access (bound to it, or to a group
it belongs to, when it is not a superadmin) needs force: true; the connecting identity is read only
when a deletion is planned.
"""

import re

from ansible_collections.kestra_io.kestra.plugins.module_utils._access_identity import current_identity
from ansible_collections.kestra_io.kestra.plugins.module_utils._access_names import resolve_ids
from ansible_collections.kestra_io.kestra.plugins.module_utils._binding_api import GROUP, USER, BindingApi
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import (
    DELETED,
    Field,
    Resource,
    converge,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec

NAMESPACE_ID = re.compile(r'^[a-z0-9][a-z0-9._-]*$')
SUBJECTS = ('user', 'group', 'service_account')
# subject option -> (binding type of the API, kind of _access_names)
API_TYPE = {'user': USER, 'group': GROUP, 'service_account': USER}

BINDING_OPTIONS = dict(
    role=dict(type='str', required=True),
    user=dict(type='str'),
    group=dict(type='str'),
    service_account=dict(type='str'),
    namespace=dict(type='str'),
    state=dict(type='str', choices=['present', 'absent']),
)
ARGUMENT_SPEC = dict(
    role=dict(type='str'),
    user=dict(type='str'),
    group=dict(type='str'),
    service_account=dict(type='str'),
    namespace=dict(type='str'),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    bindings=dict(type='list', elements='dict', options=BINDING_OPTIONS),
    prune=dict(type='bool', default=False),
    force=dict(type='bool', default=False),
)
MUTUALLY_EXCLUSIVE = [('user', 'group', 'service_account')] + [
    ('bindings', option) for option in ('role', 'user', 'group', 'service_account', 'namespace')]
REQUIRED_ONE_OF = [('role', 'bindings')]


class Declared(object):
    """One binding as the task states it, before and after its names are resolved."""

    def __init__(self, kind, subject, role, namespace, state, where):
        self.kind = kind
        self.subject = subject
        self.role = role
        self.namespace = namespace
        self.state = state
        self.where = where
        self.subject_id = None
        self.role_id = None

    @property
    def key(self):
        return (API_TYPE[self.kind], self.subject_id, self.role_id, self.namespace)

    @property
    def label(self):
        return describe(self.kind, self.subject, self.role, self.namespace)


def describe(kind, subject, role, namespace):
    where = 'on namespace %s' % namespace if namespace else 'on the whole tenant'
    return '%s %s: role %s %s' % (kind.replace('_', ' '), subject, role, where)


def _one(item, where, default_state):
    kinds = [kind for kind in SUBJECTS if item.get(kind) is not None]
    if len(kinds) != 1:
        raise KestraInputError('%s: give exactly one of user, group, service_account (the subject of the binding), '
                               'got %s' % (where, ', '.join(kinds) if kinds else 'none'))
    kind = kinds[0]
    subject = item[kind]
    if not isinstance(subject, str) or not subject.strip():
        raise KestraInputError('%s: %s must be a non-empty name' % (where, kind))
    role = item.get('role')
    if not isinstance(role, str) or not role.strip():
        raise KestraInputError('%s: role must be a non-empty role name' % where)
    namespace = item.get('namespace')
    if namespace == '':
        namespace = None
    if namespace is not None and (not isinstance(namespace, str) or not NAMESPACE_ID.match(namespace)):
        raise KestraInputError('%s: namespace %r is not a valid Kestra namespace id (lower-case letters, digits, and '
                               '. _ -, starting with a letter or a digit)' % (where, str(namespace)[:100]))
    return Declared(kind, subject, role, namespace, item.get('state') or default_state, where)


def declared_bindings(params):
    """The declared bindings, checked (no request)."""
    if params.get('bindings') is None:
        if params.get('prune'):
            raise KestraInputError('prune needs the list form: bindings')
        return [_one(params, 'binding', params['state'])]
    items = []
    for index, item in enumerate(params['bindings']):
        if not isinstance(item, dict):
            raise KestraInputError('bindings[%d] must be a mapping' % index)
        items.append(_one(item, 'bindings[%d]' % index, params['state']))
    seen = {}
    for item in items:
        tuple_ = (item.kind, item.subject, item.role, item.namespace)
        if tuple_ in seen and seen[tuple_].state != item.state:
            raise KestraInputError('%s and %s declare the same binding (%s) both present and absent' % (
                seen[tuple_].where, item.where, item.label))
        seen[tuple_] = item
    return items


def _resolve(client, items):
    """Set subject_id and role_id of every item; an item to remove whose name is unknown is dropped (it cannot exist)."""
    wanted = {}
    for item in items:
        wanted.setdefault('role', []).append(item)
        wanted.setdefault(item.kind, []).append(item)
    ids = {}
    for kind in ('role',) + SUBJECTS:
        kind_items = wanted.get(kind) or []
        name_of = (lambda i: i.role) if kind == 'role' else (lambda i: i.subject)
        strict = sorted(set(name_of(i) for i in kind_items if i.state == 'present'))
        loose = sorted(set(name_of(i) for i in kind_items if i.state == 'absent') - set(strict))
        found = {}
        if strict:
            found.update(resolve_ids(client, kind, strict))
        for name in loose:
            try:
                found.update(resolve_ids(client, kind, [name]))
            except KestraError as exc:
                if not exc.result.get('missing') or exc.result.get('ambiguous'):
                    raise
        ids[kind] = found
    resolved = []
    for item in items:
        item.role_id = ids['role'].get(item.role)
        item.subject_id = ids[item.kind].get(item.subject)
        if item.role_id is None or item.subject_id is None:
            continue  # absent, and a name is unknown: nothing to delete
        resolved.append(item)
    return resolved


class BindingResource(Resource):
    kind = 'binding'
    fields = (Field('type'), Field('subject'), Field('role'), Field('namespace'))

    def __init__(self, api):
        self.api = api
        self.keys = {}     # ident -> (api type, subject id, role id, namespace)
        self.server = {}   # ident -> [stored binding ids]

    def label(self, ident):
        return 'binding %s' % ident

    def create(self, client, ident, declared):
        binding_type, subject_id, role_id, namespace = self.keys[ident]
        self.api.create(binding_type, subject_id, role_id, namespace, context=self.label(ident))

    def update(self, client, ident, merged, stored, changed_fields):  # pragma: no cover - every field is identity
        raise KestraError('%s: a binding is never updated' % self.label(ident))

    def delete(self, client, ident, stored):
        for binding_id in self.server.get(ident) or ():
            self.api.delete(binding_id, context=self.label(ident))


def _values(kind, subject, role, namespace):
    values = {'type': kind, 'subject': subject, 'role': role}
    if namespace:
        values['namespace'] = namespace
    return values


def _own_access(client, api, doomed):
    """The labels of the bindings to delete that may give the connecting account its own access."""
    identity = current_identity(client) or {}
    if identity.get('superAdmin') or identity.get('type') == 'ROOT' or not identity.get('id'):
        return []
    own = []
    membership = {}
    for label, binding_type, subject_id in doomed:
        if binding_type == USER and subject_id == identity['id']:
            own.append(label)
        elif binding_type == GROUP:
            if subject_id not in membership:
                membership[subject_id] = api.group_has_member(subject_id, identity['id'])
            if membership[subject_id] is not False:  # a member, or the server would not say
                own.append(label)
    return own


def run(params, client, ctx):
    items = declared_bindings(params)
    bulk = params.get('bindings') is not None
    resolved = _resolve(client, items)
    api = BindingApi(client)
    resource = BindingResource(api)

    subjects = sorted(set((API_TYPE[i.kind], i.subject_id) for i in resolved))
    if len(subjects) == 1:
        stored_list = api.search(subjects[0][0], subjects[0][1])
    elif subjects:
        stored_list = api.search()
    else:
        stored_list = []
    wanted_subjects = dict(((API_TYPE[i.kind], i.subject_id), i) for i in resolved)

    declared, stored, entries = {}, {}, {}
    by_key = {}
    for item in resolved:
        ident = item.label
        by_key[item.key] = ident
        resource.keys[ident] = item.key
        declared[ident] = _values(item.kind, item.subject, item.role, item.namespace) \
            if item.state == 'present' else None
        entries[ident] = dict(_values(item.kind, item.subject, item.role, item.namespace),
                              namespace=item.namespace, subject_id=item.subject_id, role_id=item.role_id)
    prune = []
    for binding in stored_list:
        key = (binding['type'], binding['external_id'], binding['role_id'], binding['namespace'])
        ident = by_key.get(key)
        if ident is None:
            owner = wanted_subjects.get(key[:2])
            if owner is None or not params.get('prune'):
                continue
            role_name = binding.get('role_name') or binding['role_id']
            ident = describe(owner.kind, owner.subject, role_name, binding['namespace'])
            by_key[key] = ident
            resource.keys[ident] = key
            prune.append(ident)
            entries[ident] = dict(_values(owner.kind, owner.subject, role_name, binding['namespace']),
                                  namespace=binding['namespace'], subject_id=owner.subject_id,
                                  role_id=binding['role_id'])
        resource.server.setdefault(ident, []).append(binding['id'])
        stored[ident] = _values(entries[ident]['type'], entries[ident]['subject'], entries[ident]['role'],
                                entries[ident]['namespace'])

    doomed = [(ident, resource.keys[ident][0], resource.keys[ident][1]) for ident in list(declared) + prune
              if ident in stored and (declared.get(ident) is None)]
    if doomed and not params.get('force'):
        own = _own_access(client, api, doomed)
        if own:
            raise KestraError('deleting %s may remove the access of the account this task connects with (a binding '
                              'of its own, or of a group it belongs to); set force: true to delete it anyway'
                              % '; '.join('binding %s' % label for label in own))

    items_key = 'bindings' if bulk else 'binding'
    try:
        outcome = converge(resource, client, ctx, declared, stored, prune=prune, items_key=items_key,
                           ident_key='binding')
    except KestraError as exc:
        if items_key in exc.result:
            exc.result[items_key] = [_entry(entries, e) for e in exc.result[items_key]]
        raise
    result = outcome.result(items_key, ctx)
    result[items_key] = [_entry(entries, e) for e in outcome.items]
    for item in items:
        if item not in resolved:  # absent, with a name that does not exist
            result[items_key].append(dict(_entry_of(item), action='unchanged'))
    if not bulk:
        entry = result[items_key][0]
        result['action'] = entry['action']
        result[items_key] = None if entry['action'] == DELETED or items[0].state == 'absent' else entry
        if ctx.diff:
            result['diff'] = outcome.diff[0] if outcome.diff else {'before': {}, 'after': {}}
    return result


def _entry_of(item):
    return {'type': item.kind, 'subject': item.subject, 'subject_id': item.subject_id, 'role': item.role,
            'role_id': item.role_id, 'namespace': item.namespace}


def _entry(entries, outcome_entry):
    entry = dict(entries.get(outcome_entry['binding'], {}))
    entry['action'] = outcome_entry['action']
    return entry


TASK = TaskSpec('kestra_binding', ARGUMENT_SPEC, run, mutually_exclusive=MUTUALLY_EXCLUSIVE,
                required_one_of=REQUIRED_ONE_OF)
