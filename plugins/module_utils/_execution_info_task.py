# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_execution_info: one execution by id, or a search; each result shaped as kestra_execution's `execution`."""

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_api import (
    LOG_LEVELS,
    STATES,
    ExecutionApi,
    is_terminal,
    search_executions,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_result import summarize, summarize_logs
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_values import check_namespace
from ansible_collections.kestra_io.kestra.plugins.module_utils._labels import normalize_labels
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec
from ansible_collections.kestra_io.kestra.plugins.module_utils._time_window import now, parse_moment

DEFAULT_LIMIT = 100
SEARCH_OPTIONS = ('namespace', 'include_child_namespaces', 'flow_id', 'states', 'labels', 'since', 'until')

ARGUMENT_SPEC = dict(
    execution_id=dict(type='str'),
    namespace=dict(type='str'),
    include_child_namespaces=dict(type='bool', default=False),
    flow_id=dict(type='str'),
    states=dict(type='list', elements='str'),
    labels=dict(type='raw'),
    since=dict(type='str'),
    until=dict(type='str'),
    order=dict(type='str', choices=['newest_first', 'oldest_first'], default='newest_first'),
    limit=dict(type='int', default=DEFAULT_LIMIT),
    include_task_runs=dict(type='bool', default=False),
    include_logs=dict(type='bool', default=False),
    log_min_level=dict(type='str', choices=list(LOG_LEVELS)),
)


def _given(params, name):
    return params.get(name) not in (None, False, [], {}, '')


def check_params(params):
    """The search criteria, checked and parsed before any request: (states, labels, since, until)."""
    if params.get('execution_id') is not None:
        if not params['execution_id'].strip():
            raise KestraInputError('execution_id is empty')
        given = [name for name in SEARCH_OPTIONS if _given(params, name)]
        if given:
            raise KestraInputError('execution_id reads one execution: it cannot be combined with the search '
                                   'options %s (leave execution_id out to search)' % ', '.join(given))
    else:
        for name in ('include_logs', 'log_min_level'):
            if _given(params, name):
                raise KestraInputError('%s needs execution_id (logs are read for one execution)' % name)
    if params.get('namespace') is not None:
        check_namespace(params['namespace'])
    elif params.get('include_child_namespaces'):
        raise KestraInputError('include_child_namespaces needs namespace')
    if params.get('flow_id') is not None and not params['flow_id'].strip():
        raise KestraInputError('flow_id is empty')
    if params.get('limit') is not None and params['limit'] < 0:
        raise KestraInputError('limit must be 0 (no limit) or a positive number of executions')
    states = [str(state).strip().upper() for state in params.get('states') or []]
    unknown = [state for state in states if state not in STATES]
    if unknown:
        raise KestraInputError('states: unknown execution state(s) %s; Kestra states are %s'
                               % (', '.join(unknown), ', '.join(STATES)))
    labels = normalize_labels(params.get('labels'))
    reference = now()
    since = parse_moment(params.get('since'), 'since', reference)
    until = parse_moment(params.get('until'), 'until', reference)
    if since is not None and until is not None and until < since:
        raise KestraInputError('until (%s) is before since (%s): the time window is empty'
                               % (params['until'], params['since']))
    return states, labels, since, until


def _light(execution):
    """A search item without its task runs (2.0 never has them; 1.x does): the same shape on both."""
    return dict(execution, taskRunList=None)


def _one(params, client, api):
    execution = api.get(params['execution_id'], allow_missing=True)
    if execution is None:
        return {'changed': False, 'executions': [], 'total': 0}
    outputs = api.task_outputs(execution) if is_terminal(execution) else None
    result = {'changed': False, 'executions': [summarize(execution, client.url, client.tenant, outputs)], 'total': 1}
    if params.get('include_logs'):
        result['logs'] = summarize_logs(api.logs(execution['id'], params.get('log_min_level')))
    return result


def run(params, client, ctx):
    states, labels, since, until = check_params(params)
    api = ExecutionApi(client)
    if params.get('execution_id') is not None:
        return _one(params, client, api)
    found, total = search_executions(
        client, namespace=params.get('namespace'), include_child_namespaces=params.get('include_child_namespaces'),
        flow_id=params.get('flow_id'), states=states, labels=labels, started_after=since, started_before=until,
        limit=params.get('limit') or None, oldest_first=params.get('order') == 'oldest_first')
    executions = []
    for execution in found:
        outputs = None
        if params.get('include_task_runs'):
            # the full execution (2.0 search items have no task runs) and, once ended, its task outputs
            execution = api.get(execution['id'], allow_missing=True) or execution
            outputs = api.task_outputs(execution) if is_terminal(execution) else None
        else:
            execution = _light(execution)
        executions.append(summarize(execution, client.url, client.tenant, outputs))
    return {'changed': False, 'executions': executions, 'total': total}


TASK = TaskSpec('kestra_execution_info', ARGUMENT_SPEC, run)
