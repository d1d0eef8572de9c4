"""Which trigger rows a search selects, and in which order (docs/dev/kestra-api/triggers.md)."""

import re

from .errors import KestraHttpError
from .util import parse_filters

# filter field (lower case, no underscores) -> row key; 'q' searches several
_FIELDS = {'namespace': 'namespace', 'flowid': 'flowId', 'triggerid': 'triggerId'}
_SORTABLE = {'namespace': 'namespace', 'flowId': 'flowId', 'triggerId': 'triggerId',
             'nextExecutionDate': 'nextExecutionDate', 'nextEvaluationDate': 'nextExecutionDate'}


def _matches(op, actual, expected):
    actual = actual or ''
    if op == 'EQUALS':
        return actual == expected
    if op == 'NOT_EQUALS':
        return actual != expected
    if op == 'STARTS_WITH':
        return actual.startswith(expected)
    if op == 'ENDS_WITH':
        return actual.endswith(expected)
    if op == 'CONTAINS':
        return expected in actual
    if op == 'PREFIX':
        # namespace prefix: the namespace itself or one of its children
        return actual == expected or actual.startswith(expected + '.')
    if op in ('IN', 'NOT_IN'):
        inside = actual in [v.strip() for v in expected.split(',')]
        return inside if op == 'IN' else not inside
    if op == 'REGEX':
        return re.search(expected, actual) is not None
    raise KestraHttpError(422, 'Illegal argument: unsupported filter operation %s' % op)


def row_filters(query, legacy):
    """(field, op, value) from filters[...] and, in 1.x, from the deprecated params."""
    filters = []
    for field, op, value in parse_filters(query):
        name = field.replace('_', '').lower()
        if name in ('q', 'query'):
            filters.append(('q', op, value))
        elif name in _FIELDS:
            filters.append((_FIELDS[name], op, value))
    if legacy:
        if query.get('namespace'):
            filters.append(('namespace', 'PREFIX', query['namespace']))
        if query.get('flowId'):
            filters.append(('flowId', 'EQUALS', query['flowId']))
        if query.get('q'):
            filters.append(('q', 'CONTAINS', query['q']))
    return filters


def select(rows, filters):
    selected = []
    for row in rows:
        keep = True
        for field, op, value in filters:
            if field == 'q':
                keep = any(_matches(op, row[k], value) for k in ('namespace', 'flowId', 'triggerId'))
            else:
                keep = _matches(op, row[field], value)
            if not keep:
                break
        if keep:
            selected.append(row)
    return selected


def sort_rows(rows, sort_params):
    ordered = sorted(rows, key=lambda r: (r['namespace'], r['flowId'], r['triggerId']))
    for param in reversed(list(sort_params)):
        parts = param.split(':')
        if len(parts) != 2:
            raise KestraHttpError(422, 'Invalid sort parameter')
        field, direction = parts
        key = _SORTABLE.get(field)
        if key is None:
            continue
        ordered.sort(key=lambda r: (r[key] is None, r[key] or ''), reverse=direction.lower() == 'desc')
    return ordered
