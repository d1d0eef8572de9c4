"""Kestra executions API (docs/dev/kestra-api/executions.md): create, get, search, delete, kill/restart/resume, follow, outputs.

Action paths differ by profile: 1.x `/executions/{id}/kill`, 2.0
`/executions/{id}/actions/kill` (docs/dev/kestra-api/executions.md); a path of the other profile
answers as the real server would (404, or a create for the POST ones, whose
shape is the same as `/executions/{namespace}/{flowId}`).
"""

import asyncio
import datetime
import json

from aiohttp import web

from . import execution_search, execution_worker, logs
from .errors import KestraHttpError, illegal_argument, illegal_state, not_found
from .execution_inputs import read_form, resolve
from .execution_model import STOPPED, TERMINATED, ExecutionRecord
from .util import json_response, now, page_params, paged

routes = web.RouteTableDef()

FOLLOW_WAIT_SECONDS = 10.0


def _state(request):
    return request.app['state']


def _tenant(request):
    return _state(request).tenant(request.match_info['tenant'])


def _record(request):
    record = _tenant(request).executions.get(request.match_info['executionId'])
    if record is None:
        raise not_found()
    return record


def _bool_param(request, name, default):
    value = request.query.get(name)
    return default if value is None else value.strip().lower() == 'true'


def _int_param(request, name):
    value = request.query.get(name)
    if value in (None, ''):
        return None
    try:
        return int(value)
    except ValueError:
        raise KestraHttpError(422, 'Invalid route params: %s: %r is not an integer' % (name, value))


def _ui_url(request, record):
    return '%s://%s/ui/%s/executions/%s/%s/%s' % (
        request.scheme, request.host, record.tenant_id, record.namespace, record.flow_id, record.id)


# ---- create --------------------------------------------------------------------------------

def _flow_revision(tenant, namespace, flow_id, revision):
    revisions = tenant.flows.get((namespace, flow_id)) or []
    live = tenant.current_flow(namespace, flow_id)
    if live is None:
        raise not_found('Requested Flow is not found.')
    if revision is None:
        return live
    for candidate in revisions:
        if candidate['revision'] == revision and not candidate['deleted']:
            return candidate
    raise not_found('Unable to find revision %d on flow %s.%s' % (revision, namespace, flow_id))


def _flow_labels(model):
    labels = model.get('labels') or {}
    pairs = labels.items() if isinstance(labels, dict) else [(i.get('key'), i.get('value')) for i in labels]
    return [(str(k), str(v)) for k, v in pairs if not str(k).startswith('system.')]


def _request_labels(values):
    pairs = []
    for value in values:
        if ':' not in value:
            raise KestraHttpError(422, 'Unprocessable Entity: Invalid queryString parameter')
        key, _sep, label_value = value.partition(':')
        if key.startswith('system.') and key != 'system.correlationId':
            raise illegal_argument('System labels can only be set by Kestra itself, offending label: %s=%s'
                                   % (key, label_value))
        pairs.append((key, label_value))
    return pairs


def _merge_labels(flow_labels, request_labels, execution_id):
    merged = dict(flow_labels)
    merged.update(request_labels)
    merged.setdefault('system.correlationId', execution_id)
    return list(merged.items())


def _schedule_date(request):
    value = request.query.get('scheduleDate')
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace('Z', '+00:00'))
    except ValueError:
        raise KestraHttpError(422, 'Invalid route params: scheduleDate: %r is not a date-time' % value)
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)


async def _create(request, namespace, flow_id):
    state, tenant = _state(request), _tenant(request)
    revision = _flow_revision(tenant, namespace, flow_id, _int_param(request, 'revision'))
    model = revision['model']
    if model.get('disabled'):
        raise illegal_state('Requested Flow is disabled.')
    request_labels = _request_labels(request.query.getall('labels', []))
    schedule_date = _schedule_date(request)
    texts, files = await read_form(request)
    record = ExecutionRecord(tenant.id, revision, {}, [], schedule_date, state.is_v2)

    def file_uri(input_id, filename):
        return 'kestra:///%s/%s/executions/%s/inputs/%s/%s' % (
            namespace.replace('.', '/'), flow_id, record.id, input_id, filename)

    record.inputs = resolve(model, texts, files, file_uri)
    for input_id, (filename, content) in files.items():
        record.files[file_uri(input_id, filename)] = content
    record.labels = _merge_labels(_flow_labels(model), request_labels, record.id)
    tenant.executions[record.id] = record
    execution_worker.start(state, tenant, record)
    if _bool_param(request, 'wait', False):
        await record.until_stopped()
    body = record.render()
    body['url'] = _ui_url(request, record)
    return json_response(body)


# ---- actions (registered before the create route: literal segments win) ---------------------

def _action_routes(action, method):
    """Register /executions/{id}/<action> (1.x) and /executions/{id}/actions/<action> (2.0)."""
    def decorate(handler):
        async def legacy(request):
            if _state(request).is_v2:
                if method == 'POST':
                    return await _create(request, request.match_info['executionId'], action)
                raise not_found()
            return await handler(request)

        async def current(request):
            if not _state(request).is_v2:
                raise not_found()
            return await handler(request)

        routes.route(method, '/api/v1/{tenant}/executions/{executionId}/%s' % action)(legacy)
        routes.route(method, '/api/v1/{tenant}/executions/{executionId}/actions/%s' % action)(current)
        return handler
    return decorate


def _answer(request, record, v1_status):
    """1.x answers kill with 202 and resume with 204, empty; 2.0 returns the Execution."""
    if _state(request).is_v2:
        return json_response(record.render())
    return web.Response(status=v1_status)


@_action_routes('kill', 'DELETE')
async def kill(request):
    record = _record(request)
    if record.current in TERMINATED:
        if not _bool_param(request, 'isOnKillCascade', True):
            raise illegal_state("Execution is already finished, can't kill it")
        return _answer(request, record, 202)
    execution_worker.kill(record)
    return _answer(request, record, 202)


@_action_routes('restart', 'POST')
async def restart(request):
    state, tenant, record = _state(request), _tenant(request), _record(request)
    if record.current not in TERMINATED:
        raise illegal_state("Execution must be terminated to be restarted, current state is '%s' !" % record.current)
    if not any(run.state.current in ('FAILED', 'KILLED') for run in record.task_runs):
        raise illegal_argument('No task found to restart execution from!')
    revision = _int_param(request, 'revision')
    if revision is not None:
        flow = _flow_revision(tenant, record.namespace, record.flow_id, revision)
        record.model, record.flow_revision = flow['model'], flow['revision']
    execution_worker.restart(state, tenant, record)
    return json_response(record.render())


@_action_routes('resume', 'POST')
async def resume(request):
    record = _record(request)
    if record.current != 'PAUSED':
        raise illegal_state("Execution is not paused, can't resume it")
    execution_worker.resume(record)
    return _answer(request, record, 204)


# ---- reads -----------------------------------------------------------------------------------

def _start_date(record):
    return record.created


def _record_id(record):
    return record.id


def _sorted(records, sort_values):
    for sort in reversed(sort_values):
        if sort.count(':') != 1:
            raise KestraHttpError(422, 'Invalid sort parameter')
        field, direction = sort.split(':')
        descending = direction.lower() == 'desc'
        if field in ('state.endDate', 'endDate'):
            # Kestra maps state.endDate to its end_date column, set for terminated and paused executions only;
            # the emulator puts the others (no end date) last in either direction (where a database puts NULLs
            # varies: not verified against Kestra)
            ended = [r for r in records if r.current in STOPPED]
            running = [r for r in records if r.current not in STOPPED]
            records = sorted(ended, key=lambda r: r.state.histories[-1][1], reverse=descending) + running
            continue
        key = _start_date if field in ('state.startDate', 'startDate') else _record_id
        records = sorted(records, key=key, reverse=descending)
    return records


@routes.get('/api/v1/{tenant}/executions/search')
async def search(request):
    page, size = page_params(request)
    records = execution_search.select(list(_tenant(request).executions.values()), request.query, _state(request).is_v2)
    records = _sorted(sorted(records, key=lambda r: r.created), request.query.getall('sort', []))
    return json_response(paged([r.render_light() for r in records], page, size))


def _event(name, record):
    return ('id:%s\ndata:%s\n\n' % (name, json.dumps(record.render()))).encode('utf-8')


@routes.get('/api/v1/{tenant}/executions/{executionId}/follow')
async def follow(request):
    """Server-sent events: `progress` with the execution on every change, then `end` (docs/dev/kestra-api/executions.md)."""
    tenant, execution_id = _tenant(request), request.match_info['executionId']
    deadline = now() + datetime.timedelta(seconds=FOLLOW_WAIT_SECONDS * _state(request).time_scale)
    while tenant.executions.get(execution_id) is None:
        if now() > deadline:
            raise not_found('Unable to find the execution %s' % execution_id)
        await asyncio.sleep(0.05)
    record = tenant.executions[execution_id]
    response = web.StreamResponse(headers={'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache'})
    await response.prepare(request)
    try:
        if not record.stopped:
            await response.write(_event('progress', record))
        while not record.stopped and not record.deleted:
            await record.next_change()
            if not record.stopped:
                await response.write(_event('progress', record))
        await response.write(_event('end', record))
    except ConnectionResetError:
        pass
    return response


@routes.get('/api/v1/{tenant}/executions/{executionId}/file')
async def download_file(request):
    content = _record(request).files.get(request.query.get('path', ''))
    if content is None:
        raise not_found()
    return web.Response(body=content, content_type='application/octet-stream')


@routes.get('/api/v1/{tenant}/executions/{executionId}')
async def get_execution(request):
    return json_response(_record(request).render())


@routes.delete('/api/v1/{tenant}/executions/{executionId}')
async def delete_execution(request):
    tenant, record = _tenant(request), _record(request)
    del tenant.executions[record.id]
    record.deleted = True
    if record.worker is not None and not record.worker.done():
        record.worker.cancel()
    record.notify()
    if _bool_param(request, 'deleteLogs', True):
        tenant.logs.pop(record.id, None)
    return web.Response(status=204)


@routes.post('/api/v1/{tenant}/executions/{namespace}/{flowId}')
async def create(request):
    return await _create(request, request.match_info['namespace'], request.match_info['flowId'])


# ---- 2.0 task outputs (the slim task runs carry none) --------------------------------------

def _v2_record(request):
    if not _state(request).is_v2:
        raise not_found()
    return _record(request)


@routes.get('/api/v1/{tenant}/outputs/{executionId}/{taskRunId}')
async def task_run_outputs(request):
    task_run = _v2_record(request).task_run(request.match_info['taskRunId'])
    if task_run is None:
        raise not_found()
    return json_response(task_run.outputs)


@routes.get('/api/v1/{tenant}/outputs/{executionId}')
async def outputs_information(request):
    record = _v2_record(request)
    return json_response([{'taskId': run.task_id, 'taskRunId': run.id, 'inline': True}
                          for run in record.task_runs if run.outputs])


def setup(app):
    app.add_routes(routes)
    logs.setup(app)
