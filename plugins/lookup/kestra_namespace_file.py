# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: kestra_namespace_file
short_description: Read the content of files of a Kestra namespace
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Returns the content of the given namespace files, in order, as text (UTF-8) or as base64.
  - All the files of one call are read over one HTTP session.
  - The connection options are resolved by the same code as the modules and the M(kestra_io.kestra.kestra_kv)
    lookup. A keyword argument wins, then the variable, then the environment variables, then the default; an
    empty string counts as not given. The credentials (O(username), O(password), O(token)) come as a whole from
    the first of those sources that gives any of them.
extends_documentation_fragment:
  - kestra_io.kestra.connection.plugin
options:
  _terms:
    description: The paths of the files in the namespace, for example V(/scripts/run.py).
    type: list
    elements: str
    required: true
  namespace:
    description: The namespace that holds the files.
    type: str
    required: true
  encoding:
    description:
      - V(text) returns the content decoded as UTF-8; a file that is not UTF-8 text fails the lookup.
      - V(base64) returns the bytes base64-encoded, for binary files.
    type: str
    choices: [text, base64]
    default: text
  default:
    description:
      - The value returned for a file that does not exist.
      - Without it, a missing file fails the lookup with an error that names the namespace and the path.
    type: raw
notes:
  - C(module_defaults) does not reach lookups. Give the connection as keyword arguments, as the
    C(kestra_*) variables, or through the environment variables of the controller.
seealso:
  - module: kestra_io.kestra.kestra_namespace_file
'''

EXAMPLES = r'''
- name: Read a script of a namespace
  ansible.builtin.debug:
    msg: "{{ lookup('kestra_io.kestra.kestra_namespace_file', '/scripts/run.py', namespace='company.team') }}"
  vars:
    kestra_url: https://kestra.example.com
    kestra_token: "{{ vault_kestra_token }}"

- name: A binary file, base64-encoded, written to disk
  ansible.builtin.copy:
    dest: /tmp/logo.png
    content: "{{ lookup('kestra_io.kestra.kestra_namespace_file', '/logo.png', namespace='company.team',
                 encoding='base64') | b64decode }}"
'''

RETURN = r'''
_raw:
  description: The contents of the files, in the order of the terms.
  type: list
  elements: str
'''

import base64

from ansible.errors import AnsibleLookupError

from ansible_collections.kestra_io.kestra.plugins.lookup.kestra_kv import LookupModule as KVLookupModule
from ansible_collections.kestra_io.kestra.plugins.module_utils._client import KestraClient
from ansible_collections.kestra_io.kestra.plugins.module_utils._connection import resolve_connection
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_values import check_namespace
from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_file_api import NamespaceFileApi
from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_file_task import normalise_path

_MISSING = object()


class LookupModule(KVLookupModule):
    """The connection options are resolved by the kestra_kv lookup's helpers (inherited)."""

    def run(self, terms, variables=None, **kwargs):
        variables = self._option_variables(variables)
        self.set_options(var_options=variables, direct=kwargs)
        namespace = self.get_option('namespace')
        encoding = self.get_option('encoding')
        default = kwargs['default'] if 'default' in kwargs else _MISSING
        try:
            check_namespace(namespace)
            paths = [normalise_path(term, 'file path') for term in terms]
            connection = resolve_connection(self._connection_sources(kwargs, variables))
            client = KestraClient(warn=self._display.warning, **connection)
        except KestraError as exc:
            raise AnsibleLookupError('kestra_namespace_file lookup, namespace %s: %s' % (namespace, exc))
        try:
            api = NamespaceFileApi(client, namespace)
            return [self._content(api, path, encoding, default) for path in paths]
        finally:
            client.session.close()

    @staticmethod
    def _content(api, path, encoding, default):
        try:
            data = api.read(path)
        except KestraError as exc:
            raise AnsibleLookupError('kestra_namespace_file lookup, namespace %s: %s' % (api.namespace, exc))
        if data is None:
            if default is not _MISSING:
                return default
            raise AnsibleLookupError('kestra_namespace_file lookup: file %s not found in namespace %s (set default to '
                                     'return a value instead)' % (path, api.namespace))
        if encoding == 'base64':
            return base64.b64encode(data).decode('ascii')
        try:
            return data.decode('utf-8')
        except UnicodeDecodeError:
            raise AnsibleLookupError("kestra_namespace_file lookup: file %s of namespace %s is not UTF-8 text (%d bytes): "
                                     "use encoding='base64'" % (path, api.namespace, len(data)))
