#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_secret
short_description: Manage the secrets of a Kestra namespace (Enterprise Edition), one or many per task
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Sets or deletes one secret (O(key)) or many secrets (O(secrets)) of a namespace of Kestra Enterprise Edition,
    with their description and tags.
  - Kestra never returns a secret's value. The value is write-only. It is written when the secret is created, and
    on an existing secret as O(update_secret) says. The description and the tags are compared with what Kestra
    holds and changed only when they differ, without rewriting the value.
  - One listing request reads the description and tags of the namespace's secrets; then only the needed writes
    are sent. With O(update_secret=on_create), a converged task sends no write request and reports
    C(changed=false).
  - The values never show in a result, a message, a diff or C(-vvv) output, on both execution paths. In diff mode
    a written value shows as C((secret value)).
  - On Kestra OSS, which has no secrets API, the task fails with a message saying that it needs Kestra
    Enterprise Edition.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes
  - kestra_io.kestra.attributes.action_group
options:
  namespace:
    description:
      - The namespace that holds the secrets, for example V(company.team).
    type: str
    required: true
  key:
    description:
      - The key of one secret, for example V(DB_PASSWORD).
      - Mutually exclusive with O(secrets); one of them is required.
    type: str
  value:
    description:
      - The value of the secret O(key). Required to create a secret; optional for an existing one (then only
        O(description) and O(tags) are managed).
      - Ignored with O(state=absent).
    type: str
  description:
    description:
      - The description of the secret O(key). Not managed when not given.
    type: str
  tags:
    description:
      - The tags of the secret O(key), as a mapping of tag names to values (Kestra stores them as a list of
        C({key, value}) pairs). The whole set is managed; V({}) removes every tag. Not managed when not given.
    type: dict
  secrets:
    description:
      - Many secrets of O(namespace) in one task, as a mapping of keys to either the value, or a mapping with
        C(value), C(description) and C(tags) (each as for one secret).
      - Mutually exclusive with O(key), O(value), O(description) and O(tags).
    type: dict
  state:
    description:
      - V(present) creates the secrets that do not exist and updates the others as O(update_secret) says.
      - V(absent) deletes the secrets that exist.
    type: str
    choices: [present, absent]
    default: present
  update_secret:
    description:
      - V(always) writes the value of an existing secret on every run and reports C(changed=true), since Kestra
        cannot tell whether the stored value is the same.
      - V(on_create) writes the value only when the secret is created; an existing secret keeps its value.
    type: str
    choices: [always, on_create]
    default: always
  prune:
    description:
      - With O(secrets) and O(state=present), also delete the secrets of O(namespace) that O(secrets) does not
        declare. Secrets inherited from parent namespaces are never touched.
    type: bool
    default: false
notes:
  - Needs Kestra Enterprise Edition. The OSS error is told from the server's answers, a HTTP 404 on the secrets
    API, and the C(edition) of C(GET /api/v1/configs), read only after such a 404.
  - The same requests on Kestra 1.x and 2.0. The listing is C(GET /api/v1/{tenant}/secrets) filtered on the
    namespace.
  - A secret whose value changes and whose description or tags also change is written with one request.
seealso:
  - module: kestra_io.kestra.kestra_kv
'''

EXAMPLES = r'''
- name: One secret, its value written on creation only
  kestra_io.kestra.kestra_secret:
    namespace: company.team
    key: DB_PASSWORD
    value: "{{ vault_db_password }}"
    description: Password of the reporting database
    tags:
      owner: data-team
    update_secret: on_create

- name: Many secrets of one namespace, deleting the others
  kestra_io.kestra.kestra_secret:
    namespace: company.team
    secrets:
      API_TOKEN: "{{ vault_api_token }}"
      SMTP_PASSWORD:
        value: "{{ vault_smtp_password }}"
        description: Mail relay
        tags: {env: prod}
    update_secret: on_create
    prune: true

- name: Change only the description of an existing secret (its value is kept)
  kestra_io.kestra.kestra_secret:
    namespace: company.team
    key: DB_PASSWORD
    description: Password of the reporting database (rotated monthly)

- name: Delete a secret
  kestra_io.kestra.kestra_secret:
    namespace: company.team
    key: OLD_TOKEN
    state: absent
'''

RETURN = r'''
namespace:
  description: The namespace.
  returned: always
  type: str
  sample: company.team
action:
  description: With O(key), what the task did to the secret.
  returned: success, with O(key)
  type: str
  sample: created
  choices: [created, updated, unchanged, deleted]
secret:
  description:
    - With O(key), the secret after the task (or as it would be, in check mode), never its value.
    - With O(secrets), a list with one such entry per key of O(secrets), followed by the pruned keys.
    - Deleted secrets only have C(namespace), C(key) and C(action).
    - When the task fails after Kestra accepted some of its writes, a list of the secrets handled so far, the
      last one with the action C(failed).
  returned: success, and when the task fails after a write
  type: raw
  contains:
    namespace:
      description: The namespace.
      type: str
      sample: company.team
    key:
      description: The key.
      type: str
      sample: DB_PASSWORD
    action:
      description: What the task did to the secret.
      type: str
      sample: updated
      choices: [created, updated, unchanged, deleted, failed]
    description:
      description: The description, if any.
      type: str
      sample: Password of the reporting database
    tags:
      description: The tags, as a mapping.
      type: dict
      sample: {owner: data-team}
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._secret_task import TASK
from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
