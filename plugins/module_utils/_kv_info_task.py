# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_kv_info: the keys of a namespace with their metadata, type and (optionally) value."""

from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_api import KVApi
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_values import (
    DECIMAL_FORMS,
    MASK,
    check_key,
    check_namespace,
    to_plain,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec

ARGUMENT_SPEC = dict(
    namespace=dict(type='str', required=True),
    key=dict(type='str', no_log=False),
    include_values=dict(type='bool', default=False),
    inherit=dict(type='bool', default=False),
    decimal=dict(type='str', default='float', choices=list(DECIMAL_FORMS)),
)


def _entries(api, namespace, inherit):
    """The namespace's own entries, then (inherit) those of its parents that it does not shadow."""
    own = api.list(namespace)
    if not inherit:
        return own
    names = set(entry['key'] for entry in own)
    return own + [entry for entry in api.list_inherited(namespace) if entry['key'] not in names]


def _values(api, namespace, entries):
    """{(namespace, key): StoredValue or None} for the listed entries, read a few at a time per namespace."""
    by_namespace = {}
    for entry in entries:
        by_namespace.setdefault(entry['namespace'] or namespace, []).append(entry['key'])
    stored = {}
    for owner, keys in by_namespace.items():
        stored.update(((owner, key), value) for key, value in api.get_many(owner, keys).items())
    return stored


def run(params, client, ctx):
    namespace = check_namespace(params['namespace'])
    key = check_key(params['key']) if params['key'] is not None else None
    api = KVApi(client)
    entries = _entries(api, namespace, params['inherit'])
    if key is not None:
        entries = [entry for entry in entries if entry['key'] == key][:1]
    # the listings carry no type: it comes with the value
    stored = _values(api, namespace, entries)
    result = []
    for entry in entries:
        stored_value = stored.get((entry['namespace'] or namespace, entry['key']))
        if stored_value is None:
            continue  # expired or deleted since the listing
        entry = dict(entry, type=stored_value.type)
        if params['include_values']:
            plain = to_plain(stored_value.type, stored_value.value, params['decimal'])
            entry['value'] = MASK if ctx.no_log else plain
        result.append(entry)
    return {'changed': False, 'kv': result}


TASK = TaskSpec('kestra_kv_info', ARGUMENT_SPEC, run)
