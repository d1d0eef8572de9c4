# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Run a TaskSpec as an Ansible module (the path used on remote hosts)."""

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.kestra_io.kestra.plugins.module_utils._client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskContext, execute


class _TaskModule(AnsibleModule):
    """AnsibleModule that also hides the task's secret values (TaskSpec.secret_values) as no_log values.

    They are registered as soon as the arguments are read, so that every output of the
    module hides them, as it hides the values of no_log options: the invocation and the
    messages of exit_json/fail_json, a failed argument validation included, and the
    arguments it logs to syslog.
    """

    def __init__(self, task, **kwargs):
        self._task = task
        super(_TaskModule, self).__init__(**kwargs)

    def _load_params(self):
        super(_TaskModule, self)._load_params()
        self.no_log_values.update(self._task.secret_values(self.params))


def run_module(task):
    module = _TaskModule(task, supports_check_mode=True, **task.validator_kwargs())
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    ctx = TaskContext(check_mode=module.check_mode, diff=module._diff, no_log=module.no_log, warn=module.warn)
    # the validated arguments too (a type conversion may have made new texts of them)
    module.no_log_values.update(task.secret_values(module.params))
    result = execute(task, module.params, ctx)
    if result.pop('failed', False):
        module.fail_json(**result)
    module.exit_json(**result)
