"""Execution records: state transitions and the JSON shapes Kestra returns (docs/dev/kestra-api/executions.md).

A record keeps Kestra's fields with datetimes; views render them per profile:
1.x returns full task runs (with outputs) everywhere and `deleted`; 2.0 returns
slim task runs, no task runs at all in searches, and no `deleted`.
"""

import asyncio

from .util import iso, iso_duration, new_id, now

TERMINATED = frozenset(('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'RETRIED', 'SKIPPED', 'RESUBMITTED'))
# "ended" states: an execution stops there until someone acts (a paused one has an endDate too)
STOPPED = TERMINATED | {'PAUSED'}


class StateHistory(object):
    """Kestra's State: the current type and every (type, date) it went through."""

    def __init__(self, first='CREATED'):
        self.histories = [(first, now())]

    @property
    def current(self):
        return self.histories[-1][0]

    def change(self, new_state):
        self.histories.append((new_state, now()))

    def render(self):
        start = self.histories[0][1]
        end = self.histories[-1][1] if self.current in STOPPED else None
        return {
            'current': self.current,
            'histories': [{'state': state, 'date': iso(date)} for state, date in self.histories],
            'startDate': iso(start),
            'endDate': iso(end),
            'duration': iso_duration(((end or now()) - start).total_seconds()),
        }


class TaskRun(object):

    def __init__(self, task_id):
        self.id = new_id()
        self.task_id = task_id
        self.state = StateHistory()
        self.attempts = []
        self.outputs = {}

    def start_attempt(self):
        self.attempts.append(StateHistory('RUNNING'))
        if self.state.current != 'RUNNING':
            self.state.change('RUNNING')

    def change(self, new_state):
        self.state.change(new_state)
        if self.attempts and new_state in STOPPED | {'RUNNING', 'KILLING'}:
            if self.attempts[-1].current != new_state:
                self.attempts[-1].change(new_state)

    def render(self, execution, v2):
        body = {
            'id': self.id,
            'taskId': self.task_id,
            'attempts': [{'state': attempt.render()} for attempt in self.attempts],
            'state': self.state.render(),
        }
        if not v2:
            # 2.0 slims task runs: outputs come from /outputs/... instead
            body.update(executionId=execution.id, namespace=execution.namespace, flowId=execution.flow_id,
                        outputs=dict(self.outputs))
        return body


class ExecutionRecord(object):
    """One execution plus what the emulator needs to run it (flow model, worker, events)."""

    def __init__(self, tenant_id, flow_revision, inputs, labels, schedule_date=None, v2=False):
        model = flow_revision['model']
        self.id = new_id()
        self.tenant_id = tenant_id
        self.namespace = model['namespace']
        self.flow_id = model['id']
        self.flow_revision = flow_revision['revision']
        self.model = model
        self.v2 = v2
        self.inputs = inputs
        self.outputs = {}
        self.labels = labels
        self.schedule_date = schedule_date
        self.state = StateHistory()
        self.created = self.state.histories[0][1]
        self.task_runs = []
        self.attempt_number = 1
        self.files = {}
        self.deleted = False
        self.worker = None
        self.resume_event = asyncio.Event()
        self._changed = asyncio.Event()

    # ---- progress ------------------------------------------------------------------------

    @property
    def current(self):
        return self.state.current

    @property
    def stopped(self):
        """Terminated and not paused: what the follow stream and wait=true wait for."""
        return self.current in TERMINATED

    def change(self, new_state):
        if self.current != new_state:
            self.state.change(new_state)
        self.notify()

    def notify(self):
        """Wake every follower: they re-read the record."""
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def next_change(self, timeout=None):
        event = self._changed
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except asyncio.TimeoutError:
            pass

    async def until_stopped(self):
        while not self.stopped and not self.deleted:
            await self.next_change()

    def task_run(self, task_run_id):
        for task_run in self.task_runs:
            if task_run.id == task_run_id:
                return task_run
        return None

    # ---- views ---------------------------------------------------------------------------

    def _common(self):
        return {
            'id': self.id,
            'namespace': self.namespace,
            'flowId': self.flow_id,
            'flowRevision': self.flow_revision,
            'tenantId': self.tenant_id,
            'inputs': dict(self.inputs) or None,
            'outputs': dict(self.outputs) or None,
            'labels': [{'key': key, 'value': value} for key, value in self.labels],
            'state': self.state.render(),
            'originalId': self.id,
            'scheduleDate': iso(self.schedule_date),
        }

    def render(self):
        """GET /executions/{id} (2.0: ApiExecution)."""
        body = self._common()
        body['taskRunList'] = [task_run.render(self, self.v2) for task_run in self.task_runs] or None
        body['metadata'] = {'attemptNumber': self.attempt_number, 'originalCreatedDate': iso(self.created)}
        if not self.v2:
            body['deleted'] = self.deleted
        return body

    def render_light(self):
        """An item of /executions/search (2.0: ApiLightExecution without task runs)."""
        if not self.v2:
            body = self.render()
            # kestractl: 1.x execution summaries carry no tenantId
            body.pop('tenantId', None)
            return body
        return self._common()
