#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_user
short_description: Manage a Kestra Enterprise Edition user, its groups, flags and password
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Creates, updates or deletes a user of Kestra Enterprise Edition, known by its O(email).
  - Users belong to the whole Kestra instance; their groups belong to a tenant. O(groups) are the groups of the
    tenant of the task (the O(tenant) connection option), given by name. A new user is given access to that
    tenant.
  - Only the options given are managed. O(first_name), O(last_name), O(superadmin), O(restricted) and O(groups)
    are compared with what Kestra holds and written only when they differ.
  - The password is write-only, since Kestra never returns it. It is sent when the user is created, and to an
    existing user as O(update_password) says. With O(update_password=on_create), a converged task sends no write
    request and reports C(changed=false).
  - The password never shows in a result, a message, a diff or C(-vvv) output. In diff mode a written password
    shows as C((secret value)).
  - Deleting the user the task connects as needs O(force=true).
  - On Kestra OSS, which has no users API, the task fails with a message saying that it needs Kestra
    Enterprise Edition.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes
  - kestra_io.kestra.attributes.action_group
options:
  email:
    description:
      - The email of the user; Kestra also uses it as the user name. Compared without case.
    type: str
    required: true
  first_name:
    description:
      - The first name. Not managed when not given.
    type: str
  last_name:
    description:
      - The last name. Not managed when not given.
    type: str
  groups:
    description:
      - The names of the groups of the tenant the user belongs to. Each name must match exactly one group;
        a missing or ambiguous name fails the task before any write, listing the candidates' ids.
      - With O(append=false), the list is exact; V([]) removes the user from every group of the tenant.
      - Not managed when not given. Groups of other tenants are never touched.
    type: list
    elements: str
  append:
    description:
      - With V(true), add the user to O(groups) and keep the groups it already has.
      - With V(false), O(groups) is the exact list of the user's groups in the tenant.
    type: bool
    default: false
  superadmin:
    description:
      - Whether the user is a superadmin of the instance. Not managed when not given.
    type: bool
  restricted:
    description:
      - Whether the user is restricted (Kestra's C(restricted) flag, the demo mode of the UI). Not managed when
        not given.
    type: bool
  user_password:
    description:
      - The password of the user, for basic authentication. Write-only; see O(update_password).
      - Not managed when not given; a user created without one can only log in through single sign-on.
      - Named so because O(password) is the password the task connects with.
    type: str
  update_password:
    description:
      - V(always) sends O(user_password) to an existing user on every run and reports C(changed=true), since Kestra
        cannot tell whether the stored password is the same.
      - V(on_create) sends it only when the user is created.
    type: str
    choices: [always, on_create]
    default: always
  state:
    description:
      - V(present) creates or updates the user; V(absent) deletes it (with its API tokens and memberships).
    type: str
    choices: [present, absent]
    default: present
  force:
    description:
      - Allow O(state=absent) to delete the user the task is authenticated as (checked with C(GET /api/v1/me)).
    type: bool
    default: false
notes:
  - Needs Kestra Enterprise Edition, and a superadmin account to connect with (the users API is superadmin-only).
  - The same requests on Kestra 1.x and 2.0. A converged task sends C(GET /api/v1/users) (a search on the email),
    C(GET /api/v1/users/{id}), and, when O(groups) is given, one listing of the tenant's groups.
  - Kestra users have no description field (C(IAMUserController.ApiCreateOrUpdateUserRequest) has none), so
    this module has no C(description) option.
  - API tokens of a user are managed with M(kestra_io.kestra.kestra_api_token).
seealso:
  - module: kestra_io.kestra.kestra_api_token
'''

EXAMPLES = r'''
- name: A user of the data team, password set on creation only
  kestra_io.kestra.kestra_user:
    email: jane@example.com
    first_name: Jane
    last_name: Doe
    groups: [data-team]
    user_password: "{{ vault_jane_password }}"
    update_password: on_create

- name: Add a group and keep the others
  kestra_io.kestra.kestra_user:
    email: jane@example.com
    groups: [reviewers]
    append: true

- name: A superadmin
  kestra_io.kestra.kestra_user:
    email: admin@example.com
    superadmin: true

- name: Delete a user
  kestra_io.kestra.kestra_user:
    email: former@example.com
    state: absent
'''

RETURN = r'''
action:
  description: What the task did to the user.
  returned: success
  type: str
  sample: updated
  choices: [created, updated, unchanged, deleted]
user:
  description:
    - The user after the task (or as it would be, in check mode), never its password. After a deletion, only
      C(email) and C(id). V(null) when O(state=absent) and the user did not exist.
  returned: success
  type: dict
  contains:
    email:
      description: The email.
      type: str
      sample: jane@example.com
    id:
      description: Kestra's id of the user; V(null) for a user created in check mode.
      type: str
      sample: 5kZ7bVdSxzE1jA2nq3cGhM
    first_name:
      description: The first name, if any.
      type: str
      sample: Jane
    last_name:
      description: The last name, if any.
      type: str
      sample: Doe
    superadmin:
      description: Whether the user is a superadmin.
      type: bool
      sample: false
    restricted:
      description: Whether the user is restricted.
      type: bool
      sample: false
    groups:
      description: The names of the user's groups in the tenant, when O(groups) is given.
      type: list
      elements: str
      sample: [data-team]
    group_ids:
      description: The ids of the user's groups in the tenant.
      type: list
      elements: str
      sample: [3hQ1xVbN0dW9sLrT6yPqA2]
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._user_task import TASK
from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
