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

A task that executes on the controller (the ansible.builtin.local connection,
including delegate_to: localhost), without become and without async, runs the
module's TaskSpec inside Ansible's worker process (see _in_process.run_task) and
returns the result the module would return. Anywhere else, or when switched off
(variable kestra_in_process: false, or environment variable KESTRA_IN_PROCESS=false
for the ansible-playbook process), Ansible's own 'normal' action plugin runs the
real module on the target, exactly as if the collection had no action plugin.
"""

import os

from ansible import constants as C
from ansible.errors import AnsibleActionFail
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase

from ansible_collections.kestra_io.kestra.plugins.plugin_utils._in_process import invocation_injected, run_task

SWITCH_VARIABLE = 'kestra_in_process'
SWITCH_ENV = 'KESTRA_IN_PROCESS'
# resolved names only: a connection plugin that merely calls itself 'local' (ansible.legacy.local
# from a playbook's connection_plugins/) may reach another machine
LOCAL_CONNECTIONS = frozenset(['ansible.builtin.local'])
MODULE_ACTION = 'ansible.legacy.normal'


def in_process_switch(variable, environ):
    """Whether the in-process path is allowed: the variable if set, else the env variable, else true."""
    for source, value in ((SWITCH_VARIABLE, variable), (SWITCH_ENV, environ.get(SWITCH_ENV))):
        if value is None or (source == SWITCH_ENV and value == ''):
            continue
        try:
            return boolean(value, strict=True)
        except TypeError:
            raise ValueError('%s must be a boolean (true/false), got %r' % (source, value))
    return True


def runs_in_process(switch, connection_name, become, async_val):
    """Whether a task may run in-process: switched on, local connection, no become, no async.

    become: the module would run as another user (its files, environment, sudo rules).
    async: the task must outlive the worker; only the async_wrapper module can do that.
    """
    return bool(switch) and connection_name in LOCAL_CONNECTIONS and not become and not async_val


class KestraActionBase(ActionBase):
    """Subclasses set TASK to the module's TaskSpec."""

    TASK = None
    _supports_check_mode = True
    _supports_async = True  # async tasks take the module path, which supports it

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        in_process = self._runs_in_process(task_vars)
        args = self._controller_args(dict(self._task.args), in_process)
        if not in_process:
            return self._run_module(task_vars, args)
        result = super(KestraActionBase, self).run(tmp, task_vars)
        result.update(run_task(
            self.TASK, args, self._task.action,
            check_mode=bool(self._task.check_mode),
            diff=bool(self._task.diff),
            no_log=self._module_no_log(task_vars),
            environment=self._module_environment(),
            inject_invocation=invocation_injected(task_vars),
        ))
        return result

    def _runs_in_process(self, task_vars):
        variable = task_vars.get(SWITCH_VARIABLE)
        if variable is not None:
            variable = self._templar.template(variable)
        try:
            switch = in_process_switch(variable, os.environ)
        except ValueError as exc:
            raise AnsibleActionFail(str(exc))
        connection_name = getattr(self._connection, 'ansible_name', None) or getattr(self._connection, '_load_name', None)
        become = self._task.become or self._play_context.become or getattr(self._connection, 'become', None) is not None
        return runs_in_process(switch, connection_name, become, self._task.async_val)

    def _controller_args(self, args, in_process):
        """The task's arguments after what the controller resolves for both paths (a subclass hook)."""
        return args

    def _run_module(self, task_vars, args=None):
        """Run the real module through Ansible's own action plugin for modules."""
        task = self._task
        if args is not None and args != task.args:
            task = task.copy()
            task.args = args
        module_action = self._shared_loader_obj.action_loader.get(
            MODULE_ACTION, task=task, connection=self._connection, play_context=self._play_context,
            loader=self._loader, templar=self._templar, shared_loader_obj=self._shared_loader_obj)
        try:
            return module_action.run(task_vars=task_vars)
        finally:
            module_action.cleanup()

    def _module_no_log(self, task_vars):
        """AnsibleModule.no_log: what ActionBase passes as _ansible_no_log."""
        return bool(self._task.no_log or C.config.get_config_value('DEFAULT_NO_TARGET_SYSLOG', variables=task_vars))

    def _module_environment(self):
        """The task's environment: keyword, resolved as ActionBase resolves it for a module."""
        environment = {}
        self._compute_environment_string(raw_environment_out=environment)
        return environment
