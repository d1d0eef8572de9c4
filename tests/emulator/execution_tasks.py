"""The core task types the emulator simulates; every other type succeeds as a no-op with a log line.

A runner is `async def run(ctx, task, task_run)` returning the task run's final
state; ctx is a worker.RunContext (log, render, sleep, pause).
"""

import re

from .execution_template import RenderError

_ISO_DURATION = re.compile(r'^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$')


def duration_seconds(text):
    match = _ISO_DURATION.match(str(text or '').strip())
    if not match:
        raise RenderError('Invalid duration `%s`' % text)
    days, hours, minutes, seconds = match.groups()
    return (int(days or 0) * 86400 + int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0))


async def run_log(ctx, task, task_run):
    messages = task.get('message')
    level = str(task.get('level') or 'INFO').upper()
    for message in messages if isinstance(messages, list) else [messages]:
        ctx.log(level, ctx.render(message), task_run)
    return 'SUCCESS'


async def run_return(ctx, task, task_run):
    task_run.outputs = {'value': ctx.render(task.get('format'))}
    return 'SUCCESS'


async def run_output_values(ctx, task, task_run):
    task_run.outputs = {'values': ctx.render(task.get('values') or {})}
    return 'SUCCESS'


async def run_fail(ctx, task, task_run):
    condition = task.get('condition')
    if condition is not None and str(ctx.render(condition)).strip().lower() in ('', 'false'):
        return 'SUCCESS'
    ctx.log('ERROR', ctx.render(task.get('errorMessage') or 'Task failure'), task_run)
    return 'FAILED'


async def run_sleep(ctx, task, task_run):
    await ctx.sleep(duration_seconds(ctx.render(task.get('duration'))))
    return 'SUCCESS'


async def run_pause(ctx, task, task_run):
    delay = task.get('pauseDuration') or task.get('delay')
    await ctx.pause(task_run, duration_seconds(ctx.render(delay)) if delay else None)
    return 'SUCCESS'


async def run_noop(ctx, task, task_run):
    ctx.log('INFO', 'Task of type %s simulated by the emulator as a no-op' % task.get('type'), task_run)
    return 'SUCCESS'


# keyed by the class name, so that io.kestra.plugin.core.log.Log and the legacy
# io.kestra.core.tasks.log.Log both run the same way
RUNNERS = {
    'Log': run_log,
    'Return': run_return,
    'OutputValues': run_output_values,
    'Fail': run_fail,
    'Sleep': run_sleep,
    'Pause': run_pause,
}


def runner_for(task):
    return RUNNERS.get(str(task.get('type') or '').rsplit('.', 1)[-1], run_noop)
