#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_api_token
short_description: Create, keep, rotate or delete an API token of a Kestra Enterprise Edition user or service account
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Manages one API token, known by its O(name), of a user (O(user), by email) or of a service account
    (O(service_account), by name) of Kestra Enterprise Edition.
  - Kestra gives the value of a token once, when it is created. A missing token is created and its value is
    returned in RV(full_token). An existing token is kept as it is and reported unchanged, without a value (Kestra
    cannot update a token, and never gives its value again). O(rotate=true) deletes the token and creates a new
    one, whose value is returned. O(state=absent) deletes it.
  - B(Set no_log on the task) that creates or rotates a token, so that its output, RV(full_token) included, is
    not printed; a registered variable still holds the value, for example to store it with
    M(kestra_io.kestra.kestra_kv) or M(kestra_io.kestra.kestra_secret). The value never shows in a diff, a
    warning or an error message.
  - A converged task (the token exists, no O(rotate)) sends read requests only.
  - On Kestra OSS, which has no API tokens, the task fails with a message saying that it needs Kestra
    Enterprise Edition.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes
  - kestra_io.kestra.attributes.action_group
options:
  name:
    description:
      - The name of the token, 1 to 63 lower-case letters, digits and single hyphens between them (Kestra's
        pattern C(^[a-z0-9]+(?:-[a-z0-9]+)*$)). Kestra allows several tokens of one name; this module treats them
        as one (kept, rotated or deleted together).
    type: str
    required: true
  user:
    description:
      - The email of the user that owns the token. Mutually exclusive with O(service_account); one is required.
    type: str
  service_account:
    description:
      - The name of the service account (of the task's tenant) that owns the token. Mutually exclusive with
        O(user).
    type: str
  description:
    description:
      - The description of a new token. An existing token keeps its own; when it differs the task warns that
        O(rotate=true) is needed to change it.
    type: str
  max_age:
    description:
      - How long a new token is valid, as an ISO-8601 duration of days, hours, minutes or seconds, such as V(P30D)
        or V(PT12H) (no years, months or weeks). Without it the token does not expire.
    type: str
  extended:
    description:
      - Whether each use of a new token moves its expiry forward by O(max_age).
    type: bool
  rotate:
    description:
      - With V(true), delete the token (when it exists) and create a new one. The task reports C(changed=true) and
        returns the new value.
    type: bool
    default: false
  state:
    description:
      - V(present) creates the token when it does not exist, and keeps it otherwise.
      - V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Needs Kestra Enterprise Edition. The same requests on Kestra 1.x and 2.0; the tokens of a user are
    instance-level (C(/api/v1/users/{id}/api-tokens)), those of a service account are the tenant's
    (C(/api/v1/{tenant}/service-accounts/{id}/api-tokens)).
  - In check mode a token to create or rotate is reported with C(changed=true), and no value.
seealso:
  - module: kestra_io.kestra.kestra_user
  - module: kestra_io.kestra.kestra_service_account
'''

EXAMPLES = r'''
- name: A token for the CI of the data team, stored in a KV pair (the value is shown nowhere)
  kestra_io.kestra.kestra_api_token:
    service_account: data-team-ci
    name: ci
    description: GitLab CI of the data team
    max_age: P90D
  register: ci_token
  no_log: true

- name: Store the new value (only when one was created)
  kestra_io.kestra.kestra_secret:
    namespace: company.data
    key: KESTRA_CI_TOKEN
    value: "{{ ci_token.full_token }}"
  when: ci_token.full_token is defined
  no_log: true

- name: Rotate a user's token
  kestra_io.kestra.kestra_api_token:
    user: jane@example.com
    name: laptop
    max_age: P30D
    rotate: true
  register: rotated
  no_log: true

- name: Delete a token
  kestra_io.kestra.kestra_api_token:
    user: jane@example.com
    name: laptop
    state: absent
'''

RETURN = r'''
action:
  description: What the task did to the token.
  returned: success
  type: str
  sample: created
  choices: [created, rotated, unchanged, deleted]
full_token:
  description:
    - The value of the token, given by Kestra once. Sensitive; set no_log on the task.
    - Only when the task created or rotated the token (never in check mode).
  returned: when a token was created or rotated
  type: str
  sample: "(the value)"
owner:
  description: The owner of the token.
  returned: success
  type: dict
  contains:
    type:
      description: V(user) or V(service_account).
      type: str
      sample: service_account
    id:
      description: Kestra's id of the owner.
      type: str
      sample: 2mXq9GkLwT4bZ7cRvN1sPe
api_token:
  description:
    - The token's metadata, never its value. For a token created by the task, the fields Kestra does not answer
      on creation are those declared. V(null) after O(state=absent).
  returned: success
  type: dict
  contains:
    id:
      description: Kestra's id of the token; V(null) in check mode for a token to create.
      type: str
      sample: 7YtHqk2dVbN9xM4sLpZa1C
    name:
      description: The name.
      type: str
      sample: ci
    description:
      description: The description, if any.
      type: str
      sample: GitLab CI of the data team
    prefix:
      description: The first characters of the value, as Kestra lists them (existing tokens only).
      type: str
      sample: kx7Rf2Qa
    issued_at:
      description: When the token was issued (existing tokens only).
      type: str
      sample: '2026-12-03T06:40:44.122Z'
    expires_at:
      description: When the token expires, if it does (existing tokens only).
      type: str
      sample: '2027-03-03T06:40:44.122Z'
    last_used:
      description: When the token was last used, if ever (existing tokens only).
      type: str
      sample: '2026-12-03T07:02:10.005Z'
    extended:
      description: Whether each use moves the expiry forward.
      type: bool
      sample: false
    expired:
      description: Whether the token has expired (existing tokens only).
      type: bool
      sample: false
    owner_type:
      description: V(user) or V(service_account).
      type: str
      sample: service_account
    owner_id:
      description: Kestra's id of the owner.
      type: str
      sample: 2mXq9GkLwT4bZ7cRvN1sPe
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._api_token_task import TASK
from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
