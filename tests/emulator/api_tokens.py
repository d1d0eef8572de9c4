"""EE API tokens of users and service accounts (docs/dev/kestra-api/access-users-tokens.md).

Records in EmulatorState.api_tokens (see state.py). The full value is answered once, by the create
request (CreateApiTokenResponse {id, name, fullToken}); listings give ApiToken {id, name, description,
prefix, iat, exp, lastUsed, extended, expired}, never the value. A token authenticates as its owner
with 'Authorization: Bearer <fullToken>' (access_identity.py).

Routes (the same on 1.x and 2.0):
- GET/POST   /api/v1/users/{id}/api-tokens                          listApiTokensForUser / createApiTokensForUser (201)
- DELETE     /api/v1/users/{id}/api-tokens/{tokenId}                deleteApiTokenForUser (204)
- GET/POST   /api/v1/service-accounts/{id}/api-tokens               listApiTokensForServiceAccount / create... (200)
- DELETE     /api/v1/service-accounts/{id}/api-tokens/{tokenId}     deleteApiTokenForServiceAccount (200)
- GET/POST   /api/v1/{tenant}/service-accounts/{id}/api-tokens      ...WithTenant (200)
- DELETE     /api/v1/{tenant}/service-accounts/{id}/api-tokens/{tokenId}
- GET/POST   /api/v1/me/api-tokens                                  the connecting account's own tokens
Token names follow CreateApiTokenRequest.name: ^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$ (422 otherwise).
"""

import re
import secrets as random_secrets

from aiohttp import web

from . import access_identity, errors, util
from .edition import oss_answer

routes = web.RouteTableDef()
NAME = re.compile(r'^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$')
PREFIX_LENGTH = 8


def _state(request):
    return request.app['state']


def _service_accounts(state):
    return getattr(state, 'service_accounts', None) or {}


def api_token(token):
    """ApiToken: never the value."""
    moment = util.now()
    expires = token.get('expiresAt')
    return {'id': token['id'], 'name': token['name'], 'description': token.get('description'),
            'prefix': token['prefix'], 'iat': util.iso(token['iat']), 'exp': util.iso(expires),
            'lastUsed': util.iso(token.get('lastUsed')), 'extended': token['extended'],
            'expired': expires is not None and expires <= moment}


def _owner_user(request):
    oss_answer(request)
    access_identity.require_superadmin(request)
    user_id = request.match_info['id']
    if user_id not in _state(request).users:
        raise errors.not_found('User not found')
    return user_id


def _owner_service_account(request):
    oss_answer(request)
    state = _state(request)
    account_id = request.match_info['id']
    account = _service_accounts(state).get(account_id)
    tenant = request.match_info.get('tenant')
    if tenant is None:
        access_identity.require_superadmin(request)
    visible = tenant is None or account is None or account.get('tenant') in (None, tenant) \
        or tenant in (account.get('tenants') or ())
    if account is None or not visible:
        raise errors.not_found('Service account not found')
    return account_id


def _list(state, owner_id):
    tokens = sorted((t for t in state.api_tokens.values() if t['owner_id'] == owner_id),
                    key=lambda t: (t['iat'], t['id']))
    return {'results': [api_token(t) for t in tokens], 'total': len(tokens)}


async def _create(request, owner_id, status):
    state = _state(request)
    body = await util.json_object(request)
    violations = []
    name = body.get('name')
    if not isinstance(name, str) or not NAME.match(name):
        violations.append(('request.name', 'must match "^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$"'))
    description = body.get('description')
    if description is not None and not isinstance(description, str):
        violations.append(('request.description', 'must be a string'))
    max_age = None
    if body.get('maxAge') is not None:
        max_age = access_identity.parse_duration(body['maxAge'])
        if max_age is None or max_age.total_seconds() <= 0:
            violations.append(('request.maxAge', 'must be a positive ISO-8601 duration'))
    extended = body.get('extended')
    if extended is not None and not isinstance(extended, bool):
        violations.append(('request.extended', 'must be a boolean'))
    if violations:
        raise errors.constraint_violation(violations)
    moment = util.now()
    value = random_secrets.token_urlsafe(30).replace('-', 'a').replace('_', 'b')
    token = {'id': util.new_id(), 'owner_id': owner_id, 'name': name, 'description': description,
             'value': value, 'prefix': value[:PREFIX_LENGTH], 'iat': moment, 'maxAge': max_age,
             'expiresAt': moment + max_age if max_age is not None else None, 'extended': bool(extended),
             'lastUsed': None}
    state.api_tokens[token['id']] = token
    return util.json_response({'id': token['id'], 'name': name, 'fullToken': value}, status=status)


def _delete(request, owner_id, status):
    state = _state(request)
    token = state.api_tokens.get(request.match_info['tokenId'])
    if token is None or token['owner_id'] != owner_id:
        raise errors.not_found('API token not found')
    del state.api_tokens[token['id']]
    return web.Response(status=status)


@routes.get('/api/v1/users/{id}/api-tokens')
async def list_user_tokens(request):
    return util.json_response(_list(_state(request), _owner_user(request)))


@routes.post('/api/v1/users/{id}/api-tokens')
async def create_user_token(request):
    return await _create(request, _owner_user(request), 201)


@routes.delete('/api/v1/users/{id}/api-tokens/{tokenId}')
async def delete_user_token(request):
    return _delete(request, _owner_user(request), 204)


@routes.get('/api/v1/service-accounts/{id}/api-tokens')
@routes.get('/api/v1/{tenant}/service-accounts/{id}/api-tokens')
async def list_service_account_tokens(request):
    return util.json_response(_list(_state(request), _owner_service_account(request)))


@routes.post('/api/v1/service-accounts/{id}/api-tokens')
@routes.post('/api/v1/{tenant}/service-accounts/{id}/api-tokens')
async def create_service_account_token(request):
    return await _create(request, _owner_service_account(request), 200)


@routes.delete('/api/v1/service-accounts/{id}/api-tokens/{tokenId}')
@routes.delete('/api/v1/{tenant}/service-accounts/{id}/api-tokens/{tokenId}')
async def delete_service_account_token(request):
    return _delete(request, _owner_service_account(request), 200)


def _me(request):
    oss_answer(request)
    identity = access_identity.current(request)
    if identity['type'] == access_identity.ROOT:
        raise errors.bad_request('the emulator\'s configured account has no API tokens of its own')
    return identity['id']


@routes.get('/api/v1/me/api-tokens')
async def list_my_tokens(request):
    return util.json_response(_list(_state(request), _me(request)))


@routes.post('/api/v1/me/api-tokens')
async def create_my_token(request):
    return await _create(request, _me(request), 200)


def setup(app):
    app.add_routes(routes)
