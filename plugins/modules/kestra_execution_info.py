#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_execution_info
short_description: Read one Kestra execution, or search executions by namespace, flow, state, labels and time
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Reads one execution by its id (O(execution_id)) with its task runs, task outputs and, optionally, its logs.
  - Or searches executions by namespace (optionally with its child namespaces), flow, states, labels and a time
    window on their start date (O(since), O(until)), newest first. The module reads every page of Kestra's
    search for you, up to O(limit) executions.
  - Each execution has the shape of the C(execution) that M(kestra_io.kestra.kestra_execution) returns, so an
    item can be handed to it (for example C(execution_id) with C(state=restarted)).
  - Works with Kestra 1.x and 2.0; the module irons out their differences (2.0 search results carry no task
    runs, and 2.0 serves task outputs from their own endpoint).
  - Never changes anything.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes.info_module
  - kestra_io.kestra.attributes.action_group
options:
  execution_id:
    description:
      - Read this execution only. The result is an empty list when it does not exist.
      - Cannot be combined with the search options (O(namespace), O(include_child_namespaces), O(flow_id),
        O(states), O(labels), O(since), O(until)).
    type: str
  namespace:
    description:
      - Only the executions of this namespace.
    type: str
  include_child_namespaces:
    description:
      - Also the executions of the namespaces under O(namespace) (for V(company.team), V(company.team.sub) and
        below, never V(company.teamwork)).
    type: bool
    default: false
  flow_id:
    description:
      - Only the executions of this flow (of any namespace without O(namespace)).
    type: str
  states:
    description:
      - Only the executions whose current state is one of these, for example V(FAILED), V(KILLED)
        (any case).
      - Kestra's states are CREATED, SUBMITTED, RUNNING, PAUSED, RESTARTED, KILLING, SUCCESS, WARNING, FAILED,
        KILLED, CANCELLED, QUEUED, RETRYING, RETRIED, SKIPPED, BREAKPOINT and RESUBMITTED; any other name fails
        the task before any request.
    type: list
    elements: str
  labels:
    description:
      - Only the executions that carry every one of these labels.
      - "A mapping C({key: value}), or a list of C(key:value) strings or C({key: ..., value: ...}) mappings."
    type: raw
  since:
    description:
      - Only the executions that started at or after this moment.
      - A duration ago (V(30s), V(15m), V(24h), V(7d), V(2w), or an ISO-8601 duration such as V(PT24H) or
        V(P1D)), or an ISO-8601 date-time (V(2026-01-31T10:00:00Z); UTC when it has no offset) or a date
        (V(2026-01-31), midnight UTC).
    type: str
  until:
    description:
      - Only the executions that started at or before this moment; same forms as O(since).
    type: str
  order:
    description:
      - V(newest_first) or V(oldest_first), by start date.
    type: str
    choices: [newest_first, oldest_first]
    default: newest_first
  limit:
    description:
      - At most this many executions, in O(order). V(0) returns all of them (mind the size of your history).
      - RV(total) tells how many matched.
    type: int
    default: 100
  include_task_runs:
    description:
      - For a search, also read each execution found (one request each, plus its task outputs on Kestra 2.0)
        to return its C(task_runs) and, once it has ended, its C(task_outputs).
      - Without it, the search results have empty C(task_runs) and C(task_outputs) on every Kestra version.
      - An execution read by O(execution_id) always has them.
    type: bool
    default: false
  include_logs:
    description:
      - With O(execution_id), also return the execution's logs in RV(logs).
    type: bool
    default: false
  log_min_level:
    description:
      - With O(include_logs), only the log lines of this level and above.
    type: str
    choices: [TRACE, DEBUG, INFO, WARN, ERROR]
notes:
  - A search is sent as Kestra's C(filters[...]) query parameters, which Kestra 1.x (0.24 and later) and 2.0
    both read, so no version probe is needed. The module checks every criterion again on what the server
    answered.
  - A search sends one request per page of 50 executions. With O(include_task_runs) it also reads each execution
    found (one request), and on Kestra 2.0 the task outputs of each ended one (one request, plus one per task run
    that has outputs).
seealso:
  - module: kestra_io.kestra.kestra_execution
  - module: kestra_io.kestra.kestra_flow_info
'''

EXAMPLES = r'''
- name: Failed executions of a namespace and its children in the last 24 hours
  kestra_io.kestra.kestra_execution_info:
    url: https://kestra.example.com
    token: "{{ kestra_api_token }}"
    namespace: company.team
    include_child_namespaces: true
    states: [FAILED, KILLED]
    since: 24h
  register: failed

- name: Restart each of them once
  kestra_io.kestra.kestra_execution:
    execution_id: "{{ item.id }}"
    state: restarted
  loop: "{{ failed.executions }}"
  loop_control:
    label: "{{ item.namespace }}/{{ item.flow_id }} {{ item.id }}"

- name: One execution with its logs
  kestra_io.kestra.kestra_execution_info:
    execution_id: 5Qb2tU7dWm3Gq8yLkZxN1a
    include_logs: true
    log_min_level: WARN
  register: run

- name: The last ten runs of a flow with a label, in a fixed window, with their task outputs
  kestra_io.kestra.kestra_execution_info:
    namespace: company.team
    flow_id: ingest
    labels:
      env: prod
    since: "2026-01-01T00:00:00Z"
    until: "2026-02-01T00:00:00Z"
    limit: 10
    include_task_runs: true
  register: runs
'''

RETURN = r'''
executions:
  description:
    - The execution read by O(execution_id) (none when it does not exist), or those the search found, in
      O(order), at most O(limit).
    - Each has the shape of M(kestra_io.kestra.kestra_execution)'s C(execution).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The execution id.
      type: str
      sample: 5Qb2tU7dWm3Gq8yLkZxN1a
    namespace:
      description: The flow's namespace.
      type: str
      sample: company.team
    flow_id:
      description: The flow's id.
      type: str
      sample: ingest
    flow_revision:
      description: The flow revision the execution runs.
      type: int
      sample: 3
    state:
      description: The current state.
      type: str
      sample: FAILED
    start_date:
      description: When the execution was created (ISO-8601).
      type: str
      sample: "2026-01-31T10:00:00.123Z"
    end_date:
      description: When it ended (ISO-8601); absent while it runs.
      type: str
      sample: "2026-01-31T10:02:03.456Z"
    duration:
      description: Its duration as Kestra writes it (ISO-8601).
      type: str
      sample: PT2M3.333S
    duration_seconds:
      description: The same duration in seconds.
      type: float
      sample: 123.333
    schedule_date:
      description: The date it was scheduled for, if any.
      type: str
    labels:
      description: Its labels.
      type: dict
      sample: {team: data, system.correlationId: 5Qb2tU7dWm3Gq8yLkZxN1a}
    inputs:
      description: Its inputs as Kestra typed them.
      type: dict
    outputs:
      description: The flow's outputs, as Kestra returns them.
      type: dict
    task_outputs:
      description:
        - The outputs of each task that has some, by task id, once the execution has ended.
        - Empty for a search result without O(include_task_runs).
      type: dict
      sample: {ret: {value: done}}
    task_runs:
      description:
        - Its task runs with their id, task id and state.
        - Empty for a search result without O(include_task_runs).
      type: list
      elements: dict
    url:
      description: The execution's page in the Kestra UI.
      type: str
      sample: https://kestra.example.com/ui/main/executions/company.team/ingest/5Qb2tU7dWm3Gq8yLkZxN1a
total:
  description:
    - How many executions matched, as Kestra counted them (more than the length of RV(executions) when O(limit)
      cut the list). 1 or 0 with O(execution_id).
  returned: always
  type: int
  sample: 42
logs:
  description: The execution's log lines, oldest first.
  returned: when O(include_logs=true) and the execution exists
  type: list
  elements: dict
  contains:
    level:
      description: TRACE, DEBUG, INFO, WARN or ERROR.
      type: str
    timestamp:
      description: When the line was logged (ISO-8601).
      type: str
    task_id:
      description: The task that logged it (absent for execution-level lines).
      type: str
    message:
      description: The text.
      type: str
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_info_task import TASK
from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
