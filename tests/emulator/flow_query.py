"""Which flows a search or export query selects (docs/dev/kestra-api/flows.md).

2.0 reads only filters[field][OP]=value; 1.x also maps the deprecated params
(q, namespace as a prefix, labels=key:value) to filters, but only when no
filters are given (Kestra RequestUtils.getFiltersOrDefaultToLegacyMapping).
"""

import re

from .errors import KestraHttpError
from .util import parse_filters


def _namespace_prefix(namespace, value):
    return namespace == value or namespace.startswith(value + '.')


_STRING_OPS = {
    'EQUALS': lambda actual, value: actual == value,
    'NOT_EQUALS': lambda actual, value: actual != value,
    'CONTAINS': lambda actual, value: value in actual,
    'STARTS_WITH': lambda actual, value: actual.startswith(value),
    'ENDS_WITH': lambda actual, value: actual.endswith(value),
    'REGEX': lambda actual, value: re.search(value, actual) is not None,
    'PREFIX': _namespace_prefix,
    'IN': lambda actual, value: actual in [v.strip() for v in value.split(',')],
    'NOT_IN': lambda actual, value: actual not in [v.strip() for v in value.split(',')],
}


def flow_labels(model):
    """Labels as a dict, whether the YAML wrote a map or a list of {key, value}."""
    labels = model.get('labels')
    if isinstance(labels, dict):
        return dict((str(k), str(v)) for k, v in labels.items())
    if isinstance(labels, list):
        return dict((str(item.get('key')), str(item.get('value'))) for item in labels if isinstance(item, dict))
    return {}


def _legacy_filters(query):
    filters = []
    if query.get('q'):
        filters.append(('q', 'EQUALS', query['q']))
    if query.get('namespace'):
        filters.append(('namespace', 'PREFIX', query['namespace']))
    labels = {}
    for item in query.getall('labels', []):
        if ':' not in item:
            raise KestraHttpError(422, 'Unprocessable Entity: Invalid queryString parameter')
        key, value = item.split(':', 1)
        labels[key.strip()] = value.strip()
    if labels:
        filters.append(('labels', 'EQUALS', labels))
    return filters


def query_filters(query, v2):
    filters = parse_filters(query)
    if not filters and not v2:
        filters = _legacy_filters(query)
    return filters


def _matches(model, field, op, value):
    if field == 'labels':
        labels = flow_labels(model)
        wanted = value if isinstance(value, dict) else {}
        equal = all(labels.get(k) == v for k, v in wanted.items())
        return not equal if op == 'NOT_EQUALS' else equal
    if field == 'q':
        text = value.lower()
        return text in str(model.get('id', '')).lower() or text in str(model.get('namespace', '')).lower()
    actual = {'namespace': model.get('namespace'), 'flowId': model.get('id'), 'id': model.get('id')}.get(field)
    if actual is None or isinstance(value, dict):
        return True  # a filter on a field flows do not have selects everything, as Kestra ignores it
    test = _STRING_OPS.get(op)
    if test is None:
        raise KestraHttpError(422, 'Illegal argument: unsupported operation %s for field %s' % (op, field))
    return test(str(actual), str(value))


def select(revisions, filters):
    """The revisions whose model matches every filter."""
    return [r for r in revisions if all(_matches(r['model'], f, op, v) for f, op, v in filters)]


def sort_revisions(revisions, sort_params):
    """Sort by 'field:asc|desc' params; a malformed one is a 422 (Kestra PageableUtils)."""
    result = list(revisions)
    for item in reversed(sort_params):
        parts = item.split(':')
        if len(parts) != 2:
            raise KestraHttpError(422, 'Invalid sort parameter')
        field, direction = parts
        result.sort(key=lambda r: str(r['model'].get(field, r.get(field, ''))), reverse=direction.lower() == 'desc')
    return result
