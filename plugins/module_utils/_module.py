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


def run_module(task):
    module = AnsibleModule(supports_check_mode=True, **task.validator_kwargs())
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    ctx = TaskContext(check_mode=module.check_mode, diff=module._diff, no_log=module.no_log, warn=module.warn)
    result = execute(task, module.params, ctx)
    if result.pop('failed', False):
        module.fail_json(**result)
    module.exit_json(**result)
