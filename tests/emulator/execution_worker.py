"""Runs executions as asyncio tasks: CREATED -> (SUBMITTED on 1.x) -> RUNNING -> a terminal state.

Tasks run one after the other; a failure stops the run and runs the flow's
`errors` tasks; `allowFailure: true` turns a failure into WARNING. Durations
(Sleep, Pause) are multiplied by state.time_scale. A kill cancels the asyncio
task: running task runs and the execution end KILLED. A restart re-runs the
failed or killed task runs (new attempt) and skips the successful ones.
"""

import asyncio

from . import logs
from .execution_model import TaskRun
from .execution_tasks import runner_for
from .execution_template import RenderError, render
from .util import iso, now

# a real server moves an execution forward within milliseconds
STEP_SECONDS = 0.005
DONE = ('SUCCESS', 'WARNING', 'SKIPPED')


class RunContext(object):
    """What a task runner may use: logging, rendering, scaled sleeps, pausing."""

    def __init__(self, state, tenant, record):
        self.state = state
        self.tenant = tenant
        self.record = record

    def log(self, level, message, task_run=None):
        logs.append(self.tenant, self.record, level, message, task_run)

    def variables(self):
        record = self.record
        return {
            'inputs': record.inputs,
            'outputs': dict((run.task_id, run.outputs) for run in record.task_runs),
            'execution': {'id': record.id, 'startDate': iso(record.created), 'state': record.current},
            'flow': {'id': record.flow_id, 'namespace': record.namespace, 'revision': record.flow_revision},
            'labels': dict(record.labels),
            'vars': record.model.get('variables') or {},
        }

    def render(self, value):
        return render(value, self.variables())

    async def sleep(self, seconds):
        await asyncio.sleep(max(0.0, seconds) * self.state.time_scale)

    async def pause(self, task_run, seconds=None):
        """PAUSED until resumed (or until `seconds` of scaled time have passed)."""
        record = self.record
        record.resume_event.clear()
        task_run.change('PAUSED')
        record.change('PAUSED')
        timeout = None if seconds is None else seconds * self.state.time_scale
        try:
            await asyncio.wait_for(record.resume_event.wait(), timeout)
        except asyncio.TimeoutError:
            pass
        record.change('RUNNING')
        task_run.change('RUNNING')
        record.notify()


def start(state, tenant, record):
    record.worker = asyncio.ensure_future(_run(state, tenant, record))


def resume(record):
    # RUNNING at once, as Kestra's resume emits the running execution it returns
    record.change('RUNNING')
    record.resume_event.set()


def kill(record):
    """Ask the worker to stop: KILLING now, KILLED once it has unwound."""
    record.change('KILLING')
    if record.worker is not None and not record.worker.done():
        record.worker.cancel()
    else:
        record.change('KILLED')


def restart(state, tenant, record):
    record.attempt_number += 1
    record.change('RESTARTED')
    for task_run in record.task_runs:
        if task_run.state.current not in DONE:
            task_run.change('RESTARTED')
    start(state, tenant, record)


async def _wait_for_schedule(record):
    if record.schedule_date is not None:
        delay = (record.schedule_date - now()).total_seconds()
        if delay > 0:
            await asyncio.sleep(delay)


async def _run(state, tenant, record):
    ctx = RunContext(state, tenant, record)
    try:
        await _wait_for_schedule(record)
        if not state.is_v2 and record.current == 'CREATED':
            # 1.x histories: CREATED -> SUBMITTED -> RUNNING (docs/dev/kestra-api/executions.md)
            await asyncio.sleep(STEP_SECONDS)
            record.change('SUBMITTED')
        await asyncio.sleep(STEP_SECONDS)
        record.change('RUNNING')
        final = await _run_tasks(ctx, record.model.get('tasks') or [])
        if final == 'FAILED':
            await _run_tasks(ctx, record.model.get('errors') or [])
        else:
            final = _flow_outputs(ctx) or final
        record.change(final)
    except asyncio.CancelledError:
        for task_run in record.task_runs:
            if task_run.state.current not in DONE + ('FAILED',):
                task_run.change('KILLED')
        record.change('KILLED')


def _flow_outputs(ctx):
    """Render the flow's declared outputs into execution.outputs; 'FAILED' when one cannot be rendered."""
    try:
        for output in ctx.record.model.get('outputs') or []:
            ctx.record.outputs[output.get('id')] = ctx.render(output.get('value'))
    except RenderError as exc:
        ctx.log('ERROR', 'Failed to render the flow outputs: %s' % exc)
        return 'FAILED'
    return None


def _task_run_for(record, task_id):
    for task_run in record.task_runs:
        if task_run.task_id == task_id:
            return task_run
    task_run = TaskRun(task_id)
    record.task_runs.append(task_run)
    return task_run


async def _run_tasks(ctx, tasks):
    final = 'SUCCESS'
    for task in tasks:
        if task.get('disabled'):
            continue
        task_run = _task_run_for(ctx.record, task.get('id'))
        if task_run.state.current in DONE:
            final = 'WARNING' if task_run.state.current == 'WARNING' else final
            continue
        task_run.start_attempt()
        ctx.record.notify()
        await asyncio.sleep(STEP_SECONDS)
        try:
            result = await runner_for(task)(ctx, task, task_run)
        except RenderError as exc:
            ctx.log('ERROR', str(exc), task_run)
            result = 'FAILED'
        if result == 'FAILED' and task.get('allowFailure'):
            result = 'WARNING'
        task_run.change(result)
        ctx.record.notify()
        if result == 'FAILED':
            return 'FAILED'
        if result == 'WARNING':
            final = 'WARNING'
    return final
