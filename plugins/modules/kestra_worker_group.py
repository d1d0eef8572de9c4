#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_worker_group
short_description: Manage a Kestra Enterprise Edition worker group
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Creates, updates or deletes a worker group of Kestra Enterprise Edition, identified by its key (the value
    workers are started with, and that tasks, namespaces and tenants refer to).
  - Only the options given are managed. An option that is not given is left as the server has it.
  - The API differs between the Kestra lines, and the module follows the server it talks to. Kestra 1.x has
    C(/api/v1/instance/workergroups), with a description and the tenants allowed to use the group. Kestra 2.0 has
    C(/api/v1/instance/worker-groups), with a name and a description. The worker queue subscriptions of a 2.0
    group are kept as they are.
  - A converged task sends the version probe (one GET of C(/api/v1/configs)), then one GET on 2.0, or on 1.x one
    listing (plus one GET when O(allowed_tenants) is given), and no write. On 2.0, when the group does not
    exist, one more GET of C(/api/v1/configs) tells that apart from a Kestra OSS server.
  - Worker groups are an instance-level API. The connecting account must be a superadmin.
  - Needs Kestra Enterprise Edition. On Kestra OSS the task fails with a message that says so.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes
  - kestra_io.kestra.attributes.action_group
options:
  key:
    description:
      - The key of the worker group, for example V(gpu). No blanks, slashes or control characters.
    type: str
    required: true
  state:
    description:
      - V(present) creates the worker group or updates the declared options that differ.
      - V(absent) deletes it. Kestra 2.0 does not delete its C(default) group, nor a group whose workers are still
        connected; the task then fails and says so.
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - The display name of the worker group. Kestra 2.0 only; a group created without O(name) is named after O(key).
    type: str
  description:
    description: The description of the worker group. V("") and no description are the same.
    type: str
  allowed_tenants:
    description:
      - The ids of the tenants allowed to use the worker group. Kestra 1.x only. Order does not matter; V([]) allows
        every tenant.
    type: list
    elements: str
notes:
  - O(name) on Kestra 1.x, or O(allowed_tenants) on Kestra 2.0, fails before any write.
seealso:
  - module: kestra_io.kestra.kestra_tenant
  - module: kestra_io.kestra.kestra_namespace
'''

EXAMPLES = r'''
- name: A worker group for the GPU workers
  kestra_io.kestra.kestra_worker_group:
    key: gpu
    description: Workers with a GPU

- name: Its display name (Kestra 2.0)
  kestra_io.kestra.kestra_worker_group:
    key: gpu
    name: GPU workers

- name: Only two tenants may use it (Kestra 1.x)
  kestra_io.kestra.kestra_worker_group:
    key: gpu
    allowed_tenants: [team-a, team-b]

- name: Delete it
  kestra_io.kestra.kestra_worker_group:
    key: gpu
    state: absent
'''

RETURN = r'''
key:
  description: The key of the worker group.
  returned: always
  type: str
  sample: gpu
action:
  description: What the task did to the worker group (or would do, in check mode).
  returned: success
  type: str
  choices: [created, updated, deleted, unchanged]
  sample: created
worker_group:
  description:
    - The worker group after the task (the stored options merged with the declared ones), with its O(key).
      C(allowed_tenants) is there on Kestra 1.x when O(allowed_tenants) was given. C(null) after O(state=absent).
  returned: success
  type: dict
  sample: {"key": "gpu", "name": "GPU workers", "description": "Workers with a GPU"}
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module
from ansible_collections.kestra_io.kestra.plugins.module_utils._worker_group_task import TASK


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
