# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail, AnsibleError

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_file_task import TASK, read_source, tree_payload
from ansible_collections.kestra_io.kestra.plugins.plugin_utils._action import KestraActionBase

HIDDEN = '_src_files'


class ActionModule(KestraActionBase):
    """kestra_namespace_file: src read on the controller, then the module's logic on either path.

    A relative src is looked up in the play's files/ search path, as ansible.builtin.copy
    does; its bytes reach the logic in the hidden option _src_files, the same way
    in-process and as a module on a target.
    """

    TASK = TASK

    def _controller_args(self, args, in_process):
        """The task's arguments with the bytes of every src, read on the controller (both paths)."""
        try:
            sources = self._read_sources(args)
        except (AnsibleError, KestraInputError, EnvironmentError) as exc:
            raise AnsibleActionFail('kestra_namespace_file: %s' % exc)
        return dict(args, **{HIDDEN: sources}) if sources else args

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        # the bytes are not an argument the user gave: keep them out of the invocation shown at -vvv
        module_args = (result.get('invocation') or {}).get('module_args')
        if isinstance(module_args, dict):
            module_args.pop(HIDDEN, None)
        return result

    def _read_sources(self, args):
        """{src: payload} for the src of the task and of each item of files."""
        wanted = []
        if isinstance(args.get('src'), str) and args['src']:
            wanted.append(args['src'])
        for item in args.get('files') or []:
            if isinstance(item, dict) and isinstance(item.get('src'), str) and item['src']:
                wanted.append(item['src'])
        sources = {}
        for src in wanted:
            if src in sources:
                continue
            try:
                local = self._find_needle('files', src)
            except AnsibleError:
                raise KestraInputError('src %s not found on the controller (relative paths are looked up in the '
                                       "play's files/ directories, as for ansible.builtin.copy)" % src)
            sources[src] = tree_payload(*read_source(local))
        return sources
