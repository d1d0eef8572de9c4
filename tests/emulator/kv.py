"""Kestra KV store API (docs/dev/kestra-api/kv.md, versions.md).

Record kept per (namespace, key) in TenantState.kv:
  {'namespace', 'key', 'type', 'value' (as a GET returns it; Decimal for exact decimals),
   'description', 'created', 'updated', 'expires' (datetime or None), 'revision' (int)}
"""

import datetime
import json
import re

from aiohttp import web

from . import errors, util
from .kv_body import parse_body, render_json

routes = web.RouteTableDef()

KEY_PATTERN = re.compile(r'^[a-zA-Z0-9][a-zA-Z0-9._-]*$')
KEY_RULE = ('Key must start with an alphanumeric character (uppercase or lowercase) and can contain alphanumeric '
            'characters (uppercase or lowercase), dots (.), underscores (_), and hyphens (-) only.')
# java.time.Duration.parse grammar (days, hours, minutes, seconds; signs allowed)
_JAVA_DURATION = re.compile(r'^([-+]?)P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?'
                            r'(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?$', re.IGNORECASE)
SORT_FIELDS = ('key', 'namespace', 'description', 'creationDate', 'updateDate', 'expirationDate', 'revision')
MAX_PAGE_SIZE = 1000


def _tenant(request):
    return request.app['state'].tenant(request.match_info['tenant'])


def _check_key(key):
    if not key:
        raise errors.illegal_argument('Key cannot be null or empty')
    if not KEY_PATTERN.match(key):
        raise errors.illegal_argument(KEY_RULE)


def _ttl_seconds(text):
    match = _JAVA_DURATION.match(text.strip())
    if not match or not any(match.group(i) for i in range(2, 6)) or text.strip().upper().endswith('T'):
        # DateTimeParseException falls into Kestra's generic handler
        raise errors.KestraHttpError(500, "Internal server error: Text '%s' cannot be parsed to a Duration" % text)
    sign = -1 if match.group(1) == '-' else 1
    days, hours, minutes, seconds = (int(match.group(i) or 0) for i in range(2, 6))
    fraction = float('0.' + match.group(6)) if match.group(6) else 0.0
    if seconds < 0:
        fraction = -fraction
    total = sign * (days * 86400 + hours * 3600 + minutes * 60 + seconds + fraction)
    if total < 0:
        raise errors.illegal_argument('ttl cannot be negative')
    return total


def _expired(record, moment):
    return record['expires'] is not None and record['expires'] <= moment


def _entry(record, v2):
    """KVEntry: 1.x names the counter 'version', 2.0 'revision'."""
    return {
        'namespace': record['namespace'],
        'key': record['key'],
        'revision' if v2 else 'version': record['revision'],
        'description': record['description'],
        'creationDate': util.iso(record['created']),
        'updateDate': util.iso(record['updated']),
        'expirationDate': util.iso(record['expires']),
    }


def _live_entries(tenant, v2, namespaces=None):
    moment = util.now()
    records = [r for r in tenant.kv.values() if not _expired(r, moment)]
    if namespaces is not None:
        records = [r for r in records if r['namespace'] in namespaces]
    return [_entry(r, v2) for r in records]


def _detail_response(record):
    # non_null inclusion drops a null 'value' property, never the nulls inside a JSON value
    detail = util.drop_nulls({'type': record['type'], 'revision': record['revision'],
                              'updated': util.iso(record['updated'])})
    if record['value'] is not None:
        detail['value'] = record['value']
    return web.Response(text=render_json(detail), content_type='application/json')


@routes.get('/api/v1/{tenant}/namespaces/{namespace}/kv/inheritance')
async def list_inherited(request):
    """Keys of the parent namespaces only, nearest parent first, one entry per key."""
    namespace = request.match_info['namespace']
    parts = namespace.split('.')
    parents = ['.'.join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]
    v2 = request.app['state'].is_v2
    entries, seen = [], set()
    tenant = _tenant(request)
    for parent in parents:
        for entry in sorted(_live_entries(tenant, v2, {parent}), key=lambda e: e['key']):
            if entry['key'] not in seen:
                seen.add(entry['key'])
                entries.append(entry)
    return util.json_response(entries)


@routes.get('/api/v1/{tenant}/namespaces/{namespace}/kv')
async def list_namespace(request):
    if request.app['state'].is_v2:
        # 2.0 removed the per-namespace listing; only the bulk DELETE remains on this path
        raise errors.KestraHttpError(405, 'Method Not Allowed')
    entries = _live_entries(_tenant(request), False, {request.match_info['namespace']})
    return util.json_response(sorted(entries, key=lambda e: e['key']))


@routes.delete('/api/v1/{tenant}/namespaces/{namespace}/kv')
async def delete_bulk(request):
    try:
        body = await request.json()
    except ValueError:
        raise errors.KestraHttpError(422, 'Invalid JSON: the body is not a JSON object')
    keys = body.get('keys') if isinstance(body, dict) else None
    if not isinstance(keys, list):
        raise errors.constraint_violation([('keys', 'must not be null')])
    for key in keys:
        _check_key(key)
    tenant, namespace = _tenant(request), request.match_info['namespace']
    deleted = [key for key in keys if tenant.kv.pop((namespace, key), None) is not None]
    return util.json_response({'keys': deleted})


@routes.get('/api/v1/{tenant}/namespaces/{namespace}/kv/{key}')
async def get_value(request):
    namespace, key = request.match_info['namespace'], request.match_info['key']
    _check_key(key)
    tenant = _tenant(request)
    record = tenant.kv.get((namespace, key))
    if record is None:
        raise errors.not_found("No value found for key '%s' in namespace '%s'" % (key, namespace))
    if _expired(record, util.now()):
        del tenant.kv[(namespace, key)]
        raise errors.KestraHttpError(410, 'Resource has expired: The requested value has expired')
    return _detail_response(record)


@routes.put('/api/v1/{tenant}/namespaces/{namespace}/kv/{key}')
async def set_value(request):
    namespace, key = request.match_info['namespace'], request.match_info['key']
    _check_key(key)
    content_type = request.headers.get('Content-Type')
    if content_type and content_type.split(';')[0].strip().lower() != 'text/plain':
        raise errors.KestraHttpError(415, 'Unsupported Media Type: Content Type [%s] not allowed. Allowed types: '
                                          '[text/plain]' % content_type.split(';')[0].strip())
    text = await request.text()
    if not text:
        raise errors.KestraHttpError(400, 'Bad Request: Required Body [value] not specified')
    ttl = request.headers.get('ttl')
    seconds = _ttl_seconds(ttl) if ttl else None
    state = request.app['state']
    kind, value = parse_body(text, state.is_v2)
    moment = util.now()
    tenant = _tenant(request)
    previous = tenant.kv.get((namespace, key))
    tenant.kv[(namespace, key)] = {
        'namespace': namespace, 'key': key, 'type': kind, 'value': value,
        'description': request.headers.get('description'),
        'created': previous['created'] if previous else moment,
        'updated': moment,
        'expires': moment + datetime.timedelta(seconds=seconds) if seconds is not None else None,
        'revision': previous['revision'] + 1 if previous else 1,
    }
    return web.Response(status=200)


@routes.delete('/api/v1/{tenant}/namespaces/{namespace}/kv/{key}')
async def delete_value(request):
    namespace, key = request.match_info['namespace'], request.match_info['key']
    _check_key(key)
    removed = _tenant(request).kv.pop((namespace, key), None)
    return web.Response(text=json.dumps(removed is not None), content_type='application/json')


def _namespace_filter(op, value):
    values = [v.strip() for v in value.split(',')] if op in ('IN', 'NOT_IN') else [value]
    tests = {
        'EQUALS': lambda ns: ns == value,
        'NOT_EQUALS': lambda ns: ns != value,
        'IN': lambda ns: ns in values,
        'NOT_IN': lambda ns: ns not in values,
        'STARTS_WITH': lambda ns: ns.startswith(value),
        'PREFIX': lambda ns: ns == value or ns.startswith(value + '.'),
        'CONTAINS': lambda ns: value in ns,
    }
    if op not in tests:
        raise errors.illegal_argument('Operation %s is not supported for field namespace' % op)
    return tests[op]


def _sort_key(spec):
    if spec.count(':') != 1:
        raise errors.KestraHttpError(422, 'Invalid sort parameter')
    field, direction = spec.split(':')
    if field not in SORT_FIELDS or direction.lower() not in ('asc', 'desc'):
        raise errors.KestraHttpError(422, 'Invalid sort parameter')
    return field, direction.lower() == 'desc'


@routes.get('/api/v1/{tenant}/kv')
async def list_all(request):
    """The paged listing of 1.1+ and 2.0, filtered by namespace and q (a substring of the key)."""
    page, size = util.page_params(request)
    if size > MAX_PAGE_SIZE:
        raise errors.constraint_violation([('size', 'must be less than or equal to %d' % MAX_PAGE_SIZE)])
    entries = _live_entries(_tenant(request), request.app['state'].is_v2)
    for field, op, value in util.parse_filters(request.query):
        if field == 'namespace':
            test = _namespace_filter(op, value)
            entries = [e for e in entries if test(e['namespace'])]
        elif field == 'q':
            entries = [e for e in entries if value.lower() in e['key'].lower()]
    entries.sort(key=lambda e: (e['namespace'], e['key']))
    for spec in reversed(request.query.getall('sort', [])):
        field, descending = _sort_key(spec)
        entries.sort(key=lambda e: (e.get(field) is None, e.get(field) or ''), reverse=descending)
    return util.json_response(util.paged(entries, page, size))


def setup(app):
    """Register routes (the inheritance route before the {key} route that would also match it)."""
    app.add_routes(routes)
