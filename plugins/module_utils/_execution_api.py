# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Kestra's executions and logs endpoints, and their 1.x / 2.0 differences (docs/dev/kestra-api/executions.md, versions.md).

1.x: actions at /executions/{id}/<action>, kill answers 202 and resume 204 with
no body, task outputs inside taskRunList, legacy search params and minLevel.
2.0: actions at /executions/{id}/actions/<action> returning the execution, slim
task runs (outputs from /outputs/{id}/{taskRunId}), filters[...] everywhere.
"""

import json

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._time_window import iso, parse_kestra_date

LOG_LEVELS = ('TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR')
# Kestra's State.isTerminated (docs/dev/kestra-api/executions.md); PAUSED is not terminal
TERMINAL_STATES = ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'RETRIED', 'SKIPPED', 'RESUBMITTED')
SEARCH_PAGE_SIZE = 25


def is_terminal(execution):
    return ((execution or {}).get('state') or {}).get('current') in TERMINAL_STATES


def label_pairs(labels):
    """Kestra's labels (a list of {key, value}) as a dict."""
    return dict((item.get('key'), item.get('value')) for item in labels or [] if isinstance(item, dict))


class ExecutionApi(object):

    def __init__(self, client):
        self.client = client

    def _path(self, *segments):
        return self.client.api_path('executions', *segments)

    def _action_path(self, execution_id, action):
        if self.client.is_v2:
            return self._path(execution_id, 'actions', action)
        return self._path(execution_id, action)

    @staticmethod
    def _context(execution_id):
        return 'execution %s' % execution_id

    # ---- start ---------------------------------------------------------------------------------

    def create(self, namespace, flow_id, form=None, labels=None, revision=None, schedule_date=None):
        """POST /executions/{ns}/{flowId}: never retried (a retry could start a second run)."""
        params = [('labels', '%s:%s' % (key, value)) for key, value in sorted((labels or {}).items())]
        if revision is not None:
            params.append(('revision', str(revision)))
        if schedule_date:
            params.append(('scheduleDate', schedule_date))
        headers = {'Content-Type': form.content_type} if form is not None else None
        response = self.client.request('POST', self._path(namespace, flow_id), params=params, data=form,
                                       headers=headers, idempotent=False,
                                       context='start of flow %s/%s' % (namespace, flow_id))
        return response.json()

    def find_by_label(self, namespace, flow_id, key, value):
        """The newest execution of this flow carrying label key=value, or None."""
        # filters[...] is read by 1.x (0.24+, beside the deprecated params) and 2.0 alike: no version
        # probe needed (docs/dev/kestra-api/requests-per-task.md)
        params = [('filters[namespace][EQUALS]', namespace), ('filters[flowId][EQUALS]', flow_id),
                  ('filters[labels][EQUALS][%s]' % key, value),
                  ('sort', 'state.startDate:desc'), ('size', str(SEARCH_PAGE_SIZE))]
        page = self.client.get_json(self._path('search'), params=params,
                                    context='search for executions of %s/%s' % (namespace, flow_id))
        for execution in (page or {}).get('results') or []:
            # the namespace search param is a prefix in 1.x: keep exact matches only
            if execution.get('namespace') == namespace and execution.get('flowId') == flow_id and \
                    label_pairs(execution.get('labels')).get(key) == value:
                return execution
        return None

    # ---- read ------------------------------------------------------------------------------------

    def get(self, execution_id, allow_missing=False):
        return self.client.get_json(self._path(execution_id), allow_missing=allow_missing,
                                    context=self._context(execution_id))

    def follow(self, execution_id, read_timeout):
        """The open response of GET /executions/{id}/follow (server-sent events), or None when unsupported."""
        response = self.client.request('GET', self._path(execution_id, 'follow'), stream=True,
                                       headers={'Accept': 'text/event-stream'}, allow=(404, 405),
                                       timeout=(self.client.timeout, read_timeout),
                                       context=self._context(execution_id))
        if response.status_code != 200 or 'event-stream' not in response.headers.get('Content-Type', ''):
            response.close()
            return None
        return response

    def task_outputs(self, execution):
        """{taskId: outputs} of the task runs: inline in 1.x, one request per task run with outputs in 2.0."""
        runs = execution.get('taskRunList') or []
        if not runs:
            return {}
        # the execution tells its API without a version probe: a 1.x TaskRun always carries executionId
        # (required in the 1.3 spec), a 2.0 ApiTaskRun never does (docs/dev/kestra-api/requests-per-task.md)
        if 'executionId' in runs[0]:
            return dict((run.get('taskId'), run.get('outputs')) for run in runs if run.get('outputs'))
        execution_id = execution['id']
        listed = self.client.get_json(self.client.api_path('outputs', execution_id), allow_missing=True,
                                      context=self._context(execution_id)) or []
        outputs = {}
        for item in listed:
            values = self.client.get_json(self.client.api_path('outputs', execution_id, item['taskRunId']),
                                          allow_missing=True, context=self._context(execution_id))
            if values:
                outputs[item.get('taskId')] = values
        return outputs

    def logs(self, execution_id, min_level=None):
        params = []
        if min_level:
            if self.client.is_v2:
                params.append(('filters[level][GREATER_THAN_OR_EQUAL_TO]', min_level))
            else:
                params.append(('minLevel', min_level))
        entries = self.client.get_json(self.client.api_path('logs', execution_id), params=params,
                                       context='logs of execution %s' % execution_id) or []
        if min_level:
            # the level filter had regressions in some 2.0 builds: apply it here too
            floor = LOG_LEVELS.index(min_level)
            entries = [e for e in entries if e.get('level') not in LOG_LEVELS or LOG_LEVELS.index(e['level']) >= floor]
        return entries

    # ---- act ---------------------------------------------------------------------------------------

    def kill(self, execution_id):
        self.client.request('DELETE', self._action_path(execution_id, 'kill'), context=self._context(execution_id))

    def restart(self, execution_id):
        # a restart is not idempotent (it re-runs tasks): never retried
        return self.client.send_json('POST', self._action_path(execution_id, 'restart'), idempotent=False,
                                     context=self._context(execution_id))

    def resume(self, execution_id, form):
        self.client.request('POST', self._action_path(execution_id, 'resume'), data=form,
                            headers={'Content-Type': form.content_type}, idempotent=False,
                            context=self._context(execution_id))

    def delete(self, execution_id):
        """True when deleted, False when there was nothing to delete."""
        response = self.client.request('DELETE', self._path(execution_id), allow=(404,),
                                       context=self._context(execution_id))
        return response.status_code != 404


# every State.Type of 1.x and 2.0 (docs/dev/kestra-api/executions.md): what a state filter may name
STATES = ('CREATED', 'SUBMITTED', 'RUNNING', 'PAUSED', 'RESTARTED', 'KILLING', 'SUCCESS', 'WARNING', 'FAILED',
          'KILLED', 'CANCELLED', 'QUEUED', 'RETRYING', 'RETRIED', 'SKIPPED', 'BREAKPOINT', 'RESUBMITTED')
SEARCH_PAGE_MAX = 50
DATE_FIELDS = ('START_DATE', 'END_DATE', 'START_OR_END_DATE')


def _in_namespace(actual, namespace, include_children):
    return actual == namespace or (include_children and (actual or '').startswith(namespace + '.'))


def _date_matches(execution, after, before, date_field):
    state = execution.get('state') or {}
    if date_field == 'END_DATE':
        dates = [state.get('endDate')]
    elif date_field == 'START_OR_END_DATE':
        dates = [state.get('startDate'), state.get('endDate')]
    else:
        dates = [state.get('startDate')]
    moments = [parse_kestra_date(d) for d in dates if d]
    if not moments:
        return after is None and before is None
    return any((after is None or m >= after) and (before is None or m <= before) for m in moments)


def search_executions(client, namespace=None, include_child_namespaces=False, flow_id=None, states=None,
                      labels=None, started_after=None, started_before=None, limit=None, oldest_first=False,
                      date_field=None):
    """Executions matching every given criterion, newest first, all pages read for the caller.

    Arguments (all optional; None means "no condition"):
      client: a KestraClient.
      namespace (str): exactly this namespace, or also its child namespaces (``company.team.*``) with
        include_child_namespaces=True.
      flow_id (str): this flow id.
      states (list of str): current state is one of these State.Type names (see STATES); an unknown
        name raises KestraInputError before any request.
      labels (dict str -> str): the execution carries every one of these labels.
      started_after, started_before (aware datetime): bounds (inclusive) of the date in date_field,
        by default the execution's start date (Kestra's state.startDate); _time_window.parse_moment
        turns 'since: 24h' style text into one.
      limit (int): at most this many executions (None or 0: all of them).
      oldest_first (bool): sort by start date ascending instead of descending.
      date_field (str): 'START_DATE' (default), 'END_DATE' or 'START_OR_END_DATE': which date the bounds
        apply to (Kestra's dateFilter parameter, 1.3+ and 2.0; older servers ignore it and use the start).

    Returns (executions, total): executions is a list of Kestra's execution JSON objects as the search
    answered them (2.0: light executions without taskRunList; 1.x: with task runs), deduplicated by id;
    total is the number of matches Kestra reported on the first page (more than len(executions) when
    limit cut the list). The same `filters[...]` query parameters are sent to 1.x and 2.0 (no version
    probe), and every criterion is checked again on what the server answered.
    Requests: one GET /executions/search per page of up to SEARCH_PAGE_MAX executions.
    """
    wanted_states = [str(s).upper() for s in states or []]
    unknown = [s for s in wanted_states if s not in STATES]
    if unknown:
        raise KestraInputError('unknown execution state(s) %s; known states: %s'
                               % (', '.join(unknown), ', '.join(STATES)))
    if date_field is not None and date_field not in DATE_FIELDS:
        raise KestraInputError('date_field must be one of %s' % ', '.join(DATE_FIELDS))
    if started_after is not None and started_before is not None and started_before < started_after:
        raise KestraInputError('the end of the time window (%s) is before its start (%s)'
                               % (iso(started_before), iso(started_after)))
    params = []
    if namespace:
        params.append(('filters[namespace][%s]' % ('PREFIX' if include_child_namespaces else 'EQUALS'), namespace))
    if flow_id:
        params.append(('filters[flowId][EQUALS]', flow_id))
    if wanted_states:
        params.append(('filters[state][IN]', ','.join(wanted_states)))
    for key, value in sorted((labels or {}).items()):
        params.append(('filters[labels][EQUALS][%s]' % key, value))
    if started_after is not None:
        params.append(('filters[startDate][GREATER_THAN_OR_EQUAL_TO]', iso(started_after)))
    if started_before is not None:
        params.append(('filters[endDate][LESS_THAN_OR_EQUAL_TO]', iso(started_before)))
    if date_field:
        params.append(('dateFilter', date_field))
    params.append(('sort', 'state.startDate:%s' % ('asc' if oldest_first else 'desc')))
    size = min(limit, SEARCH_PAGE_MAX) if limit else SEARCH_PAGE_MAX
    context = 'search for executions%s' % (' of namespace %s' % namespace if namespace else '')

    def keep(execution):
        return (not namespace or _in_namespace(execution.get('namespace'), namespace, include_child_namespaces)) and \
            (not flow_id or execution.get('flowId') == flow_id) and \
            (not wanted_states or ((execution.get('state') or {}).get('current') in wanted_states)) and \
            all(label_pairs(execution.get('labels')).get(k) == v for k, v in (labels or {}).items()) and \
            (started_after is None and started_before is None or
             _date_matches(execution, started_after, started_before, date_field))

    found, seen, total, page = [], set(), None, 1
    while True:
        body = client.get_json(client.api_path('executions', 'search'),
                               params=params + [('page', str(page)), ('size', str(size))], context=context) or {}
        results = body.get('results') or []
        if total is None:
            total = body.get('total')
        for execution in results:
            if execution.get('id') in seen or not keep(execution):
                continue
            seen.add(execution.get('id'))
            found.append(execution)
            if limit and len(found) >= limit:
                return found, total if total is not None else len(found)
        if len(results) < size or (body.get('total') is not None and page * size >= body['total']):
            return found, total if total is not None else len(found)
        page += 1


def parse_sse(lines):
    """Server-sent events from an iterator of byte lines: yields (event id, decoded data or None)."""
    event_id, data = None, []
    for raw in lines:
        line = raw.decode('utf-8') if isinstance(raw, bytes) else raw
        if line == '':
            if data or event_id is not None:
                yield event_id, _decode(data)
            event_id, data = None, []
            continue
        if line.startswith(':'):
            continue
        field, _sep, value = line.partition(':')
        value = value[1:] if value.startswith(' ') else value
        if field == 'id':
            event_id = value
        elif field == 'data':
            data.append(value)
    if data or event_id is not None:
        yield event_id, _decode(data)


def _decode(data):
    text = '\n'.join(data)
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        raise KestraError('the execution event stream sent data that is not JSON: %s' % text[:200])
