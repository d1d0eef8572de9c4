# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_kv: converge one key, or many (values, optionally pruning the rest of the namespace).

Every input is checked before the first request. Then one listing of the
namespace (descriptions, expiration dates) and one GET per declared key that
exists give the current state; only the keys that differ are written, and
deletions go in one request (the bulk endpoint for several keys).
"""

import datetime

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_api import KVApi
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_values import (
    KV_TYPES,
    MASK,
    check_description,
    check_key,
    check_namespace,
    desired_value,
    same_value,
    to_plain,
    ttl_seconds,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec

ENTRY_OPTIONS = frozenset(('value', 'type', 'ttl', 'description', 'sensitive'))

ARGUMENT_SPEC = dict(
    namespace=dict(type='str', required=True),
    key=dict(type='str', no_log=False),
    value=dict(type='raw'),
    type=dict(type='str', default='auto', choices=['auto'] + list(KV_TYPES)),
    ttl=dict(type='str'),
    description=dict(type='str'),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    values=dict(type='dict'),
    prune=dict(type='bool', default=False),
    refresh_ttl=dict(type='bool', default=False),
    sensitive=dict(type='bool', default=False),
)


class Item(object):
    """One declared key: its desired value (None to delete it) and options."""

    def __init__(self, key, desired, ttl, description, sensitive):
        self.key = key
        self.desired = desired
        self.ttl = ttl
        self.description = description
        self.sensitive = sensitive


def _item(key, value, options, what):
    check_key(key, what)
    ttl = options.get('ttl')
    if ttl is not None:
        ttl_seconds(ttl)
    description = check_description(options.get('description'))
    sensitive = bool(options.get('sensitive'))
    try:
        desired = desired_value(value, options.get('type') or 'auto', sensitive)
    except KestraInputError as exc:
        raise KestraInputError('%s %s: %s' % (what, key, exc))
    return Item(key, desired, ttl, description, sensitive)


def declared_items(params):
    """The Items of the task, every input checked (raises KestraInputError before any request)."""
    check_namespace(params['namespace'])
    absent = params['state'] == 'absent'
    if params['prune'] and (params['values'] is None or absent):
        raise KestraInputError('prune needs values and state=present: it deletes the keys that values does not list')
    if params['key'] is not None:
        if absent:
            return [Item(check_key(params['key']), None, None, None, params['sensitive'])]
        return [_item(params['key'], params['value'], params, 'key')]
    items = []
    for key, entry in params['values'].items():
        if absent:
            items.append(Item(check_key(key, 'values key'), None, None, None, params['sensitive']))
            continue
        options = dict((name, params[name]) for name in ('type', 'ttl', 'description', 'sensitive'))
        if isinstance(entry, dict) and 'value' in entry and set(entry) <= ENTRY_OPTIONS:
            options.update((name, v) for name, v in entry.items() if v is not None and name != 'value')
            if options.get('type') not in ['auto'] + list(KV_TYPES):
                raise KestraInputError('values key %s: type must be auto or one of %s' % (key, ', '.join(KV_TYPES)))
            entry = entry['value']
        items.append(_item(key, entry, options, 'values key'))
    return items


def _needs_write(item, entry, current, refresh_ttl):
    if current is None:
        return 'created'
    if current.type != item.desired.type or not same_value(current.value, item.desired.expected):
        return 'updated'
    if item.description is not None and (entry.get('description') or '') != item.description:
        return 'updated'
    if item.ttl and (refresh_ttl or not entry.get('expiration_date')):
        return 'updated'
    return 'unchanged'


def _predicted_expiration(ttl):
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=float(ttl_seconds(ttl)))
    return moment.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (moment.microsecond // 1000)


class Plan(object):
    """What converging the namespace takes: the writes, the deletions, a result and a diff entry per key."""

    def __init__(self, namespace, masked):
        self.namespace = namespace
        self.masked = masked
        self.writes = []
        self.deletes = []
        self.results = []
        self.before = {}
        self.after = {}

    def view(self, kv_type, value, description, sensitive=False):
        shown = MASK if (self.masked or sensitive) else to_plain(kv_type, value)
        return {'type': kv_type, 'value': shown, 'description': description}

    def _result(self, key, action, **fields):
        result = dict(namespace=self.namespace, key=key, action=action, **fields)
        self.results.append(result)

    def keep(self, key, current=None, entry=None, sensitive=False):
        if current is None:
            return self._result(key, 'unchanged')
        fields = self.view(current.type, current.value, entry.get('description'), sensitive)
        self._result(key, 'unchanged', expiration_date=entry.get('expiration_date'), **fields)

    def delete(self, key, before):
        self.deletes.append(key)
        self.before[key] = before
        self._result(key, 'deleted')

    def write(self, item, action, description, before):
        self.writes.append((item, description))
        after = self.view(item.desired.type, item.desired.expected, description, item.sensitive)
        if before is not None:
            self.before[item.key] = before
        self.after[item.key] = after
        expiration = _predicted_expiration(item.ttl) if item.ttl else None
        self._result(item.key, action, expiration_date=expiration, **after)


def _plan_item(plan, item, entry, current, refresh_ttl):
    before = None
    if current is not None:
        before = plan.view(current.type, current.value, entry.get('description'), item.sensitive)
    elif entry is not None:
        before = {'description': entry.get('description')}
    if item.desired is None:
        if before is None:
            plan.keep(item.key)
        else:
            plan.delete(item.key, before)
        return
    action = _needs_write(item, entry or {}, current, refresh_ttl)
    if action == 'unchanged':
        plan.keep(item.key, current, entry, item.sensitive)
        return
    description = item.description if item.description is not None else (entry or {}).get('description')
    plan.write(item, action, description or None, before if current is not None else None)


def _plan(api, namespace, items, params, masked, with_values):
    entries = dict((entry['key'], entry) for entry in api.list(namespace))
    stored = api.get_many(namespace, [item.key for item in items if item.key in entries])
    plan = Plan(namespace, masked)
    for item in items:
        _plan_item(plan, item, entries.get(item.key), stored.get(item.key), params['refresh_ttl'])
    if params['prune']:
        pruned = sorted(set(entries) - set(item.key for item in items))
        # the values of the pruned keys are read only to show them in the diff
        pruned_values = api.get_many(namespace, pruned) if with_values else {}
        for key in pruned:
            current = pruned_values.get(key)
            description = entries[key].get('description')
            plan.delete(key, plan.view(current.type, current.value, description) if current is not None
                        else {'description': description})
    return plan


def _apply(api, namespace, plan, single):
    api.put_many(namespace, [(item.key, item.desired.body, item.ttl, description) for item, description in plan.writes])
    if single and plan.deletes:
        api.delete(namespace, plan.deletes[0])
    elif plan.deletes:
        api.delete_many(namespace, plan.deletes)
    if any(item.ttl for item, _description in plan.writes):
        # report the expiration dates Kestra set, not the predicted ones (a write without ttl has none)
        entries = dict((entry['key'], entry) for entry in api.list(namespace))
        for result in plan.results:
            entry = entries.get(result['key'])
            if entry is not None and 'expiration_date' in result:
                result['expiration_date'] = entry.get('expiration_date')


def run(params, client, ctx):
    items = declared_items(params)
    namespace = params['namespace']
    api = KVApi(client)
    plan = _plan(api, namespace, items, params, ctx.no_log, ctx.diff)
    changed = bool(plan.writes or plan.deletes)
    single = params['key'] is not None
    if changed and not ctx.check_mode:
        _apply(api, namespace, plan, single)
    result = {'changed': changed, 'kv': plan.results[0] if single else plan.results}
    if ctx.diff:
        result['diff'] = {'before': plan.before, 'after': plan.after,
                          'before_header': 'kv %s' % namespace, 'after_header': 'kv %s' % namespace}
    return result


TASK = TaskSpec(
    'kestra_kv',
    ARGUMENT_SPEC,
    run,
    mutually_exclusive=[('key', 'values'), ('value', 'values')],
    required_one_of=[('key', 'values')],
)
