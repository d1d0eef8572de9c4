# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""The connection options, their environment variables and defaults: resolved here only.

Modules get these through the argument spec (the env fallback below runs inside
AnsibleModule or ArgumentSpecValidator); the lookup passes its keyword/variable
values to resolve_connection(). Both therefore pick the same value.
"""

import os

from ansible.module_utils.errors import AnsibleFallbackNotFound
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError

# name -> (type, environment variables in precedence order, default, no_log)
CONNECTION_OPTIONS = {
    'url': ('str', ('KESTRA_URL',), 'http://localhost:8080', False),
    'username': ('str', ('KESTRA_USERNAME', 'KESTRA_USER'), None, False),
    'password': ('str', ('KESTRA_PASSWORD', 'KESTRA_PASS'), None, True),
    'token': ('str', ('KESTRA_API_TOKEN', 'KESTRA_TOKEN'), None, True),
    'tenant': ('str', ('KESTRA_TENANT_ID', 'KESTRA_TENANT'), 'main', False),
    'validate_certs': ('bool', ('KESTRA_VALIDATE_CERTS',), True, False),
    'ca_path': ('path', ('KESTRA_CA_PATH',), None, False),
    'timeout': ('float', ('KESTRA_TIMEOUT',), 30, False),
}

# token vs username/password is enforced by KestraClient, not here: Ansible counts a parameter
# given as '' (e.g. token: "{{ kestra_token }}" left empty) as set, and would reject it.
CONNECTION_MUTUALLY_EXCLUSIVE = []
CONNECTION_REQUIRED_TOGETHER = [('username', 'password')]


def env_value(name, environ=None):
    """The value of the first environment variable of option 'name' that is set, or None."""
    environ = os.environ if environ is None else environ
    for variable in CONNECTION_OPTIONS[name][1]:
        value = environ.get(variable)
        if value is not None and value != '':
            return value
    return None


def _fallback(name):
    value = env_value(name)
    if value is None:
        # AnsibleModule's fallback protocol: raise to mean "no value"
        raise AnsibleFallbackNotFound
    return value


def connection_argument_spec():
    """The connection part of every module's argument spec (a fresh dict each call)."""
    spec = {}
    for name, (kind, _env, default, no_log) in CONNECTION_OPTIONS.items():
        option = {'type': kind, 'fallback': (_fallback, [name])}
        if default is not None:
            option['default'] = default
        if no_log:
            option['no_log'] = True
        spec[name] = option
    return spec


def _convert(name, value):
    kind = CONNECTION_OPTIONS[name][0]
    if value is None:
        return None
    if kind == 'bool':
        return boolean(value, strict=True)
    if kind == 'float':
        return float(value)
    if kind == 'path':
        return os.path.expanduser(os.path.expandvars(str(value)))
    return str(value)


def resolve_connection(values, environ=None):
    """Apply, per option: the given value, else the first env variable set, else the default.

    'values' maps option names to what the caller got (None when not given).
    Returns a complete, converted dict of the connection options.
    """
    resolved = {}
    for name, (_kind, _env, default, _no_log) in CONNECTION_OPTIONS.items():
        value = values.get(name)
        if value is None or value == '':
            value = env_value(name, environ)
        if value is None:
            value = default
        try:
            resolved[name] = _convert(name, value)
        except (TypeError, ValueError) as exc:
            raise KestraInputError('connection option %s has an invalid value: %s' % (name, exc))
    return resolved
