# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This plugin_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Base of the collection's action plugins: run a module's logic in-process on the controller.

A task that executes on the controller (a local connection, including
delegate_to: localhost) runs the module's TaskSpec inside Ansible's worker: the
same argument validation (ModuleArgumentSpecValidator with the module's own
spec, env fallbacks resolved here), the same logic, the same result, with
no_log values removed as AnsibleModule removes them. Anywhere else, or when
switched off (variable kestra_in_process: false or environment variable
KESTRA_IN_PROCESS=false), the real module runs on the target as usual.
"""

import os

from ansible.module_utils.common.arg_spec import ModuleArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase

from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskContext, execute

SWITCH_VARIABLE = 'kestra_in_process'
SWITCH_ENV = 'KESTRA_IN_PROCESS'
LOCAL_CONNECTIONS = ('local', 'ansible.builtin.local')


class KestraActionBase(ActionBase):
    """Subclasses set TASK to the module's TaskSpec."""

    TASK = None
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(KestraActionBase, self).run(tmp, task_vars)
        if not self._runs_in_process(task_vars):
            result.update(self._execute_module(module_name=self._task.action, module_args=self._task.args,
                                               task_vars=task_vars))
            return result
        result.update(self._run_in_process())
        return result

    # ---- where to run --------------------------------------------------------------

    def _switch(self, task_vars):
        value = task_vars.get(SWITCH_VARIABLE)
        if value is None:
            value = os.environ.get(SWITCH_ENV)
        if value is None or value == '':
            return True
        return boolean(self._templar.template(value), strict=False)

    def _runs_in_process(self, task_vars):
        if not self._switch(task_vars):
            return False
        if self._play_context.become or self._task.become:
            # the module would run as another user: keep its exact semantics
            return False
        if self._task.async_val:
            return False
        return getattr(self._connection, '_load_name', None) in LOCAL_CONNECTIONS

    # ---- in-process execution ----------------------------------------------------------

    def _task_environment(self):
        """The task's environment: keyword, as the module process would see it."""
        environment = {}
        entries = self._task.environment or []
        if isinstance(entries, dict):
            entries = [entries]
        for entry in entries:
            templated = self._templar.template(entry)
            if isinstance(templated, dict):
                environment.update((str(k), str(v)) for k, v in templated.items())
        return environment

    def _run_in_process(self):
        # this worker process runs only this task, so the module's environment can be applied here
        os.environ.update(self._task_environment())
        name = self._task.action
        validator = ModuleArgumentSpecValidator(**self.TASK.validator_kwargs())
        validation = validator.validate(dict(self._task.args))
        no_log_values = validation._no_log_values  # pylint: disable=protected-access
        params = validation.validated_parameters
        try:
            first_error = validation.errors[0]
        except IndexError:
            first_error = None
        if first_error is not None:
            msg = validation.errors.msg
            if isinstance(first_error, UnsupportedError):
                msg = 'Unsupported parameters for (%s) module: %s' % (name, msg)
            return self._finish(dict(failed=True, msg=msg), params, no_log_values)

        ctx = TaskContext(check_mode=bool(self._task.check_mode or self._play_context.check_mode),
                          diff=bool(self._task.diff or self._play_context.diff),
                          no_log=bool(self._task.no_log or self._play_context.no_log))
        result = execute(self.TASK, params, ctx)
        if ctx.warnings:
            result['warnings'] = list(ctx.warnings)
        return self._finish(result, params, no_log_values)

    @staticmethod
    def _finish(result, params, no_log_values):
        """What AnsibleModule does before printing its result."""
        result.setdefault('changed', False)
        result['invocation'] = {'module_args': params}
        preserved = dict((k, v) for k, v in result.items() if v is None or isinstance(v, bool))
        result = remove_values(result, no_log_values)
        result.update(preserved)
        return result
