"""EE users: instance-level accounts, their tenant-scoped groups (docs/dev/kestra-api/access-users-tokens.md).

Records in EmulatorState.users (see state.py). The password is write-only: it authenticates the
user with basic auth (access_identity.py) and is never returned. Group memberships live in each
tenant's TenantState.group_members (groups.py: groups_of / set_groups_of).

Routes (spec operation ids; the same on 1.x and 2.0 but for the listing's text filter):
- GET    /api/v1/users                        listUsers: {results: [ApiUserSummary], total}; 1.x q=, 2.0 filters[q][EQUALS]=
- POST   /api/v1/users                        createUser: 201 ApiUser; a used email answers 409
- GET    /api/v1/users/{id}                   getUser: ApiUser (groups as [{id, tenantId}])
- PUT    /api/v1/users/{id}                   updateUser: replaces names, flags, groups (when given), password (when given)
- PATCH  /api/v1/users/{id}                   patchUser: firstName, lastName, email (MeController.ApiUserDetailsRequest)
- DELETE /api/v1/users/{id}                   deleteUser: 204, with its API tokens and memberships
- PATCH  /api/v1/users/{id}/password          patchUserPassword: 200 ApiUser
- PATCH  /api/v1/users/{id}/superadmin        patchUserSuperAdmin: 200, no body
- PATCH  /api/v1/users/{id}/restricted        patchUserDemo: 200, no body
- PUT    /api/v1/{tenant}/users/{id}/groups   updateUserGroups {groupIds}: 204; the user needs access to the tenant
All of them are superadmin-only (403 for another account).
"""

import re

from aiohttp import web

from . import errors, util
from .access_identity import require_superadmin
from .edition import oss_answer

routes = web.RouteTableDef()
EMAIL = re.compile(r'^[^@\s]+@[^@\s]+$')


def _state(request):
    return request.app['state']


def _memberships():
    """(groups_of, set_groups_of) of groups.py, or plain versions over TenantState.group_members."""
    try:
        from .groups import groups_of, set_groups_of
        return groups_of, set_groups_of
    except ImportError:  # groups.py not there yet
        def groups_of(tenant_state, subject_id):
            members = getattr(tenant_state, 'group_members', {})
            return set(group for group, subjects in members.items() if subject_id in subjects)

        def set_groups_of(tenant_state, subject_id, group_ids):
            members = tenant_state.__dict__.setdefault('group_members', {})
            for subjects in members.values():
                subjects.discard(subject_id)
            for group in group_ids:
                members.setdefault(group, set()).add(subject_id)
        return groups_of, set_groups_of


def _groups_of_tenant(tenant_state):
    return getattr(tenant_state, 'groups', {}) or {}


def user_groups(state, user_id):
    """ApiUser.groups: [{id, tenantId}] over every tenant."""
    groups_of, _set = _memberships()
    found = []
    for tenant_id in sorted(state.tenants):
        for group in sorted(groups_of(state.tenants[tenant_id], user_id)):
            found.append({'id': group, 'tenantId': tenant_id})
    return found


def summary(state, user):
    """IAMUserController.ApiUserSummary: the username is the email."""
    return {'id': user['id'], 'username': user['email'], 'displayName': _display(user),
            'tenants': [{'id': t, 'name': t} for t in user['tenants']], 'auths': _auths(user),
            'superAdmin': user['superAdmin']}


def _display(user):
    names = ' '.join(n for n in (user.get('firstName'), user.get('lastName')) if n)
    return names or user['email']


def _auths(user):
    return [{'id': 'password', 'name': 'Password', 'type': 'PASSWORD'}] if user.get('password') else []


def api_user(state, user):
    """IAMUserController.ApiUser. Never the password."""
    return {'id': user['id'], 'username': user['email'], 'displayName': _display(user),
            'firstName': user.get('firstName'), 'lastName': user.get('lastName'), 'email': user['email'],
            'tenants': [{'id': t, 'name': t} for t in user['tenants']], 'auths': _auths(user),
            'groups': user_groups(state, user['id']), 'superAdmin': user['superAdmin'],
            'restricted': user['restricted']}


def _user(request):
    oss_answer(request)
    require_superadmin(request)
    user = _state(request).users.get(request.match_info['id'])
    if user is None:
        raise errors.not_found('User not found')
    return user


def _check_text(body, names, prefix):
    violations = [('%s.%s' % (prefix, name), 'must be a string') for name in names
                  if body.get(name) is not None and not isinstance(body.get(name), str)]
    if violations:
        raise errors.constraint_violation(violations)


def _check_email(state, email, prefix, user_id=None):
    if not isinstance(email, str) or not EMAIL.match(email):
        raise errors.constraint_violation([('%s.email' % prefix, 'must be a well-formed email address')])
    for other in state.users.values():
        if other['id'] != user_id and other['email'].lower() == email.lower():
            raise errors.KestraHttpError(409, 'A user with email %s already exists' % email)


def _check_flag(body, name, prefix):
    if body.get(name) is not None and not isinstance(body.get(name), bool):
        raise errors.constraint_violation([('%s.%s' % (prefix, name), 'must be a boolean')])


def _check_password(body, prefix):
    password = body.get('password')
    if password is not None and (not isinstance(password, str) or not password):
        # never echo the value
        raise errors.constraint_violation([('%s.password' % prefix, 'must not be blank')])
    return password


def _place_groups(state, user, group_ids):
    """Memberships of the groups listed in a create/update body: each id found in one of the user's tenants."""
    if not isinstance(group_ids, list) or not all(isinstance(g, str) for g in group_ids):
        raise errors.constraint_violation([('user.groups', 'must be a list of group ids')])
    by_tenant = dict((tenant, []) for tenant in user['tenants'])
    for group in group_ids:
        owners = [t for t in user['tenants'] if group in _groups_of_tenant(state.tenant(t))]
        if not owners:
            raise errors.not_found('Tenant, or group not found: group %s' % group)
        by_tenant[owners[0]].append(group)
    _groups_of, set_groups_of = _memberships()
    for tenant, groups in by_tenant.items():
        set_groups_of(state.tenant(tenant), user['id'], groups)


def _tenants(state, body, prefix):
    tenants = body.get('tenants')
    if tenants is None:
        return None
    if not isinstance(tenants, list) or not all(isinstance(t, str) for t in tenants):
        raise errors.constraint_violation([('%s.tenants' % prefix, 'must be a list of tenant ids')])
    return list(dict.fromkeys(tenants))


@routes.get('/api/v1/users')
async def list_users(request):
    oss_answer(request)
    require_superadmin(request)
    state = _state(request)
    page, size = util.page_params(request)
    # 1.3's listUsers reads q= and filters[q]; 2.0's reads filters only
    text = None if state.is_v2 else request.query.get('q')
    for field, _op, value in util.parse_filters(request.query):
        if field == 'q' and isinstance(value, str):
            text = value
    users = sorted(state.users.values(), key=lambda u: u['email'].lower())
    if text:
        needle = text.lower()
        users = [u for u in users if needle in u['email'].lower() or needle in _display(u).lower()]
    return util.json_response(util.paged([summary(state, u) for u in users], page, size))


@routes.post('/api/v1/users')
async def create_user(request):
    oss_answer(request)
    require_superadmin(request)
    state = _state(request)
    body = await util.json_object(request)
    prefix = 'user'
    _check_text(body, ('firstName', 'lastName'), prefix)
    _check_email(state, body.get('email'), prefix)
    for flag in ('superAdmin', 'restricted'):
        _check_flag(body, flag, prefix)
    password = _check_password(body, prefix)
    tenants = _tenants(state, body, prefix) or []
    user = {'id': util.new_id(), 'email': body['email'], 'firstName': body.get('firstName'),
            'lastName': body.get('lastName'), 'superAdmin': bool(body.get('superAdmin')),
            'restricted': bool(body.get('restricted')), 'tenants': tenants, 'password': password}
    if body.get('groups'):
        _place_groups(state, user, body['groups'])
    state.users[user['id']] = user
    return util.json_response(api_user(state, user), status=201)


@routes.get('/api/v1/users/{id}')
async def get_user(request):
    user = _user(request)
    return util.json_response(api_user(_state(request), user))


@routes.put('/api/v1/users/{id}')
async def update_user(request):
    """Replaces the user: names and flags not sent are cleared; groups and password only when sent."""
    user = _user(request)
    state = _state(request)
    body = await util.json_object(request)
    prefix = 'user'
    _check_text(body, ('firstName', 'lastName'), prefix)
    _check_email(state, body.get('email'), prefix, user['id'])
    for flag in ('superAdmin', 'restricted'):
        _check_flag(body, flag, prefix)
    password = _check_password(body, prefix)
    tenants = _tenants(state, body, prefix)
    if tenants is not None:
        user['tenants'] = tenants
    if body.get('groups') is not None:
        _place_groups(state, user, body['groups'])
    user.update({'email': body['email'], 'firstName': body.get('firstName'), 'lastName': body.get('lastName'),
                 'superAdmin': bool(body.get('superAdmin')), 'restricted': bool(body.get('restricted'))})
    if password is not None:
        user['password'] = password
    return util.json_response(api_user(state, user))


@routes.patch('/api/v1/users/{id}')
async def patch_user(request):
    user = _user(request)
    state = _state(request)
    body = await util.json_object(request)
    _check_text(body, ('firstName', 'lastName'), 'userDetails')
    if body.get('email') is not None:
        _check_email(state, body['email'], 'userDetails', user['id'])
    for name in ('firstName', 'lastName', 'email'):
        if body.get(name) is not None:
            user[name] = body[name]
    return util.json_response(api_user(state, user))


@routes.delete('/api/v1/users/{id}')
async def delete_user(request):
    user = _user(request)
    state = _state(request)
    _groups_of, set_groups_of = _memberships()
    for tenant_state in state.tenants.values():
        set_groups_of(tenant_state, user['id'], [])
    for token_id in [t for t, token in state.api_tokens.items() if token['owner_id'] == user['id']]:
        del state.api_tokens[token_id]
    del state.users[user['id']]
    return web.Response(status=204)


@routes.patch('/api/v1/users/{id}/password')
async def patch_password(request):
    user = _user(request)
    body = await util.json_object(request)
    if not isinstance(body.get('password'), str) or not body['password']:
        raise errors.constraint_violation([('patchUserPassword.password', 'must not be blank')])
    user['password'] = body['password']
    return util.json_response(api_user(_state(request), user))


async def _patch_flag(request, name, prefix):
    user = _user(request)
    body = await util.json_object(request)
    if not isinstance(body.get(name), bool):
        raise errors.constraint_violation([('%s.%s' % (prefix, name), 'must not be null')])
    user[name] = body[name]
    return web.Response(status=200)


@routes.patch('/api/v1/users/{id}/superadmin')
async def patch_superadmin(request):
    return await _patch_flag(request, 'superAdmin', 'patchUserSuperAdmin')


@routes.patch('/api/v1/users/{id}/restricted')
async def patch_restricted(request):
    return await _patch_flag(request, 'restricted', 'patchUserDemo')


@routes.put('/api/v1/{tenant}/users/{id}/groups')
async def update_user_groups(request):
    """The user's groups in this tenant, replaced; the user must have access to the tenant (404 otherwise)."""
    oss_answer(request)
    require_superadmin(request)
    state = _state(request)
    tenant = request.match_info['tenant']
    user = state.users.get(request.match_info['id'])
    if user is None or tenant not in user['tenants']:
        raise errors.not_found('User not found in tenant %s' % tenant)
    body = await util.json_object(request)
    group_ids = body.get('groupIds') or []
    if not isinstance(group_ids, list) or not all(isinstance(g, str) for g in group_ids):
        raise errors.KestraHttpError(400, 'Bad Request: groupIds must be a list of group ids')
    tenant_state = state.tenant(tenant)
    missing = [g for g in group_ids if g not in _groups_of_tenant(tenant_state)]
    if missing:
        raise errors.not_found('Group not found: %s' % ', '.join(missing))
    _groups_of, set_groups_of = _memberships()
    set_groups_of(tenant_state, user['id'], list(dict.fromkeys(group_ids)))
    return web.Response(status=204)


def setup(app):
    app.add_routes(routes)
