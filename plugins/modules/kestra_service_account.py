#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_service_account
short_description: Manage a Kestra Enterprise Edition service account
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Creates, updates or deletes a service account of Kestra Enterprise Edition, found by its name, with its
    description, its groups and its superadmin flag.
  - Two forms, as Kestra's API has them. O(scope=tenant) manages a service account of the tenant of the connection
    (C(/api/v1/{tenant}/service-accounts)), with its groups. O(scope=instance) manages one of the instance
    (C(/api/v1/service-accounts), superadmin only), with the tenants it may access.
  - Only the options given are managed. O(groups) are given by name and compared as a set. With O(append=false)
    (the default) the list is exact, the service account leaves the groups not listed. With O(append=true) the
    groups are added and none is removed.
  - A converged task sends the listing of service accounts, one GET of the account, one listing of groups when
    O(groups) is given, and no write.
  - API tokens of a service account are managed by M(kestra_io.kestra.kestra_api_token).
  - Needs Kestra Enterprise Edition. On Kestra OSS the task fails with a message that says so.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes
  - kestra_io.kestra.attributes.action_group
options:
  name:
    description:
      - The name of the service account, its identity here. Lower-case letters and digits in words joined by single
        hyphens, at most 63 characters (Kestra's rule), for example V(team-ci).
      - When Kestra holds several service accounts of this name the task fails with their ids.
    type: str
    required: true
  state:
    description:
      - V(present) creates the service account or updates the declared options that differ.
      - V(absent) deletes it, with its access and API tokens. Deleting the service account the task connects with
        needs O(force=true).
    type: str
    choices: [present, absent]
    default: present
  scope:
    description:
      - V(tenant) for a service account of the tenant of the connection, V(instance) for one of the instance
        (the connecting account must be a superadmin).
    type: str
    choices: [tenant, instance]
    default: tenant
  description:
    description: The description of the service account. An empty one and none are the same.
    type: str
  groups:
    description:
      - The names of the groups of the tenant the service account belongs to. V([]) with O(append=false) removes
        it from every group.
      - O(scope=tenant) only.
    type: list
    elements: str
  append:
    description:
      - V(false), the service account belongs to exactly O(groups). V(true), it is added to O(groups) and kept in
        the groups it already belongs to.
    type: bool
    default: false
  superadmin:
    description:
      - Whether the service account is a superadmin of the instance. Set on creation, and changed through Kestra's
        superadmin route, which needs a superadmin connection.
    type: bool
  tenants:
    description:
      - The ids of the tenants the service account may access. O(scope=instance) only.
      - Set on creation only. Kestra's API has no way to change them on an existing service account, so a
        difference fails the task, before any write.
    type: list
    elements: str
  force:
    description:
      - Delete the service account even when it is the account the task connects with (the connecting account is
        read, with C(GET /api/v1/me), only when the service account is to be deleted).
    type: bool
    default: false
notes:
  - Kestra 1.x and 2.0 have the same service accounts API.
seealso:
  - module: kestra_io.kestra.kestra_api_token
  - module: kestra_io.kestra.kestra_group
  - module: kestra_io.kestra.kestra_binding
'''

EXAMPLES = r'''
- name: A service account for the team's CI, in the developers group
  kestra_io.kestra.kestra_service_account:
    name: team-ci
    description: CI of the data team
    groups: [developers]

- name: Add it to one more group, keeping the others
  kestra_io.kestra.kestra_service_account:
    name: team-ci
    groups: [operators]
    append: true

- name: An instance-level service account with access to two tenants
  kestra_io.kestra.kestra_service_account:
    name: platform-bot
    scope: instance
    tenants: [main, staging]

- name: Delete it
  kestra_io.kestra.kestra_service_account:
    name: team-ci
    state: absent
'''

RETURN = r'''
name:
  description: The name of the service account.
  returned: always
  type: str
  sample: team-ci
action:
  description: What the task did to the service account (or would do, in check mode).
  returned: success
  type: str
  choices: [created, updated, deleted, unchanged]
  sample: updated
service_account:
  description:
    - The service account after the task (the stored options merged with the declared ones). C(null) after
      O(state=absent).
  returned: success
  type: dict
  contains:
    id:
      description: Its id; C(null) when it is created by this task (or would be, in check mode).
      type: str
    name:
      description: Its name.
      type: str
    scope:
      description: The scope of the task.
      type: str
    description:
      description: Its description.
      type: str
    groups:
      description: The names of its groups (ids for groups whose name the task did not read).
      type: list
      elements: str
    superadmin:
      description: Whether it is a superadmin.
      type: bool
    tenants:
      description: The tenants it may access (O(scope=instance)).
      type: list
      elements: str
  sample: {"id": "4sFjK2", "name": "team-ci", "scope": "tenant", "description": "CI of the data team",
           "groups": ["developers"], "superadmin": false}
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module
from ansible_collections.kestra_io.kestra.plugins.module_utils._service_account_task import TASK


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
