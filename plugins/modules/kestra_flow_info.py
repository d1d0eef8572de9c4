#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_flow_info
short_description: Read Kestra flows - one flow and its revisions, a namespace, or a search
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Reads one flow (O(namespace) and O(flow_id)) with its source, revision, disabled flag, declared inputs,
    outputs and triggers; with O(revisions=true), also every revision it had.
  - Or lists the flows of a namespace (optionally with its child namespaces), or searches flows by text
    (O(query)) and labels, reading every page of Kestra's search for you.
  - O(source=false) leaves the YAML sources out, for a light listing.
  - Deleted flows are left out, as Kestra leaves them out.
  - Works with Kestra 1.x and 2.0 with the same requests.
  - Never changes anything.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes.info_module
  - kestra_io.kestra.attributes.action_group
options:
  namespace:
    description:
      - The namespace of the flow (with O(flow_id)), or whose flows are listed.
      - Without O(namespace), O(query) and O(labels), every flow of the tenant is listed.
    type: str
  flow_id:
    description:
      - Read this flow only (needs O(namespace)). The result is an empty list when it does not exist.
      - Cannot be combined with O(include_child_namespaces), O(query), O(labels) or O(limit).
    type: str
  include_child_namespaces:
    description:
      - Also the flows of the namespaces under O(namespace) (for V(company.team), V(company.team.sub) and
        below, never V(company.teamwork)).
    type: bool
    default: false
  query:
    description:
      - Only the flows that Kestra's text search matches with this text (it looks at the flow id and namespace).
    type: str
  labels:
    description:
      - Only the flows that carry every one of these labels.
      - "A mapping C({key: value}), or a list of C(key:value) strings or C({key: ..., value: ...}) mappings."
    type: raw
  revisions:
    description:
      - With O(flow_id), also return every stored revision of the flow in RV(revisions), oldest first.
    type: bool
    default: false
  source:
    description:
      - Return each flow's YAML source as Kestra stores it.
      - V(false) gives a lighter listing (and one request less for a namespace or a search).
    type: bool
    default: true
  limit:
    description:
      - At most this many flows (sorted by namespace, then id). V(0) returns all of them.
    type: int
    default: 0
notes:
  - "Requests: one flow is one request (two with O(revisions)). A namespace without children is one request,
    plus one for all the sources (Kestra's ZIP export). A search or a namespace with its children is one request
    per page of 50 flows, plus one for all the sources."
seealso:
  - module: kestra_io.kestra.kestra_flow
  - module: kestra_io.kestra.kestra_execution_info
'''

EXAMPLES = r'''
- name: What is deployed, at which revision
  kestra_io.kestra.kestra_flow_info:
    url: https://kestra.example.com
    token: "{{ kestra_api_token }}"
    namespace: company.team
    include_child_namespaces: true
    source: false
  register: deployed

- name: Show the revisions
  ansible.builtin.debug:
    msg: "{{ deployed.flows | map(attribute='id') | zip(deployed.flows | map(attribute='revision')) | list }}"

- name: One flow with its history
  kestra_io.kestra.kestra_flow_info:
    namespace: company.team
    flow_id: ingest
    revisions: true
  register: ingest

- name: Flows of the data team whose id or namespace mentions "sales"
  kestra_io.kestra.kestra_flow_info:
    query: sales
    labels:
      team: data
  register: sales_flows
'''

RETURN = r'''
flows:
  description:
    - The flow read by O(flow_id) (none when it does not exist), or the flows listed or found, sorted by
      namespace then id, at most O(limit).
  returned: always
  type: list
  elements: dict
  contains:
    namespace:
      description: Namespace of the flow.
      type: str
      sample: company.team
    id:
      description: Id of the flow.
      type: str
      sample: ingest
    revision:
      description: Its current revision.
      type: int
      sample: 3
    description:
      description: Its description, or null.
      type: str
    disabled:
      description: Whether the flow is disabled (it cannot be started, its triggers do not fire).
      type: bool
      sample: false
    labels:
      description: Its labels.
      type: dict
      sample: {team: data}
    inputs:
      description: The inputs it declares, as Kestra returns them (C(id), C(type), C(required), C(defaults), ...).
      type: list
      elements: dict
      sample: [{id: day, type: DATE, required: true}]
    outputs:
      description: The outputs it declares, as Kestra returns them.
      type: list
      elements: dict
    triggers:
      description: Its triggers, as Kestra returns them (C(id), C(type), C(disabled), and their own properties).
      type: list
      elements: dict
      sample: [{id: daily, type: io.kestra.plugin.core.trigger.Schedule, cron: "0 6 * * *"}]
    task_ids:
      description: The ids of its top-level tasks, in order.
      type: list
      elements: str
      sample: [extract, load]
    updated:
      description: When this revision was stored (ISO-8601), when Kestra says.
      type: str
      sample: "2026-01-31T10:00:00.000Z"
    source:
      description: Its YAML source as Kestra stores it.
      type: str
      returned: when O(source=true)
total:
  description: How many flows matched (more than the length of RV(flows) when O(limit) cut the list).
  returned: always
  type: int
  sample: 12
revisions:
  description: Every stored revision of the flow, oldest first, each with the keys of an item of RV(flows).
  returned: when O(revisions=true)
  type: list
  elements: dict
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._flow_info_task import TASK
from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
