# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_execution: start a flow (once per idempotency key), wait for it, read or act on an execution."""

import os
import time

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraConnectionError, KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_api import (
    LOG_LEVELS,
    TERMINAL_STATES,
    ExecutionApi,
    is_terminal,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_form import MultipartForm
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_result import (
    describe,
    failure_message,
    summarize,
    summarize_logs,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_wait import Waiter, WaitTimeout, is_transient
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec

# the label that records an idempotency key (labels starting with system. are Kestra's own)
IDEMPOTENCY_LABEL = 'ansible.idempotency_key'
START_OPTIONS = ('namespace', 'flow_id', 'labels', 'revision', 'schedule_date', 'idempotency_key')
RESTARTABLE_STATES = ('FAILED', 'KILLED')
START_RETRY_DELAYS = (1.0, 2.0, 4.0)

ARGUMENT_SPEC = dict(
    namespace=dict(type='str'),
    flow_id=dict(type='str'),
    inputs=dict(type='dict'),
    files=dict(type='dict'),
    labels=dict(type='raw'),
    revision=dict(type='int'),
    schedule_date=dict(type='str'),
    idempotency_key=dict(type='str', no_log=False),
    execution_id=dict(type='str'),
    state=dict(type='str', choices=['killed', 'restarted', 'resumed', 'absent']),
    wait=dict(type='bool', default=False),
    wait_timeout=dict(type='int', default=3600),
    kill_on_timeout=dict(type='bool', default=False),
    accepted_states=dict(type='list', elements='str', default=['SUCCESS', 'WARNING'], choices=list(TERMINAL_STATES)),
    include_logs=dict(type='bool', default=False),
    log_min_level=dict(type='str', choices=list(LOG_LEVELS)),
)


def normalize_labels(labels):
    """labels as a dict of strings, from a dict or a list of 'key:value'."""
    if labels is None:
        return {}
    if isinstance(labels, dict):
        return dict((str(k), '' if v is None else str(v)) for k, v in labels.items())
    if isinstance(labels, (list, tuple)):
        pairs = {}
        for item in labels:
            key, sep, value = str(item).partition(':')
            if not sep or not key:
                raise KestraInputError('labels: %r is not of the form key:value' % (item,))
            pairs[key] = value
        return pairs
    raise KestraInputError('labels must be a dict or a list of key:value strings')


def _check_params(params):
    if params.get('execution_id'):
        given = [name for name in START_OPTIONS if params.get(name) not in (None, {}, [])]
        if given:
            raise KestraInputError('execution_id acts on an existing execution: %s only apply to a new one'
                                   % ', '.join(given))
        if (params.get('inputs') or params.get('files')) and params.get('state') != 'resumed':
            raise KestraInputError('inputs and files go with a new execution, or with state: resumed')
    elif params.get('state'):
        raise KestraInputError('state needs execution_id')
    elif not (params.get('namespace') and params.get('flow_id')):
        raise KestraInputError('namespace and flow_id are required to start an execution (or give execution_id)')
    if params.get('wait_timeout') is not None and params['wait_timeout'] <= 0:
        raise KestraInputError('wait_timeout must be a positive number of seconds')


class ExecutionTask(object):
    """One run of the module: the parameters, the API and what happened so far."""

    def __init__(self, params, client, ctx, sleep=time.sleep):
        self.params = params
        self.client = client
        self.ctx = ctx
        self.api = ExecutionApi(client)
        self.sleep = sleep
        self.changed = False

    # ---- result ----------------------------------------------------------------------------------

    def result(self, execution):
        task_outputs = self.api.task_outputs(execution) if is_terminal(execution) else None
        result = {'changed': self.changed,
                  'execution': summarize(execution, self.client.url, self.client.tenant, task_outputs)}
        if self.params.get('include_logs') and execution:
            result['logs'] = summarize_logs(self.api.logs(execution['id'], self.params.get('log_min_level')))
        return result

    def fail(self, message, execution):
        partial = {'changed': self.changed, 'execution': summarize(execution, self.client.url, self.client.tenant)}
        return KestraError(message, result=partial)

    # ---- waiting ---------------------------------------------------------------------------------

    def wait(self, execution, check_state=True):
        waiter = Waiter(self.api, idle_timeout=min(self.client.timeout, 30.0), warn=self.ctx.warn)
        try:
            final = waiter.wait(execution['id'], self.params['wait_timeout'])
        except WaitTimeout as timeout:
            current = timeout.execution or execution
            state = (current.get('state') or {}).get('current')
            action = 'it is left running'
            if self.params['kill_on_timeout']:
                self.api.kill(execution['id'])
                self.changed = True
                action = 'it was killed (kill_on_timeout)'
            raise self.fail('timed out after %ss waiting for %s: its state is %s; %s' % (
                self.params['wait_timeout'], describe(execution), state, action), current)
        accepted = [s.upper() for s in self.params['accepted_states']]
        if check_state and final['state']['current'] not in accepted:
            raise self.fail(failure_message(final, accepted, self.api.logs(final['id'], 'ERROR')), final)
        return final

    # ---- start -------------------------------------------------------------------------------------

    def _form(self):
        inputs = self.params.get('inputs')
        files = dict((name, os.path.expanduser(str(path))) for name, path in (self.params.get('files') or {}).items())
        return MultipartForm(inputs, files) if (inputs or files) else None

    def _create(self, labels):
        p = self.params
        return self.api.create(p['namespace'], p['flow_id'], self._form(), labels, p.get('revision'),
                               p.get('schedule_date'))

    def _start_with_key(self, labels, key):
        """Start; after an answer-less failure, look the key up before trying again."""
        attempt = 0
        while True:
            try:
                return self._create(labels)
            except KestraError as exc:
                if not is_transient(exc) or attempt >= len(START_RETRY_DELAYS):
                    raise
                self.ctx.warn('the start of %s/%s got no clear answer (%s); looking for an execution with '
                              'idempotency key %s before trying again' % (
                                  self.params['namespace'], self.params['flow_id'], exc, key))
                self.sleep(START_RETRY_DELAYS[attempt])
                attempt += 1
                found = self.api.find_by_label(self.params['namespace'], self.params['flow_id'], IDEMPOTENCY_LABEL, key)
                if found is not None:
                    return found
                if isinstance(exc, KestraConnectionError):
                    # no answer at all: the start may still be in flight and become visible later,
                    # so a second POST could make a second execution; a re-run finds it by its key
                    raise KestraError('%s. No execution with idempotency key %s is visible yet, but the start may '
                                      'still reach Kestra: it is not sent again. Re-run the task: the key finds '
                                      'the execution if it started' % (exc, key), status=exc.status)

    def _start_once(self, labels):
        try:
            return self._create(labels)
        except KestraError as exc:
            if not is_transient(exc):
                raise
            raise KestraError('%s. The request may have reached Kestra, so an execution may have started: it is '
                              'not retried, to never start two. Check the executions of %s/%s, and set '
                              'idempotency_key to make such retries safe' % (
                                  exc, self.params['namespace'], self.params['flow_id']), status=exc.status)

    def _check_flow_exists(self):
        p = self.params
        flow = self.client.get_json(self.client.api_path('flows', p['namespace'], p['flow_id']), allow_missing=True,
                                    context='flow %s/%s' % (p['namespace'], p['flow_id']))
        if flow is None:
            raise KestraError('flow %s/%s not found: nothing to start' % (p['namespace'], p['flow_id']), status=404)

    def start(self):
        p = self.params
        labels = normalize_labels(p.get('labels'))
        key = p.get('idempotency_key')
        existing = None
        if key:
            labels[IDEMPOTENCY_LABEL] = key
            existing = self.api.find_by_label(p['namespace'], p['flow_id'], IDEMPOTENCY_LABEL, key)
        if existing is None:
            self._form()  # checks the files before anything is sent
            self.changed = True
            if self.ctx.check_mode:
                self._check_flow_exists()
                return self.result(None)
            execution = self._start_with_key(labels, key) if key else self._start_once(labels)
        else:
            # a search result can be a light execution (2.0): read the full one
            execution = self.api.get(existing['id'])
        if p['wait'] and not self.ctx.check_mode:
            execution = self.wait(execution)
        return self.result(execution)

    # ---- an existing execution -------------------------------------------------------------------

    def read(self):
        execution = self.api.get(self.params['execution_id'])
        if self.params['wait']:
            execution = self.wait(execution)
        return self.result(execution)

    def act(self):
        state = self.params['state']
        execution = self.api.get(self.params['execution_id'], allow_missing=state == 'absent')
        if execution is None:
            return self.result(None)
        return getattr(self, '_' + state)(execution)

    def _then(self, execution, check_state=True):
        """After an action: the new state, waited for when asked."""
        if self.ctx.check_mode:
            return self.result(execution)
        if self.params['wait']:
            return self.result(self.wait(execution, check_state))
        return self.result(self.api.get(execution['id']))

    def _killed(self, execution):
        if is_terminal(execution):
            return self.result(execution)
        self.changed = True
        if not self.ctx.check_mode:
            self.api.kill(execution['id'])
        return self._then(execution, check_state=False)

    def _restarted(self, execution):
        current = execution['state']['current']
        if current not in RESTARTABLE_STATES:
            why = 'it is still %s: wait for it to end or kill it first' % current if not is_terminal(execution) \
                else 'it ended %s, and Kestra only restarts the failed or killed task runs of an execution' % current
            raise self.fail('cannot restart %s: %s' % (describe(execution), why), execution)
        self.changed = True
        if not self.ctx.check_mode:
            self.api.restart(execution['id'])
        return self._then(execution)

    def _resumed(self, execution):
        if execution['state']['current'] != 'PAUSED':
            return self.result(execution)
        self.changed = True
        if not self.ctx.check_mode:
            self.api.resume(execution['id'], self._form() or MultipartForm())
        return self._then(execution)

    def _absent(self, execution):
        self.changed = True
        if not self.ctx.check_mode:
            self.changed = self.api.delete(execution['id'])
        return self.result(execution)


def run(params, client, ctx):
    _check_params(params)
    task = ExecutionTask(params, client, ctx)
    if params.get('execution_id'):
        return task.act() if params.get('state') else task.read()
    return task.start()


TASK = TaskSpec(
    'kestra_execution',
    ARGUMENT_SPEC,
    run,
    required_one_of=[('execution_id', 'flow_id')],
    required_together=[('namespace', 'flow_id')],
    required_by={'state': ('execution_id',)},
)
