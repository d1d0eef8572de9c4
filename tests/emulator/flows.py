"""Kestra flows API (docs/dev/kestra-api/flows.md): create, get, update, delete, validate,
list, search, revisions and export as a ZIP, per tenant, for both profiles.

Storage and revision rules live in flow_store, validation rules in flow_validation.
"""

import io
import re
import zipfile

from aiohttp import web

from . import flow_query, flow_store, flow_validation
from .errors import KestraHttpError, constraint_violation, not_found
from .util import iso, json_response, page_params, paged

BASE = '/api/v1/{tenant}/flows'
routes = web.RouteTableDef()


def _state(request):
    return request.app['state']


def _tenant(request):
    return _state(request).tenant(request.match_info['tenant'])


def _as_label_list(labels):
    if isinstance(labels, dict):
        return [{'key': str(k), 'value': None if v is None else str(v)} for k, v in labels.items()]
    return labels


def flow_json(state, tenant, revision, with_source=False):
    """A Flow (or FlowWithSource) as Kestra serialises it: nulls dropped, labels as a list."""
    model = revision['model']
    body = dict((k, v) for k, v in model.items() if k not in ('revision', 'tenantId', 'deleted', 'disabled', 'labels'))
    body.update({
        'id': model.get('id'),
        'namespace': model.get('namespace'),
        'revision': revision['revision'],
        'tenantId': tenant.id,
        'labels': _as_label_list(model.get('labels')),
        'disabled': bool(model.get('disabled', False)),
        'deleted': revision['deleted'],
        'updated': iso(revision['updated']),
    })
    if state.is_v2:
        body['draft'] = False
    if with_source:
        body['source'] = revision['source']
    return body


def _truthy(request, name):
    return request.query.get(name, 'false').lower() == 'true'


async def _yaml_body(request):
    return await request.text()


def _edition(state):
    return str(getattr(state, 'edition', None) or 'oss').lower()


def _check(state, source):
    return flow_validation.check(source, state.is_v2, _edition(state))


def _valid_model(state, source):
    model, violations = _check(state, source)
    if violations:
        raise _invalid_entity(violations)
    return model


def _invalid_entity(violations, text=None):
    text = flow_validation.violations_text(violations) if text is None else text
    return KestraHttpError(422, 'Invalid entity: ' + text, flow_validation.error_list(violations))


# ---- routes (most specific first: aiohttp matches in registration order) ---------------------

@routes.post(BASE + '/validate')
async def validate(request):
    state, tenant = _state(request), _tenant(request)
    if request.content_type.startswith('multipart/'):
        documents = []
        reader = await request.multipart()
        async for part in reader:
            if part.name == 'flows':
                documents.append((part.filename, (await part.text()).strip()))
    else:
        documents = [(None, text) for text in flow_validation.split_documents(await _yaml_body(request))]
    answers = [_validation(state, tenant, index, filename, source) for index, (filename, source) in enumerate(documents)]
    return json_response(answers)


def _validation(state, tenant, index, filename, source):
    """One ValidateConstraintViolation (docs/dev/kestra-api/flows.md)."""
    answer = {'index': index, 'filename': filename, 'outdated': False}
    model, violations = _check(state, source)
    if model is not None and not any(v.parsing for v in violations):
        answer['flow'] = model.get('id')
        answer['namespace'] = model.get('namespace')
        answer['deprecationPaths'] = flow_validation.deprecation_paths(model)
        answer['warnings'] = flow_validation.warnings(
            model, lambda ns, fid: tenant.current_flow(ns, fid) is not None)
        answer['infos'] = flow_validation.infos(model)
        if model.get('revision') is not None:
            history = tenant.flows.get((model.get('namespace'), model.get('id'))) or []
            last = history[-1]['revision'] if history else 0
            answer['outdated'] = model.get('revision') != last + 1
    if violations:
        answer['constraints'] = flow_validation.violations_text(violations)
    return answer


@routes.get(BASE + '/search')
async def search(request):
    state, tenant = _state(request), _tenant(request)
    page, size = page_params(request)
    selected = flow_query.select(flow_store.live_flows(tenant), flow_query.query_filters(request.query, state.is_v2))
    ordered = flow_query.sort_revisions(selected, request.query.getall('sort', []))
    result = paged([flow_json(state, tenant, r) for r in ordered], page, size)
    return json_response(result)


@routes.get(BASE + '/export/by-query')
async def export_by_query(request):
    """A ZIP of the latest live sources, one '<namespace>-<id>.yml' entry each (Kestra FlowController)."""
    state, tenant = _state(request), _tenant(request)
    selected = flow_query.select(flow_store.live_flows(tenant), flow_query.query_filters(request.query, state.is_v2))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
        for revision in selected:
            name = '%s-%s.yml' % (revision['model']['namespace'], revision['model']['id'])
            archive.writestr(name, revision['source'].encode('utf-8'))
    return web.Response(body=buffer.getvalue(), content_type='application/octet-stream',
                        headers={'Content-Disposition': 'attachment; filename="flows.zip"'})


@routes.post(BASE + '/import')
async def import_flows(request):
    """Upsert each flow of a .yml (documents split at '---' lines) or .zip upload; answer the failed names.

    Kestra FlowController.importFlows / FlowService.importFlow: an identical flow keeps its
    revision, a deleted one comes back with a new revision; failures are only listed
    unless failOnError=true (then 422).
    """
    state, tenant = _state(request), _tenant(request)
    if not request.content_type.startswith('multipart/form-data'):
        # Micronaut refuses a body its route does not consume
        raise KestraHttpError(415, 'Unsupported Media Type', [{
            'message': 'Content Type [%s] not allowed. Allowed types: [multipart/form-data]' % request.content_type}])
    upload = None
    reader = await request.multipart()
    async for part in reader:
        if part.name == 'fileUpload':
            upload = (part.filename or '', await part.read())
    if upload is None:
        raise KestraHttpError(400, 'Bad Request: Required argument [CompletedFileUpload fileUpload] not specified')
    failed = []
    for name, source in _uploaded_sources(*upload):
        model, violations = _check(state, source)
        if violations:
            failed.append(name)
            continue
        with state.lock:
            flow_store.save(state, tenant, source, model)
    if failed and _truthy(request, 'failOnError'):
        raise KestraHttpError(422, 'Illegal argument: Following invalid flows were not imported: ' + ', '.join(failed))
    return json_response(failed)


def _uploaded_sources(filename, content):
    lowered = filename.lower()
    if lowered.endswith(('.yml', '.yaml')):
        documents = re.split(r'(?m)^---\s*$', content.decode('utf-8'))
        return [(str(index), text) for index, text in enumerate(documents)]
    if lowered.endswith('.zip'):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return [(entry.filename, archive.read(entry).decode('utf-8')) for entry in archive.infolist()
                    if not entry.is_dir() and entry.filename.lower().endswith(('.yml', '.yaml'))]
    extension = lowered[lowered.rfind('.'):] if '.' in lowered else lowered
    raise KestraHttpError(422, 'Illegal argument: Cannot import file of type %s' % extension)


@routes.get(BASE + '/distinct-namespaces')
async def distinct_namespaces(request):
    query = request.query.get('q') or ''
    namespaces = sorted(set(r['model']['namespace'] for r in flow_store.live_flows(_tenant(request))))
    return json_response([ns for ns in namespaces if query in ns])


@routes.post(BASE)
async def create(request):
    state, tenant = _state(request), _tenant(request)
    source = await _yaml_body(request)
    model = _valid_model(state, source)
    with state.lock:
        if tenant.current_flow(model['namespace'], model['id']) is not None:
            raise constraint_violation([('flow.id', 'Flow id already exists')])
        revision, _changed = flow_store.save(state, tenant, source, model)
    return json_response(flow_json(state, tenant, revision, with_source=True))


@routes.get(BASE + '/{namespace}/{id}/revisions')
async def revisions(request):
    state, tenant = _state(request), _tenant(request)
    key = (request.match_info['namespace'], request.match_info['id'])
    history = tenant.flows.get(key) or []
    keep_deleted = _truthy(request, 'allowDelete')
    return json_response([flow_json(state, tenant, r, with_source=True) for r in history
                          if keep_deleted or not r['deleted']])


@routes.get(BASE + '/{namespace}/{id}')
async def get_flow(request):
    state, tenant = _state(request), _tenant(request)
    history = tenant.flows.get((request.match_info['namespace'], request.match_info['id'])) or []
    wanted = request.query.get('revision')
    if wanted is not None:
        history = [r for r in history if str(r['revision']) == wanted]
    if not history or (history[-1]['deleted'] and not _truthy(request, 'allowDeleted')):
        raise not_found()
    return json_response(flow_json(state, tenant, history[-1], with_source=_truthy(request, 'source')))


@routes.put(BASE + '/{namespace}/{id}')
async def update(request):
    state, tenant = _state(request), _tenant(request)
    current = tenant.current_flow(request.match_info['namespace'], request.match_info['id'])
    if current is None:
        raise not_found()
    source = await _yaml_body(request)
    model = _valid_model(state, source)
    refused = flow_validation.update_violations(current['model'], model)
    if refused:
        # Flow.validateUpdate: a plain ConstraintViolationException, 'path: message' joined by ', '
        raise _invalid_entity(refused, ', '.join(v.text for v in refused))
    with state.lock:
        revision, _changed = flow_store.save(state, tenant, source, model)
    return json_response(flow_json(state, tenant, revision, with_source=True))


@routes.delete(BASE + '/{namespace}/{id}')
async def delete(request):
    state, tenant = _state(request), _tenant(request)
    with state.lock:
        marker = flow_store.delete(state, tenant, request.match_info['namespace'], request.match_info['id'])
    if marker is None:
        raise not_found()
    return web.Response(status=204)


@routes.get(BASE + '/{namespace}')
async def list_namespace(request):
    state, tenant = _state(request), _tenant(request)
    return json_response([flow_json(state, tenant, r) for r in
                          flow_store.live_flows(tenant, request.match_info['namespace'])])


def setup(app):
    """Register routes and hooks."""
    app.add_routes(routes)
