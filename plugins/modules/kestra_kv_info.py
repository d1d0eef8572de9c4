#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_kv_info
short_description: List the key-value pairs of a Kestra namespace with their metadata
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Lists the keys of a Kestra namespace's KV store with their type, description, revision, and
    creation, update and expiration dates. Expired keys are left out, as Kestra leaves them out.
  - Optionally with their values (O(include_values)), only one key (O(key)), and the keys inherited
    from the parent namespaces (O(inherit)).
  - Works with Kestra 1.x (per-namespace listing) and 2.0 (paged listing of keys), whose listing
    endpoints differ.
  - Never changes anything.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes.info_module
  - kestra_io.kestra.attributes.action_group
options:
  namespace:
    description:
      - The namespace whose keys are listed.
    type: str
    required: true
  key:
    description:
      - Only this key. The result is an empty list if it does not exist.
    type: str
  include_values:
    description:
      - Also return the value of each key.
      - With a task-level C(no_log), the values are masked.
    type: bool
    default: false
  inherit:
    description:
      - Also list the keys of the parent namespaces (for V(company.team.sub), those of V(company.team) and
        V(company)), nearest parent first, except those that a nearer namespace also has.
      - Each entry names the namespace it comes from.
    type: bool
    default: false
  decimal:
    description:
      - How a number with a fraction is returned in C(value), anywhere in it (a NUMBER, or a number inside a
        JSON value).
      - V(float) returns a float, which keeps about 16 significant digits, so V(1234567890.123456789) comes
        back as V(1234567890.1234567).
      - V(text) returns its exact digits as a string, for example V("1234567890.123456789"). Convert it where
        you need the number (the C(float) filter rounds it again).
      - Integers are exact in both cases, whatever their size.
    type: str
    default: float
    choices: [float, text]
notes:
  - Kestra's listings have no type, so the module reads each listed key once (one GET per key) to report
    its type and value.
seealso:
  - module: kestra_io.kestra.kestra_kv
  - plugin: kestra_io.kestra.kestra_kv
    plugin_type: lookup
'''

EXAMPLES = r'''
- name: List the keys of a namespace
  kestra_io.kestra.kestra_kv_info:
    url: https://kestra.example.com
    token: "{{ kestra_api_token }}"
    namespace: company.team
  register: team_kv

- name: Read one key with its value, inherited keys included
  kestra_io.kestra.kestra_kv_info:
    namespace: company.team.sub
    key: region
    include_values: true
    inherit: true
  register: region

- name: Read an exact decimal as its digits
  kestra_io.kestra.kestra_kv_info:
    namespace: company.team
    key: price
    include_values: true
    decimal: text
  register: price   # price.kv[0].value == "1234567890.123456789"
'''

RETURN = r'''
kv:
  description: The keys, sorted by key (those of the namespace, then the inherited ones).
  returned: always
  type: list
  elements: dict
  contains:
    namespace:
      description: The namespace that holds the key.
      type: str
      sample: company.team
    key:
      description: The key.
      type: str
      sample: region
    type:
      description: The KV type.
      type: str
      sample: STRING
    value:
      description: The typed value, as Kestra returns it (numbers with a fraction as O(decimal) says).
      returned: when O(include_values=true)
      type: raw
      sample: eu-west-1
    description:
      description: The description, or null.
      type: str
      sample: Deployment region
    revision:
      description: The revision of the key (Kestra 1.x calls it version).
      type: int
      sample: 3
    creation_date:
      description: When the key was created (ISO-8601).
      type: str
      sample: "2026-01-01T10:00:00.000Z"
    update_date:
      description: When the key was last written (ISO-8601).
      type: str
      sample: "2026-01-02T10:00:00.000Z"
    expiration_date:
      description: When Kestra deletes the key (ISO-8601), or null without a ttl.
      type: str
      sample: "2026-01-03T10:00:00.000Z"
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_info_task import TASK
from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
