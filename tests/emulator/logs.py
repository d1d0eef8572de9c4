"""Kestra logs API for executions (docs/dev/kestra-api/executions.md): list with filters, download, delete, follow.

Log entries are kept in TenantState.logs[execution_id] as dicts with a datetime
`timestamp`; they are rendered as Kestra's LogEntry.
"""

import asyncio
import json

from aiohttp import web

from .util import iso, json_response, now, parse_filters

LEVELS = ('TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR')

routes = web.RouteTableDef()


def level_rank(level):
    return LEVELS.index(level) if level in LEVELS else 0


def append(tenant, record, level, message, task_run=None):
    """Store one log line of an execution (and wake its log followers)."""
    entry = {
        'tenantId': record.tenant_id,
        'namespace': record.namespace,
        'flowId': record.flow_id,
        'taskId': task_run.task_id if task_run else None,
        'executionId': record.id,
        'taskRunId': task_run.id if task_run else None,
        'attemptNumber': max(0, len(task_run.attempts) - 1) if task_run else 0,
        'timestamp': now(),
        'level': level,
        'thread': 'WorkerThread',
        'message': message,
    }
    tenant.logs.setdefault(record.id, []).append(entry)
    record.notify()
    return entry


def render(entry):
    return dict(entry, timestamp=iso(entry['timestamp']))


def _tenant(request):
    return request.app['state'].tenant(request.match_info['tenant'])


def _matcher(request):
    """A predicate over entries from the query: legacy params (1.x) or filters[...] (2.0)."""
    state = request.app['state']
    checks = []
    if state.is_v2:
        # 2.0 ignores minLevel; the level filter takes >= and <= only
        for field, op, value in parse_filters(request.query):
            if field == 'level' and op == 'GREATER_THAN_OR_EQUAL_TO':
                checks.append(lambda e, v=value: level_rank(e['level']) >= level_rank(v))
            elif field == 'level' and op == 'LESS_THAN_OR_EQUAL_TO':
                checks.append(lambda e, v=value: level_rank(e['level']) <= level_rank(v))
            elif field in ('taskId', 'taskRunId') and op == 'EQUALS':
                checks.append(lambda e, f=field, v=value: e[f] == v)
            elif field == 'attemptNumber' and op == 'EQUALS':
                checks.append(lambda e, v=value: str(e['attemptNumber']) == v)
    else:
        query = request.query
        if query.get('minLevel'):
            checks.append(lambda e: level_rank(e['level']) >= level_rank(query['minLevel']))
        for field in ('taskId', 'taskRunId'):
            if query.get(field):
                checks.append(lambda e, f=field: e[f] == query[f])
        if query.get('attempt'):
            checks.append(lambda e: str(e['attemptNumber']) == query['attempt'])
    return lambda entry: all(check(entry) for check in checks)


@routes.get('/api/v1/{tenant}/logs/{executionId}/download')
async def download(request):
    matches = _matcher(request)
    lines = ['%s %s %s' % (iso(e['timestamp']), e['level'], e['message'])
             for e in _tenant(request).logs.get(request.match_info['executionId'], []) if matches(e)]
    return web.Response(text='\n'.join(lines) + ('\n' if lines else ''), content_type='text/plain', headers={
        'Content-Disposition': 'attachment; filename="%s.log"' % request.match_info['executionId']})


@routes.get('/api/v1/{tenant}/logs/{executionId}/follow')
async def follow(request):
    """1.x replays stored entries then streams live ones; 2.0 sends an empty `start` entry, no replay. No end."""
    state = request.app['state']
    tenant = _tenant(request)
    execution_id = request.match_info['executionId']
    matches = _matcher(request)
    response = web.StreamResponse(headers={'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache'})
    await response.prepare(request)
    sent = len(tenant.logs.get(execution_id, [])) if state.is_v2 else 0
    if state.is_v2:
        await response.write(b'id:start\ndata:{}\n\n')
    try:
        while True:
            entries = tenant.logs.get(execution_id, [])
            for entry in entries[sent:]:
                if matches(entry):
                    await response.write(('id:progress\ndata:%s\n\n' % json.dumps(render(entry))).encode('utf-8'))
            sent = len(entries)
            record = tenant.executions.get(execution_id)
            if record is None:
                await asyncio.sleep(0.05)
            else:
                await record.next_change(timeout=5)
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    return response


@routes.get('/api/v1/{tenant}/logs/{executionId}')
async def list_logs(request):
    matches = _matcher(request)
    entries = _tenant(request).logs.get(request.match_info['executionId'], [])
    return json_response([render(e) for e in entries if matches(e)])


@routes.delete('/api/v1/{tenant}/logs/{executionId}')
async def delete_logs(request):
    _tenant(request).logs.pop(request.match_info['executionId'], None)
    return web.Response(status=200)


def setup(app):
    app.add_routes(routes)
