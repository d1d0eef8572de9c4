"""EE worker groups, instance-level (docs/dev/kestra-api/access-tenants-worker-groups.md).

The two API lines differ:
- 1.x: /api/v1/instance/workergroups; a server-generated 'id', the user's 'key', 'description' and
  'allowedTenants'; the listing answers {workerGroups: [{id, key, description, activeWorkers}]}
  (no allowedTenants: GET {id} has them).
- 2.0: /api/v1/instance/worker-groups; the user's 'id' is the key, 'name' (required), 'description',
  'subscriptions' (required in POST and PUT; PUT replaces them); 'default' exists and cannot be deleted;
  the listing answers {workerGroups: [ApiWorkerGroup]}.

Record kept per key in EmulatorState.worker_groups:
  {'id', 'key', 'name', 'description', 'allowedTenants', 'subscriptions', 'createdAt', 'updatedAt'}
"""

import uuid

from aiohttp import web

from . import errors, util
from .edition import oss_answer

routes = web.RouteTableDef()
V1_PATH = '/api/v1/instance/workergroups'
V2_PATH = '/api/v1/instance/worker-groups'
DEFAULT_KEY = 'default'
# QueueSubscription.Mode of the 2.0 spec (UNKNOWN is Jackson's fallback, not a value to send)
MODES = ('STRICT', 'ELASTIC')


def default_records(is_v2):
    """The worker groups a server starts with: 2.0 has the undeletable 'default' group."""
    if not is_v2:
        return {}
    moment = util.iso(util.now())
    return {DEFAULT_KEY: {'id': DEFAULT_KEY, 'key': DEFAULT_KEY, 'name': 'Default', 'description': None,
                          'allowedTenants': [], 'subscriptions': [], 'createdAt': moment, 'updatedAt': moment}}


def _state(request):
    return request.app['state']


def _version(request, v2):
    """404 as the other line's router answers: 1.x has no /worker-groups, 2.0 no /workergroups."""
    oss_answer(request)
    if _state(request).is_v2 != v2:
        raise errors.not_found()


def _text(body, name, path, required=False):
    value = body.get(name)
    if value is None:
        if required:
            raise errors.constraint_violation([(path, 'must not be null')])
        return None
    if not isinstance(value, str):
        raise errors.KestraHttpError(422, 'Invalid json mapping: Cannot deserialize value of type `String` '
                                          'for field "%s"' % name)
    if required and not value.strip():
        raise errors.constraint_violation([(path, 'size must be between 1 and 2147483647')])
    return value


# ---- 1.x ----------------------------------------------------------------------------------------

def _v1_shape(record):
    return {'id': record['id'], 'key': record['key'], 'description': record['description'],
            'allowedTenants': list(record['allowedTenants'])}


def _v1_by_id(request):
    wanted = request.match_info['id']
    for record in _state(request).worker_groups.values():
        if record['id'] == wanted:
            return record
    raise errors.not_found("Worker group '%s' not found" % wanted)


def _v1_fields(body):
    key = _text(body, 'key', 'workerGroup.key', required=True)
    tenants = body.get('allowedTenants')
    if tenants is None:
        tenants = []
    if not isinstance(tenants, list) or not all(isinstance(t, str) for t in tenants):
        raise errors.KestraHttpError(422, 'Invalid json mapping: Cannot deserialize value of type `List` '
                                          'for field "allowedTenants"')
    return key, _text(body, 'description', 'workerGroup.description'), tenants


@routes.get(V1_PATH)
async def v1_list(request):
    _version(request, False)
    items = [{'id': r['id'], 'key': r['key'], 'description': r['description'], 'activeWorkers': 0}
             for _k, r in sorted(_state(request).worker_groups.items())]
    return util.json_response({'workerGroups': items})


@routes.post(V1_PATH)
async def v1_create(request):
    _version(request, False)
    key, description, tenants = _v1_fields(await util.json_mapping(request))
    groups = _state(request).worker_groups
    if key in groups:
        raise errors.KestraHttpError(409, "Conflict: a worker group with key '%s' already exists" % key)
    moment = util.iso(util.now())
    record = {'id': uuid.uuid4().hex[:22], 'key': key, 'name': key, 'description': description,
              'allowedTenants': tenants, 'subscriptions': [], 'createdAt': moment, 'updatedAt': moment}
    groups[key] = record
    return util.json_response(_v1_shape(record))


@routes.get(V1_PATH + '/{id}')
async def v1_get(request):
    _version(request, False)
    shape = _v1_shape(_v1_by_id(request))
    shape['workers'] = []
    return util.json_response(shape)


@routes.put(V1_PATH + '/{id}')
async def v1_update(request):
    _version(request, False)
    record = _v1_by_id(request)
    key, description, tenants = _v1_fields(await util.json_mapping(request))
    groups = _state(request).worker_groups
    if key != record['key']:
        if key in groups:
            raise errors.KestraHttpError(409, "Conflict: a worker group with key '%s' already exists" % key)
        groups.pop(record['key'])
        groups[key] = record
    record.update(key=key, description=description, allowedTenants=tenants, updatedAt=util.iso(util.now()))
    return util.json_response(_v1_shape(record))


@routes.delete(V1_PATH + '/{id}')
async def v1_delete(request):
    _version(request, False)
    record = _v1_by_id(request)
    _state(request).worker_groups.pop(record['key'], None)
    return util.json_response({})


# ---- 2.0 ----------------------------------------------------------------------------------------

def _v2_shape(record):
    return {
        'id': record['key'], 'name': record['name'], 'description': record['description'],
        'subscriptions': [{'mode': s['mode'], 'reservedPercent': s.get('reservedPercent'),
                           'queue': {'id': s['workerQueueId'], 'tags': [], 'allowedTenants': []}}
                          for s in record['subscriptions']],
        'tokens': [], 'deletable': record['key'] != DEFAULT_KEY,
        'createdAt': record['createdAt'], 'updatedAt': record['updatedAt'],
    }


def _v2_subscriptions(body):
    items = body.get('subscriptions')
    if items is None:
        raise errors.constraint_violation([('request.subscriptions', 'must not be null')])
    if not isinstance(items, list):
        raise errors.KestraHttpError(422, 'Invalid json mapping: Cannot deserialize value of type `List` '
                                          'for field "subscriptions"')
    result = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get('workerQueueId'), str) or not item['workerQueueId']:
            raise errors.constraint_violation([('request.subscriptions[].workerQueueId', 'must not be blank')])
        mode = item.get('mode')
        if mode is not None and mode not in MODES:
            raise errors.KestraHttpError(422, 'Invalid json mapping: Cannot deserialize value of type '
                                              '`QueueSubscription.Mode` from String "%s"' % mode)
        result.append({'workerQueueId': item['workerQueueId'], 'mode': mode,
                       'reservedPercent': item.get('reservedPercent')})
    return result


def _v2_record(request):
    key = request.match_info['id']
    record = _state(request).worker_groups.get(key)
    if record is None:
        raise errors.not_found("Worker group '%s' not found" % key)
    return record


@routes.get(V2_PATH)
async def v2_list(request):
    _version(request, True)
    items = [_v2_shape(r) for _k, r in sorted(_state(request).worker_groups.items())]
    return util.json_response({'workerGroups': items})


@routes.post(V2_PATH)
async def v2_create(request):
    _version(request, True)
    body = await util.json_mapping(request)
    key = _text(body, 'id', 'request.id', required=True)
    name = _text(body, 'name', 'request.name', required=True)
    subscriptions = _v2_subscriptions(body)
    groups = _state(request).worker_groups
    if key in groups:
        raise errors.KestraHttpError(409, "Conflict: Worker group '%s' already exists" % key)
    moment = util.iso(util.now())
    groups[key] = {'id': key, 'key': key, 'name': name, 'description': _text(body, 'description', 'request.description'),
                   'allowedTenants': [], 'subscriptions': subscriptions, 'createdAt': moment, 'updatedAt': moment}
    return util.json_response(_v2_shape(groups[key]))


@routes.get(V2_PATH + '/{id}')
async def v2_get(request):
    _version(request, True)
    return util.json_response(_v2_shape(_v2_record(request)))


@routes.put(V2_PATH + '/{id}')
async def v2_update(request):
    _version(request, True)
    record = _v2_record(request)
    body = await util.json_mapping(request)
    name = _text(body, 'name', 'request.name', required=True)
    subscriptions = _v2_subscriptions(body)
    record.update(name=name, description=_text(body, 'description', 'request.description'),
                  subscriptions=subscriptions, updatedAt=util.iso(util.now()))
    return util.json_response(_v2_shape(record))


@routes.delete(V2_PATH + '/{id}')
async def v2_delete(request):
    _version(request, True)
    record = _v2_record(request)
    if record['key'] == DEFAULT_KEY:
        raise errors.bad_request('The default worker group cannot be deleted')
    _state(request).worker_groups.pop(record['key'])
    return web.Response(status=204)


def setup(app):
    app.add_routes(routes)
