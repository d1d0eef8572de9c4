# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_namespace: one Kestra Enterprise Edition namespace and its settings, on the resource base.

Only the options given are managed. Kestra's PUT replaces the whole Namespace, so an update
sends the stored object (every field as read, even those this module has no option for) with
the declared fields written over it. Requests: one GET; a converged task writes nothing; the
server's API version is probed only when an option that exists on one version only is given.
"""

import re

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_api import (
    FIELD_MAP,
    OPTION_NAMES,
    NamespaceApi,
    check_versions,
    from_json,
    needs_versions,
    normalise,
    to_json,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import (
    DATA,
    EXACT,
    SET,
    WRITE_ONLY_SHOWN,
    ensure,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec
from ansible_collections.kestra_io.kestra.plugins.module_utils._whole_object import (
    DEFAULT_WORKER_SELECTOR,
    ISOLATION,
    WORKER_GROUP,
    SettingField,
    WholeObjectResource,
    collect_texts,
    present_values,
)

# Kestra's Namespace id pattern (schema Namespace.id)
NAMESPACE_ID = re.compile(r'^[a-z0-9][a-z0-9._-]*$')
# fields that may hold credentials: compared as data, never shown
HIDDEN = ('storage_configuration', 'secret_configuration', 'sdk_default_authentication')

ARGUMENT_SPEC = dict(
    namespace=dict(type='str', required=True),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    description=dict(type='str'),
    variables=dict(type='raw'),
    plugin_defaults=dict(type='raw'),
    allowed_namespaces=dict(type='list', elements='str'),
    storage_isolation=dict(type='dict', options=ISOLATION),
    secret_isolation=dict(type='dict', options=ISOLATION, no_log=False),
    storage_type=dict(type='str'),
    storage_configuration=dict(type='dict', no_log=True),
    secret_type=dict(type='str'),
    secret_read_only=dict(type='bool'),
    secret_configuration=dict(type='dict', no_log=True),
    outputs_in_internal_storage=dict(type='bool'),
    sdk_default_authentication=dict(type='dict', options=dict(
        api_token=dict(type='str', no_log=True),
        username=dict(type='str'),
        password=dict(type='str', no_log=True),
    )),
    worker_group=WORKER_GROUP,
    default_worker_selector=DEFAULT_WORKER_SELECTOR,
    concurrency=dict(type='dict', options=dict(
        limit=dict(type='int', required=True),
        behavior=dict(type='str', required=True, choices=['QUEUE', 'CANCEL', 'FAIL']),
    )),
    quotas=dict(type='list', elements='dict', options=dict(
        duration=dict(type='str', required=True),
        limit=dict(type='int', required=True),
        behavior=dict(type='str', required=True, choices=['FAIL', 'CANCEL']),
    )),
)
_COMPARISON = {'variables': DATA, 'plugin_defaults': DATA, 'allowed_namespaces': SET, 'quotas': DATA,
               'storage_configuration': DATA, 'secret_configuration': DATA}


class NamespaceField(SettingField):
    """A Namespace setting: an empty value and no value are the same; a credential-holding one is never shown."""

    def __init__(self, name, compare=EXACT, hidden=False):
        super(NamespaceField, self).__init__(name, compare)
        self.hidden = hidden

    def shown(self, value):
        if self.hidden:
            return WRITE_ONLY_SHOWN
        return super(NamespaceField, self).shown(value)


def _parsed(option, value, kind, what):
    """A YAML text or a structure, as data of the expected kind (dict or list)."""
    if isinstance(value, str):
        import yaml
        try:
            value = yaml.safe_load(value) if value.strip() else kind()
        except yaml.YAMLError as exc:
            raise KestraInputError('%s is not valid YAML: %s' % (option, str(exc).replace('\n', ' ')[:300]))
    if value is None:
        value = kind()
    if not isinstance(value, kind):
        raise KestraInputError('%s must be %s (a YAML text or a structure), got %s' % (
            option, what, type(value).__name__))
    return value


def declared_values(params):
    """The declared options (None: not managed), checked and in their canonical form. No request."""
    values = {}
    for option in OPTION_NAMES:
        value = params.get(option)
        if value is None:
            continue
        if option == 'variables':
            value = _parsed(option, value, dict, 'a mapping')
        elif option == 'plugin_defaults':
            value = _parsed(option, value, list, 'a list of {type, values, forced}')
            for item in value:
                if not isinstance(item, dict) or not isinstance(item.get('type'), str) or not item['type']:
                    raise KestraInputError('plugin_defaults: every item must be a mapping with a type '
                                           '(a plugin type such as io.kestra.plugin.core.log.Log), got %r'
                                           % (str(item)[:100],))
        elif option == 'allowed_namespaces':
            for name in value:
                check_id(name, 'allowed_namespaces item')
        values[option] = normalise(option, value)
    return values


def check_id(namespace, what='namespace'):
    if not isinstance(namespace, str) or not NAMESPACE_ID.match(namespace):
        raise KestraInputError('%s %r is not a valid Kestra namespace id (lower-case letters, digits, and . _ -, '
                               'starting with a letter or a digit)' % (what, str(namespace)[:100]))


class NamespaceResource(WholeObjectResource):
    kind = 'namespace'
    fields = tuple(NamespaceField(option, _COMPARISON.get(option, EXACT), option in HIDDEN) for option in OPTION_NAMES)
    field_map = FIELD_MAP
    from_json = staticmethod(from_json)
    to_json = staticmethod(to_json)


def run(params, client, ctx):
    namespace = params['namespace']
    check_id(namespace)
    values = present_values(params, declared_values, needs_versions, check_versions, client)
    resource = NamespaceResource(NamespaceApi(client))
    result = ensure(resource, client, ctx, namespace, values, state=params['state'], items_key='settings')
    settings = result.get('settings')
    if settings is not None:
        for name in HIDDEN:
            if name in settings:
                settings[name] = WRITE_ONLY_SHOWN
    result['namespace'] = namespace
    return result


def _secret_values(params):
    """The texts of the credential-holding options (no_log dicts), hidden like AnsibleModule's no_log values."""
    found = set()
    # the connection credentials too: when an option with suboptions gets a value that is not a mapping,
    # Ansible's no_log collection (_list_no_log_values) stops with a TypeError before it reaches them
    for name in ('password', 'token', 'storage_configuration', 'secret_configuration'):
        collect_texts((params or {}).get(name), found)
    auth = (params or {}).get('sdk_default_authentication')
    if isinstance(auth, dict):
        collect_texts(dict((k, v) for k, v in auth.items() if k != 'username'), found)
    return found


TASK = TaskSpec('kestra_namespace', ARGUMENT_SPEC, run, secret_values=_secret_values)
