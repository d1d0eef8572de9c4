#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_namespace
short_description: Manage a Kestra Enterprise Edition namespace and its settings
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Creates, updates or deletes a namespace of Kestra Enterprise Edition, with its description, variables,
    plugin defaults, allowed namespaces, storage and secret isolation, storage and secret backends, and worker,
    concurrency and quota settings.
  - Only the options given are managed. A setting that is not given is left as the server has it. Kestra replaces
    the whole namespace on an update, so the module sends the stored namespace with the declared settings written
    over it.
  - Settings are compared as data. O(variables) and O(plugin_defaults) may be given as YAML text or as
    structures. The order of O(allowed_namespaces) and of the denied services of an isolation does not matter.
    An empty value and no value are the same.
  - A converged task sends one GET and no write (plus one GET of C(/api/v1/configs) when the namespace has no
    settings at all, to tell it apart from Kestra OSS, and one when an option of one API version only is given).
  - Needs Kestra Enterprise Edition. On Kestra OSS the task fails with a message that says so. OSS has no
    namespace objects, a namespace exists there as soon as a flow or a namespace file uses it.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes
  - kestra_io.kestra.attributes.action_group
options:
  namespace:
    description:
      - The id of the namespace, for example V(company.team). Lower-case letters, digits, V(.), V(_) and V(-),
        starting with a letter or a digit (Kestra's rule).
    type: str
    required: true
  state:
    description:
      - V(present) creates the namespace or updates the declared settings that differ.
      - V(absent) deletes the namespace. Kestra does not delete a namespace that still holds flows, the task then
        fails and says so.
    type: str
    choices: [present, absent]
    default: present
  description:
    description: The description of the namespace.
    type: str
  variables:
    description:
      - The variables of the namespace (flows read them as C(namespace.<name>)), as a mapping or as YAML text
        of a mapping. Compared as data, so the same variables written differently are unchanged.
    type: raw
  plugin_defaults:
    description:
      - The plugin defaults of the namespace, as a list of C({type, values, forced}) or YAML text of that list.
        Compared as data.
      - Kestra 1.x only. The namespace of Kestra 2.0 has no plugin defaults, the task fails before any write
        when this option is given against a Kestra 2.0 server.
    type: raw
  allowed_namespaces:
    description:
      - The namespaces allowed to use this namespace's flows, variables and secrets. Order does not matter.
      - V([]) removes every allowed namespace.
    type: list
    elements: str
  storage_isolation:
    description: The isolation of the namespace's internal storage from services. Managed as a whole.
    type: dict
    suboptions:
      enabled:
        description: Whether the isolation is enabled.
        type: bool
        default: true
      denied_services:
        description: The services denied access, for example V(EXECUTOR), V(WORKER). Order does not matter.
        type: list
        elements: str
  secret_isolation:
    description: The isolation of the namespace's secrets from services. Managed as a whole.
    type: dict
    suboptions:
      enabled:
        description: Whether the isolation is enabled.
        type: bool
        default: true
      denied_services:
        description: The services denied access, for example V(EXECUTOR), V(WORKER). Order does not matter.
        type: list
        elements: str
  storage_type:
    description: The type of the namespace's dedicated internal storage, for example V(s3).
    type: str
  storage_configuration:
    description:
      - The configuration of the namespace's dedicated internal storage. Compared as data.
      - It may hold credentials, so it is never shown in the result or the diff (shown as C((secret value))).
    type: dict
  secret_type:
    description: The type of the namespace's dedicated secret manager, for example V(vault).
    type: str
  secret_read_only:
    description: Whether the secrets of the namespace are read-only in Kestra.
    type: bool
  secret_configuration:
    description:
      - The configuration of the namespace's dedicated secret manager. Compared as data.
      - It may hold credentials, so it is never shown in the result or the diff (shown as C((secret value))).
    type: dict
  outputs_in_internal_storage:
    description: Whether the outputs of the namespace's executions are kept in internal storage.
    type: bool
  sdk_default_authentication:
    description:
      - The credentials Kestra's SDK tasks of this namespace use by default. Managed as a whole, never shown.
    type: dict
    suboptions:
      api_token:
        description: An API token.
        type: str
      username:
        description: A user name, with O(sdk_default_authentication.password).
        type: str
      password:
        description: The password of O(sdk_default_authentication.username).
        type: str
  worker_group:
    description:
      - The worker group that runs the namespace's tasks. Kestra 1.x only (Kestra 2.0 has
        O(default_worker_selector)).
    type: dict
    suboptions:
      key:
        description: The key of the worker group.
        type: str
        required: true
      fallback:
        description: What happens when no worker of the group is available.
        type: str
        choices: [FAIL, WAIT, CANCEL]
  default_worker_selector:
    description:
      - The worker queue selector of the namespace's tasks. Kestra 2.0 only (Kestra 1.x has O(worker_group)).
    type: dict
    suboptions:
      tags:
        description: The tags a worker queue must have. Order does not matter.
        type: list
        elements: str
      match:
        description: V(ALL) of the tags, or V(ANY) of them.
        type: str
        choices: [ALL, ANY]
      fallback:
        description: What happens when no worker is available.
        type: str
        choices: [FAIL, WAIT, CANCEL, IGNORE]
  concurrency:
    description:
      - The concurrency limit of the executions of every flow in the namespace and its descendants.
        Kestra 2.0 only.
    type: dict
    suboptions:
      limit:
        description: The number of concurrent executions.
        type: int
        required: true
      behavior:
        description: What happens to an execution over the limit.
        type: str
        required: true
        choices: [QUEUE, CANCEL, FAIL]
  quotas:
    description: The execution quotas of the namespace. Kestra 2.0 only. V([]) removes every quota.
    type: list
    elements: dict
    suboptions:
      duration:
        description: The period of the quota, as an ISO 8601 duration, for example V(PT1H).
        type: str
        required: true
      limit:
        description: The number of executions in the period.
        type: int
        required: true
      behavior:
        description: What happens to an execution over the quota.
        type: str
        required: true
        choices: [FAIL, CANCEL]
notes:
  - Every option of Kestra's namespace is available except the deprecated C(allowedTriggers). Settings the module has
    no option for are kept as the server has them.
  - An option that exists on one API version only (O(plugin_defaults), O(worker_group) on 1.x; O(default_worker_selector),
    O(concurrency), O(quotas) on 2.0) makes the module probe the server's version, and fail before any write when the
    server does not have it.
seealso:
  - module: kestra_io.kestra.kestra_namespace_file
  - module: kestra_io.kestra.kestra_kv
'''

EXAMPLES = r'''
- name: A namespace with a description and variables
  kestra_io.kestra.kestra_namespace:
    namespace: company.team
    description: The data team
    variables:
      region: eu-west-1
      retries: 3

- name: Variables as YAML text (compared as data with what is stored)
  kestra_io.kestra.kestra_namespace:
    namespace: company.team
    variables: "{{ lookup('ansible.builtin.file', 'company.team/variables.yml') }}"

- name: Allow another namespace, isolate the secrets; the other settings are left as they are
  kestra_io.kestra.kestra_namespace:
    namespace: company.team
    allowed_namespaces: [company.shared]
    secret_isolation:
      enabled: true
      denied_services: [WORKER]

- name: Plugin defaults (Kestra 1.x)
  kestra_io.kestra.kestra_namespace:
    namespace: company.team
    plugin_defaults:
      - type: io.kestra.plugin.core.log.Log
        values:
          level: INFO

- name: Delete a namespace (it must hold no flows)
  kestra_io.kestra.kestra_namespace:
    namespace: company.old
    state: absent
'''

RETURN = r'''
namespace:
  description: The id of the namespace.
  returned: always
  type: str
  sample: company.team
action:
  description: What the task did to the namespace (or would do, in check mode).
  returned: success
  type: str
  choices: [created, updated, deleted, unchanged]
  sample: updated
settings:
  description:
    - The settings of the namespace after the task, with the option names of this module (the stored ones merged with
      the declared ones). C(null) after O(state=absent).
    - O(storage_configuration), O(secret_configuration) and O(sdk_default_authentication) show as C((secret value)).
  returned: success
  type: dict
  sample: {"description": "The data team", "variables": {"region": "eu-west-1"}, "allowed_namespaces": ["company.shared"]}
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module
from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_task import TASK


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
