"""Who a request is authenticated as (EE access model; docs/dev/kestra-api/access-users-tokens.md).

The authentication middleware calls identify() and stores the result in request['identity']:
  {'id', 'type': 'ROOT'|'USER'|'SERVICE_ACCOUNT', 'superAdmin': bool}

- ROOT: the emulator's configured credentials (--username/--password or --token), or any request
  when the emulator runs without credentials; allowed everything.
- USER: the bearer value of one of its API tokens, or (profile 1.x only: Kestra EE 2.0 has no
  per-request basic auth) basic auth with the email and password of a user created through the users API.
- SERVICE_ACCOUNT: the bearer value of an API token of a service account (EmulatorState.service_accounts).
An expired token does not authenticate; an 'extended' token's expiry moves forward by its maxAge
each time it is used, as the CreateApiTokenRequest.extended flag describes.

GET /api/v1/me answers the identity in the shape of Kestra's MeController.ApiMe (EE only).
"""

import base64
import datetime
import re

from aiohttp import web

from . import errors, util
from .edition import oss_answer

ROOT_ID = 'emulator-root'
ROOT, USER, SERVICE_ACCOUNT = 'ROOT', 'USER', 'SERVICE_ACCOUNT'

_DURATION = re.compile(r'^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$')

routes = web.RouteTableDef()


def parse_duration(text):
    """An ISO-8601 duration (P30D, PT1H, P1DT2H30M) as a timedelta; None when it is not one."""
    if not isinstance(text, str):
        return None
    match = _DURATION.match(text.strip().upper())
    if not match or text.strip().upper() in ('P', 'PT'):
        return None
    days, hours, minutes, seconds = match.groups()
    return datetime.timedelta(days=int(days or 0), hours=int(hours or 0), minutes=int(minutes or 0),
                              seconds=float(seconds or 0))


def root_identity():
    return {'id': ROOT_ID, 'type': ROOT, 'superAdmin': True}


def _service_accounts(state):
    return getattr(state, 'service_accounts', None) or {}


def owner_identity(state, owner_id):
    """The identity of a user or service account id, or None when it does not exist (any more)."""
    user = state.users.get(owner_id)
    if user is not None:
        return {'id': owner_id, 'type': USER, 'superAdmin': bool(user.get('superAdmin'))}
    account = _service_accounts(state).get(owner_id)
    if account is not None:
        return {'id': owner_id, 'type': SERVICE_ACCOUNT, 'superAdmin': bool(account.get('superAdmin'))}
    return None


def _token_identity(state, value):
    for token in state.api_tokens.values():
        if token.get('value') != value:
            continue
        moment = util.now()
        if token.get('expiresAt') is not None and token['expiresAt'] <= moment:
            return None
        identity = owner_identity(state, token['owner_id'])
        if identity is None:
            return None
        token['lastUsed'] = moment
        if token.get('extended') and token.get('maxAge') is not None:
            token['expiresAt'] = moment + token['maxAge']
        return identity
    return None


def _basic_credentials(header):
    if not header.startswith('Basic '):
        return None
    try:
        decoded = base64.b64decode(header[len('Basic '):].strip()).decode('utf-8')
    except (ValueError, UnicodeDecodeError):
        return None
    if ':' not in decoded:
        return None
    return decoded.split(':', 1)


def _user_identity(state, header):
    credentials = _basic_credentials(header)
    if credentials is None:
        return None
    email, password = credentials
    for user in state.users.values():
        if user.get('password') is not None and str(user.get('email', '')).lower() == email.lower() \
                and user['password'] == password:
            return {'id': user['id'], 'type': USER, 'superAdmin': bool(user.get('superAdmin'))}
    return None


def identify(state, request, root_authorized):
    """The identity of a request, or None when it is not authenticated.

    root_authorized: whether the request carries the emulator's configured credentials (or the emulator
    runs without any). Accounts created through the API authenticate on the Enterprise edition only.
    """
    if root_authorized:
        header = request.headers.get('Authorization', '')
        open_mode = state.token is None and state.username is None
        if not (open_mode and state.is_ee and header):
            return root_identity()
    if not state.is_ee:
        return None
    header = request.headers.get('Authorization', '')
    if header.startswith('Bearer '):
        identity = _token_identity(state, header[len('Bearer '):].strip())
    elif not state.is_v2:
        # 1.x EE takes basic auth per request; 2.0 EE does not (its clients log in, then use a bearer token)
        identity = _user_identity(state, header)
    else:
        identity = None
    if identity is None and root_authorized:
        # without configured credentials, an unknown header still gets in, as root
        return root_identity()
    return identity


def current(request):
    """The identity of the request (ROOT when the middleware did not set one)."""
    return request.get('identity') or root_identity()


def require_superadmin(request):
    """403 as Kestra EE answers a superadmin-only route for an account that is not a superadmin
    (the body of access_permissions.forbidden(): 2.0 a problem document, 1.x Micronaut's JSON error)."""
    identity = current(request)
    if identity.get('superAdmin'):
        return
    kind = 'service account' if identity.get('type') == SERVICE_ACCOUNT else 'user'
    detail = '%s %s is not a superadmin: %s %s needs superadmin access' % (
        kind, identity.get('id'), request.method, request.path)
    try:
        from .access_permissions import forbidden
    except ImportError:  # pragma: no cover
        raise errors.KestraHttpError(403, 'Forbidden: %s' % detail)
    response = forbidden(request, detail)
    raise web.HTTPForbidden(body=response.body, content_type=response.content_type)


def me_body(state, identity):
    """MeController.ApiMe of an identity (the emulator adds 'type')."""
    body = {'id': identity['id'], 'type': identity['type'], 'superAdmin': identity['superAdmin'],
            'restricted': False, 'auths': [], 'tenants': []}
    if identity['type'] == ROOT:
        body['profile'] = {'username': state.username, 'email': state.username if state.username and
                           '@' in state.username else None}
        return body
    user = state.users.get(identity['id'])
    if user is not None:
        body['restricted'] = bool(user.get('restricted'))
        body['profile'] = {'email': user['email'], 'username': user['email'],
                           'firstName': user.get('firstName'), 'lastName': user.get('lastName')}
        body['tenants'] = [{'id': tenant, 'name': tenant} for tenant in user.get('tenants') or ()]
        return body
    account = _service_accounts(state).get(identity['id']) or {}
    body['profile'] = {'username': account.get('name')}
    return body


@routes.get('/api/v1/me')
async def get_me(request):
    """getCurrentUser (EE; /api/v1/me since 0.24, no tenant)."""
    oss_answer(request)
    state = request.app['state']
    return util.json_response(me_body(state, current(request)))


def setup(app):
    app.add_routes(routes)
