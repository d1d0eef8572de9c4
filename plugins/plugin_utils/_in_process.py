# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This plugin_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Run a module's TaskSpec inside the controller's worker and return what the module would.

Each step mirrors one step of the module path, so that both paths return the same
result dict: the arguments cross the same JSON encoding as module arguments do,
the task's environment: is applied, ModuleArgumentSpecValidator validates them as
AnsibleModule does, the logic runs, and the result is formatted as
AnsibleModule.exit_json/fail_json format it (invocation, warnings, deprecations,
no_log values and the task's secret values removed) before crossing the same JSON
decoding back.
"""

import contextlib
import json
import os

from ansible.module_utils.common import warnings as module_warnings
from ansible.module_utils.common.arg_spec import ModuleArgumentSpecValidator
from ansible.module_utils.common.parameters import PASS_VARS, remove_values
from ansible.module_utils.errors import UnsupportedError

try:  # ansible-core 2.19+: module arguments and results cross named JSON profiles
    from ansible.module_utils.common.json import Direction, get_module_decoder, get_module_encoder
    AnsibleJSONEncoder = wrap_var = None
    HAS_JSON_PROFILES = True
except ImportError:  # ansible-core 2.17 and 2.18
    from ansible.module_utils.common.json import AnsibleJSONEncoder
    from ansible.utils.unsafe_proxy import wrap_var
    HAS_JSON_PROFILES = False

from ansible_collections.kestra_io.kestra.plugins.module_utils._client import HAS_REQUESTS
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskContext, execute

# the profile ansible-core uses for Python modules that declare none (ours declare none)
MODULE_PROFILE = 'legacy'
# AnsibleModule runs remove_values over its result: before 2.19 warnings and deprecations
# are plain strings/dicts in it and get censored too; from 2.19 they are message objects
# that remove_values leaves alone
MESSAGES_ARE_CENSORED = not HAS_JSON_PROFILES
# ansible-core 2.21+: AnsibleModule puts 'invocation' in its result only when the controller asks for it
# (the INJECT_INVOCATION setting, off by default); older cores always put it there
INVOCATION_IS_OPTIONAL = 'inject_invocation' in PASS_VARS


def invocation_injected(task_vars):
    """Whether a module run for this task would put 'invocation' in its result."""
    if not INVOCATION_IS_OPTIONAL:
        return True
    from ansible import constants as C  # pylint: disable=import-outside-toplevel
    return bool(C.config.get_config_value('INJECT_INVOCATION', variables=task_vars))


if HAS_JSON_PROFILES:
    # resolved at import, which happens once in the parent process: the forked workers inherit them
    _ARGS_ENCODER = get_module_encoder(MODULE_PROFILE, Direction.CONTROLLER_TO_MODULE)
    _ARGS_DECODER = get_module_decoder(MODULE_PROFILE, Direction.CONTROLLER_TO_MODULE)
    _RESULT_ENCODER = get_module_encoder(MODULE_PROFILE, Direction.MODULE_TO_CONTROLLER)
    _RESULT_DECODER = get_module_decoder(MODULE_PROFILE, Direction.MODULE_TO_CONTROLLER)


def as_module_receives(args):
    """The task arguments as the module process decodes them."""
    if HAS_JSON_PROFILES:
        return json.loads(json.dumps(args, cls=_ARGS_ENCODER), cls=_ARGS_DECODER)
    return json.loads(json.dumps(args, cls=AnsibleJSONEncoder))


def as_controller_receives(result):
    """The module's result as the controller decodes it from the module's output."""
    if HAS_JSON_PROFILES:
        return json.loads(json.dumps(result, cls=_RESULT_ENCODER), cls=_RESULT_DECODER)
    # before 2.19, ActionBase._execute_module marks a module's whole result unsafe
    return wrap_var(json.loads(json.dumps(result, cls=AnsibleJSONEncoder)))


@contextlib.contextmanager
def module_environment(environment):
    """os.environ as the module process would see it (the task's environment: added); restored afterwards."""
    changes = dict((str(name), str(value)) for name, value in environment.items())
    saved = dict((name, os.environ.get(name)) for name in changes)
    os.environ.update(changes)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class _ModuleMessages(object):
    """Warnings and deprecations that module_utils code records while this object is active.

    ansible-core 2.19+ shows them through the controller's Display (captured into the
    task result by the TaskExecutor), so nothing is collected there; older cores keep
    them in module_utils globals, which AnsibleModule would have put into its result.
    """

    def __init__(self):
        self._first_warning = len(module_warnings.get_warning_messages())
        self._first_deprecation = len(module_warnings.get_deprecation_messages())

    def warnings(self):
        return list(module_warnings.get_warning_messages()[self._first_warning:])

    def deprecations(self):
        return list(module_warnings.get_deprecation_messages()[self._first_deprecation:])


def _validation_failure(validation, module_name):
    """AnsibleModule's message for invalid arguments, or None when they are valid."""
    try:
        first_error = validation.errors[0]
    except IndexError:  # AnsibleValidationErrorMultiple has no len()
        return None
    msg = validation.errors.msg
    if isinstance(first_error, UnsupportedError):
        msg = 'Unsupported parameters for (%s) module: %s' % (module_name, msg)
    return msg


def _missing_requests_message():
    from ansible.module_utils.basic import missing_required_lib
    return missing_required_lib('requests')


def run_task(task, args, module_name, check_mode=False, diff=False, no_log=False, environment=None,
             inject_invocation=True):
    """The result dict the module would return for these arguments (as the controller receives it).

    task is the module's TaskSpec; args the task's arguments (module_defaults merged);
    module_name the action as the task names it (AnsibleModule puts it in its messages);
    no_log the module's no_log flag (the task's no_log, or no_target_syslog);
    inject_invocation whether the result gets 'invocation' (see invocation_injected).
    """
    with module_environment(environment or {}):
        messages = _ModuleMessages()
        received = as_module_receives(args)
        # the task's own secrets (sensitive KV values), from the arguments as given: hidden like no_log values
        # even when the validation fails, as the module path does
        secrets = task.secret_values(received)
        validation = ModuleArgumentSpecValidator(**task.validator_kwargs()).validate(received)
        params = validation.validated_parameters
        failure = _validation_failure(validation, module_name)
        if failure is None and not HAS_REQUESTS:
            failure = _missing_requests_message()
        ctx = TaskContext(check_mode=check_mode, diff=diff, no_log=no_log)
        if failure is None:
            result = execute(task, params, ctx)
        else:
            result = dict(failed=True, msg=failure)
        secrets.update(task.secret_values(params))
        no_log_values = set(validation._no_log_values) | secrets  # pylint: disable=protected-access
        result = _as_module_formats(result, params, messages.warnings() + ctx.warnings, messages.deprecations(),
                                    no_log_values, inject_invocation)
    return as_controller_receives(result)


def _as_module_formats(result, params, warnings, deprecations, no_log_values, inject_invocation=True):
    """What AnsibleModule.exit_json / fail_json do to a result before printing it."""
    result = dict(result)
    if result.pop('failed', False):
        result.update(failed=True, msg=str(result.get('msg')))
    if inject_invocation:
        result.setdefault('invocation', {'module_args': params})
    else:
        result.pop('invocation', None)
    messages = {}
    if warnings:
        messages['warnings'] = warnings
    if deprecations:
        messages['deprecations'] = deprecations
    if MESSAGES_ARE_CENSORED:
        result.update(messages)
    preserved = dict((key, value) for key, value in result.items() if value is None or isinstance(value, bool))
    result = remove_values(result, no_log_values)
    result.update(preserved)
    if not MESSAGES_ARE_CENSORED:
        result.update(messages)
    return result
