# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_secret: the secrets of a namespace (Kestra Enterprise Edition), on the resource base.

One listing request reads the metadata (description, tags) of the namespace's secrets; Kestra
never returns a value, so the value is a write-only field: written when the secret is created,
and on an existing secret only with update_secret: always (Ansible's convention for write-only
values). Description and tags are compared as usual and changed with a PATCH that keeps the value.
The values are hidden like no_log values on both execution paths (secret_values below).
"""

import re

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_values import check_namespace
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import (
    DELETED,
    EXACT,
    WRITE_ONLY,
    Field,
    Resource,
    converge,
    declared_fields,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._secret_api import SecretApi
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec

ARGUMENT_SPEC = dict(
    namespace=dict(type='str', required=True),
    key=dict(type='str', no_log=False),
    value=dict(type='str', no_log=True),
    description=dict(type='str'),
    tags=dict(type='dict'),
    secrets=dict(type='dict', no_log=False),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    update_secret=dict(type='str', default='always', choices=['always', 'on_create'], no_log=False),
    prune=dict(type='bool', default=False),
)
ENTRY_OPTIONS = ('value', 'description', 'tags')
# a key Kestra can hold in a path segment and an environment-like name: no blanks, slashes or control characters
KEY_PATTERN = re.compile(r'^[^\s/\\\x00-\x1f\x7f]+$')


# ---- input ----------------------------------------------------------------------

def check_key(key, what='key'):
    if not isinstance(key, str) or not KEY_PATTERN.match(key) or len(key) > 255:
        raise KestraInputError('%s %r is not a valid secret key: it must be a non-empty name without blanks, '
                               'slashes or control characters' % (what, str(key)[:80]))
    return key


def check_value(value, what):
    """The value as text; numbers are accepted as their text. The value itself is never quoted."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise KestraInputError('%s must be a string' % what)
    value = str(value)
    if not value.strip():
        raise KestraInputError('%s must not be empty' % what)
    return value


def check_tags(tags, what):
    """{key: value} with string values; numbers as their text."""
    if tags is None:
        return None
    if not isinstance(tags, dict):
        raise KestraInputError('%s must be a mapping of tag names to values' % what)
    checked = {}
    for name, value in tags.items():
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise KestraInputError('%s: the tag %r needs a string value' % (what, str(name)[:80]))
        if not str(name).strip():
            raise KestraInputError('%s: a tag name must not be empty' % what)
        checked[str(name)] = str(value)
    return checked


def entry_of(key, entry, state):
    """{value, description, tags} declared for one key of secrets (None values: not managed)."""
    what = 'secrets[%s]' % key
    if isinstance(entry, dict):
        unknown = sorted(set(entry) - set(ENTRY_OPTIONS))
        if unknown:
            raise KestraInputError('%s: unknown option(s) %s (expected %s)' % (
                what, ', '.join(str(name)[:40] for name in unknown), ', '.join(ENTRY_OPTIONS)))
        value = entry.get('value')
        description, tags = entry.get('description'), entry.get('tags')
    else:
        value, description, tags = entry, None, None
    if description is not None and not isinstance(description, str):
        raise KestraInputError('%s.description must be a string' % what)
    return {
        'value': None if value is None or state == 'absent' else check_value(value, '%s.value' % what),
        'description': description,
        'tags': check_tags(tags, '%s.tags' % what),
    }


def declared_secrets(params):
    """{key: {value, description, tags}} of what the task declares, checked before any request."""
    check_namespace(params['namespace'])
    state = params['state']
    if params.get('secrets') is not None:
        if params.get('key') is not None:
            raise KestraInputError('key and secrets are mutually exclusive')
        return dict((check_key(key, 'secrets key'), entry_of(key, entry, state))
                    for key, entry in params['secrets'].items())
    if params.get('key') is None:
        raise KestraInputError('one of key or secrets is required')
    value = params.get('value')
    return {check_key(params['key']): {
        'value': None if value is None or state == 'absent' else check_value(value, 'value'),
        'description': params.get('description'),
        'tags': check_tags(params.get('tags'), 'tags'),
    }}


def secret_values(params):
    """The secret values of the task's arguments, as given (possibly not valid yet): hidden everywhere."""
    params = params or {}
    found = set()
    if isinstance(params.get('value'), (str, int, float)) and not isinstance(params.get('value'), bool):
        found.add(str(params['value']))
    secrets = params.get('secrets')
    if isinstance(secrets, dict):
        for entry in secrets.values():
            value = entry.get('value') if isinstance(entry, dict) else entry
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                found.add(str(value))
    return set(value for value in found if value.strip())


# ---- the resource ---------------------------------------------------------------

class NamespaceSecrets(Resource):
    """The secrets of one namespace: ident = the key; the value is write-only."""

    kind = 'secret'
    fields = (Field('value', WRITE_ONLY), Field('description', EXACT), Field('tags', EXACT))

    def __init__(self, api, update_secret):
        self.api = api
        self.write_only_policy = update_secret

    def label(self, ident):
        return 'secret %s/%s' % (self.api.namespace, ident)

    def read(self, client, ident):
        return self.api.list().get(ident)

    def create(self, client, ident, declared):
        self.api.put(ident, declared['value'], declared.get('description'), declared.get('tags'))

    def update(self, client, ident, merged, stored, changed_fields):
        if 'value' in changed_fields:
            # PUT replaces the whole secret: send the stored metadata that the task does not manage
            self.api.put(ident, merged['value'], merged.get('description'), merged.get('tags'))
        else:
            self.api.patch(ident, merged.get('description'), merged.get('tags'))

    def delete(self, client, ident, stored):
        self.api.delete(ident)


def _shown(namespace, key, action, item):
    entry = {'namespace': namespace, 'key': key, 'action': action}
    if action != DELETED and item is not None:
        entry['description'] = item.get('description')
        entry['tags'] = dict(item.get('tags') or {})
    return entry


def run(params, client, ctx):
    declared = declared_secrets(params)
    present = params['state'] == 'present'
    bulk = params.get('secrets') is not None
    if params['prune'] and not (present and bulk):
        raise KestraInputError('prune only applies to secrets with state: present')
    api = SecretApi(client, params['namespace'])
    resource = NamespaceSecrets(api, params['update_secret'])
    stored = api.list()
    wanted = {}
    for key, values in declared.items():
        if not present:
            wanted[key] = None
            continue
        wanted[key] = declared_fields(resource, values)
        if key not in stored and 'value' not in wanted[key]:
            raise KestraInputError('%s does not exist: a value is needed to create it' % resource.label(key))
    extra = sorted(key for key in stored if key not in declared) if params['prune'] else []
    try:
        outcome = converge(resource, client, ctx, wanted, stored, prune=extra, items_key='secret', ident_key='key')
    except KestraError as exc:
        done = exc.result.get('secret') or []
        exc.result['secret'] = [_shown(params['namespace'], entry['key'], entry['action'], None) for entry in done]
        raise
    entries = []
    for entry in outcome.items:
        key = entry['key']
        item = None
        if wanted.get(key) is not None:
            item = dict(stored.get(key) or {})
            item.update(wanted[key])
        entries.append(_shown(params['namespace'], key, entry['action'], item))
    result = {'changed': outcome.changed, 'namespace': params['namespace']}
    if bulk:
        result['secret'] = entries
        if ctx.diff:
            result['diff'] = outcome.diff
    else:
        result['secret'] = entries[0]
        result['action'] = entries[0]['action']
        if ctx.diff:
            result['diff'] = outcome.diff[0] if outcome.diff else {'before': {}, 'after': {}}
    return result


TASK = TaskSpec(
    name='kestra_secret',
    argument_spec=ARGUMENT_SPEC,
    run=run,
    mutually_exclusive=[('key', 'secrets'), ('value', 'secrets'), ('description', 'secrets'), ('tags', 'secrets')],
    required_one_of=[('key', 'secrets')],
    secret_values=secret_values,
)
