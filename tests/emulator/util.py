"""Small helpers shared by the emulator's resources."""

import datetime
import random
import re
import string

from aiohttp import web

_ID_ALPHABET = string.ascii_letters + string.digits


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def iso(moment):
    """ISO-8601 with milliseconds and Z, as Kestra (Jackson) writes instants."""
    if moment is None:
        return None
    return moment.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.') + \
        '%03dZ' % (moment.microsecond // 1000)


def iso_duration(seconds):
    """A duration as Kestra writes it: PT0.45S, PT1M2.5S."""
    seconds = max(0.0, float(seconds))
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    text = 'PT'
    if hours:
        text += '%dH' % hours
    if minutes:
        text += '%dM' % minutes
    secs_text = ('%.3f' % secs).rstrip('0').rstrip('.')
    if secs_text != '0' or text == 'PT':
        text += '%sS' % secs_text
    return text


def new_id():
    """Execution / task run ids look like Kestra's 22-character base62 ids."""
    return ''.join(random.choices(_ID_ALPHABET, k=22))


def drop_nulls(value):
    """Jackson runs with serialization-inclusion non_null: null fields are omitted."""
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


def json_response(data, status=200, headers=None):
    return web.json_response(drop_nulls(data), status=status, headers=headers)


def page_params(request, default_size=10, max_size=None):
    """1-based page and size as Kestra's PageableUtils reads them; with max_size, 422 for a larger size (the
    endpoints whose size parameter has @Max)."""
    from .errors import KestraHttpError
    try:
        page = int(request.query.get('page', 1))
        size = int(request.query.get('size', default_size))
    except ValueError:
        raise KestraHttpError(422, 'Invalid route params')
    if page < 1 or size < 1:
        raise KestraHttpError(422, 'Invalid entity: page and size must be at least 1')
    if max_size is not None and size > max_size:
        from .errors import constraint_violation
        raise constraint_violation([('size', 'must be less than or equal to %d' % max_size)])
    return page, size


def paged(items, page, size):
    start = (page - 1) * size
    return {'results': items[start:start + size], 'total': len(items)}


def parse_filters(query):
    """Parse 2.0 style filters[field][OP]=value (and filters[labels][EQUALS][k]=v).

    Returns a list of (field, op, value) where value is a str or, for map
    filters, a dict.
    """
    filters = []
    maps = {}
    for name, value in query.items():
        if not name.startswith('filters['):
            continue
        parts = [p.rstrip(']') for p in name[len('filters['):].split('[')]
        if len(parts) == 2:
            filters.append((parts[0], parts[1].upper(), value))
        elif len(parts) == 3:
            maps.setdefault((parts[0], parts[1].upper()), {})[parts[2]] = value
    for (field, op), value in maps.items():
        filters.append((field, op, value))
    return filters


async def json_object(request):
    """The request's JSON body, which must be an object: 400 otherwise (the access-control resources)."""
    from .errors import KestraHttpError
    try:
        body = await request.json()
    except ValueError as exc:
        raise KestraHttpError(400, 'Invalid JSON: %s' % exc)
    if not isinstance(body, dict):
        raise KestraHttpError(400, 'Invalid JSON: the body must be an object')
    return body


async def json_mapping(request, what='an object'):
    """The request's JSON body, which must be an object: 422 otherwise, as Jackson's mapping errors answer
    (tenants, namespaces, worker groups, secrets); `what`: the object the message names ('a Tenant object')."""
    from .errors import KestraHttpError
    try:
        body = await request.json()
    except ValueError as exc:
        raise KestraHttpError(422, 'Invalid json: %s' % exc)
    if not isinstance(body, dict):
        raise KestraHttpError(422, 'Invalid json mapping: the body must be %s' % what)
    return body


def query_words(request):
    """The words of the text filter, lower case: 2.0 filters[q][EQUALS]=..., 1.x q=... (both read)."""
    wanted = [value for field, _op, value in parse_filters(request.query) if field == 'q']
    if request.query.get('q'):
        wanted.append(request.query['q'])
    return [w.lower() for w in wanted if isinstance(w, str) and w]


_JACKSON_TYPE_NAMES = {str: 'String', dict: 'Map', list: 'List', bool: 'boolean'}


def whole_object_record(request, body, fields, types, what, id_pattern):
    """The record to store from a whole-object body (a Tenant, a Namespace): the fields of the profile's API
    version (fields[is_v2]; others ignored, as Jackson does) without nulls; 422 for a missing id, an id that does
    not match id_pattern, or a field not of its type (types). what: the object in Kestra's violation paths."""
    from .errors import KestraHttpError, constraint_violation
    record = {k: v for k, v in body.items() if k in fields[request.app['state'].is_v2] and v is not None}
    ident = record.get('id')
    if not isinstance(ident, str) or not ident:
        raise constraint_violation([('%s.id' % what, 'must not be null')])
    if not re.match(id_pattern, ident):
        raise constraint_violation([('%s.id' % what, 'must match "%s"' % id_pattern)])
    for name, value in record.items():
        kind = types.get(name)
        if kind is not None and not isinstance(value, kind):
            raise KestraHttpError(
                422, 'Invalid json mapping: Cannot deserialize value of type `%s` for field "%s"'
                % (_JACKSON_TYPE_NAMES[kind], name))
    return record


def autocompleted(records, body):
    """The records an autocomplete body {q, existingIds} asks for: q in the name (no case), not one of
    existingIds, sorted by name."""
    text = str(body.get('q') or '').lower()
    ids = body.get('existingIds') or []
    return sorted((r for r in records if text in r['name'].lower() and r['id'] not in ids), key=lambda r: r['name'])
