"""Request log, fault injection, authentication and error rendering."""

import asyncio
import base64
import re
import time

from aiohttp import web

from . import access_identity, errors
from .access_permissions import permissions
from .kestra_routes import ROUTES

CONTROL_PREFIX = '/_emulator/'


def _state(request):
    return request.app['state']


@web.middleware
async def request_log(request, handler):
    if request.path.startswith(CONTROL_PREFIX):
        return await handler(request)
    started = time.monotonic()
    entry = {'method': request.method, 'path': request.path, 'query': request.query_string}
    status = 0
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        entry['status'] = status
        entry['duration_ms'] = round((time.monotonic() - started) * 1000, 3)
        _state(request).requests.append(entry)


@web.middleware
async def faults(request, handler):
    if request.path.startswith(CONTROL_PREFIX):
        return await handler(request)
    fault = _state(request).take_fault(request.method, request.path)
    if fault is None:
        return await handler(request)
    if fault.get('delay'):
        await asyncio.sleep(float(fault['delay']))
    if fault.get('drop'):
        # close the socket without an answer: the client sees a dropped connection
        request.transport.close()
        raise asyncio.CancelledError()
    if fault.get('status'):
        headers = {}
        if fault.get('retry_after') is not None:
            headers['Retry-After'] = '%g' % fault['retry_after']
        body = errors.json_error_body(request, fault.get('message') or 'Injected fault')
        return web.json_response(body, status=int(fault['status']), headers=headers)
    return await handler(request)


def _open_path(state, path):
    """Paths Kestra's OSS AuthenticationFilter lets through (docs/dev/kestra-api/auth-and-errors.md)."""
    path = re.sub('/+', '/', path)
    if not path.startswith('/api/v1/'):
        # the filter covers /api/v1/** only; /health is a management endpoint
        return True
    if path == '/api/v1/configs':
        # open in 0.24-1.3 OSS; 2.0 moved the open part to /api/v1/configs/login
        return not state.is_v2
    return path in ('/api/v1/configs/login', '/api/v1/login')


def _authorized(state, request):
    header = request.headers.get('Authorization', '')
    if state.token is not None:
        return header == 'Bearer %s' % state.token
    if state.username is not None:
        expected = base64.b64encode(
            ('%s:%s' % (state.username, state.password or '')).encode('utf-8')).decode('ascii')
        if header == 'Basic %s' % expected:
            return True
        return request.cookies.get('BASIC_AUTH') == expected
    return True


@web.middleware
async def authentication(request, handler):
    state = _state(request)
    # request['identity']: who the request runs as (access_identity.py: root, a user or a service account)
    identity = access_identity.identify(state, request, _authorized(state, request))
    if identity is not None:
        request['identity'] = identity
    if _open_path(state, request.path) or identity is not None:
        return await handler(request)
    # the OSS auth filter answers 401 with no body and 'WWW-Authenticate: Basic', but no
    # challenge when the Referer is the login page (docs/dev/kestra-api/auth-and-errors.md; AuthenticationFilter)
    headers = {}
    referer = request.headers.get('Referer', '').split('?')[0]
    if not referer.endswith('/login'):
        headers['WWW-Authenticate'] = 'Bearer' if state.token is not None else 'Basic'
    return web.Response(status=401, headers=headers)


@web.middleware
async def error_rendering(request, handler):
    try:
        return await handler(request)
    except errors.KestraHttpError as exc:
        return errors.render(request, exc)
    except web.HTTPNotFound:
        return errors.render(request, errors.not_found())
    except web.HTTPMethodNotAllowed:
        return errors.render(request, errors.KestraHttpError(405, 'Method Not Allowed'))
    except web.HTTPException:
        raise
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # pylint: disable=broad-except
        return errors.render(request, errors.KestraHttpError(500, 'Internal server error: %s' % exc))


# ---- routes Kestra has and the emulator does not serve -------------------------------------

_PARAM = re.compile(r'\{[^}]*\}')


def _segments(template):
    """A path template as segments, every parameter written '{}' (names and regexes dropped)."""
    return tuple(_PARAM.sub('{}', part) for part in template.strip('/').split('/'))


def _index(version):
    index = {}
    for method, template, versions in ROUTES:
        if version in versions:
            index.setdefault(method, []).append((_segments(template), template))
    return index


_KESTRA_ROUTES = {'1.x': _index('1.x'), '2.0': _index('2.0')}


def _matches(segments, parts):
    return len(segments) == len(parts) and all(s == '{}' or s == p for s, p in zip(segments, parts))


def _specificity(segments):
    """Most specific first: a literal segment beats a parameter, compared from the left."""
    return tuple(0 if s == '{}' else 1 for s in segments)


def kestra_route(version, method, path):
    """(segments, template) of the most specific Kestra route for a request, or None."""
    parts = tuple(path.strip('/').split('/'))
    candidates = [c for c in _KESTRA_ROUTES[version].get(method, ()) if _matches(c[0], parts)]
    if not candidates:
        return None
    return max(candidates, key=lambda c: _specificity(c[0]))


def _served_segments(request):
    """Segments of the emulator route aiohttp matched, or None when none matched (404/405)."""
    if request.match_info.http_exception is not None:
        return None
    resource = request.match_info.route.resource
    if resource is None:
        return None
    return _segments(resource.canonical)


@web.middleware
async def not_emulated(request, handler):
    """Answer 501 for a Kestra route no emulator handler serves.

    Runs after routing: a route registered by any resource module wins when it is
    the same pattern as Kestra's (or more specific); a request that only a less
    specific neighbour pattern matched (GET /flows/source matching /flows/{namespace})
    or that nothing matched gets a 501 naming Kestra's route, never a wrong 200/404.
    """
    if request.path.startswith(CONTROL_PREFIX):
        return await handler(request)
    version = '2.0' if _state(request).is_v2 else '1.x'
    best = kestra_route(version, request.method, re.sub('/+', '/', request.path))
    if best is None:
        return await handler(request)
    served = _served_segments(request)
    if served is not None and (served == best[0] or _specificity(served) >= _specificity(best[0])):
        return await handler(request)
    route = '%s %s' % (request.method, best[1])
    body = errors.json_error_body(request, 'Not emulated: the Kestra emulator does not implement %s' % route)
    body['route'] = route
    raise errors.KestraHttpError(501, body['message'], body=body)


# outermost first: the log sees every request and the final status; the
# 'not emulated' check runs last, once the router has picked a handler
MIDDLEWARES = [request_log, faults, authentication, permissions, error_rendering, not_emulated]
