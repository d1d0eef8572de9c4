"""EE service accounts, tenant-scoped and instance-level (docs/dev/kestra-api/access-bindings-service-accounts.md).

Records (EmulatorState.service_accounts, instance-wide; service accounts share the id space of users):
  {sa_id: {'id', 'name', 'description', 'superAdmin': bool,
           'tenant': tenant id (created through /api/v1/{tenant}/service-accounts) or None (instance-level),
           'tenants': [tenant ids] (instance-level: the tenants it may access)}}
Group memberships live in each tenant's group_members (groups.set_groups_of / groups_of).

Routes (the same on 1.x and 2.0):
- /api/v1/{tenant}/service-accounts[/{id}]: GET list (ApiUserTenantAccess: id, username, displayName,
  description, groups [{id, name}]), POST, GET, PUT (name, description, groups; superAdmin ignored),
  DELETE (200). A service account is visible in a tenant when it was created there or may access it.
- /api/v1/service-accounts[/{id}] (superadmin only): GET list (ApiServiceAccountDetail: id, name,
  description, tenants [{id, name}], superAdmin), POST (tenants), GET, PATCH (name, description), DELETE (204).
- PATCH /api/v1/service-accounts/{id}/superadmin {superAdmin} (superadmin only).
Names follow Kestra's pattern and are unique among the service accounts a tenant sees (409); the
control route POST /_emulator/service-accounts stores one without that check, to test duplicates.
Deleting a service account removes its group memberships, its bindings and its API tokens.
"""

import re

from aiohttp import web

from . import errors, groups, util
from .access_identity import current, require_superadmin
from .edition import oss_answer

routes = web.RouteTableDef()
NAME = re.compile(r'^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$')
MAX_PAGE_SIZE = 1000


def _state(request):
    return request.app['state']


def _accounts(state):
    return state.service_accounts


def visible_in(record, tenant_id):
    return record.get('tenant') == tenant_id or tenant_id in (record.get('tenants') or ())


def _check(body, prefix):
    name = body.get('name')
    if not isinstance(name, str) or not name:
        raise errors.constraint_violation([('%s.name' % prefix, 'must not be blank')])
    if not NAME.match(name):
        raise errors.constraint_violation([('%s.name' % prefix, 'must match "%s"' % NAME.pattern)])
    if body.get('description') is not None and not isinstance(body['description'], str):
        raise errors.constraint_violation([('%s.description' % prefix, 'must be a string')])
    if body.get('superAdmin') is not None and not isinstance(body['superAdmin'], bool):
        raise errors.constraint_violation([('%s.superAdmin' % prefix, 'must be a boolean')])
    return name


def _check_unique(state, name, tenant_ids, own_id=None):
    for record in _accounts(state).values():
        if record['id'] == own_id or record['name'] != name:
            continue
        # instance-level names are unique in the instance; a tenant's names among what it sees
        if tenant_ids is None or record.get('tenant') is None or any(visible_in(record, t) for t in tenant_ids):
            raise errors.KestraHttpError(409, "Conflict: a service account named '%s' already exists" % name)


def _group_ids(body, prefix):
    found = []
    for item in body.get('groups') or ():
        if not isinstance(item, dict) or not isinstance(item.get('id'), str):
            raise errors.constraint_violation([('%s.groups[].id' % prefix, 'must not be null')])
        found.append(item['id'])
    return list(dict.fromkeys(found))


def _paged(request, items):
    page, size = util.page_params(request)
    return util.json_response(util.paged(items, page, min(size, MAX_PAGE_SIZE)))


def tenant_response(tenant_state, record):
    """IAMServiceAccountController.ApiServiceAccountResponse."""
    return {'id': record['id'], 'name': record['name'], 'description': record.get('description'),
            'groups': [{'id': gid} for gid in sorted(groups.groups_of(tenant_state, record['id']))],
            'superAdmin': bool(record.get('superAdmin'))}


def tenant_access(tenant_state, record):
    """IAMTenantAccessController.ApiUserTenantAccess (the items of the tenant's listing)."""
    return {'id': record['id'], 'username': record['name'], 'displayName': record['name'],
            'description': record.get('description'),
            'groups': [{'id': gid, 'name': tenant_state.groups[gid]['name']}
                       for gid in sorted(groups.groups_of(tenant_state, record['id']))],
            'auths': []}


def detail(record):
    """IAMServiceAccountController.ApiServiceAccountDetail."""
    tenant_ids = [record['tenant']] if record.get('tenant') else list(record.get('tenants') or ())
    return {'id': record['id'], 'name': record['name'], 'description': record.get('description'),
            'tenants': [{'id': t, 'name': t} for t in tenant_ids], 'superAdmin': bool(record.get('superAdmin'))}


def _forget(state, account_id):
    """What deleting a service account removes with it: memberships, bindings, API tokens."""
    for tenant_state in state.tenants.values():
        groups.forget_subject(tenant_state, account_id)
        bindings = getattr(tenant_state, 'bindings', {})
        for binding_id in [b for b, record in bindings.items()
                           if record['type'] == 'USER' and record['externalId'] == account_id]:
            del bindings[binding_id]
    tokens = getattr(state, 'api_tokens', {})
    for token_id in [t for t, token in tokens.items() if token.get('owner_id') == account_id]:
        del tokens[token_id]
    del _accounts(state)[account_id]


def _may_grant_superadmin(request, body):
    if body.get('superAdmin') and not current(request).get('superAdmin'):
        raise errors.KestraHttpError(403, 'Forbidden: only a superadmin can create a superadmin service account')


# ---- tenant scope ---------------------------------------------------------------------------

def _tenant_account(request):
    oss_answer(request)
    state = _state(request)
    record = _accounts(state).get(request.match_info['id'])
    if record is None or not visible_in(record, request.match_info['tenant']):
        raise errors.not_found('Service account not found')
    return record


@routes.get('/api/v1/{tenant}/service-accounts')
async def list_for_tenant(request):
    oss_answer(request)
    state = _state(request)
    tenant_id = request.match_info['tenant']
    tenant_state = state.tenant(tenant_id)
    records = sorted((r for r in _accounts(state).values() if visible_in(r, tenant_id)),
                     key=lambda r: (r['name'], r['id']))
    return _paged(request, [tenant_access(tenant_state, r) for r in records])


@routes.post('/api/v1/{tenant}/service-accounts')
async def create_for_tenant(request):
    oss_answer(request)
    state = _state(request)
    tenant_id = request.match_info['tenant']
    tenant_state = state.tenant(tenant_id)
    body = await util.json_object(request)
    name = _check(body, 'serviceAccount')
    group_ids = _group_ids(body, 'serviceAccount')
    _may_grant_superadmin(request, body)
    _check_unique(state, name, [tenant_id])
    unknown = sorted(set(group_ids) - set(tenant_state.groups))
    if unknown:
        raise errors.not_found('Group not found: %s' % ', '.join(unknown))
    record = {'id': util.new_id(), 'name': name, 'description': body.get('description'),
              'superAdmin': bool(body.get('superAdmin')), 'tenant': tenant_id, 'tenants': []}
    _accounts(state)[record['id']] = record
    groups.set_groups_of(tenant_state, record['id'], group_ids)
    return util.json_response(tenant_response(tenant_state, record))


@routes.get('/api/v1/{tenant}/service-accounts/{id}')
async def get_for_tenant(request):
    record = _tenant_account(request)
    return util.json_response(tenant_response(_state(request).tenant(request.match_info['tenant']), record))


@routes.put('/api/v1/{tenant}/service-accounts/{id}')
async def update_for_tenant(request):
    record = _tenant_account(request)
    state = _state(request)
    tenant_id = request.match_info['tenant']
    tenant_state = state.tenant(tenant_id)
    body = await util.json_object(request)
    name = _check(body, 'serviceAccount')
    group_ids = _group_ids(body, 'serviceAccount')
    _check_unique(state, name, [tenant_id], own_id=record['id'])
    groups.set_groups_of(tenant_state, record['id'], group_ids)
    record['name'] = name
    record['description'] = body.get('description')
    # superAdmin is changed through PATCH /api/v1/service-accounts/{id}/superadmin only
    return util.json_response(tenant_response(tenant_state, record))


@routes.delete('/api/v1/{tenant}/service-accounts/{id}')
async def delete_for_tenant(request):
    record = _tenant_account(request)
    _forget(_state(request), record['id'])
    return web.Response(status=200)


# ---- instance scope (superadmin) -------------------------------------------------------------

def _instance_account(request):
    oss_answer(request)
    require_superadmin(request)
    record = _accounts(_state(request)).get(request.match_info['id'])
    if record is None:
        raise errors.not_found('Service account not found')
    return record


@routes.get('/api/v1/service-accounts')
async def list_all(request):
    oss_answer(request)
    require_superadmin(request)
    records = sorted(_accounts(_state(request)).values(), key=lambda r: (r['name'], r['id']))
    return _paged(request, [detail(r) for r in records])


@routes.post('/api/v1/service-accounts')
async def create(request):
    oss_answer(request)
    require_superadmin(request)
    state = _state(request)
    body = await util.json_object(request)
    name = _check(body, 'serviceAccount')
    tenant_ids = body.get('tenants') or []
    if not isinstance(tenant_ids, list) or not all(isinstance(t, str) for t in tenant_ids):
        raise errors.constraint_violation([('serviceAccount.tenants', 'must be a list of tenant ids')])
    known = getattr(state, 'tenant_records', None)
    if known is not None:
        unknown = sorted(set(tenant_ids) - set(known))
        if unknown:
            raise errors.not_found('Tenant not found: %s' % ', '.join(unknown))
    _check_unique(state, name, None)
    record = {'id': util.new_id(), 'name': name, 'description': body.get('description'),
              'superAdmin': bool(body.get('superAdmin')), 'tenant': None, 'tenants': list(dict.fromkeys(tenant_ids))}
    _accounts(state)[record['id']] = record
    return util.json_response(detail(record))


@routes.get('/api/v1/service-accounts/{id}')
async def get(request):
    return util.json_response(detail(_instance_account(request)))


@routes.patch('/api/v1/service-accounts/{id}')
async def patch(request):
    record = _instance_account(request)
    body = await util.json_object(request)
    name = _check(body, 'serviceAccount')
    _check_unique(_state(request), name, None, own_id=record['id'])
    record['name'] = name
    record['description'] = body.get('description')
    return util.json_response(detail(record))


@routes.delete('/api/v1/service-accounts/{id}')
async def delete(request):
    record = _instance_account(request)
    _forget(_state(request), record['id'])
    return web.Response(status=204)


@routes.patch('/api/v1/service-accounts/{id}/superadmin')
async def patch_superadmin(request):
    record = _instance_account(request)
    body = await util.json_object(request)
    if not isinstance(body.get('superAdmin'), bool):
        raise errors.constraint_violation([('request.superAdmin', 'must not be null')])
    record['superAdmin'] = body['superAdmin']
    return web.Response(status=200)


@routes.post('/_emulator/service-accounts')
async def seed(request):
    """Test-only: store a service account without the unique-name check (to test duplicate names)."""
    body = await util.json_object(request)
    record = {'id': body.get('id') or util.new_id(), 'name': body['name'], 'description': body.get('description'),
              'superAdmin': bool(body.get('superAdmin')), 'tenant': body.get('tenant'),
              'tenants': list(body.get('tenants') or [])}
    _accounts(_state(request))[record['id']] = record
    return util.json_response(detail(record))


def setup(app):
    app.add_routes(routes)
