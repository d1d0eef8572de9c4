#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_tenant
short_description: Manage a Kestra Enterprise Edition tenant and its settings
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Creates, updates or deletes a tenant of Kestra Enterprise Edition, with its name, its dedicated storage and
    secret backends, their isolation, and its worker settings.
  - Only the options given are managed. A setting that is not given is left as the server has it. Kestra replaces
    the whole tenant on an update, so the module sends the stored tenant with the changed settings written over it.
  - O(storage_configuration) and O(secret_configuration) hold credentials. They are write-only. They are written
    when the tenant is created, and on an existing tenant as O(update_configuration) says. They are never compared
    with what Kestra answers, and never shown in a result, a diff, a message or C(-vvv) output.
  - A converged task sends one GET and no write (plus one GET of C(/api/v1/configs) when an option of one API
    version only is given). With O(update_configuration=always) and a configuration given, every run writes.
    When the tenant does not exist, one GET of C(/api/v1/configs) tells that apart from a Kestra OSS server.
  - Tenants are an instance-level API. The connecting account must be a superadmin. The connection option
    O(tenant) is not used by this module.
  - Needs Kestra Enterprise Edition. On Kestra OSS the task fails with a message that says so.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes
  - kestra_io.kestra.attributes.action_group
options:
  id:
    description:
      - The id of the tenant, for example V(team-a). Lower-case letters, digits, V(_) and V(-), starting with a
        letter or a digit (Kestra's rule). Once the tenant exists, flows and the other resources of the tenant are
        at C(/api/v1/<id>/...), the O(tenant) connection option of the other modules.
    type: str
    required: true
  state:
    description:
      - V(present) creates the tenant or updates the declared settings that differ.
      - V(absent) deletes the tenant, and Kestra deletes everything the tenant holds (flows, executions, namespaces...).
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - The display name of the tenant. Kestra requires one, so a tenant created without O(name) is named after O(id).
    type: str
  storage_type:
    description: The type of the tenant's dedicated internal storage, for example V(s3).
    type: str
  storage_configuration:
    description:
      - The configuration of the tenant's dedicated internal storage. Write-only (see O(update_configuration)).
      - It may hold credentials, so it is never shown (shown as C((secret value)) in the diff).
    type: dict
  storage_isolation:
    description: The isolation of the tenant's internal storage from services. Managed as a whole.
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
  secret_type:
    description: The type of the tenant's dedicated secret manager, for example V(vault).
    type: str
  secret_configuration:
    description:
      - The configuration of the tenant's dedicated secret manager. Write-only (see O(update_configuration)).
      - It may hold credentials, so it is never shown (shown as C((secret value)) in the diff).
    type: dict
  secret_isolation:
    description: The isolation of the tenant's secrets from services. Managed as a whole.
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
  secret_read_only:
    description: Whether the secrets of the tenant are read-only in Kestra.
    type: bool
  require_existing_namespace:
    description: Whether a flow can only be saved in a namespace that exists (as a namespace object) in the tenant.
    type: bool
  outputs_in_internal_storage:
    description: Whether the outputs of the tenant's executions are kept in internal storage.
    type: bool
  worker_group:
    description:
      - The default worker group of the tenant's tasks. Kestra 1.x only (Kestra 2.0 has O(default_worker_selector)).
    type: dict
    suboptions:
      key:
        description: The key of the worker group (see M(kestra_io.kestra.kestra_worker_group)).
        type: str
        required: true
      fallback:
        description: What happens when no worker of the group is available.
        type: str
        choices: [FAIL, WAIT, CANCEL]
  default_worker_selector:
    description:
      - The default worker queue selector of the tenant's tasks. Kestra 2.0 only (Kestra 1.x has O(worker_group)).
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
  update_configuration:
    description:
      - V(always) writes O(storage_configuration) and O(secret_configuration) of an existing tenant on every run and
        reports C(changed=true), since Kestra's answer cannot tell whether they are the same (Ansible's convention
        for write-only values, as C(update_password)).
      - V(on_create) writes them only when the tenant is created.
    type: str
    choices: [always, on_create]
    default: always
notes:
  - The Tenant settings this module has no option for (the apps catalog, dashboards, 2.0 concurrency and quotas,
    the SDK default authentication) are kept as the server has them.
  - An option that exists on one API version only (O(worker_group) on 1.x, O(default_worker_selector) on 2.0) makes
    the module probe the server's version, and fail before any write when the server does not have it.
seealso:
  - module: kestra_io.kestra.kestra_worker_group
  - module: kestra_io.kestra.kestra_namespace
'''

EXAMPLES = r'''
- name: A tenant for a team
  kestra_io.kestra.kestra_tenant:
    id: team-a
    name: Team A
    require_existing_namespace: true

- name: A tenant with its own secret manager, whose token is written only when the tenant is created
  kestra_io.kestra.kestra_tenant:
    id: team-a
    name: Team A
    secret_type: vault
    secret_configuration:
      address: https://vault.example.com
      token: "{{ vault_token }}"
    secret_isolation:
      enabled: true
      denied_services: [WORKER]
    update_configuration: on_create
  no_log: true

- name: The default worker group of the tenant (Kestra 1.x)
  kestra_io.kestra.kestra_tenant:
    id: team-a
    worker_group:
      key: gpu
      fallback: WAIT

- name: Delete a tenant and everything it holds
  kestra_io.kestra.kestra_tenant:
    id: team-old
    state: absent
'''

RETURN = r'''
action:
  description: What the task did to the tenant (or would do, in check mode).
  returned: success
  type: str
  choices: [created, updated, deleted, unchanged]
  sample: updated
tenant:
  description:
    - The settings of the tenant after the task, with the option names of this module (the stored ones merged with
      the declared ones) and its O(id). Never O(storage_configuration) or O(secret_configuration). C(null) after
      O(state=absent).
  returned: success
  type: dict
  sample: {"id": "team-a", "name": "Team A", "require_existing_namespace": true}
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module
from ansible_collections.kestra_io.kestra.plugins.module_utils._tenant_task import TASK


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
