# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: kestra_kv
short_description: Read typed values from a Kestra namespace's KV store
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Returns the values of the given keys of a Kestra namespace, in order, typed as Kestra stores them.
    A JSON value is a dict or a list, a NUMBER a number, a BOOLEAN a boolean. STRING, DATE, DATETIME and
    DURATION values are strings as Kestra returns them.
  - All the keys of one call are read over one HTTP session.
  - The connection options are resolved by the same code as the modules. A keyword argument wins, then the
    variable, then the environment variables, then the default; an empty string counts as not given. The
    credentials (O(username), O(password), O(token)) come as a whole from the first of those sources that gives
    any of them.
extends_documentation_fragment:
  - kestra_io.kestra.connection.plugin
options:
  _terms:
    description: The keys to read.
    type: list
    elements: str
    required: true
  namespace:
    description: The namespace that holds the keys.
    type: str
    required: true
  default:
    description:
      - The value returned for a key that is missing or has expired.
      - Without it, a missing key fails the lookup with an error that names the namespace and the key.
    type: raw
  inherit:
    description:
      - Look a key that the namespace does not have up in its parent namespaces, nearest first
        (for V(company.team.sub), then V(company.team), then V(company)), as Kestra flows do.
    type: bool
    default: false
  decimal:
    description:
      - How a number with a fraction is returned, anywhere in a value (a NUMBER, or a number inside a JSON value).
      - V(float) returns a float, which keeps about 16 significant digits, so V(1234567890.123456789) comes back
        as V(1234567890.1234567).
      - V(text) returns its exact digits as a string, for example V("1234567890.123456789").
      - Integers are exact in both cases, whatever their size.
    type: str
    default: float
    choices: [float, text]
notes:
  - C(module_defaults) does not reach lookups. Give the connection as keyword arguments, as the
    C(kestra_*) variables, or through the environment variables of the controller.
  - Use C(query()) or C(wantlist=true) to get a list back when reading several keys.
seealso:
  - module: kestra_io.kestra.kestra_kv
  - module: kestra_io.kestra.kestra_kv_info
'''

EXAMPLES = r'''
- name: Read two keys of a namespace as typed values
  ansible.builtin.debug:
    msg: "{{ query('kestra_io.kestra.kestra_kv', 'region', 'batch_size', namespace='company.team') }}"
  vars:
    kestra_url: https://kestra.example.com
    kestra_token: "{{ vault_kestra_token }}"

- name: A JSON value is a dict
  ansible.builtin.set_fact:
    endpoints: "{{ lookup('kestra_io.kestra.kestra_kv', 'endpoints', namespace='company.team') }}"

- name: A fallback for a missing key, and keys inherited from parent namespaces
  ansible.builtin.debug:
    msg: "{{ lookup('kestra_io.kestra.kestra_kv', 'region', namespace='company.team.sub', inherit=true, default='eu') }}"

- name: An exact decimal as its digits (a float would round it)
  ansible.builtin.debug:
    msg: "{{ lookup('kestra_io.kestra.kestra_kv', 'price', namespace='company.team', decimal='text') }}"
'''

RETURN = r'''
_raw:
  description: The values of the keys, in the order of the terms.
  type: list
  elements: raw
'''

from ansible import constants as C
from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.kestra_io.kestra.plugins.module_utils._client import KestraClient
from ansible_collections.kestra_io.kestra.plugins.module_utils._connection import CONNECTION_OPTIONS, resolve_connection
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_api import KVApi
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_values import (
    check_key,
    check_namespace,
    parent_namespaces,
    to_plain,
)

_MISSING = object()


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        variables = self._option_variables(variables)
        self.set_options(var_options=variables, direct=kwargs)
        namespace = self.get_option('namespace')
        default = kwargs['default'] if 'default' in kwargs else _MISSING
        try:
            check_namespace(namespace)
            keys = [check_key(term) for term in terms]
            connection = resolve_connection(self._connection_sources(kwargs, variables))
            client = KestraClient(warn=self._display.warning, **connection)
        except KestraError as exc:
            raise AnsibleLookupError('kestra_kv lookup, namespace %s: %s' % (namespace, exc))
        parents = parent_namespaces(namespace) if self.get_option('inherit') else []
        try:
            return self._read(KVApi(client), namespace, parents, keys, default, self.get_option('decimal'))
        finally:
            client.session.close()

    def _connection_sources(self, kwargs, variables):
        """The connection options given as keyword arguments, then as variables (highest first).

        resolve_connection applies the environment and the defaults itself, with the same
        rules as for the modules (credentials as one group, '' as not given), so Ansible's
        own env resolution of these options is not used.
        """
        by_variable = {}
        for name in CONNECTION_OPTIONS:
            for variable in self._option_definition(name).get('vars') or []:
                if variable['name'] in variables:
                    by_variable.setdefault(name, variables[variable['name']])
        return [dict((name, kwargs.get(name)) for name in CONNECTION_OPTIONS), by_variable]

    def _option_definition(self, name):
        return C.config.get_configuration_definitions('lookup', self._load_name).get(name) or {}

    def _option_variables(self, variables):
        """The variables this lookup reads (kestra_url, ...), templated.

        The config manager takes a variable's value as it is: "{{ other_var }}" would
        become the url itself, or a false validate_certs once converted to a bool.
        """
        names = set()
        for definition in C.config.get_configuration_definitions('lookup', self._load_name).values():
            names.update(entry['name'] for entry in definition.get('vars') or [])
        variables = variables or {}
        return dict((name, self._templar.template(variables[name])) for name in names if name in variables)

    @staticmethod
    def _read(api, namespace, parents, keys, default, decimal='float'):
        """The values of the keys, in order; a key the namespace lacks is looked up in its parents."""
        try:
            found = api.get_many(namespace, set(keys))
            for parent in parents:
                missing = [key for key, stored in found.items() if stored is None]
                if not missing:
                    break
                found.update(api.get_many(parent, missing))
        except KestraError as exc:
            raise AnsibleLookupError('kestra_kv lookup, namespace %s: %s' % (namespace, exc))
        values = []
        for key in keys:
            if found[key] is not None:
                values.append(to_plain(found[key].type, found[key].value, decimal))
            elif default is not _MISSING:
                values.append(default)
            else:
                raise AnsibleLookupError('kestra_kv lookup: key %s not found in namespace %s%s (set default to return '
                                         'a value instead)' % (key, namespace, ' or its parents' if parents else ''))
        return values
