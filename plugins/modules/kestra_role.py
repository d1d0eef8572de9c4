#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_role
short_description: Manage a role of Kestra Enterprise Edition and its permissions
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Creates, updates or deletes a role of the tenant, with its description, its permissions and whether it is the
    default role.
  - The role is known by its name. Kestra allows several roles of one name; when there are, the task fails and lists
    their ids.
  - Permissions are compared as a set of actions per resource (order, duplicates and case do not matter). With
    O(append=false) (the default) the permissions given are exactly the role's permissions, the others are removed.
    With O(append=true) the actions given are added and no permission is removed.
  - Resource and action names are checked against the names the server's Kestra line accepts, before any write.
    Kestra 1.x and 2.x name them differently (1.x actions are V(CREATE), V(READ), V(UPDATE), V(DELETE); 2.x has
    finer actions such as V(VIEW), V(LIST), V(EXECUTE)), so the server's version is probed when O(permissions) is
    given, unless O(api_version) states it.
  - Only the options given are managed. Kestra replaces the whole role on an update, so the module sends the stored
    role with the declared fields written over it. A converged task sends no write. It sends one GET of the
    tenant's roles, one GET of the role, and the version probe when O(permissions) is given.
  - Needs Kestra Enterprise Edition. On Kestra OSS the task fails with a message that says so.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes
  - kestra_io.kestra.attributes.action_group
options:
  name:
    description:
      - The name of the role in the tenant. It is how the module finds the role, so a task cannot rename a role.
    type: str
    required: true
  description:
    description:
      - The description of the role. V('') removes it.
    type: str
  permissions:
    description:
      - 'The permissions of the role, a mapping of resource name to a list of action names, for example
        C({FLOW: [VIEW, LIST], EXECUTION: [VIEW, LIST, CREATE]}) on Kestra 2.x, or C({FLOW: [READ, UPDATE]}) on
        Kestra 1.x.'
      - A resource with no action (V([])) is the same as a resource not given.
      - Kestra 2.x needs at least one permission in a role.
    type: dict
  is_default:
    description:
      - Whether the role is the tenant's default role (Kestra gives it to new users). Kestra keeps one default role,
        so making a role the default one clears the flag of the previous default role.
    type: bool
  append:
    description:
      - V(false) makes O(permissions) the exact permissions of the role.
      - V(true) adds the actions of O(permissions) and removes no permission.
    type: bool
    default: false
  state:
    description:
      - V(present) creates the role or updates what differs.
      - V(absent) deletes the role.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: kestra_io.kestra.kestra_group
  - module: kestra_io.kestra.kestra_binding
'''

EXAMPLES = r'''
- name: A role that reads flows and runs them (Kestra 2.x names)
  kestra_io.kestra.kestra_role:
    name: flow-runner
    description: Reads flows, starts and follows executions
    permissions:
      FLOW: [VIEW, LIST]
      EXECUTION: [VIEW, LIST, CREATE, FOLLOW]

- name: Add one action, keeping every other permission of the role
  kestra_io.kestra.kestra_role:
    name: flow-runner
    permissions:
      EXECUTION: [ACCESS_LOGS]
    append: true

- name: A read-only default role on Kestra 1.x
  kestra_io.kestra.kestra_role:
    name: reader
    permissions:
      FLOW: [READ]
      EXECUTION: [READ]
    is_default: true

- name: Delete the role
  kestra_io.kestra.kestra_role:
    name: flow-runner
    state: absent
'''

RETURN = r'''
name:
  description: The name of the role.
  returned: always
  type: str
  sample: flow-runner
id:
  description: The id of the role in Kestra. C(null) when it does not exist, or in check mode before it is created.
  returned: success
  type: str
  sample: 5pPwxsXgLxJQKl2lMRykEn
action:
  description: What the task did to the role (or would do, in check mode).
  returned: success
  type: str
  choices: [created, updated, deleted, unchanged]
  sample: updated
role:
  description:
    - The role after the task, C(null) after O(state=absent). Permissions have their actions sorted.
  returned: success
  type: dict
  sample: {"id": "5pPwxsXgLxJQKl2lMRykEn", "name": "flow-runner", "description": "Reads flows",
           "permissions": {"FLOW": ["LIST", "VIEW"]}, "is_default": false}
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module
from ansible_collections.kestra_io.kestra.plugins.module_utils._role_task import TASK


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
