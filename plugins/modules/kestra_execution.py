#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_execution
short_description: Start Kestra flows, wait for their executions, read their outputs and logs, kill, restart, resume or delete them
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - With O(namespace) and O(flow_id), starts an execution of the flow, with inputs, files and labels.
  - With O(idempotency_key), starts the flow only once per key. The key is stored as the label
    C(ansible.idempotency_key) of the execution. When an execution of the flow already carries it,
    that execution is returned (and waited for with O(wait)) with C(changed=false), and nothing is started.
    A warning names the inputs and labels of the task that differ from those of that execution (they are
    not applied), and says when it ended FAILED or KILLED. O(idempotency_rerun=failed) starts a new
    execution with the same key instead of returning a FAILED or KILLED one.
  - A start request is never repeated blindly, because a repeat could start the flow twice. Without
    O(idempotency_key), a start that gets no clear answer (no answer, HTTP 429, 500, 502, 503 or 504)
    fails the task with a message saying that the execution may have started. With a key, after such an
    HTTP answer the task looks the key up and sends the start again only if no execution carries it (at
    most 3 times, 1, 2 and 4 seconds apart); after no answer at all (a timeout, a dropped connection) it
    looks the key up once and, if nothing carries it yet, fails without sending the start again, since the
    start may still arrive; a re-run finds the execution by its key. Only a connection that could not be
    opened (the server saw nothing) is tried again by the client, once.
  - With O(wait=true), the task ends when the execution has ended. It follows the execution's event stream
    (reconnecting after O(timeout) seconds without news, at most 30, or after an error), so it returns within a fraction
    of a second of the end, survives proxies that cut long requests and a restart of Kestra, and never holds
    one request open for the whole run. For very long runs, see the async example.
  - With O(execution_id) alone, reads that execution (and waits for it with O(wait)). With O(state), acts on it.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes.action_group
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - Nothing is started, killed, restarted, resumed or deleted. The execution, the flow and the
        idempotency key are still looked up, so C(changed) is predicted truthfully.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
options:
  namespace:
    description:
      - The namespace of the flow to start. Required with O(flow_id).
    type: str
  flow_id:
    description:
      - The id of the flow to start.
      - Mutually exclusive with O(execution_id); one of the two is required.
    type: str
  inputs:
    description:
      - The flow's inputs, by input id. Kestra checks them against the flow's declared inputs (required
        inputs, types) and fails the start with its own message when one is wrong.
      - Kestra ignores an input the flow does not declare; the task then warns and names the declared inputs.
      - Lists and dicts are sent as JSON (for ARRAY, JSON and MULTISELECT inputs), booleans as V(true)/V(false),
        everything else as text.
      - With O(state=resumed), the inputs of the Pause task's C(onResume).
    type: dict
  files:
    description:
      - FILE inputs, by input id, as paths of files. Each file is streamed to Kestra, never read whole into memory.
      - A relative path is looked up on the controller as the C(src) of M(ansible.builtin.copy) is, in the
        C(files/) directory of the role, then of the playbook (then in those directories themselves),
        whether the task runs in-process or as a module. The task fails on the controller when it is not
        found there, and when the task runs on another host (not on the controller), where a relative path
        has no meaning.
      - An absolute path, or one starting with C(~), is a file on the host that runs the module (the
        controller for the usual C(delegate_to=localhost) or local connection).
    type: dict
  labels:
    description:
      - Labels of the new execution, as a dict, or as a list whose items are each V(key:value) text (split at
        the first colon) or a mapping with the two keys C(key) and C(value) (Kestra's own form). Anything else fails the
        task before any request. Kestra adds the flow's labels. Keys starting with V(system.) are Kestra's
        own and are refused by Kestra.
    type: raw
  revision:
    description:
      - The flow revision to run; the latest by default.
    type: int
  schedule_date:
    description:
      - Start the execution at that date, an ISO-8601 date-time with an offset, such as V(2030-01-01T08:00:00Z).
    type: str
  idempotency_key:
    description:
      - Start the flow only if no execution of it carries this key (see the description).
    type: str
  idempotency_rerun:
    description:
      - With O(idempotency_key), what to do when the newest execution carrying the key ended FAILED or KILLED.
      - V(never) returns it (C(changed=false), with a warning).
      - V(failed) starts a new execution with the same key (C(changed=true)); a later run of the task finds the
        new one. A running, paused or successful execution is always returned.
    type: str
    choices: [never, failed]
    default: never
  execution_id:
    description:
      - An existing execution to read (alone) or act on (with O(state)).
    type: str
  state:
    description:
      - What to do with the execution O(execution_id).
      - V(killed) kills it; an execution that has already ended is left alone (C(changed=false)).
      - V(restarted) re-runs its failed or killed task runs (same execution id). Kestra restarts only FAILED
        and KILLED executions; any other state fails the task and says why. Every restart is a change.
      - V(resumed) resumes a PAUSED execution; any other state is left alone (C(changed=false)).
      - V(absent) deletes it with its logs; a missing execution is C(changed=false).
    type: str
    choices: [killed, restarted, resumed, absent]
  wait:
    description:
      - Wait until the execution has ended (a terminal state; a PAUSED execution has not ended).
      - Applies to a new execution, to an existing one read with O(execution_id), and to a restarted, resumed or
        killed one.
      - The task fails when the final state is not in O(accepted_states) (a killed execution is not checked).
        The message names the execution, its state, the failed task ids and the last error log lines; the
        result still holds the execution.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait with O(wait). When they have passed, the task fails with the execution id and its
        current state, and the execution keeps running unless O(kill_on_timeout=true).
    type: int
    default: 3600
  kill_on_timeout:
    description:
      - Kill the execution when O(wait_timeout) has passed.
    type: bool
    default: false
  accepted_states:
    description:
      - The final states that count as a success with O(wait).
    type: list
    elements: str
    default: [SUCCESS, WARNING]
    choices: [SUCCESS, WARNING, FAILED, KILLED, CANCELLED, RETRIED, SKIPPED, RESUBMITTED]
  include_logs:
    description:
      - Also return the execution's logs as RV(logs), also when the task fails because of the final state,
        a timeout or a refused restart.
    type: bool
    default: false
  log_min_level:
    description:
      - With O(include_logs), only the log lines of this level or above.
    type: str
    choices: [TRACE, DEBUG, INFO, WARN, ERROR]
notes:
  - For runs longer than the play should block for, use C(async) and C(poll), for example C(async=7200) and
    C(poll=30) with O(wait=true) and O(wait_timeout=7000); the task then runs as a module in the background
    (not in-process) and Ansible checks it every C(poll) seconds. With C(poll=0), register the job and use
    M(ansible.builtin.async_status) later.
  - A FAILED or WARNING state comes from the flow; a task failure caused by Kestra's API (unknown flow,
    a wrong input, a disabled flow) carries Kestra's own message and HTTP status.
seealso:
  - name: Kestra executions
    description: How Kestra runs flows.
    link: https://kestra.io/docs/workflow-components/execution
'''

EXAMPLES = r'''
- name: Run a flow with inputs, labels and a file, and wait for it
  kestra_io.kestra.kestra_execution:
    url: https://kestra.example.com
    token: "{{ kestra_token }}"
    namespace: company.team
    flow_id: ingest
    inputs:
      day: "2026-01-31"
      tables: [orders, customers]
    files:
      manifest: manifest.csv  # the files/ directory of the role or playbook
    labels:
      team: data
    wait: true
    wait_timeout: 1800
    include_logs: true
    log_min_level: WARN
  register: ingest

- name: Use its outputs
  ansible.builtin.debug:
    msg: "{{ ingest.execution.outputs }} ({{ ingest.execution.url }})"

- name: Start the monthly close once, however often the playbook runs
  kestra_io.kestra.kestra_execution:
    namespace: finance
    flow_id: monthly_close
    idempotency_key: "close-{{ period }}"
    wait: true

- name: The same, but start it again (same key) when that run failed or was killed
  kestra_io.kestra.kestra_execution:
    namespace: finance
    flow_id: monthly_close
    idempotency_key: "close-{{ period }}"
    idempotency_rerun: failed
    wait: true

- name: A two-hour run, without blocking on one connection
  kestra_io.kestra.kestra_execution:
    namespace: company.team
    flow_id: rebuild_warehouse
    wait: true
    wait_timeout: 7000
    kill_on_timeout: true
  async: 7200
  poll: 30

- name: Kill a run (nothing happens when it has already ended)
  kestra_io.kestra.kestra_execution:
    execution_id: "{{ ingest.execution.id }}"
    state: killed

- name: Restart a failed run and wait for it
  kestra_io.kestra.kestra_execution:
    execution_id: 5Qb2tU7dWm3Gq8yLkZxN1a
    state: restarted
    wait: true

- name: Resume a paused run
  kestra_io.kestra.kestra_execution:
    execution_id: 5Qb2tU7dWm3Gq8yLkZxN1a
    state: resumed

- name: Read an execution and its error logs
  kestra_io.kestra.kestra_execution:
    execution_id: 5Qb2tU7dWm3Gq8yLkZxN1a
    include_logs: true
    log_min_level: ERROR

- name: Delete an execution
  kestra_io.kestra.kestra_execution:
    execution_id: 5Qb2tU7dWm3Gq8yLkZxN1a
    state: absent
'''

RETURN = r'''
execution:
  description:
    - The execution started, found by its idempotency key, read or acted on; its final state with O(wait).
    - Empty in check mode when no execution would exist yet, and when O(state=absent) found nothing.
    - Also returned when the task fails because of the final state or a timeout (with the task outputs
      of the task runs that have some), and when it fails after the execution was started or acted on
      (for example when a read after the start fails).
  returned: always
  type: dict
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
      description: The current state (CREATED, RUNNING, PAUSED, SUCCESS, WARNING, FAILED, KILLED, ...).
      type: str
      sample: SUCCESS
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
      description: The date it was scheduled for, with O(schedule_date).
      type: str
    labels:
      description: Its labels (the flow's, the task's, and Kestra's own such as C(system.correlationId)).
      type: dict
      sample: {team: data, ansible.idempotency_key: close-2026-01}
    inputs:
      description: Its inputs as Kestra typed them (a FILE input is a C(kestra:///) URI).
      type: dict
    outputs:
      description: The flow's outputs (its C(outputs) section), as Kestra returns them.
      type: dict
      sample: {rows: 42}
    task_outputs:
      description:
        - The outputs of each task that has some, by task id, once the execution has ended; in a failed result
          after a timeout, those of the task runs that have some so far.
      type: dict
      sample: {ret: {value: done}}
    task_runs:
      description: Its task runs with their id, task id and state.
      type: list
      elements: dict
    url:
      description: The execution's page in the Kestra UI.
      type: str
      sample: https://kestra.example.com/ui/main/executions/company.team/ingest/5Qb2tU7dWm3Gq8yLkZxN1a
logs:
  description: The execution's log lines, oldest first, with O(include_logs).
  returned: when O(include_logs=true), also when the task fails because of the final state or a timeout
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

from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_task import TASK
from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
