# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""parity_differences: compare the result of a task run in-process with the module's, key by key."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fnmatch

from ansible.module_utils.six.moves.collections_abc import Mapping

_MISSING = '<missing>'
_SCALARS = (str, int, float, bool, type(None))


def _plain(value):
    """Registered results may hold message objects (ansible-core 2.19 warnings): compare their text."""
    if isinstance(value, Mapping):
        return dict((str(k), _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, _SCALARS):
        return value
    event = getattr(value, 'event', None)
    return str(getattr(event, 'msg', value))


def _kind(value):
    """The JSON kind of a leaf: 1, 1.0 and True are equal in Python but not in a result."""
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind.__name__
    return type(value).__name__


def _leaves(value, path=''):
    if isinstance(value, dict) and value:
        for key in value:
            yield from _leaves(value[key], '%s.%s' % (path, key) if path else key)
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from _leaves(item, '%s.%d' % (path, index) if path else str(index))
    else:
        yield path, value


def _identities(left, right, ignored_paths):
    """In-process -> module values of the ignored string leaves (ids...), to recognise them inside other values."""
    return dict((left[path], right[path]) for path in ignored_paths
                if isinstance(left.get(path), str) and isinstance(right.get(path), str) and len(left[path]) >= 6)


def _substituted(value, identities):
    if not isinstance(value, str):
        return value
    for mine, theirs in identities.items():
        value = value.replace(mine, theirs)
    return value


def parity_differences(in_process, module, ignored=()):
    """'path: in-process=..., module=...' for every leaf that differs, except paths matching an ignored pattern.

    Paths join keys and list indexes with dots (execution.task_runs.0.id); patterns use fnmatch
    (flows.*.revision). An ignored value (an execution id, say) may also appear inside other values
    (a message, a URL): there it is replaced by the module's value before comparing.
    """
    left = dict(_leaves(_plain(in_process)))
    right = dict(_leaves(_plain(module)))
    paths = sorted(set(left) | set(right))
    ignored_paths = [path for path in paths if any(fnmatch.fnmatchcase(path, pattern) for pattern in ignored)]
    identities = _identities(left, right, ignored_paths)
    differences = []
    for path in paths:
        if path in ignored_paths:
            continue
        mine, theirs = _substituted(left.get(path, _MISSING), identities), right.get(path, _MISSING)
        if mine != theirs or _kind(mine) != _kind(theirs):
            differences.append('%s: in-process=%r, module=%r' % (path, mine, theirs))
    return differences


class FilterModule(object):
    def filters(self):
        return {'parity_differences': parity_differences}
