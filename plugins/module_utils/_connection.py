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

Precedence, the same for modules and the lookup: the options given in the task
(module arguments with module_defaults merged, or the lookup's keyword arguments,
then its kestra_* variables), then the environment variables, then the default.
An empty string counts as not given. The credentials (username, password, token)
resolve as one group: the first source that gives any of them gives all of them,
so a token in the task is never mixed with a username/password of the environment.

Modules get the other options' environment values through the argument spec
(the fallback below runs inside AnsibleModule or ArgumentSpecValidator); the
credentials have no fallback there and are resolved by resolve_connection().
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
    'api_version': ('str', ('KESTRA_API_VERSION',), 'auto', False),
}

# resolved as one group (see resolve_connection), never per option
CREDENTIALS = ('username', 'password', 'token')
API_VERSIONS = ('auto', '1', '2')

# token vs username/password, and username with password, are checked by resolve_connection and
# KestraClient, not by the argument spec: Ansible counts a parameter given as '' (e.g.
# token: "{{ kestra_token }}" left empty) as set, and would reject it.
CONNECTION_MUTUALLY_EXCLUSIVE = []
CONNECTION_REQUIRED_TOGETHER = []


def _given(value):
    return value is not None and value != ''


def env_value(name, environ=None):
    """The value of the first environment variable of option 'name' that is set, or None."""
    environ = os.environ if environ is None else environ
    for variable in CONNECTION_OPTIONS[name][1]:
        value = environ.get(variable)
        if _given(value):
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
        option = {'type': kind}
        if name not in CREDENTIALS:
            option['fallback'] = (_fallback, [name])
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
    if name == 'api_version':
        value = str(value).strip().lower()
        if value not in API_VERSIONS:
            raise ValueError('expected one of %s, got %r' % (', '.join(API_VERSIONS), value))
        return value
    if kind == 'bool':
        return boolean(value, strict=True)
    if kind == 'float':
        return float(value)
    if kind == 'path':
        return os.path.expanduser(os.path.expandvars(str(value)))
    return str(value)


def _env_names(name):
    return ' or '.join(CONNECTION_OPTIONS[name][1])


def _check_credentials(source, from_environment):
    """Reject an incomplete or ambiguous set of credentials, naming where it came from."""
    basic = _given(source.get('username')) or _given(source.get('password'))
    if from_environment and basic and _given(source.get('token')):
        raise KestraInputError(
            'the environment sets both a token (%s) and a username/password (%s, %s): unset one kind, or give '
            'the credentials in the task' % (_env_names('token'), _env_names('username'), _env_names('password')))
    if _given(source.get('username')) != _given(source.get('password')):
        if from_environment:
            raise KestraInputError('the environment variables %s and %s must be set together' % (
                _env_names('username'), _env_names('password')))
        raise KestraInputError('username and password must be given together (the environment variables are '
                               'not used for credentials once username, password or token is given)')


def environment_secrets(values, environ=None):
    """The password and token the environment gives when 'values' (a task's arguments) give
    no credentials: hidden like the values of no_log options, as AnsibleModule hid them when
    they came through an argument spec fallback."""
    if any(_given((values or {}).get(name)) for name in CREDENTIALS):
        return set()
    return set(value for value in (env_value('password', environ), env_value('token', environ)) if value)


def resolve_connection(values, environ=None):
    """The complete, converted connection options.

    'values' maps option names to what the caller got (None or '' when not given),
    or is a list of such mappings, highest precedence first (the lookup: keyword
    arguments, then variables). Per option: the first given value, else the first
    environment variable set, else the default; the credentials as one group.
    """
    layers = [values] if isinstance(values, dict) else list(values)
    environ = os.environ if environ is None else environ
    environment = dict((name, env_value(name, environ)) for name in CONNECTION_OPTIONS)
    credentials, from_environment = environment, True
    for layer in layers:
        if any(_given(layer.get(name)) for name in CREDENTIALS):
            credentials, from_environment = layer, False
            break
    _check_credentials(credentials, from_environment)
    resolved = {}
    for name, (_kind, _env, default, _no_log) in CONNECTION_OPTIONS.items():
        if name in CREDENTIALS:
            value = credentials.get(name)
            value = value if _given(value) else None
        else:
            value = next((layer.get(name) for layer in layers + [environment] if _given(layer.get(name))), default)
        try:
            resolved[name] = _convert(name, value)
        except (TypeError, ValueError) as exc:
            raise KestraInputError('connection option %s has an invalid value: %s' % (name, exc))
    return resolved
