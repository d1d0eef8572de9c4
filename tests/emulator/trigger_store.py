"""Trigger state rows ("trigger contexts"): created from flows, and rendered in each profile's shape.

A row exists only for a worker trigger (Schedule or polling) declared in a live
flow. The scheduler creates it when it sees the flow, enabled, whatever the
YAML says about disabled, and deletes it when the flow is deleted or the
trigger removed from it (docs/dev/kestra-api/triggers.md). Rows are stored in
TenantState.triggers under (namespace, flow_id, trigger_id):

    {'namespace', 'flowId', 'triggerId', 'type', 'kind' ('SCHEDULE'|'POLLING'),
     'cron', 'timezone', 'interval' (seconds), 'date', 'nextExecutionDate',
     'disabled', 'executionId', 'evaluateRunningDate', 'workerId', 'updatedDate',
     'lastTriggeredDate', 'stopAfter', 'backfill' (None or {'start', 'end',
     'currentDate', 'previousNextExecutionDate', 'paused', 'inputs', 'labels'})}

Dates are aware datetimes; they are written as ISO strings when rendered.
"""

import datetime
import re

from .trigger_cron import Cron, CronError
from .util import iso, now

try:
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover - Python < 3.9
    ZoneInfo = None

# trigger types with no state row: started by an event, not by the scheduler
_EVENT_TRIGGER_SUFFIXES = ('.Webhook', '.Flow')
_SCHEDULE_SUFFIXES = ('.Schedule', '.ScheduleOnDates')
_DEFAULT_POLL_SECONDS = 60
_DURATION = re.compile(r'^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$')


def is_worker_trigger(definition):
    kind = str(definition.get('type') or '')
    if kind.endswith(_EVENT_TRIGGER_SUFFIXES) or 'Realtime' in kind:
        return False
    return bool(definition.get('id'))


def _kind(definition):
    return 'SCHEDULE' if str(definition.get('type') or '').endswith(_SCHEDULE_SUFFIXES) else 'POLLING'


def _seconds(duration):
    match = _DURATION.match(str(duration or ''))
    if not match or not any(match.groups()):
        return _DEFAULT_POLL_SECONDS
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return max(1.0, days * 86400 + hours * 3600 + minutes * 60 + seconds)


def _zone(name):
    if name and ZoneInfo is not None:
        try:
            return ZoneInfo(str(name))
        except Exception:  # pylint: disable=broad-except
            pass
    return datetime.timezone.utc


def next_date(row, after=None):
    """When the trigger would next be evaluated: the next cron slot, or now + interval."""
    after = after or now()
    if row['cron']:
        try:
            moment = Cron(row['cron']).next_after(after.astimezone(_zone(row['timezone'])))
        except CronError:
            return None
        return moment.astimezone(datetime.timezone.utc) if moment else None
    if row['kind'] == 'SCHEDULE':
        return None
    return after + datetime.timedelta(seconds=row['interval'])


def _apply_definition(row, definition):
    row['type'] = definition.get('type')
    row['kind'] = _kind(definition)
    row['cron'] = definition.get('cron') if row['kind'] == 'SCHEDULE' else None
    row['timezone'] = definition.get('timezone')
    row['interval'] = _seconds(definition.get('interval'))
    row['stopAfter'] = definition.get('stopAfter')


def new_row(namespace, flow_id, definition):
    moment = now()
    row = {
        'namespace': namespace, 'flowId': flow_id, 'triggerId': definition['id'],
        'date': moment, 'updatedDate': moment, 'disabled': False, 'executionId': None,
        'evaluateRunningDate': None, 'workerId': None, 'lastTriggeredDate': None, 'backfill': None,
    }
    _apply_definition(row, definition)
    row['nextExecutionDate'] = next_date(row)
    return row


def worker_triggers(model):
    return [t for t in (model.get('triggers') or []) if isinstance(t, dict) and is_worker_trigger(t)]


def sync_flow(tenant, namespace, flow_id, revision):
    """Flow hook: create, keep or drop the flow's rows after a save (revision) or a delete (None)."""
    declared = {}
    if revision is not None:
        declared = dict((t['id'], t) for t in worker_triggers(revision['model']))
    for key in [k for k in tenant.triggers if k[:2] == (namespace, flow_id)]:
        if key[2] not in declared:
            del tenant.triggers[key]
    for trigger_id, definition in declared.items():
        key = (namespace, flow_id, trigger_id)
        row = tenant.triggers.get(key)
        if row is None:
            tenant.triggers[key] = new_row(namespace, flow_id, definition)
            continue
        schedule_before = (row['cron'], row['timezone'], row['interval'])
        _apply_definition(row, definition)
        if (row['cron'], row['timezone'], row['interval']) != schedule_before and not row['disabled']:
            row['nextExecutionDate'] = next_date(row)


def definition_of(tenant, row):
    """The trigger as declared in the flow's current revision (a dict), or None."""
    flow = tenant.current_flow(row['namespace'], row['flowId'])
    if flow is None:
        return None
    for trigger in flow['model'].get('triggers') or []:
        if isinstance(trigger, dict) and trigger.get('id') == row['triggerId']:
            return trigger
    return None


def is_locked(row):
    return bool(row['executionId'] or row['evaluateRunningDate'])


def _backfill_json(backfill):
    if backfill is None:
        return None
    rendered = dict(backfill)
    for name in ('start', 'end', 'currentDate', 'previousNextExecutionDate'):
        rendered[name] = iso(backfill.get(name))
    return rendered


def render(row, tenant_id, is_v2):
    """The state row as Kestra writes it: 1.x Trigger, or 2.0 ApiTriggerState."""
    if is_v2:
        return {
            'namespace': row['namespace'], 'flowId': row['flowId'], 'triggerId': row['triggerId'],
            'updatedAt': iso(row['updatedDate']), 'evaluatedAt': iso(row['evaluateRunningDate']),
            'nextEvaluationDate': iso(row['nextExecutionDate']), 'backfill': _backfill_json(row['backfill']),
            'stopAfter': row['stopAfter'], 'disabled': row['disabled'], 'locked': is_locked(row),
            'workerId': row['workerId'], 'lastTriggeredDate': iso(row['lastTriggeredDate']),
            'executionId': row['executionId'], 'kind': row['kind'],
        }
    return {
        'tenantId': tenant_id, 'namespace': row['namespace'], 'flowId': row['flowId'],
        'triggerId': row['triggerId'], 'date': iso(row['date']),
        'nextExecutionDate': iso(row['nextExecutionDate']), 'backfill': _backfill_json(row['backfill']),
        'stopAfter': row['stopAfter'], 'disabled': row['disabled'], 'executionId': row['executionId'],
        'updatedDate': iso(row['updatedDate']), 'evaluateRunningDate': iso(row['evaluateRunningDate']),
        'workerId': row['workerId'],
    }


def render_search_item(tenant, row, is_v2):
    """One /triggers/search result: the declared trigger with its state."""
    definition = definition_of(tenant, row)
    state = render(row, tenant.id, is_v2)
    if is_v2:
        return {'trigger': definition, 'state': state}
    return {'abstractTrigger': definition, 'triggerContext': state}
