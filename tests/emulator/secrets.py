"""EE namespace secrets: values stored, never returned (docs/dev/kestra-api/namespaces-secrets.md).

Record kept per (namespace, key) in TenantState.secrets:
  {'namespace', 'key', 'value' (str, write-only), 'description' (str or None),
   'tags' (list of {'key', 'value'}), 'created', 'updated'}
"""

from aiohttp import web

from . import errors, util
from .edition import oss_answer

routes = web.RouteTableDef()
MAX_PAGE_SIZE = 1000


def _tenant(request):
    return request.app['state'].tenant(request.match_info['tenant'])


def meta(record):
    """ApiSecretMetaEE: key, namespace, description, tags. Never the value."""
    return {'key': record['key'], 'namespace': record['namespace'], 'description': record['description'],
            'tags': [dict(tag) for tag in record['tags']]}


def _tags(body, prefix):
    tags = body.get('tags')
    if tags is None:
        return None
    if not isinstance(tags, list) or not all(
            isinstance(t, dict) and isinstance(t.get('key'), str) and isinstance(t.get('value'), str) for t in tags):
        raise errors.constraint_violation([('%s.tags' % prefix, 'each tag needs a string key and value')])
    return [{'key': t['key'], 'value': t['value']} for t in tags]


def _description(body, prefix):
    description = body.get('description')
    if description is not None and not isinstance(description, str):
        raise errors.constraint_violation([('%s.description' % prefix, 'must be a string')])
    return description


@routes.put('/api/v1/{tenant}/namespaces/{namespace}/secrets')
async def put_secret(request):
    """ApiSecretValue {key, value, description, tags}: create or replace; answers [ApiSecretMetaEE]."""
    oss_answer(request)
    body = await util.json_mapping(request)
    violations = [('secretValue.%s' % name, 'must not be blank') for name in ('key', 'value')
                  if not isinstance(body.get(name), str) or not body.get(name).strip()]
    if violations:
        # never echo the value: the violation names the field only
        raise errors.constraint_violation(violations)
    namespace, key = request.match_info['namespace'], body['key']
    secrets = _tenant(request).secrets
    previous = secrets.get((namespace, key))
    moment = util.now()
    secrets[(namespace, key)] = {
        'namespace': namespace, 'key': key, 'value': body['value'],
        'description': _description(body, 'secretValue'),
        'tags': _tags(body, 'secretValue') or [],
        'created': previous['created'] if previous else moment, 'updated': moment,
    }
    return util.json_response([meta(secrets[(namespace, key)])])


@routes.get('/api/v1/{tenant}/namespaces/{namespace}/secrets')
async def list_namespace(request):
    """1.x only (deprecated there); 2.0 keeps PUT on this path, so GET answers 405."""
    oss_answer(request)
    if request.app['state'].is_v2:
        raise errors.KestraHttpError(405, 'Method Not Allowed')
    namespace = request.match_info['namespace']
    records = [r for r in _tenant(request).secrets.values() if r['namespace'] == namespace]
    return _paged(request, records)


@routes.patch('/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}')
async def patch_secret(request):
    """ApiSecretMetaEE {key, description, tags}: metadata only, the value is kept."""
    oss_answer(request)
    body = await util.json_mapping(request)
    namespace, key = request.match_info['namespace'], request.match_info['key']
    record = _tenant(request).secrets.get((namespace, key))
    if record is None:
        raise errors.not_found("Secret '%s' not found in namespace '%s'" % (key, namespace))
    if 'description' in body:
        record['description'] = _description(body, 'meta')
    if 'tags' in body:
        record['tags'] = _tags(body, 'meta') or []
    record['updated'] = util.now()
    return util.json_response([meta(record)])


@routes.delete('/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}')
async def delete_secret(request):
    oss_answer(request)
    namespace, key = request.match_info['namespace'], request.match_info['key']
    if _tenant(request).secrets.pop((namespace, key), None) is None:
        raise errors.not_found("Secret '%s' not found in namespace '%s'" % (key, namespace))
    return web.Response(status=200)


@routes.route('*', '/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}')
async def other_key_methods(request):
    """GET of one secret does not exist (values are never returned)."""
    oss_answer(request)
    raise errors.KestraHttpError(405, 'Method Not Allowed')


@routes.route('*', '/api/v1/{tenant}/namespaces/{namespace}/secrets')
async def other_list_methods(request):
    oss_answer(request)
    raise errors.KestraHttpError(405, 'Method Not Allowed')


@routes.get('/api/v1/{tenant}/namespaces/{namespace}/inherited-secrets')
async def inherited(request):
    """{parent namespace: [keys]} for each parent namespace holding secrets."""
    oss_answer(request)
    parts = request.match_info['namespace'].split('.')
    parents = ['.'.join(parts[:i]) for i in range(1, len(parts))]
    found = {}
    for record in _tenant(request).secrets.values():
        if record['namespace'] in parents:
            found.setdefault(record['namespace'], []).append(record['key'])
    return util.json_response({ns: sorted(keys) for ns, keys in found.items()})


@routes.get('/api/v1/{tenant}/secrets')
async def list_all(request):
    """Secrets of every namespace: filters[namespace][OP]=..., filters[q][EQUALS]=<part of the key>."""
    oss_answer(request)
    records = list(_tenant(request).secrets.values())
    for field, op, value in util.parse_filters(request.query):
        if field == 'namespace':
            test = _namespace_test(op, value)
            records = [r for r in records if test(r['namespace'])]
        elif field == 'q':
            records = [r for r in records if value.lower() in r['key'].lower()]
    return _paged(request, records)


def _namespace_test(op, value):
    tests = {
        'EQUALS': lambda ns: ns == value,
        'NOT_EQUALS': lambda ns: ns != value,
        'STARTS_WITH': lambda ns: ns.startswith(value),
        'PREFIX': lambda ns: ns == value or ns.startswith(value + '.'),
        'CONTAINS': lambda ns: value in ns,
        'IN': lambda ns: ns in [v.strip() for v in value.split(',')],
    }
    if op not in tests:
        raise errors.illegal_argument('Operation %s is not supported for field namespace' % op)
    return tests[op]


def _paged(request, records):
    """ApiSecretListResponse: {readOnly, results: [ApiSecretMetaEE], total}."""
    page, size = util.page_params(request, max_size=MAX_PAGE_SIZE)
    records = sorted(records, key=lambda r: (r['namespace'], r['key']))
    paged = util.paged([meta(r) for r in records], page, size)
    paged['readOnly'] = False
    return util.json_response(paged)


def setup(app):
    app.add_routes(routes)
