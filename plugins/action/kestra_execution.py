# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.errors import AnsibleActionFail, AnsibleError
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_task import TASK
from ansible_collections.kestra_io.kestra.plugins.plugin_utils._action import LOCAL_CONNECTIONS, KestraActionBase


def is_relative(path):
    """A path the controller resolves: neither absolute nor starting with ~ (the module's host expands that)."""
    return not os.path.isabs(path) and not path.startswith('~')


class ActionModule(KestraActionBase):
    TASK = TASK

    def _controller_args(self, args, in_process):
        """A relative path in files is looked up on the controller, as ansible.builtin.copy's src is.

        The search path is the role's and the playbook's files/ directories (then
        the directories themselves), whichever path the task then takes, so the
        same task finds the same file in-process and as a module.
        """
        files = args.get('files')
        if not isinstance(files, dict):
            return args
        relative = sorted(name for name, path in files.items() if isinstance(path, str) and is_relative(path))
        if not relative:
            return args
        connection_name = getattr(self._connection, 'ansible_name', None) or getattr(self._connection, '_load_name', None)
        if connection_name not in LOCAL_CONNECTIONS:
            raise AnsibleActionFail(
                'files.%s: a relative path is looked up on the controller, but this task runs on %s through '
                'the %s connection: give the absolute path of the file on that host, or run the task on the '
                'controller (delegate_to: localhost)' % (relative[0], self._play_context.remote_addr, connection_name))
        resolved = dict(files)
        for name in relative:
            try:
                resolved[name] = self._find_needle('files', files[name])
            except AnsibleError as exc:
                raise AnsibleActionFail('files.%s: %s' % (name, to_text(exc)))
        return dict(args, files=resolved)
