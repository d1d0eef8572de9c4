#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_access_info
short_description: List the users, groups, roles, bindings, service accounts, API tokens, tenants and worker groups of Kestra
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Lists what exists in the access model of Kestra Enterprise Edition, for audits and for playbooks that remove
    what they do not declare.
  - Each record names the objects it refers to the way the access modules take them (users by email, groups,
    roles and service accounts by name), with their ids next to them.
  - API tokens are listed as metadata (name, owner, dates, expiry). Kestra never returns a token's value after
    its creation, and this module leaves out its prefix too.
  - The tenant settings that hold credentials (storage and secret backend configuration, SDK authentication)
    are shown as V((secret value)) when they are set, never as they are.
  - Users, API tokens, tenants and worker groups are instance-level (they need a superadmin account); groups,
    roles, bindings and service accounts are those of the tenant of the connection (O(tenant)).
  - Never changes anything.
  - Needs Kestra Enterprise Edition. On Kestra OSS the task fails with a message that says so.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes.info_module
  - kestra_io.kestra.attributes.action_group
options:
  kinds:
    description:
      - The kinds to list. Each one is returned under its own name; the others are not read, except where a
        listed kind needs them to give names (the groups of users, the members of groups, the subjects and roles
        of bindings, the owners of API tokens).
    type: list
    elements: str
    choices: [users, groups, roles, bindings, service_accounts, api_tokens, tenants, worker_groups]
    default: [users, groups, roles, bindings, service_accounts, api_tokens, tenants, worker_groups]
notes:
  - "Requests: one listing per kind (all pages), plus one per group for its members (O(kinds) with V(groups) or
    V(users)), one per role for its permissions (V(roles)), and one per user and service account for their tokens
    (V(api_tokens))."
  - A listing the connecting account may not read fails the task with Kestra's answer (HTTP 403); ask only for
    the kinds it may read.
seealso:
  - module: kestra_io.kestra.kestra_user
  - module: kestra_io.kestra.kestra_group
  - module: kestra_io.kestra.kestra_role
  - module: kestra_io.kestra.kestra_binding
  - module: kestra_io.kestra.kestra_service_account
  - module: kestra_io.kestra.kestra_api_token
  - module: kestra_io.kestra.kestra_tenant
  - module: kestra_io.kestra.kestra_worker_group
'''

EXAMPLES = r'''
- name: Audit the whole access model
  kestra_io.kestra.kestra_access_info:
    url: https://kestra.example.com
    username: admin@example.com
    password: "{{ kestra_admin_password }}"
  register: access

- name: Users and groups only
  kestra_io.kestra.kestra_access_info:
    kinds: [users, groups]
  register: people

- name: Users who are in no group of the tenant
  ansible.builtin.debug:
    msg: "{{ people.users | rejectattr('groups') | map(attribute='email') | list }}"

- name: Bindings on company.team_a that the playbook does not declare, removed
  kestra_io.kestra.kestra_binding:
    role: "{{ item.role }}"
    group: "{{ item.group | default(omit) }}"
    user: "{{ item.user | default(omit) }}"
    service_account: "{{ item.service_account | default(omit) }}"
    namespace: company.team_a
    state: absent
  loop: "{{ access.bindings | selectattr('namespace', '==', 'company.team_a') | list }}"
  when: item.role not in ['team-a-developer']

- name: Expired API tokens, to rotate or delete
  ansible.builtin.debug:
    msg: "{{ item.owner }}/{{ item.name }} expired at {{ item.expires_at }}"
  loop: "{{ access.api_tokens | selectattr('expired', 'defined') | selectattr('expired') | list }}"
'''

RETURN = r'''
users:
  description: The users of the instance, sorted by email.
  returned: when V(users) is in O(kinds)
  type: list
  elements: dict
  contains:
    id:
      description: The user's id.
      type: str
      sample: 4lF7sd3VqQo8bT1xYz
    email:
      description: The user's email (Kestra's username).
      type: str
      sample: jane@example.com
    username:
      description: The user's username, as Kestra returns it.
      type: str
      sample: jane@example.com
    first_name:
      description: The first name, when the listing gives it.
      type: str
      returned: when Kestra gives it
    last_name:
      description: The last name, when the listing gives it.
      type: str
      returned: when Kestra gives it
    display_name:
      description: The name Kestra shows.
      type: str
      returned: when Kestra gives it
    superadmin:
      description: Whether the user is a superadmin.
      type: bool
    restricted:
      description: Whether the user is restricted, when the listing says.
      type: bool
      returned: when Kestra gives it
    groups:
      description: The names of the groups of the tenant that the user is a member of, sorted.
      type: list
      elements: str
      sample: [team-a]
groups:
  description: The groups of the tenant, sorted by name.
  returned: when V(groups) is in O(kinds)
  type: list
  elements: dict
  contains:
    id:
      description: The group's id.
      type: str
    name:
      description: The group's name.
      type: str
      sample: team-a
    description:
      description: The description.
      type: str
      returned: when set
    members:
      description: The members, users by email and service accounts by name, sorted.
      type: list
      elements: str
      sample: [jane@example.com, team-a-ci]
roles:
  description: The roles of the tenant, sorted by name.
  returned: when V(roles) is in O(kinds)
  type: list
  elements: dict
  contains:
    id:
      description: The role's id.
      type: str
    name:
      description: The role's name.
      type: str
      sample: team-a-developer
    description:
      description: The description.
      type: str
      returned: when set
    permissions:
      description: The actions allowed per resource, each list sorted.
      type: dict
      sample: {FLOW: [CREATE, DELETE, READ, UPDATE], EXECUTION: [READ]}
    is_default:
      description: Whether Kestra gives this role to new users.
      type: bool
    is_managed:
      description: Whether Kestra manages the role itself, when it says.
      type: bool
      returned: when Kestra gives it
bindings:
  description: The bindings of the tenant (a role given to a user, service account or group, on a namespace or the
    whole tenant), sorted by type, subject, role and namespace.
  returned: when V(bindings) is in O(kinds)
  type: list
  elements: dict
  contains:
    id:
      description: The binding's id (bindings have no name).
      type: str
    type:
      description: V(USER) (a user or a service account) or V(GROUP).
      type: str
    subject_type:
      description: V(USER), V(SERVICE_ACCOUNT) or V(GROUP).
      type: str
    subject:
      description: The user's email, the service account's name or the group's name.
      type: str
      sample: team-a
    user:
      description: The user's email, under the option name of M(kestra_io.kestra.kestra_binding).
      type: str
      returned: when the subject is a user
    service_account:
      description: The service account's name, under the option name of M(kestra_io.kestra.kestra_binding).
      type: str
      returned: when the subject is a service account
    group:
      description: The group's name, under the option name of M(kestra_io.kestra.kestra_binding).
      type: str
      returned: when the subject is a group
    subject_id:
      description: The subject's id.
      type: str
    role:
      description: The role's name.
      type: str
      sample: team-a-developer
    role_id:
      description: The role's id.
      type: str
    namespace:
      description: The namespace the binding applies to (and its children), or null for the whole tenant.
      type: str
      sample: company.team_a
service_accounts:
  description: The service accounts of the tenant, sorted by name.
  returned: when V(service_accounts) is in O(kinds)
  type: list
  elements: dict
  contains:
    id:
      description: The service account's id.
      type: str
    name:
      description: The service account's name.
      type: str
      sample: team-a-ci
    description:
      description: The description.
      type: str
      returned: when set
    superadmin:
      description: Whether it is a superadmin, when the listing says.
      type: bool
      returned: when Kestra gives it
    groups:
      description: The names of its groups, sorted.
      type: list
      elements: str
api_tokens:
  description: The metadata of the API tokens of every user and service account, sorted by owner and name. Never a
    token's value.
  returned: when V(api_tokens) is in O(kinds)
  type: list
  elements: dict
  contains:
    id:
      description: The token's id.
      type: str
    name:
      description: The token's name.
      type: str
      sample: ci
    description:
      description: The description.
      type: str
      returned: when set
    owner_type:
      description: V(USER) or V(SERVICE_ACCOUNT).
      type: str
    owner:
      description: The owner's email (a user) or name (a service account).
      type: str
      sample: team-a-ci
    owner_id:
      description: The owner's id.
      type: str
    issued_at:
      description: When the token was issued (ISO-8601).
      type: str
      returned: when Kestra gives it
    expires_at:
      description: When the token expires (ISO-8601), absent for a token without expiry.
      type: str
      returned: when the token expires
    last_used:
      description: When the token was last used (ISO-8601).
      type: str
      returned: when Kestra gives it
    extended:
      description: Whether each use moves the expiry forward.
      type: bool
      returned: when Kestra gives it
    expired:
      description: Whether the token has expired.
      type: bool
      returned: when Kestra gives it
tenants:
  description: The tenants of the instance, sorted by id, with the settings Kestra returns (in snake_case names).
  returned: when V(tenants) is in O(kinds)
  type: list
  elements: dict
  contains:
    id:
      description: The tenant's id.
      type: str
      sample: team-a
    name:
      description: The tenant's name.
      type: str
    storage_configuration:
      description: V((secret value)) when the tenant has its own storage configuration.
      type: str
      returned: when set
    secret_configuration:
      description: V((secret value)) when the tenant has its own secret backend configuration.
      type: str
      returned: when set
    sdk_default_authentication:
      description: V((secret value)) when the tenant has a default SDK authentication.
      type: str
      returned: when set
worker_groups:
  description: The worker groups of the instance, sorted by key.
  returned: when V(worker_groups) is in O(kinds)
  type: list
  elements: dict
  contains:
    key:
      description: The worker group's key.
      type: str
      sample: team-a
    id:
      description: The worker group's id, when the API has one apart from the key.
      type: str
      returned: when Kestra gives it
    description:
      description: The description.
      type: str
      returned: when set
    tokens:
      description: The worker group's tokens (Kestra 2.0), as metadata only (id, name, dates, revoked, valid).
      type: list
      elements: dict
      returned: when Kestra gives them
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._access_info_task import TASK
from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
