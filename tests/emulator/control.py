"""Test-only control endpoints under /_emulator/ (never under /api)."""

from aiohttp import web

from .errors import KestraHttpError

routes = web.RouteTableDef()


def _state(request):
    return request.app['state']


async def _json_body(request):
    if not request.can_read_body:
        return {}
    try:
        return await request.json()
    except ValueError:
        raise KestraHttpError(400, 'control endpoints take a JSON body')


@routes.post('/_emulator/reset')
async def reset(request):
    _state(request).reset()
    return web.json_response({'reset': True})


@routes.get('/_emulator/requests')
async def list_requests(request):
    return web.json_response(_state(request).requests)


@routes.delete('/_emulator/requests')
async def clear_requests(request):
    del _state(request).requests[:]
    return web.json_response({'cleared': True})


@routes.post('/_emulator/faults')
async def add_fault(request):
    body = await _json_body(request)
    allowed = {'count', 'method', 'path', 'exact', 'status', 'retry_after', 'delay', 'drop', 'message'}
    unknown = set(body) - allowed
    if unknown:
        raise KestraHttpError(400, 'unknown fault fields: %s' % ', '.join(sorted(unknown)))
    fault = dict(body)
    fault['count'] = _number(fault, 'count', int, 1, minimum=1)
    for name, kind in (('status', int), ('retry_after', float), ('delay', float)):
        if fault.get(name) is not None:
            fault[name] = _number(fault, name, kind, None, minimum=0)
    if fault.get('status') is not None and not 100 <= fault['status'] <= 599:
        raise KestraHttpError(400, 'status must be an HTTP status code')
    _state(request).faults.append(fault)
    return web.json_response(fault)


def _number(body, name, kind, default, minimum):
    try:
        value = kind(body.get(name, default))
    except (TypeError, ValueError):
        raise KestraHttpError(400, '%s must be a number' % name)
    if value < minimum:
        raise KestraHttpError(400, '%s must be at least %s' % (name, minimum))
    return value


@routes.get('/_emulator/faults')
async def list_faults(request):
    return web.json_response(_state(request).faults)


@routes.delete('/_emulator/faults')
async def clear_faults(request):
    del _state(request).faults[:]
    return web.json_response({'cleared': True})


@routes.post('/_emulator/time-scale')
async def time_scale(request):
    body = await _json_body(request)
    factor = _number(body, 'factor', float, 1.0, minimum=0)
    if factor == 0:
        raise KestraHttpError(400, 'factor must be positive')
    _state(request).time_scale = factor
    return web.json_response({'factor': factor})


@routes.get('/_emulator/state')
async def describe(request):
    state = _state(request)
    return web.json_response({
        'profile': state.profile,
        'edition': state.edition,
        'version': state.version,
        'time_scale': state.time_scale,
        'auth': 'token' if state.token is not None else 'basic' if state.username is not None else 'open',
        'tenants': sorted(state.tenants),
    })


@routes.post('/_emulator/flows')
async def seed_flow(request):
    """Store a flow source directly (test seeding; no validation): {"tenant", "source"}."""
    from . import flow_store
    body = await _json_body(request)
    state = _state(request)
    tenant = state.tenant(body.get('tenant', 'main'))
    revision, changed = flow_store.save(state, tenant, body['source'])
    return web.json_response({'namespace': revision['model']['namespace'], 'id': revision['model']['id'],
                              'revision': revision['revision'], 'changed': changed})
