"""EE bindings: a role given to a user, a service account or a group, on a namespace or the whole tenant
(docs/dev/kestra-api/access-bindings-service-accounts.md).

Records, per tenant (TenantState.bindings):
  {binding_id: {'id', 'type': 'USER'|'GROUP', 'externalId', 'roleId', 'namespaceId': None|namespace}}
A service account is bound as a USER (its id is in EmulatorState.service_accounts).

Routes (the same on 1.x and 2.0): POST /api/v1/{tenant}/bindings, POST .../bindings/bulk (a list; every
item is checked before any is stored), GET .../bindings/search (type, id = external id, namespace;
page, size), GET .../bindings/{id}, DELETE .../bindings/{id} (204). Answers are ApiBindingDetail:
{id, type, namespace, role {id, name}, user {id, username, displayName, type} | group {id, name}}.
The role and the subject must exist (404). Kestra OSS has none of these routes (404).
"""

from aiohttp import web

from . import errors, util
from .edition import oss_answer

routes = web.RouteTableDef()
TYPES = ('USER', 'GROUP')
MAX_PAGE_SIZE = 1000


def _state(request):
    return request.app['state']


def _tenant(request):
    return _state(request).tenant(request.match_info['tenant'])


def _subject(state, tenant, binding_type, external_id):
    """The ApiBindingUser / ApiBindingGroup of a subject, or None when it does not exist."""
    if binding_type == 'GROUP':
        group = tenant.groups.get(external_id)
        return {'id': group['id'], 'name': group['name']} if group else None
    user = (getattr(state, 'users', None) or {}).get(external_id)
    if user is not None:
        username = user.get('username') or user.get('email')
        display = ' '.join(p for p in (user.get('firstName'), user.get('lastName')) if p) or username
        return {'id': user['id'], 'username': username, 'displayName': display, 'type': 'STANDARD'}
    account = (getattr(state, 'service_accounts', None) or {}).get(external_id)
    if account is not None:
        return {'id': account['id'], 'username': account['name'], 'displayName': account['name'],
                'type': 'SERVICE_ACCOUNT'}
    return None


def detail(state, tenant, record):
    """IAMBindingController.ApiBindingDetail."""
    role = tenant.roles.get(record['roleId']) or {}
    body = {'id': record['id'], 'type': record['type'], 'namespace': record.get('namespaceId'),
            'role': {'id': record['roleId'], 'name': role.get('name')}}
    subject = _subject(state, tenant, record['type'], record['externalId'])
    body['group' if record['type'] == 'GROUP' else 'user'] = subject or {'id': record['externalId']}
    return body


def _checked(state, tenant, body, prefix):
    """The record of one ApiCreateBindingRequest (422 for a bad body, 404 for an unknown role or subject)."""
    if not isinstance(body, dict):
        raise errors.KestraHttpError(400, 'Invalid JSON: a binding must be an object')
    violations = []
    if body.get('type') not in TYPES:
        violations.append(('%s.type' % prefix, 'must be one of USER, GROUP'))
    for name in ('externalId', 'roleId'):
        if not isinstance(body.get(name), str) or not body.get(name):
            violations.append(('%s.%s' % (prefix, name), 'must not be blank'))
    namespace = body.get('namespaceId')
    if namespace is not None and not isinstance(namespace, str):
        violations.append(('%s.namespaceId' % prefix, 'must be a string'))
    if violations:
        raise errors.constraint_violation(violations)
    if body['roleId'] not in tenant.roles:
        raise errors.not_found('Role not found: %s' % body['roleId'])
    if _subject(state, tenant, body['type'], body['externalId']) is None:
        raise errors.not_found('%s not found: %s' % ('Group' if body['type'] == 'GROUP' else 'User',
                                                     body['externalId']))
    return {'id': util.new_id(), 'type': body['type'], 'externalId': body['externalId'], 'roleId': body['roleId'],
            'namespaceId': namespace or None}


async def _json(request):
    try:
        return await request.json()
    except ValueError as exc:
        raise errors.KestraHttpError(400, 'Invalid JSON: %s' % exc)


@routes.post('/api/v1/{tenant}/bindings')
async def create(request):
    oss_answer(request)
    state, tenant = _state(request), _tenant(request)
    record = _checked(state, tenant, await _json(request), 'binding')
    tenant.bindings[record['id']] = record
    return util.json_response(detail(state, tenant, record))


@routes.post('/api/v1/{tenant}/bindings/bulk')
async def bulk_create(request):
    oss_answer(request)
    state, tenant = _state(request), _tenant(request)
    body = await _json(request)
    if not isinstance(body, list):
        raise errors.KestraHttpError(400, 'Invalid JSON: the body must be a list of bindings')
    records = [_checked(state, tenant, item, 'bindings[%d]' % index) for index, item in enumerate(body)]
    for record in records:
        tenant.bindings[record['id']] = record
    return util.json_response([detail(state, tenant, record) for record in records])


@routes.get('/api/v1/{tenant}/bindings/search')
async def search(request):
    oss_answer(request)
    state, tenant = _state(request), _tenant(request)
    page, size = util.page_params(request)
    wanted_type = request.query.get('type')
    if wanted_type is not None and wanted_type not in TYPES:
        raise errors.KestraHttpError(400, "Bad Request: Failed to convert argument [type] for value [%s]" % wanted_type)
    external_id = request.query.get('id')
    namespace = request.query.get('namespace')
    found = [r for r in tenant.bindings.values()
             if (not wanted_type or r['type'] == wanted_type)
             and (not external_id or r['externalId'] == external_id)
             and (not namespace or r.get('namespaceId') == namespace)]
    results = [detail(state, tenant, r) for r in found]
    return util.json_response(util.paged(results, page, min(size, MAX_PAGE_SIZE)))


def _binding(request):
    oss_answer(request)
    record = _tenant(request).bindings.get(request.match_info['id'])
    if record is None:
        raise errors.not_found('Binding not found')
    return record


@routes.get('/api/v1/{tenant}/bindings/{id}')
async def get(request):
    return util.json_response(detail(_state(request), _tenant(request), _binding(request)))


@routes.delete('/api/v1/{tenant}/bindings/{id}')
async def delete(request):
    record = _binding(request)
    del _tenant(request).bindings[record['id']]
    return web.Response(status=204)


def setup(app):
    app.add_routes(routes)
