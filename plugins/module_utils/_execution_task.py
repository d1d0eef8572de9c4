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
    label_pairs,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_form import MultipartForm, input_text
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_result import (
    describe,
    failure_message,
    summarize,
    summarize_logs,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_wait import Waiter, WaitTimeout, is_transient
from ansible_collections.kestra_io.kestra.plugins.module_utils._labels import normalize_labels
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec

# the label that records an idempotency key (labels starting with system. are Kestra's own)
IDEMPOTENCY_LABEL = 'ansible.idempotency_key'
START_OPTIONS = ('namespace', 'flow_id', 'labels', 'revision', 'schedule_date', 'idempotency_key')
RESTARTABLE_STATES = ('FAILED', 'KILLED')
# the states of a keyed run that idempotency_rerun=failed starts again
RERUN_STATES = ('FAILED', 'KILLED')
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
    idempotency_rerun=dict(type='str', choices=['never', 'failed'], default='never'),
    execution_id=dict(type='str'),
    state=dict(type='str', choices=['killed', 'restarted', 'resumed', 'absent']),
    wait=dict(type='bool', default=False),
    wait_timeout=dict(type='int', default=3600),
    kill_on_timeout=dict(type='bool', default=False),
    accepted_states=dict(type='list', elements='str', default=['SUCCESS', 'WARNING'], choices=list(TERMINAL_STATES)),
    include_logs=dict(type='bool', default=False),
    log_min_level=dict(type='str', choices=list(LOG_LEVELS)),
)


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
    if params.get('idempotency_rerun') == 'failed' and not params.get('idempotency_key'):
        raise KestraInputError('idempotency_rerun applies to a run with an idempotency_key')
    if params.get('wait_timeout') is not None and params['wait_timeout'] <= 0:
        raise KestraInputError('wait_timeout must be a positive number of seconds')
    # labels are checked before any request
    normalize_labels(params.get('labels'))


def _same_input(given, stored):
    """Whether an input given to the task is the value Kestra stored (which Kestra typed).

    A SECRET input is stored encrypted ({type: ...encrypted, value: ...}): it cannot be
    compared, so it counts as the same.
    """
    if isinstance(stored, dict) and 'encrypted' in str(stored.get('type', '')) and not isinstance(given, dict):
        return True
    numbers = (int, float)
    if isinstance(given, numbers) and isinstance(stored, numbers) and \
            not isinstance(given, bool) and not isinstance(stored, bool):
        return given == stored
    return input_text(given) == input_text(stored)


def differences(execution, inputs, files, labels):
    """The names of the inputs, files and labels given to the task that the stored execution does not have.

    Names only: an input can be a secret, so its values are never quoted.
    """
    stored_inputs = (execution or {}).get('inputs') or {}
    stored_labels = label_pairs((execution or {}).get('labels'))
    changed_inputs = sorted(name for name, value in (inputs or {}).items()
                            if value is not None and (name not in stored_inputs or
                                                      not _same_input(value, stored_inputs[name])))
    changed_inputs += sorted(name for name in (files or {}) if name not in stored_inputs)
    changed_labels = sorted(key for key, value in labels.items() if stored_labels.get(key) != value)
    return changed_inputs, changed_labels


def declared_inputs(flow):
    """The input ids a flow declares (1.x also wrote them as name)."""
    return [item.get('id') or item.get('name') for item in (flow or {}).get('inputs') or [] if isinstance(item, dict)]


class ExecutionTask(object):
    """One run of the module: the parameters, the API and what happened so far."""

    def __init__(self, params, client, ctx, sleep=time.sleep):
        self.params = params
        self.client = client
        self.ctx = ctx
        self.api = ExecutionApi(client)
        self.sleep = sleep
        self.changed = False
        # the last state seen of the execution the task works on: a failure after it was
        # started or acted on still returns it
        self.current = None

    # ---- result ----------------------------------------------------------------------------------

    def _summary(self, execution, task_outputs=None):
        return summarize(execution, self.client.url, self.client.tenant, task_outputs)

    def result(self, execution):
        self.current = execution or self.current
        task_outputs = self.api.task_outputs(execution) if is_terminal(execution) else None
        result = {'changed': self.changed, 'execution': self._summary(execution, task_outputs)}
        if self.params.get('include_logs') and execution:
            result['logs'] = summarize_logs(self._logs(execution['id']))
        return result

    def _logs(self, execution_id):
        return self.api.logs(execution_id, self.params.get('log_min_level'))

    def _quietly(self, what, read, default=None):
        """A read for a failed result: its own failure is a warning, never the task's error."""
        try:
            return read()
        except KestraError as exc:
            self.ctx.warn('could not read %s for the failed result: %s' % (what, exc))
            return default

    def fail(self, message, execution, logs=None):
        """A KestraError whose result holds the execution with its task outputs, and its logs with include_logs."""
        self.current = execution or self.current
        task_outputs = None
        if execution:
            task_outputs = self._quietly('the task outputs of %s' % describe(execution),
                                         lambda: self.api.task_outputs(execution))
        partial = {'changed': self.changed, 'execution': self._summary(execution, task_outputs)}
        if self.params.get('include_logs') and execution:
            if logs is None:
                logs = self._quietly('the logs of %s' % describe(execution), lambda: self._logs(execution['id']), [])
            partial['logs'] = summarize_logs(logs)
        return KestraError(message, result=partial)

    def annotate(self, exc):
        """A failure after the execution was started or read still returns it (changed comes from the client)."""
        if self.current and 'execution' not in exc.result:
            exc.result['execution'] = self._summary(self.current)

    # ---- waiting ---------------------------------------------------------------------------------

    def wait(self, execution, check_state=True):
        self.current = execution
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
        self.current = final
        accepted = [s.upper() for s in self.params['accepted_states']]
        if check_state and final['state']['current'] not in accepted:
            logs = self._quietly('the logs of %s' % describe(final), lambda: self._logs(final['id']), []) \
                if self.params.get('include_logs') else None
            if logs is not None:
                # every log_min_level keeps the ERROR lines
                error_logs = [entry for entry in logs if entry.get('level') == 'ERROR']
            else:
                error_logs = self._quietly('the error logs of %s' % describe(final),
                                           lambda: self.api.logs(final['id'], 'ERROR'), [])
            raise self.fail(failure_message(final, accepted, error_logs), final, logs)
        return final

    # ---- start -------------------------------------------------------------------------------------

    def _files(self):
        return dict((name, os.path.expanduser(str(path))) for name, path in (self.params.get('files') or {}).items())

    def _form(self):
        inputs = self.params.get('inputs')
        files = self._files()
        return MultipartForm(inputs, files) if (inputs or files) else None

    def _create(self, labels):
        p = self.params
        return self.api.create(p['namespace'], p['flow_id'], self._form(), labels, p.get('revision'),
                               p.get('schedule_date'))

    def _start_with_key(self, labels, key, replaced=None):
        """Start; after an answer-less failure, look the key up before trying again.

        replaced: the failed or killed run with the same key that this start replaces
        (idempotency_rerun=failed); finding it again is not finding this start.
        """
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
                if found is not None and (replaced is None or found.get('id') != replaced.get('id')):
                    return self.api.get(found['id'])
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

    def _read_flow(self, quiet=False):
        p = self.params
        params = [('revision', str(p['revision']))] if p.get('revision') is not None else None

        def read():
            return self.client.get_json(self.client.api_path('flows', p['namespace'], p['flow_id']), params=params,
                                        allow_missing=True, context='flow %s/%s' % (p['namespace'], p['flow_id']))
        if quiet:
            return self._quietly('flow %s/%s to check the input names' % (p['namespace'], p['flow_id']), read)
        return read()

    def _warn_undeclared(self, flow, names):
        """Kestra ignores an input the flow does not declare: say so, with the declared ones."""
        if flow is None:
            return
        declared = declared_inputs(flow)
        unknown = sorted(name for name in names if name not in declared)
        if unknown:
            self.ctx.warn('flow %s/%s does not declare the input(s) %s, so Kestra ignores them; its inputs are: %s' % (
                self.params['namespace'], self.params['flow_id'], ', '.join(unknown),
                ', '.join(declared) if declared else '(none)'))

    def _given_input_names(self):
        inputs = dict((name, value) for name, value in (self.params.get('inputs') or {}).items() if value is not None)
        return set(inputs) | set(self.params.get('files') or {})

    def _check_flow(self):
        """Check mode: the flow must exist, and the input names are checked against it."""
        p = self.params
        flow = self._read_flow()
        if flow is None:
            raise KestraError('flow %s/%s not found: nothing to start' % (p['namespace'], p['flow_id']), status=404)
        self._warn_undeclared(flow, self._given_input_names())

    def _check_started_inputs(self, execution):
        """After a start: the given names that are not among the execution's inputs are checked against the flow.

        Kestra keeps the declared inputs only, so the flow is read only when a name is missing.
        """
        missing = self._given_input_names() - set((execution or {}).get('inputs') or {})
        if missing:
            self._warn_undeclared(self._read_flow(quiet=True), missing)

    def _found(self, execution, labels, key):
        """A keyed run already exists: say when it differs from the task or has failed."""
        p = self.params
        state = (execution.get('state') or {}).get('current')
        changed_inputs, changed_labels = differences(execution, p.get('inputs'), p.get('files'), labels)
        rerun_hint = ''
        if state in RERUN_STATES:
            rerun_hint = '; set idempotency_rerun: failed to start a new run with the same key when it failed or was killed'
        if changed_inputs or changed_labels:
            what = []
            if changed_inputs:
                what.append('inputs %s' % ', '.join(changed_inputs))
            if changed_labels:
                what.append('labels %s' % ', '.join(changed_labels))
            self.ctx.warn('%s (%s) already carries idempotency key %s, so nothing was started; it was started with '
                          'other values of %s than this task gives, and they were not applied. Use another key for a '
                          'run with these values%s' % (describe(execution), state, key, ' and '.join(what), rerun_hint))
        elif rerun_hint:
            self.ctx.warn('%s already carries idempotency key %s and ended %s: it is returned, nothing was started%s'
                          % (describe(execution), key, state, rerun_hint))

    def start(self):
        p = self.params
        labels = normalize_labels(p.get('labels'))
        key = p.get('idempotency_key')
        existing = replaced = None
        if key:
            labels[IDEMPOTENCY_LABEL] = key
            found = self.api.find_by_label(p['namespace'], p['flow_id'], IDEMPOTENCY_LABEL, key)
            if found is not None:
                # a search result can be a light execution (2.0): read the full one
                existing = self.api.get(found['id'])
                if p.get('idempotency_rerun') == 'failed' and \
                        (existing.get('state') or {}).get('current') in RERUN_STATES:
                    replaced, existing = existing, None
        if existing is None:
            self._form()  # checks the files before anything is sent
            self.changed = True
            if self.ctx.check_mode:
                self._check_flow()
                return self.result(None)
            execution = self._start_with_key(labels, key, replaced) if key else self._start_once(labels)
            self.current = execution
            self._check_started_inputs(execution)
        else:
            execution = self.current = existing
            self._found(existing, labels, key)
        if p['wait'] and not self.ctx.check_mode:
            execution = self.wait(execution)
        return self.result(execution)

    # ---- an existing execution -------------------------------------------------------------------

    def read(self):
        execution = self.current = self.api.get(self.params['execution_id'])
        if self.params['wait']:
            execution = self.wait(execution)
        return self.result(execution)

    def act(self):
        state = self.params['state']
        execution = self.current = self.api.get(self.params['execution_id'], allow_missing=state == 'absent')
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
    try:
        if params.get('execution_id'):
            return task.act() if params.get('state') else task.read()
        return task.start()
    except KestraError as exc:
        task.annotate(exc)
        raise


TASK = TaskSpec(
    'kestra_execution',
    ARGUMENT_SPEC,
    run,
    required_one_of=[('execution_id', 'flow_id')],
    required_together=[('namespace', 'flow_id')],
    required_by={'state': ('execution_id',)},
)
