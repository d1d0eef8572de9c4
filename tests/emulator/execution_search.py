"""Which executions GET /executions/search selects, as Kestra reads its query (docs/dev/kestra-api/search.md).

Both profiles read `filters[<field>][<OP>]=<value>` (labels: `filters[labels][<OP>][<key>]=<value>`);
the 1.x profile also reads the deprecated parameters (`namespace` as a prefix, `flowId`, `state`
repeated, `labels=key:value`, `startDate`, `endDate`, `timeRange`, `q`), but only when no filter is
given (Kestra RequestUtils.getFiltersOrDefaultToLegacyMapping); 2.0 ignores them. A `timeRange`
becomes a start date `now - range`; `startDate`/`endDate` filters bound the date chosen by
`dateFilter` (START_DATE by default: the execution's start date).
"""

import datetime
import re

from .errors import KestraHttpError, illegal_argument
from .flow_query import _STRING_OPS
from .util import now, parse_filters

STATES = ('CREATED', 'SUBMITTED', 'RUNNING', 'PAUSED', 'RESTARTED', 'KILLING', 'SUCCESS', 'WARNING', 'FAILED',
          'KILLED', 'CANCELLED', 'QUEUED', 'RETRYING', 'RETRIED', 'SKIPPED', 'BREAKPOINT', 'RESUBMITTED')
# QueryFilter.Resource.EXECUTION and each field's supportedOp (Kestra core/.../models/QueryFilter.java)
_STRING_FIELD_OPS = ('EQUALS', 'NOT_EQUALS', 'CONTAINS', 'STARTS_WITH', 'ENDS_WITH', 'REGEX', 'IN', 'NOT_IN', 'PREFIX')
_DATE_OPS = ('GREATER_THAN_OR_EQUAL_TO', 'GREATER_THAN', 'LESS_THAN_OR_EQUAL_TO', 'LESS_THAN', 'EQUALS', 'NOT_EQUALS')
SUPPORTED = {
    'q': ('EQUALS', 'NOT_EQUALS'),
    'scope': ('EQUALS', 'NOT_EQUALS'),
    'namespace': _STRING_FIELD_OPS,
    'flowId': _STRING_FIELD_OPS,
    'startDate': _DATE_OPS,
    'endDate': _DATE_OPS,
    'state': ('EQUALS', 'NOT_EQUALS', 'IN', 'NOT_IN'),
    'labels': ('EQUALS', 'NOT_EQUALS', 'IN', 'NOT_IN', 'CONTAINS'),
    'triggerExecutionId': ('EQUALS', 'NOT_EQUALS', 'CONTAINS', 'STARTS_WITH', 'ENDS_WITH', 'IN', 'NOT_IN'),
    'childFilter': ('EQUALS', 'NOT_EQUALS'),
    'kind': ('EQUALS', 'NOT_EQUALS', 'IN', 'NOT_IN'),
    'timeRange': ('EQUALS',),
}
DATE_FILTERS = ('START_DATE', 'END_DATE', 'START_OR_END_DATE')
_ISO_DURATION = re.compile(r'^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$')


def _invalid(detail):
    # InvalidQueryFiltersException: 'Provided query filters are invalid: ...' (422 assumed, as other
    # request errors of the search)
    return KestraHttpError(422, 'Provided query filters are invalid: %s' % detail)


def _date(value, name):
    """ZonedDateTime.parse: ISO-8601 with a zone ('Z' or an offset)."""
    try:
        moment = datetime.datetime.fromisoformat(str(value).replace('Z', '+00:00'))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise illegal_argument("Text '%s' could not be parsed (%s)" % (value, name))
    return moment


def _duration(value):
    match = _ISO_DURATION.match(str(value).upper())
    if not match or str(value).upper() in ('P', 'PT'):
        raise illegal_argument('Invalid duration: %s' % value)
    days, hours, minutes, seconds = match.groups()
    return datetime.timedelta(days=int(days or 0), hours=int(hours or 0), minutes=int(minutes or 0),
                              seconds=float(seconds or 0))


def _states(value):
    names = [v.strip() for v in str(value).replace('[', '').replace(']', '').split(',') if v.strip()]
    unknown = [n for n in names if n not in STATES]
    if unknown:
        # State.Type.valueOf
        raise illegal_argument('No enum constant io.kestra.core.models.flows.State.Type.%s' % unknown[0])
    return names


def _legacy_filters(query):
    """RequestUtils.mapLegacyParamsToFilters (1.x only)."""
    filters = []
    if query.get('q'):
        filters.append(('q', 'EQUALS', query['q']))
    if query.get('namespace'):
        filters.append(('namespace', 'PREFIX', query['namespace']))
    if query.get('flowId'):
        filters.append(('flowId', 'EQUALS', query['flowId']))
    if query.get('startDate'):
        filters.append(('startDate', 'GREATER_THAN', query['startDate']))
    if query.get('endDate'):
        filters.append(('endDate', 'LESS_THAN', query['endDate']))
    labels = {}
    for item in query.getall('labels', []):
        key, sep, value = item.partition(':')
        if not sep or not key.strip() or not value.strip():
            raise KestraHttpError(422, "Unprocessable Entity: Can't split the queryString parameter by ':'")
        labels[key.strip()] = value.strip()
    if labels:
        filters.append(('labels', 'EQUALS', labels))
    if query.get('timeRange'):
        filters.append(('timeRange', 'EQUALS', query['timeRange']))
    if query.get('childFilter'):
        filters.append(('childFilter', 'EQUALS', query['childFilter']))
    states = query.getall('state', [])
    if states:
        filters.append(('state', 'IN', ','.join(states)))
    return filters


def query_filters(query, v2):
    """The (field, op, value) filters of the request, validated, with timeRange turned into a start date."""
    filters = parse_filters(query)
    if not filters and not v2:
        filters = _legacy_filters(query)
    errors = []
    for field, op, _value in filters:
        if field not in SUPPORTED:
            errors.append('Field %s is not supported for resource EXECUTION' % field)
        elif op not in SUPPORTED[field]:
            errors.append('Operation %s is not supported for field %s. Supported operations are %s'
                          % (op, field, ', '.join(SUPPORTED[field])))
    if errors:
        raise _invalid(', '.join(errors))
    # TimeLineSearch / QueryFilterUtils.replaceTimeRangeWithComputedStartDateFilter
    start = end = time_range = None
    for field, _op, value in filters:
        if field == 'startDate':
            start = _date(value, 'startDate')
        elif field == 'endDate':
            end = _date(value, 'endDate')
        elif field == 'timeRange':
            time_range = _duration(value)
    if (start or end) and time_range is not None:
        raise illegal_argument("Parameters 'startDate'/'endDate' and 'timeRange' are mutually exclusive")
    if time_range is not None:
        start = now() - time_range
    if start and end and end < start:
        raise illegal_argument('Start date must be before End Date')
    result = []
    for field, op, value in filters:
        if field == 'timeRange':
            op = 'LESS_THAN_OR_EQUAL_TO' if op in ('NOT_EQUALS', 'NOT_IN') else 'GREATER_THAN_OR_EQUAL_TO'
            field, value = 'startDate', start
        elif field == 'startDate':
            value = start  # every start date filter gets the resolved start date
        elif field == 'endDate':
            value = end
        elif field == 'state':
            value = _states(value)
            if op in ('EQUALS', 'NOT_EQUALS') and len(value) != 1:
                raise illegal_argument('No enum constant io.kestra.core.models.flows.State.Type.%s' % ','.join(value))
        result.append((field, op, value))
    return result


def _dates(record, date_filter):
    rendered = record.state.render()
    starts = [record.state.histories[0][1]]
    end = record.state.histories[-1][1] if rendered.get('endDate') else None
    if date_filter == 'END_DATE':
        return [end]
    if date_filter == 'START_OR_END_DATE':
        return starts + [end]
    return starts


def _compare(moment, op, value):
    if moment is None:
        return False
    return {
        'GREATER_THAN_OR_EQUAL_TO': moment >= value, 'GREATER_THAN': moment > value,
        'LESS_THAN_OR_EQUAL_TO': moment <= value, 'LESS_THAN': moment < value,
        'EQUALS': moment == value, 'NOT_EQUALS': moment != value,
    }[op]


def _matches(record, field, op, value, date_filter):
    if field in ('namespace', 'flowId'):
        actual = record.namespace if field == 'namespace' else record.flow_id
        return _STRING_OPS[op](actual, str(value))
    if field == 'state':
        inside = record.current in value
        return not inside if op in ('NOT_IN', 'NOT_EQUALS') else inside
    if field == 'labels':
        labels = dict(record.labels)
        if isinstance(value, dict):
            equal = all(labels.get(k) == v for k, v in value.items())
            return not equal if op in ('NOT_EQUALS', 'NOT_IN') else equal
        text = str(value)
        return any(text in '%s:%s' % pair for pair in record.labels)
    if field in ('startDate', 'endDate'):
        return any(_compare(moment, op, value) for moment in _dates(record, date_filter))
    if field == 'q':
        text = str(value).lower()
        found = any(text in str(part).lower() for part in (record.id, record.namespace, record.flow_id))
        return not found if op == 'NOT_EQUALS' else found
    if field == 'childFilter':
        child = str(value).upper() == 'CHILD'
        is_child = bool(getattr(record, 'trigger_execution_id', None))
        return (is_child == child) if op == 'EQUALS' else (is_child != child)
    return True  # scope, kind, triggerExecutionId: every emulated execution is a USER, NORMAL, main one


def select(records, query, v2):
    """The records the query selects (before sorting and paging)."""
    filters = query_filters(query, v2)
    date_filter = (query.get('dateFilter') or 'START_DATE').upper()
    if date_filter not in DATE_FILTERS:
        raise KestraHttpError(400, "Bad Request: Failed to convert argument [dateFilter] for value [%s]"
                              % query.get('dateFilter'))
    return [r for r in records if all(_matches(r, f, op, v, date_filter) for f, op, v in filters)]
