"""Namespaces as objects: read-only and virtual in OSS, CRUD in EE (docs/dev/kestra-api/namespaces-secrets.md).

EE record kept per id in TenantState.namespaces: the Namespace fields the profile knows, as last
written (a PUT replaces the whole object), plus 'deleted': False.
"""

import json

from aiohttp import web

from . import errors, flow_store, util
from .edition import OTHER_METHOD, oss_answer

routes = web.RouteTableDef()

ID_PATTERN = '^[a-z0-9][a-z0-9._-]*'
# Namespace schema fields per profile (spec subsets 1.3 and 2.0); others are ignored, as Jackson does
_COMMON = ('id', 'deleted', 'description', 'variables', 'allowedNamespaces', 'storageIsolation', 'secretIsolation',
           'storageType', 'storageConfiguration', 'secretType', 'secretReadOnly', 'secretConfiguration',
           'outputsInInternalStorage', 'sdkDefaultAuthentication')
FIELDS = {
    False: _COMMON + ('pluginDefaults', 'workerGroup', 'allowedTriggers'),
    True: _COMMON + ('defaultWorkerSelector', 'concurrency', 'quotas'),
}
_TYPES = {
    'description': str, 'variables': dict, 'allowedNamespaces': list, 'storageIsolation': dict,
    'secretIsolation': dict, 'storageType': str, 'storageConfiguration': dict, 'secretType': str,
    'secretReadOnly': bool, 'secretConfiguration': dict, 'outputsInInternalStorage': bool,
    'pluginDefaults': list, 'workerGroup': dict, 'allowedTriggers': list, 'defaultWorkerSelector': dict,
    'concurrency': dict, 'quotas': list, 'deleted': bool, 'sdkDefaultAuthentication': dict,
}


def _tenant(request):
    return request.app['state'].tenant(request.match_info['tenant'])


def _validated(request, body):
    """The record to store: known fields only; 422 for a bad id or a field of the wrong type."""
    record = util.whole_object_record(request, body, FIELDS, _TYPES, 'namespace', ID_PATTERN)
    for allowed in record.get('allowedNamespaces', []):
        if not isinstance(allowed, dict) or not isinstance(allowed.get('namespace'), str):
            raise errors.constraint_violation([('namespace.allowedNamespaces[].namespace', 'must not be null')])
    record['deleted'] = False
    return record


def _virtual(namespace_id):
    """What OSS answers for any id (NamespaceController.getNamespace builds it)."""
    return {'id': namespace_id, 'deleted': False}


@routes.post('/api/v1/{tenant}/namespaces')
async def create(request):
    oss_answer(request)
    record = _validated(request, await util.json_mapping(request, 'a Namespace object'))
    namespaces = _tenant(request).namespaces
    if record['id'] in namespaces:
        raise errors.KestraHttpError(409, "Conflict: Namespace '%s' already exists" % record['id'])
    namespaces[record['id']] = record
    return util.json_response(record)


@routes.get('/api/v1/{tenant}/namespaces/search')
async def search(request):
    """Paged {results, total}: the namespaces of the flows (every dot prefix), 'system', and EE records."""
    page, size = util.page_params(request)
    query = (request.query.get('q') or '').lower()
    tenant = _tenant(request)
    found = {}
    for revision in flow_store.live_flows(tenant):
        parts = revision['model']['namespace'].split('.')
        for i in range(1, len(parts) + 1):
            found.setdefault('.'.join(parts[:i]), None)
    found.setdefault('system', None)
    if request.app['state'].is_ee:
        found.update(tenant.namespaces)
    ids = sorted(i for i in found if query in i.lower())
    if any(spec.lower().endswith(':desc') for spec in request.query.getall('sort', [])):
        ids.reverse()
    results = [found[i] or _virtual(i) for i in ids]
    return util.json_response(util.paged(results, page, size))


@routes.get('/api/v1/{tenant}/namespaces/{id}')
async def get(request):
    namespace_id = request.match_info['id']
    if not request.app['state'].is_ee:
        return util.json_response(_virtual(namespace_id))
    record = _tenant(request).namespaces.get(namespace_id)
    if record is None:
        raise errors.not_found("Namespace '%s' not found" % namespace_id)
    return util.json_response(record)


@routes.put('/api/v1/{tenant}/namespaces/{id}')
async def update(request):
    oss_answer(request, OTHER_METHOD)
    namespace_id = request.match_info['id']
    namespaces = _tenant(request).namespaces
    if namespace_id not in namespaces:
        raise errors.not_found("Namespace '%s' not found" % namespace_id)
    record = _validated(request, await util.json_mapping(request, 'a Namespace object'))
    if record['id'] != namespace_id:
        raise errors.constraint_violation([('namespace.id', 'Illegal namespace id update')])
    namespaces[namespace_id] = record
    return util.json_response(record)


@routes.delete('/api/v1/{tenant}/namespaces/{id}')
async def delete(request):
    oss_answer(request, OTHER_METHOD)
    namespace_id = request.match_info['id']
    if _tenant(request).namespaces.pop(namespace_id, None) is None:
        raise errors.not_found("Namespace '%s' not found" % namespace_id)
    return web.Response(status=204)


@routes.get('/api/v1/{tenant}/namespaces/{id}/inherited-variables')
async def inherited_variables(request):
    """The variables of the parent namespaces merged, the nearest parent winning."""
    oss_answer(request)
    namespaces = _tenant(request).namespaces
    parts = request.match_info['id'].split('.')
    merged = {}
    for i in range(1, len(parts)):
        merged.update((namespaces.get('.'.join(parts[:i])) or {}).get('variables') or {})
    return web.Response(text=json.dumps(merged), content_type='application/json')


def setup(app):
    """Register routes ('search' before the '{id}' route that would also match it)."""
    app.add_routes(routes)
