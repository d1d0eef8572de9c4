"""EE tenants, an instance-level (superadmin) API (docs/dev/kestra-api/access-tenants-worker-groups.md).

Record kept per id in EmulatorState.tenant_records: the Tenant fields the profile knows, as last
written (PUT replaces the whole object), plus 'deleted': False. The tenant 'main' exists from the
start, as on the EE test stacks. A tenant created here is at once usable as /api/v1/{tenant}/...
(EmulatorState.tenant() holds its data); deleting it drops that data too, as Kestra deletes
everything linked to the tenant.
"""

from aiohttp import web

from . import errors, util
from .edition import oss_answer

routes = web.RouteTableDef()

ID_PATTERN = '^[a-z0-9][a-z0-9_-]*'
# Tenant schema fields per API version (spec subsets 1.3 and 2.0); others are ignored, as Jackson does
_COMMON = ('id', 'name', 'deleted', 'storageType', 'storageConfiguration', 'storageIsolation', 'secretType',
           'secretConfiguration', 'secretIsolation', 'secretReadOnly', 'requireExistingNamespace',
           'outputsInInternalStorage', 'sdkDefaultAuthentication', 'appCatalogConfig')
FIELDS = {
    False: _COMMON + ('workerGroup',),
    True: _COMMON + ('defaultWorkerSelector', 'concurrency', 'quotas', 'settings'),
}
_TYPES = {
    'name': str, 'deleted': bool, 'storageType': str, 'storageConfiguration': dict, 'storageIsolation': dict,
    'secretType': str, 'secretConfiguration': dict, 'secretIsolation': dict, 'secretReadOnly': bool,
    'requireExistingNamespace': bool, 'outputsInInternalStorage': bool, 'sdkDefaultAuthentication': dict,
    'appCatalogConfig': dict, 'workerGroup': dict, 'defaultWorkerSelector': dict, 'concurrency': dict,
    'quotas': list, 'settings': dict,
}
FALLBACKS = ('FAIL', 'WAIT', 'CANCEL')


def default_records():
    """The tenants an EE server starts with."""
    return {'main': {'id': 'main', 'name': 'main', 'deleted': False}}


def _records(request):
    return request.app['state'].tenant_records


def _validated(request, body):
    """The record to store: known fields only; 422 for a bad id, a missing name or a field of the wrong type."""
    record = util.whole_object_record(request, body, FIELDS, _TYPES, 'tenant', ID_PATTERN)
    if not record.get('name'):
        raise errors.constraint_violation([('tenant.name', 'must not be blank')])
    group = record.get('workerGroup')
    if group is not None:
        if not isinstance(group.get('key'), str) or not group['key']:
            raise errors.constraint_violation([('tenant.workerGroup.key', 'must not be null')])
        if group.get('fallback') is not None and group['fallback'] not in FALLBACKS:
            raise errors.KestraHttpError(
                422, 'Invalid json mapping: Cannot deserialize value of type `WorkerGroup.Fallback` from String '
                '"%s": not one of the values accepted for Enum class: [%s]' % (group['fallback'], ', '.join(FALLBACKS)))
    record['deleted'] = False
    return record


@routes.post('/api/v1/tenants')
async def create(request):
    oss_answer(request)
    record = _validated(request, await util.json_mapping(request, 'a Tenant object'))
    records = _records(request)
    if record['id'] in records:
        raise errors.KestraHttpError(409, "Conflict: Tenant '%s' already exists" % record['id'])
    records[record['id']] = record
    request.app['state'].tenant(record['id'])
    return util.json_response(record)


@routes.get('/api/v1/tenants/search')
async def search(request):
    oss_answer(request)
    page, size = util.page_params(request)
    query = (request.query.get('q') or '').lower()
    records = _records(request)
    found = [records[i] for i in sorted(records)
             if query in i.lower() or query in (records[i].get('name') or '').lower()]
    return util.json_response(util.paged(found, page, size))


@routes.get('/api/v1/tenants/{id}')
async def get(request):
    oss_answer(request)
    record = _records(request).get(request.match_info['id'])
    if record is None:
        raise errors.not_found("Tenant '%s' not found" % request.match_info['id'])
    return util.json_response(record)


@routes.put('/api/v1/tenants/{id}')
async def update(request):
    oss_answer(request)
    tenant_id = request.match_info['id']
    records = _records(request)
    if tenant_id not in records:
        raise errors.not_found("Tenant '%s' not found" % tenant_id)
    record = _validated(request, await util.json_mapping(request, 'a Tenant object'))
    if record['id'] != tenant_id:
        raise errors.constraint_violation([('tenant.id', 'Illegal tenant id update')])
    records[tenant_id] = record
    return util.json_response(record)


@routes.delete('/api/v1/tenants/{id}')
async def delete(request):
    oss_answer(request)
    tenant_id = request.match_info['id']
    state = request.app['state']
    if state.tenant_records.pop(tenant_id, None) is None:
        raise errors.not_found("Tenant '%s' not found" % tenant_id)
    state.tenants.pop(tenant_id, None)
    return web.Response(status=204)


def setup(app):
    app.add_routes(routes)
