"""Kestra triggers API: search, enable/disable, unlock, restart, delete, backfills (docs/dev/kestra-api/triggers.md).

1.x (TriggerController before the 2.0 rewrite) takes and returns whole Trigger
objects, answers bulk calls with {"count"} and changes a backfill through
PUT /triggers. 2.0 takes {namespace, flowId, triggerId}, returns ApiTriggerState,
answers bulk calls 202 {"operationId", "totalItems"} and has
PUT /triggers/backfill/create. Kestra's errors as seen in its source: 1.x
HttpStatusException texts ("Flow of trigger X not found", "No backfill found"
as 400), 2.0 TriggerStateService (NotFoundException 404, ConflictException 409;
the exact 2.0 409 wording is inferred).
"""

import datetime
import re

from aiohttp import web

from . import trigger_store
from .errors import KestraHttpError, constraint_violation, illegal_state, not_found
from .trigger_search import row_filters, select, sort_rows
from .util import json_response, new_id, now, page_params, paged

PREFIX = '/api/v1/{tenant}/triggers'
_DATE = re.compile(r'^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?(\[[^\]]+\])?$')


# ---- request helpers ------------------------------------------------------------------

def _state(request):
    return request.app['state']


def _tenant(request):
    return _state(request).tenant(request.match_info['tenant'])


async def _body(request):
    try:
        return await request.json()
    except ValueError as exc:
        raise KestraHttpError(422, 'Invalid json: %s' % exc)


def _trigger_key(item):
    if not isinstance(item, dict):
        raise KestraHttpError(422, 'Invalid json mapping: a trigger must be an object')
    return (item.get('namespace'), item.get('flowId'), item.get('triggerId'))


def _describe(key):
    return '%s/%s/%s' % key


def _parse_date(value, field):
    match = _DATE.match(str(value or ''))
    if not match:
        raise KestraHttpError(422, 'Invalid format: Cannot deserialize value of type `java.time.ZonedDateTime` '
                                   'from String "%s" (%s)' % (value, field))
    day, clock, fraction, offset = match.group(1), match.group(2), match.group(3) or '', match.group(4) or 'Z'
    if len(clock) == 5:
        clock += ':00'
    offset = '+00:00' if offset == 'Z' else offset if ':' in offset else offset[:3] + ':' + offset[3:]
    fraction = fraction[:7].ljust(7, '0') if fraction else ''
    return datetime.datetime.fromisoformat('%sT%s%s%s' % (day, clock, fraction, offset))


def _labels(value):
    """Labels as a list of {key, value}: Kestra accepts a list or a map."""
    if value is None:
        return None
    if isinstance(value, dict):
        return [{'key': str(k), 'value': str(v)} for k, v in value.items()]
    if isinstance(value, list) and all(isinstance(item, dict) and 'key' in item for item in value):
        return [{'key': str(item['key']), 'value': str(item.get('value'))} for item in value]
    raise KestraHttpError(422, 'Invalid json mapping: labels must be a list of {key, value} or a map')


def _respond(request, row, status=200):
    state = _state(request)
    return json_response(trigger_store.render(row, request.match_info['tenant'], state.is_v2), status=status)


def _bulk_response(request, count):
    if _state(request).is_v2:
        return json_response({'operationId': new_id(), 'totalItems': count}, status=202)
    return json_response({'count': count})


# ---- lookups with Kestra's errors -------------------------------------------------------

def _row_or_404(request, key):
    row = _tenant(request).triggers.get(key)
    if row is None:
        if _state(request).is_v2:
            raise not_found('Trigger %s not found' % _describe(key))
        raise not_found()
    return row


def _declared_row(request, key):
    """The row of a trigger its flow declares; the errors of 1.x update / 2.0 set-disabled."""
    tenant = _tenant(request)
    v2 = _state(request).is_v2
    namespace, flow_id, trigger_id = key
    flow = tenant.current_flow(namespace, flow_id)
    if flow is None:
        raise not_found('Flow not found for trigger: %s' % _describe(key) if v2 else
                        'Flow of trigger %s not found' % trigger_id)
    declared = [t for t in flow['model'].get('triggers') or [] if isinstance(t, dict) and t.get('id') == trigger_id]
    if not declared:
        raise not_found('Trigger not found: %s' % _describe(key) if v2 else
                        'Flow %s has no trigger %s' % (flow_id, trigger_id))
    if not trigger_store.is_worker_trigger(declared[0]):
        raise KestraHttpError(422, 'Illegal argument: Realtime triggers can not be updated through the API, '
                                   'please edit the trigger from the flow.')
    return _row_or_404(request, key)


def _toggleable(request, key):
    try:
        return _declared_row(request, key)
    except KestraHttpError:
        return None


# ---- state changes ----------------------------------------------------------------------

def _touch(row):
    row['updatedDate'] = now()


def _set_disabled(row, disabled):
    if row['disabled'] == disabled:
        return
    row['disabled'] = disabled
    row['nextExecutionDate'] = None if disabled else trigger_store.next_date(row)
    _touch(row)


def _unlock(row):
    row['executionId'] = None
    row['evaluateRunningDate'] = None
    row['workerId'] = None
    _touch(row)


def _create_backfill(row, spec):
    if not isinstance(spec, dict) or not spec.get('start'):
        raise constraint_violation([('backfill.start', 'must not be null')])
    start = _parse_date(spec['start'], 'backfill.start')
    end = _parse_date(spec['end'], 'backfill.end') if spec.get('end') else now()
    row['backfill'] = {
        'start': start, 'end': end, 'currentDate': start, 'paused': False,
        'previousNextExecutionDate': row['nextExecutionDate'],
        'inputs': spec.get('inputs'), 'labels': _labels(spec.get('labels')),
    }
    if row['kind'] == 'SCHEDULE':
        row['nextExecutionDate'] = trigger_store.next_date(row, start - datetime.timedelta(minutes=1))
    _touch(row)


def _require_backfill(request, row, action):
    if row['backfill'] is None:
        if _state(request).is_v2:
            raise KestraHttpError(409, 'Conflict: %s failed: No backfill found' % action)
        raise KestraHttpError(400, 'Bad Request: No backfill found')


def _pause_backfill(request, row, paused):
    _require_backfill(request, row, 'Pause backfill' if paused else 'Unpause backfill')
    row['backfill']['paused'] = paused
    _touch(row)


def _delete_backfill(request, row):
    _require_backfill(request, row, 'Delete backfill')
    row['nextExecutionDate'] = row['backfill']['previousNextExecutionDate']
    row['backfill'] = None
    _touch(row)


# ---- search -----------------------------------------------------------------------------

async def search(request):
    tenant = _tenant(request)
    v2 = _state(request).is_v2
    page, size = page_params(request)
    rows = select(list(tenant.triggers.values()), row_filters(request.query, legacy=not v2))
    rows = sort_rows(rows, request.query.getall('sort', []))
    result = paged(rows, page, size)
    result['results'] = [trigger_store.render_search_item(tenant, row, v2) for row in result['results']]
    return json_response(result)


async def search_for_flow(request):
    tenant = _tenant(request)
    page, size = page_params(request)
    namespace, flow_id = request.match_info['namespace'], request.match_info['flowId']
    rows = [r for k, r in tenant.triggers.items() if k[:2] == (namespace, flow_id)]
    if request.query.get('q'):
        rows = select(rows, [('q', 'CONTAINS', request.query['q'])])
    rows = sort_rows(rows, request.query.getall('sort', []))
    result = paged(rows, page, size)
    result['results'] = [trigger_store.render(r, tenant.id, _state(request).is_v2) for r in result['results']]
    return json_response(result)


# ---- single trigger actions -------------------------------------------------------------

def _path_key(request):
    info = request.match_info
    return (info['namespace'], info['flowId'], info['triggerId'])


async def unlock(request):
    key = _path_key(request)
    row = _row_or_404(request, key)
    if not trigger_store.is_locked(row):
        if _state(request).is_v2:
            raise KestraHttpError(409, 'Conflict: trigger %s is already unlocked' % _describe(key))
        raise illegal_state('Trigger is not locked')
    _unlock(row)
    return _respond(request, row)


async def restart(request):
    row = _row_or_404(request, _path_key(request))
    if _state(request).is_v2:
        # 2.0 sends the same ResetTrigger event as unlock, after killing the evaluation
        _unlock(row)
    else:
        row['workerId'] = None
        row['evaluateRunningDate'] = None
        row['date'] = None
        _touch(row)
    return _respond(request, row)


async def delete(request):
    key = _path_key(request)
    row = _row_or_404(request, key)
    if _state(request).is_v2 and _toggleable(request, key) is not None:
        raise KestraHttpError(409, 'Conflict: Cannot delete trigger [tenant=%s, namespace=%s, flow=%s, trigger=%s]: '
                                   'the flow still declares it. Remove it from the flow or restart the trigger.'
                              % ((request.match_info['tenant'],) + key))
    del _tenant(request).triggers[(row['namespace'], row['flowId'], row['triggerId'])]
    return web.Response(status=204 if _state(request).is_v2 else 200)


async def update_v1(request):
    """1.x PUT /triggers: a whole Trigger; with 'backfill' it sets one, else it sets 'disabled'."""
    body = await _body(request)
    row = _declared_row(request, _trigger_key(body))
    if body.get('backfill') is not None:
        try:
            _create_backfill(row, body['backfill'])
        except KestraHttpError as exc:
            raise KestraHttpError(400, 'Bad Request: %s' % exc.message)
    else:
        _set_disabled(row, bool(body.get('disabled', False)))
    return _respond(request, row)


async def set_disabled_v2(request):
    body = await _body(request)
    row = _declared_row(request, _trigger_key(body))
    _set_disabled(row, bool(body.get('disabled', False)))
    return _respond(request, row)


# ---- bulk actions -----------------------------------------------------------------------

async def set_disabled_by_triggers(request):
    body = await _body(request)
    triggers = body.get('triggers') if isinstance(body, dict) else None
    if not triggers:
        raise constraint_violation([('setDisabledRequest.triggers', 'must not be empty')])
    if not isinstance(body.get('disabled'), bool):
        raise constraint_violation([('setDisabledRequest.disabled', 'must not be null')])
    toggled = 0
    for item in triggers:
        row = _toggleable(request, _trigger_key(item))
        if row is not None:
            _set_disabled(row, body['disabled'])
            toggled += 1
    # 1.x counts the triggers of the request, 2.0 the events it submitted
    return _bulk_response(request, toggled if _state(request).is_v2 else len(triggers))


async def unlock_by_triggers(request):
    body = await _body(request)
    if not isinstance(body, list):
        raise KestraHttpError(422, 'Invalid json mapping: expected a list of triggers')
    unlocked = 0
    for item in body:
        row = _tenant(request).triggers.get(_trigger_key(item))
        if row is not None and trigger_store.is_locked(row):
            _unlock(row)
            unlocked += 1
    return _bulk_response(request, unlocked)


# ---- backfills --------------------------------------------------------------------------

async def create_backfill_v2(request):
    body = await _body(request)
    row = _row_or_404(request, _trigger_key(body))
    _create_backfill(row, body.get('backfill'))
    return _respond(request, row)


def _backfill_action(action):
    async def handler(request):
        body = await _body(request)
        row = _row_or_404(request, _trigger_key(body))
        if action == 'delete':
            _delete_backfill(request, row)
        else:
            _pause_backfill(request, row, action == 'pause')
        return _respond(request, row)
    return handler


# ---- emulator control -------------------------------------------------------------------

async def lock(request):
    """POST /_emulator/triggers/lock {tenant, namespace, flowId, triggerId[, executionId]}: as a running execution."""
    body = await _body(request)
    tenant = _state(request).tenant(body.get('tenant') or 'main')
    key = _trigger_key(body)
    row = tenant.triggers.get(key)
    if row is None:
        raise KestraHttpError(404, 'no trigger state for %s' % _describe(key))
    row['executionId'] = body.get('executionId') or new_id()
    row['lastTriggeredDate'] = now()
    _touch(row)
    return json_response(trigger_store.render(row, tenant.id, _state(request).is_v2))


def setup(app):
    """Register routes (specific paths before the {namespace}/{flowId} patterns) and the flow hook."""
    state = app['state']
    state.flow_hooks.append(trigger_store.sync_flow)
    router = app.router
    router.add_post('/_emulator/triggers/lock', lock)
    router.add_get(PREFIX + '/search', search)
    router.add_post(PREFIX + '/set-disabled/by-triggers', set_disabled_by_triggers)
    router.add_post(PREFIX + '/unlock/by-triggers', unlock_by_triggers)
    router.add_post(PREFIX + '/backfill/delete', _backfill_action('delete'))
    router.add_put(PREFIX + '/backfill/pause', _backfill_action('pause'))
    router.add_put(PREFIX + '/backfill/unpause', _backfill_action('unpause'))
    if state.is_v2:
        router.add_put(PREFIX + '/set-disabled', set_disabled_v2)
        router.add_put(PREFIX + '/backfill/create', create_backfill_v2)
    else:
        router.add_put(PREFIX, update_v1)
    router.add_get(PREFIX + '/{namespace}/{flowId}', search_for_flow)
    router.add_post(PREFIX + '/{namespace}/{flowId}/{triggerId}/unlock', unlock)
    router.add_post(PREFIX + '/{namespace}/{flowId}/{triggerId}/restart', restart)
    router.add_delete(PREFIX + '/{namespace}/{flowId}/{triggerId}', delete)
