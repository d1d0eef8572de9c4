# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""The declarative base of the collection's resource modules.

A resource module declares what it manages (a Resource: its kind, its compared
Fields, and how to read, create, update and delete one item) and lets this base
do the rest, inside the TaskSpec contract (run(params, client, ctx)):

- read -> compare -> write, only what differs, nothing in check mode;
- state: present|absent;
- only declared values are managed: a field given as None is left as the server
  has it (update() receives the stored item merged with the declared fields);
- one diff shape: per item, before/after dicts of the compared fields that were
  declared (write-only values as WRITE_ONLY_SHOWN); a resource whose only compared
  field is a file's content (kind TEXT) shows it as text so that Ansible prints a
  unified diff, and binary content as '(binary, N bytes)';
- many items of one kind in one task (converge(), with prune of stored items that
  were not declared), each reported with its action: created, updated, deleted,
  unchanged;
- a write was accepted, then something failed: the KestraError raised carries the
  items done so far (and their diff), and _task.execute() reports changed: true.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError

CREATED, UPDATED, DELETED, UNCHANGED = 'created', 'updated', 'deleted', 'unchanged'
ACTIONS = (CREATED, UPDATED, DELETED, UNCHANGED)
WRITE_ONLY_SHOWN = '(secret value)'

# how a field is compared
EXACT = 'exact'            # ==
SET = 'set'                # order and duplicates of a list do not matter
DATA = 'data'              # YAML/JSON text or structures compared as data (parsed when text)
BYTES = 'bytes'            # bytes compared as bytes, never decoded; shown as text when it is UTF-8 text
WRITE_ONLY = 'write_only'  # never read back: written on create, and on update when the policy says 'always'
COMPARISONS = (EXACT, SET, DATA, BYTES, WRITE_ONLY)


def _as_data(value):
    if isinstance(value, (bytes, str)):
        try:
            import yaml
            return yaml.safe_load(value)
        except Exception:  # pylint: disable=broad-except
            return value
    return value


def _hashable(value):
    try:
        hash(value)
        return value
    except TypeError:
        return repr(value)


def binary_or_text(data):
    """The text of bytes for a diff, or '(binary, N bytes)' when they are not UTF-8 text."""
    if data is None:
        return ''
    if b'\x00' not in data:
        try:
            return data.decode('utf-8')
        except UnicodeDecodeError:
            pass
    return '(binary, %d bytes)\n' % len(data)


class Field(object):
    """One compared field of a resource."""

    def __init__(self, name, compare=EXACT):
        if compare not in COMPARISONS:
            raise ValueError('unknown comparison %r' % compare)
        self.name = name
        self.compare = compare

    @property
    def write_only(self):
        return self.compare == WRITE_ONLY

    def same(self, stored, declared):
        """Whether the stored value already is the declared one (write-only: never known, so False)."""
        if self.compare == WRITE_ONLY:
            return False
        if self.compare == SET:
            return set(_hashable(v) for v in stored or ()) == set(_hashable(v) for v in declared or ())
        if self.compare == DATA:
            return _as_data(stored) == _as_data(declared)
        return stored == declared

    def shown(self, value):
        """The value as the diff shows it."""
        if self.compare == WRITE_ONLY:
            return WRITE_ONLY_SHOWN
        if self.compare == BYTES:
            return binary_or_text(value)
        if self.compare == SET and isinstance(value, (list, tuple)):
            return sorted(value, key=repr)
        return value


class Resource(object):
    """What a resource module declares. Subclasses set kind and fields and implement the four operations.

    An item is identified by a string (its 'ident': a key, a path, an id) and held as a dict
    of field name -> value. read() returns None for an item that does not exist.
    """

    kind = 'resource'
    fields = ()
    # write-only fields on an existing item: 'on_create' (never rewritten) or 'always'
    write_only_policy = 'on_create'

    def read(self, client, ident):
        raise NotImplementedError

    def create(self, client, ident, declared):
        raise NotImplementedError

    def update(self, client, ident, merged, stored, changed_fields):
        raise NotImplementedError

    def delete(self, client, ident, stored):
        raise NotImplementedError

    def label(self, ident):
        return '%s %s' % (self.kind, ident)


def declared_fields(resource, values):
    """The declared part of values: None means 'leave as the server has it'."""
    names = [field.name for field in resource.fields]
    return dict((name, values[name]) for name in names if values.get(name) is not None)


def changed_fields(resource, stored, declared):
    """The names of the declared fields that differ from the stored item."""
    changed = []
    for field in resource.fields:
        if field.name not in declared:
            continue
        if field.write_only:
            if resource.write_only_policy == 'always':
                changed.append(field.name)
        elif not field.same(stored.get(field.name), declared[field.name]):
            changed.append(field.name)
    return changed


def plan(resource, stored, declared):
    """(action, changed field names) for one item; declared None means the item must be absent."""
    if declared is None:
        return (DELETED, []) if stored is not None else (UNCHANGED, [])
    if stored is None:
        return CREATED, sorted(declared)
    changed = changed_fields(resource, stored, declared)
    return (UPDATED, changed) if changed else (UNCHANGED, [])


def _side(resource, values, names):
    if values is None:
        return {}
    by_name = dict((field.name, field) for field in resource.fields)
    return dict((name, by_name[name].shown(values.get(name))) for name in names if name in values)


def diff_entry(resource, ident, stored, after, names):
    """The diff of one item: before/after dicts of the named fields (text for a single BYTES field)."""
    label = resource.label(ident)
    if len(resource.fields) == 1 and resource.fields[0].compare == BYTES:
        field = resource.fields[0]
        before = '' if stored is None else field.shown(stored.get(field.name))
        after_text = '' if after is None else field.shown(after.get(field.name))
        return {'before_header': label, 'after_header': label, 'before': before, 'after': after_text}
    return {'before_header': label, 'after_header': label,
            'before': _side(resource, stored, names), 'after': _side(resource, after, names)}


class Outcome(object):
    """What converge() did: one entry per item, the diff entries, and whether anything changed."""

    def __init__(self):
        self.items = []
        self.diff = []

    @property
    def changed(self):
        return any(item['action'] != UNCHANGED for item in self.items)

    def result(self, items_key, ctx):
        result = {'changed': self.changed, items_key: self.items}
        if ctx.diff:
            result['diff'] = self.diff
        return result


def converge(resource, client, ctx, declared, stored, prune=(), items_key='items', ident_key='id'):
    """Bring many items of one kind to their declared state, in one task.

    declared: ident -> declared fields (None: the item must be absent); stored: ident -> the stored
    item for every ident that exists (read by the caller, e.g. from one listing); prune: idents of
    stored items that were not declared and must be deleted. Items are written in the order of
    declared, then the pruned ones; each is reported as {ident_key: ident, 'action': ...}. Returns an Outcome. When a write fails after others were
    accepted, the KestraError carries the items done so far and their diff.
    """
    outcome = Outcome()
    work = [(ident, declared[ident]) for ident in declared] + [(ident, None) for ident in prune if ident not in declared]
    for ident, wanted in work:
        current = stored.get(ident)
        action, names = plan(resource, current, wanted)
        entry = {ident_key: ident, 'action': action}
        if action == UNCHANGED:
            outcome.items.append(entry)
            continue
        if wanted is None:
            after = None
            names = [field.name for field in resource.fields if field.name in (current or {})]
        else:
            after = dict(current or {})
            after.update(wanted)
        try:
            if not ctx.check_mode:
                if action == CREATED:
                    resource.create(client, ident, wanted)
                elif action == UPDATED:
                    resource.update(client, ident, after, current, names)
                else:
                    resource.delete(client, ident, current)
        except KestraError as exc:
            entry['action'] = 'failed'
            outcome.items.append(entry)
            exc.result.setdefault(items_key, outcome.items)
            if ctx.diff:
                exc.result.setdefault('diff', outcome.diff)
            raise
        outcome.items.append(entry)
        if ctx.diff:
            outcome.diff.append(diff_entry(resource, ident, current, after, names))
    return outcome


def ensure(resource, client, ctx, ident, values, state='present', items_key='item'):
    """One item: read it, compare the declared fields, write what differs. Returns the result dict.

    The result: changed, action, items_key (the item as it is, or would be, after the task:
    declared fields merged over the stored ones; write-only fields left out), and diff in diff mode.
    """
    stored = resource.read(client, ident)
    wanted = declared_fields(resource, values) if state == 'present' else None
    outcome = converge(resource, client, ctx, {ident: wanted}, {ident: stored} if stored is not None else {},
                       items_key=items_key)
    entry = outcome.items[0]
    if wanted is None:
        item = None
    else:
        item = dict(stored or {})
        item.update(wanted)
        for field in resource.fields:
            if field.write_only:
                item.pop(field.name, None)
    result = {'changed': outcome.changed, 'action': entry['action'], items_key: item}
    if ctx.diff:
        result['diff'] = outcome.diff[0] if outcome.diff else {'before': {}, 'after': {}}
    return result
