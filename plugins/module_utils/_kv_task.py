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
from decimal import Decimal

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
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
# what a diff shows for a masked value that changed (both sides would otherwise look the same)
SENSITIVE_CHANGED = '(sensitive value changed)'
# the spellings of false that Ansible's boolean options accept
FALSE_WORDS = frozenset(('false', 'no', 'off', '0', 'n', 'f', '0.0', ''))

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
    """What converging the namespace takes: the writes, the deletions, a result and a diff entry per key.

    entries is the namespace's listing ({key: entry}), or None when it was not read: then
    the descriptions and expiration dates of the keys are unknown and left out of the results.
    """

    def __init__(self, namespace, masked, entries):
        self.namespace = namespace
        self.masked = masked
        self.entries = entries
        self.writes = []
        self.deletes = []
        self.results = []
        self.before = {}
        self.after = {}

    def entry(self, key):
        """The listed entry of a key: {} when the listing lacks it or was not read."""
        return (self.entries or {}).get(key) or {}

    def view(self, kv_type, value, description=None, sensitive=False):
        shown = MASK if self.hides(sensitive) else to_plain(kv_type, value)
        return {'type': kv_type, 'value': shown, 'description': description}

    def current_view(self, key, current, sensitive=False):
        """The diff entry of a stored key; its description only when the namespace was listed."""
        view = self.view(current.type, current.value, self.entry(key).get('description'), sensitive)
        if self.entries is None:
            del view['description']
        return view

    def hides(self, sensitive):
        return self.masked or sensitive

    def _result(self, key, action, **fields):
        result = dict(namespace=self.namespace, key=key, action=action, **fields)
        self.results.append(result)

    def keep(self, key, current=None, sensitive=False):
        if current is None:
            return self._result(key, 'unchanged')
        fields = self.current_view(key, current, sensitive)
        if self.entries is not None:
            fields['expiration_date'] = self.entry(key).get('expiration_date')
        self._result(key, 'unchanged', **fields)

    def delete(self, key, before):
        self.deletes.append(key)
        self.before[key] = before
        self._result(key, 'deleted')

    def write(self, item, action, description, before, value_changed):
        self.writes.append((item, description))
        after = self.view(item.desired.type, item.desired.expected, description, item.sensitive)
        if before is not None:
            self.before[item.key] = before
        self.after[item.key] = after
        if value_changed and before is not None and self.hides(item.sensitive):
            # both sides are masked: say that the value changed, without showing it
            self.after[item.key] = dict(after, value=SENSITIVE_CHANGED)
        expiration = _predicted_expiration(item.ttl) if item.ttl else None
        self._result(item.key, action, expiration_date=expiration, **after)

    def results_of(self, keys):
        """The results of these keys, in the order of the task."""
        return [result for result in self.results if result['key'] in keys]


def _plan_item(plan, item, current, refresh_ttl):
    entry = plan.entry(item.key)
    before = None
    if current is not None:
        before = plan.current_view(item.key, current, item.sensitive)
    if item.desired is None:
        if before is None:
            plan.keep(item.key)
        else:
            plan.delete(item.key, before)
        return
    action = _needs_write(item, entry, current, refresh_ttl)
    if action == 'unchanged':
        plan.keep(item.key, current, item.sensitive)
        return
    # Kestra stores a key without the description header with none: keep the listed one
    description = item.description if item.description is not None else entry.get('description')
    value_changed = current is not None and (current.type != item.desired.type or
                                             not same_value(current.value, item.desired.expected))
    plan.write(item, action, description or None, before, value_changed)


def _asks_metadata(items, params):
    """Whether the task needs the namespace's listing to compare: a description, a ttl (unless
    refresh_ttl rewrites the key anyway), or prune (the keys not declared)."""
    return params['prune'] or any(
        item.desired is not None and (item.description is not None or (item.ttl and not params['refresh_ttl']))
        for item in items)


def _needs_listing_after_reads(items, stored, diff):
    """Whether a change the reads found needs the listing: a rewritten key keeps its description
    (Kestra would drop it), and the diff of a deleted key shows it."""
    for item in items:
        if stored.get(item.key) is None:
            continue
        if item.desired is not None or diff:
            return True
    return False


def _listing(api, namespace):
    return dict((entry['key'], entry) for entry in api.list(namespace))


def _plan(api, namespace, items, params, masked, with_values):
    """Read what the task compares, with as few requests as it takes.

    The KV routes of one key are the same on every Kestra version, the listing is not
    (and, with the default api_version, costs a version probe): it is read only when
    the task compares descriptions or expiration dates, prunes, or changes a key that
    exists. A converged task without description and ttl is one GET per key.
    """
    if _asks_metadata(items, params):
        entries = _listing(api, namespace)
        stored = api.get_many(namespace, [item.key for item in items if item.key in entries])
    else:
        entries = None
        stored = api.get_many(namespace, [item.key for item in items])
        changing = [item for item in items if not _unchanged(item, stored.get(item.key), params['refresh_ttl'])]
        if _needs_listing_after_reads(changing, stored, with_values):
            entries = _listing(api, namespace)
    plan = Plan(namespace, masked, entries)
    for item in items:
        _plan_item(plan, item, stored.get(item.key), params['refresh_ttl'])
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


def _unchanged(item, current, refresh_ttl):
    """Whether a key needs nothing, judged from its value alone (no description or ttl asked)."""
    if item.desired is None:
        return current is None
    return _needs_write(item, {}, current, refresh_ttl) == 'unchanged'


def _apply(api, namespace, plan, single):
    """Send the writes and deletions. When one fails, the error carries the results of the
    keys Kestra accepted so far (the task reports changed: true and those keys)."""
    done = set()

    def put(write):
        item, description = write
        api.put(namespace, item.key, item.desired.body, item.ttl, description)
        done.add(item.key)

    try:
        api.in_parallel(put, plan.writes)
        if single and plan.deletes:
            api.delete(namespace, plan.deletes[0])
            done.add(plan.deletes[0])
        elif plan.deletes:
            api.delete_many(namespace, plan.deletes)
            done.update(plan.deletes)
        if any(item.ttl for item, _description in plan.writes):
            # report the expiration dates Kestra set, not the predicted ones (a write without ttl has none)
            entries = _listing(api, namespace)
            for result in plan.results:
                entry = entries.get(result['key'])
                if entry is not None and 'expiration_date' in result:
                    result['expiration_date'] = entry.get('expiration_date')
    except KestraError as exc:
        if done:
            written = plan.results_of(done)
            exc.result = dict(exc.result, kv=written[0] if single else written)
        raise


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


def _sensitive(flag):
    """A sensitive option as given (before validation too): anything but an explicit false counts."""
    return flag is not None and str(flag).strip().lower() not in FALSE_WORDS


def _leaves(value):
    """The scalar parts of a value as text, as AnsibleModule collects the values of no_log options."""
    if isinstance(value, dict):
        for part in value.values():
            yield from _leaves(part)
    elif isinstance(value, (list, tuple)):
        for part in value:
            yield from _leaves(part)
    elif value is None or isinstance(value, bool):
        return
    elif isinstance(value, (str, int, float, Decimal)):
        text = str(value)
        if text:
            yield text
    elif isinstance(value, bytes):
        if value:
            yield value.decode('utf-8', 'replace')


def secret_values(params):
    """The values of the sensitive keys, to hide wherever the task's arguments show (invocation, messages).

    It reads the arguments as given, before validation: a task that fails its validation
    shows its arguments too.
    """
    params = params or {}
    secrets = set()
    default = _sensitive(params.get('sensitive'))
    if default:
        secrets.update(_leaves(params.get('value')))
    values = params.get('values')
    if isinstance(values, dict):
        for entry in values.values():
            if isinstance(entry, dict) and 'value' in entry and set(entry) <= ENTRY_OPTIONS:
                if _sensitive(entry['sensitive']) if entry.get('sensitive') is not None else default:
                    secrets.update(_leaves(entry['value']))
            elif default:
                secrets.update(_leaves(entry))
    return secrets


TASK = TaskSpec(
    'kestra_kv',
    ARGUMENT_SPEC,
    run,
    mutually_exclusive=[('key', 'values'), ('value', 'values')],
    required_one_of=[('key', 'values')],
    secret_values=secret_values,
)
