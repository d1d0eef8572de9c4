#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_binding
short_description: Bind Kestra Enterprise Edition roles to users, groups and service accounts
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Creates or deletes bindings of Kestra Enterprise Edition. A binding gives a role to a user, a group or a
    service account, on one namespace (and its child namespaces) or on the whole tenant of the connection.
  - A binding is identified by what it binds, the subject, the role and the namespace, since Kestra gives it a
    server id only. It has nothing else to update, so the module creates the bindings that are missing and deletes
    those asked to be absent.
  - Names are resolved to ids, users by email, groups, roles and service accounts by name. A name that matches
    several objects fails with the candidates' ids. A missing name fails for V(present), and is nothing to delete
    for V(absent).
  - One binding per task, or many with O(bindings). With O(prune=true), the bindings of the subjects named in
    O(bindings) that are not listed there are deleted, the bindings of other subjects are never touched.
  - A converged task sends one listing per kind of name and one search of bindings, and no write.
  - Deleting a binding that may give the connecting account its own access needs O(force=true), see O(force).
  - Needs Kestra Enterprise Edition. On Kestra OSS the task fails with a message that says so.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes
  - kestra_io.kestra.attributes.action_group
options:
  role:
    description:
      - The name of the role to bind. Required unless O(bindings) is given.
    type: str
  user:
    description:
      - The email of the user the role is given to.
      - Exactly one of O(user), O(group), O(service_account) is required unless O(bindings) is given.
    type: str
  group:
    description: The name of the group the role is given to.
    type: str
  service_account:
    description: The name of the service account the role is given to (a service account of the tenant).
    type: str
  namespace:
    description:
      - The namespace the role applies on, with its child namespaces. Without it the role applies on the whole
        tenant, and a binding on a namespace is another binding.
    type: str
  state:
    description:
      - V(present) creates the binding when it does not exist.
      - V(absent) deletes it (every copy of it, when Kestra holds the same binding twice).
      - With O(bindings), the state of the items that do not give their own.
    type: str
    choices: [present, absent]
    default: present
  bindings:
    description:
      - Many bindings in one task, each with the options of a single binding.
    type: list
    elements: dict
    suboptions:
      role:
        description: The name of the role.
        type: str
        required: true
      user:
        description: The email of a user (one of O(bindings[].user), O(bindings[].group), O(bindings[].service_account)).
        type: str
      group:
        description: The name of a group.
        type: str
      service_account:
        description: The name of a service account.
        type: str
      namespace:
        description: The namespace, none for the whole tenant.
        type: str
      state:
        description: V(present) or V(absent); the task's O(state) when not given.
        type: str
        choices: [present, absent]
  prune:
    description:
      - With O(bindings), delete the other bindings of the subjects (users, groups, service accounts) that
        O(bindings) names, so that each of them has exactly the bindings listed. Bindings of subjects that are not
        named are never deleted.
    type: bool
    default: false
  force:
    description:
      - Deleting a binding that may give the connecting account its own access fails unless this is V(true). Such a
        binding is one of the connecting user or service account, or of a group it belongs to (or whose members the
        server does not show). Bindings of a superadmin are never its only access, they need no O(force).
      - The connecting account is read (C(GET /api/v1/me)) only when a binding is to be deleted.
    type: bool
    default: false
notes:
  - A service account is a user of another type for Kestra, its bindings have the type C(USER).
  - The bindings of the tenant of the connection (O(tenant)) are managed.
seealso:
  - module: kestra_io.kestra.kestra_role
  - module: kestra_io.kestra.kestra_group
  - module: kestra_io.kestra.kestra_service_account
'''

EXAMPLES = r'''
- name: The developers group may edit the flows of its namespace
  kestra_io.kestra.kestra_binding:
    group: developers
    role: editor
    namespace: company.team

- name: A user is admin of the whole tenant
  kestra_io.kestra.kestra_binding:
    user: alice@example.com
    role: admin

- name: The CI service account may run the team's flows
  kestra_io.kestra.kestra_binding:
    service_account: team-ci
    role: launcher
    namespace: company.team

- name: The bindings of two groups, exactly (their other bindings are deleted)
  kestra_io.kestra.kestra_binding:
    bindings:
      - {group: developers, role: editor, namespace: company.team}
      - {group: developers, role: viewer, namespace: company.shared}
      - {group: operators, role: launcher}
    prune: true

- name: Remove a binding
  kestra_io.kestra.kestra_binding:
    user: bob@example.com
    role: admin
    state: absent
'''

RETURN = r'''
action:
  description: What the task did to the binding (or would do, in check mode). Single form only.
  returned: success, without O(bindings)
  type: str
  choices: [created, deleted, unchanged]
  sample: created
binding:
  description: The binding after the task; C(null) after O(state=absent). Single form only.
  returned: success, without O(bindings)
  type: dict
  contains:
    type:
      description: The kind of subject.
      type: str
      choices: [user, group, service_account]
    subject:
      description: The email or name of the subject, as given.
      type: str
    subject_id:
      description: The id of the subject.
      type: str
    role:
      description: The name of the role.
      type: str
    role_id:
      description: The id of the role.
      type: str
    namespace:
      description: The namespace, C(null) for the whole tenant.
      type: str
    action:
      description: What the task did.
      type: str
  sample: {"type": "group", "subject": "developers", "subject_id": "5FsbGq", "role": "editor",
           "role_id": "3Bx9aQ", "namespace": "company.team", "action": "created"}
bindings:
  description:
    - One entry per binding of O(bindings), then one per binding deleted by O(prune), with the keys of RV(binding)
      and its C(action) (V(created), V(deleted), V(unchanged)).
  returned: success, with O(bindings)
  type: list
  elements: dict
  sample: [{"type": "group", "subject": "developers", "role": "editor", "namespace": "company.team",
            "action": "unchanged"}]
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._binding_task import TASK
from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
