#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_group
short_description: Manage a group of users of Kestra Enterprise Edition
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Creates, updates or deletes a group of the tenant, with its description and its members.
  - The group is known by its name. When two groups of the tenant have that name (Kestra refuses a second one
    through its API, an identity provider may still sync one), the task fails and lists their ids.
  - Members are users, given by email. With O(append=false) (the default) the users given are exactly the
    user members of the group, the others are removed. With O(append=true) they are added and no member is
    removed. Members that are not users (service accounts, whose groups
    M(kestra_io.kestra.kestra_service_account) manages) are never added or removed by this module.
  - Only the options given are managed. A converged task sends no write. It sends one GET of the tenant's
    groups, plus, when O(members) is given, one GET of the users and one of the group's members.
  - Needs Kestra Enterprise Edition. On Kestra OSS the task fails with a message that says so.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes
  - kestra_io.kestra.attributes.action_group
options:
  name:
    description:
      - The name of the group in the tenant. It is how the module finds the group, so a task cannot rename a group.
    type: str
    required: true
  description:
    description:
      - The description of the group. V('') removes it.
    type: str
  members:
    description:
      - The emails of the users who are members of the group. Order and case do not matter.
      - Each email must be the email of an existing user (M(kestra_io.kestra.kestra_user) creates users), the task
        fails before any write and names every unknown email otherwise.
      - V([]) with O(append=false) removes every user member.
      - Not given, the members are left as they are.
    type: list
    elements: str
  append:
    description:
      - V(false) makes O(members) the exact list of the group's user members.
      - V(true) adds the users of O(members) that are not members yet, and removes no one.
    type: bool
    default: false
  state:
    description:
      - V(present) creates the group or updates what differs.
      - V(absent) deletes the group (its members stay users of Kestra).
    type: str
    choices: [present, absent]
    default: present
notes:
  - Listing the users needs the permission to list users (Kestra's C(GET /api/v1/users)), which a superadmin has.
seealso:
  - module: kestra_io.kestra.kestra_role
  - module: kestra_io.kestra.kestra_user
'''

EXAMPLES = r'''
- name: The data team's group, with exactly these two users
  kestra_io.kestra.kestra_group:
    name: data-team
    description: The data engineers
    members:
      - ann@example.com
      - bob@example.com

- name: Add a user to the group, keeping the other members
  kestra_io.kestra.kestra_group:
    name: data-team
    members: [carol@example.com]
    append: true

- name: Delete the group
  kestra_io.kestra.kestra_group:
    name: data-team
    state: absent
'''

RETURN = r'''
name:
  description: The name of the group.
  returned: always
  type: str
  sample: data-team
id:
  description: The id of the group in Kestra. C(null) when it does not exist, or in check mode before it is created.
  returned: success
  type: str
  sample: 4vrB2YXnpaOrGGD3LlLjSJ
action:
  description: What the task did to the group (or would do, in check mode).
  returned: success
  type: str
  choices: [created, updated, deleted, unchanged]
  sample: updated
group:
  description:
    - The group after the task, C(null) after O(state=absent). V(members) (the emails of the user members) is there
      only when O(members) is given.
  returned: success
  type: dict
  sample: {"id": "4vrB2YXnpaOrGGD3LlLjSJ", "name": "data-team", "description": "The data engineers",
           "members": ["ann@example.com", "bob@example.com"]}
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module
from ansible_collections.kestra_io.kestra.plugins.module_utils._group_task import TASK


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
