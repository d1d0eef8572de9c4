# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""The contract between a module's logic and the two ways it runs.

A module's logic is a TaskSpec: an argument spec (connection options merged in),
its constraints, and run(params, client, ctx) returning a result dict or
raising KestraError. The AnsibleModule wrapper (_module.run_module) and the
controller-side action plugin (plugin_utils/_action.py) both call execute().
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._client import KestraClient
from ansible_collections.kestra_io.kestra.plugins.module_utils._connection import (
    CONNECTION_MUTUALLY_EXCLUSIVE,
    CONNECTION_OPTIONS,
    CONNECTION_REQUIRED_TOGETHER,
    connection_argument_spec,
    environment_secrets,
    resolve_connection,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError


class TaskContext(object):
    """What the logic may know about the task besides its parameters."""

    def __init__(self, check_mode=False, diff=False, no_log=False, warn=None):
        self.check_mode = check_mode
        self.diff = diff
        self.no_log = no_log
        self.warnings = []
        self._warn = warn

    def warn(self, message):
        if self._warn is not None:
            self._warn(message)
        else:
            self.warnings.append(message)


class TaskSpec(object):
    """A module's argument spec, constraints and logic."""

    def __init__(self, name, argument_spec, run, mutually_exclusive=(), required_together=(),
                 required_one_of=(), required_if=(), required_by=None, secret_values=None):
        self.name = name
        self.argument_spec = argument_spec
        self.run = run
        self.mutually_exclusive = list(mutually_exclusive)
        self.required_together = list(required_together)
        self.required_one_of = list(required_one_of)
        self.required_if = list(required_if)
        self.required_by = dict(required_by or {})
        # secret_values(params) -> texts to hide like the values of no_log options (e.g. sensitive KV
        # values); params are the arguments as given, possibly not valid yet
        self._secret_values = secret_values

    def secret_values(self, params):
        """The texts both paths remove from the result (invocation, messages), as AnsibleModule does for no_log."""
        # the credentials the environment gives (they have no argument spec fallback, which would hide them)
        secrets = environment_secrets(params)
        # Ansible collects no_log values while it validates; a value of the wrong type for another
        # option can stop that collection before it reaches a password, and the failure message
        # would then print the password in the invocation: collect them from the raw arguments too
        spec = connection_argument_spec()
        spec.update(self.argument_spec)
        secrets |= declared_no_log_values(spec, params)
        if self._secret_values is None:
            return secrets
        return secrets | set(self._secret_values(params))

    def validator_kwargs(self):
        """Keyword arguments for AnsibleModule / ArgumentSpecValidator (same for both paths)."""
        spec = connection_argument_spec()
        spec.update(self.argument_spec)
        return dict(
            argument_spec=spec,
            mutually_exclusive=CONNECTION_MUTUALLY_EXCLUSIVE + self.mutually_exclusive,
            required_together=CONNECTION_REQUIRED_TOGETHER + self.required_together,
            required_one_of=self.required_one_of,
            required_if=self.required_if,
            required_by=self.required_by,
        )


def _scalar_texts(value):
    """Every scalar inside value, as text (a no_log option given a list or a mapping hides all of it)."""
    if isinstance(value, dict):
        return set().union(*[_scalar_texts(item) for item in value.values()]) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*[_scalar_texts(item) for item in value]) if value else set()
    if value is None or isinstance(value, bool):
        return set()
    text = value if isinstance(value, str) else str(value)
    return set([text]) if text else set()


def declared_no_log_values(spec, params):
    """The values of the no_log options in params (arguments as given, maybe invalid), suboptions included."""
    found = set()
    if not isinstance(params, dict):
        return found
    for name, option in spec.items():
        given = [key for key in [name] + list(option.get('aliases') or ()) if key in params]
        if not given:
            continue
        value = params[given[0]]
        if option.get('no_log'):
            found |= _scalar_texts(value)
        elif option.get('options'):
            items = value if isinstance(value, list) else [value]
            for item in items:
                found |= declared_no_log_values(option['options'], item)
    return found


def client_from_params(params, warn=None):
    """A KestraClient from validated module parameters (credentials resolved as a group here)."""
    options = resolve_connection(dict((name, params.get(name)) for name in CONNECTION_OPTIONS))
    return KestraClient(warn=warn, **options)


def execute(task, params, ctx, client_factory=client_from_params):
    """Run the logic: the result dict, with failed/msg set when it raised KestraError.

    A task that fails after one of its writes was accepted reports changed: true
    (Ansible's convention: a failed task can have changed something), whatever
    the logic managed to put into the error's result.
    """
    client = None
    try:
        client = client_factory(params, warn=ctx.warn)
        result = task.run(params, client, ctx)
    except KestraError as exc:
        result = exc.result_fields()
        result['failed'] = True
        if getattr(client, 'wrote', False):
            result['changed'] = True
    result.setdefault('changed', False)
    return result
