# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""What kestra_execution returns: Kestra's execution and logs reshaped for playbooks (pure logic)."""

import re

from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_api import label_pairs

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover
    from urllib import quote  # type: ignore

FAILED_TASK_STATES = ('FAILED', 'KILLED')
_ISO_DURATION = re.compile(r'^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$')


def duration_seconds(text):
    """Seconds of an ISO-8601 duration as Kestra writes it (PT1M2.5S), or None."""
    match = _ISO_DURATION.match(text or '')
    if not match or text in ('P', 'PT'):
        return None
    days, hours, minutes, seconds = match.groups()
    return round(int(days or 0) * 86400 + int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0), 3)


def ui_url(server_url, tenant, execution):
    return '%s/ui/%s/executions/%s/%s/%s' % (server_url, quote(tenant, safe=''), quote(execution['namespace'], safe=''),
                                             quote(execution['flowId'], safe=''), quote(execution['id'], safe=''))


def summarize(execution, server_url, tenant, task_outputs=None):
    """The `execution` result: stable snake_case keys, labels as a dict, the UI link."""
    if not execution:
        return {}
    state = execution.get('state') or {}
    return {
        'id': execution.get('id'),
        'namespace': execution.get('namespace'),
        'flow_id': execution.get('flowId'),
        'flow_revision': execution.get('flowRevision'),
        'state': state.get('current'),
        'start_date': state.get('startDate'),
        'end_date': state.get('endDate'),
        'duration': state.get('duration'),
        'duration_seconds': duration_seconds(state.get('duration')),
        'schedule_date': execution.get('scheduleDate'),
        'labels': label_pairs(execution.get('labels')),
        'inputs': execution.get('inputs') or {},
        'outputs': execution.get('outputs') or {},
        'task_outputs': task_outputs or {},
        'task_runs': [{'id': run.get('id'), 'task_id': run.get('taskId'), 'state': (run.get('state') or {}).get('current')}
                      for run in execution.get('taskRunList') or []],
        'url': ui_url(server_url, tenant, execution),
    }


def summarize_logs(entries):
    return [{'level': e.get('level'), 'timestamp': e.get('timestamp'), 'task_id': e.get('taskId'),
             'message': e.get('message')} for e in entries]


def failed_task_ids(execution):
    ids = []
    for run in (execution or {}).get('taskRunList') or []:
        if (run.get('state') or {}).get('current') in FAILED_TASK_STATES and run.get('taskId') not in ids:
            ids.append(run.get('taskId'))
    return ids


def describe(execution):
    return 'execution %s of flow %s/%s' % (execution.get('id'), execution.get('namespace'), execution.get('flowId'))


def failure_message(execution, accepted, error_logs, max_lines=5):
    """Why a waited-for run failed: its id, final state, failed task ids and the last error log lines."""
    state = (execution.get('state') or {}).get('current')
    message = '%s ended in state %s (accepted: %s)' % (describe(execution), state, ', '.join(accepted))
    failed = failed_task_ids(execution)
    if failed:
        message += '; failed tasks: %s' % ', '.join(failed)
    lines = ['[%s] %s' % (e.get('taskId') or '-', (e.get('message') or '').strip()) for e in error_logs[-max_lines:]]
    if lines:
        message += '; last error logs: %s' % ' | '.join(lines)
    return message
