#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_trigger
short_description: Enable, disable, unlock, restart and backfill Kestra triggers
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Selects the triggers of a Kestra namespace, of one flow, or one trigger, and reads their state
    (disabled, locked, next execution date, backfill).
  - With no action option the module only reads, which is how a playbook searches triggers.
  - O(enabled) enables or disables the selected triggers; only the triggers whose state differs are
    written, all in one request.
  - O(unlock) unlocks the locked triggers; O(restart) restarts the selected triggers.
  - O(backfill) and O(backfill_state) create, pause, resume or delete the backfill of Schedule triggers.
  - Only Schedule and polling triggers have a state in Kestra; Webhook, Flow and realtime triggers are
    never selected.
  - "The flag this module sets is the trigger's runtime state, kept by Kestra's scheduler. It is
    independent of a C(disabled: true) property of the trigger in the flow's YAML: a trigger fires only
    if neither is set. Redeploying the flow keeps the runtime state; deleting the flow, or removing or
    renaming the trigger in its YAML, drops it, and the trigger comes back enabled."
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes
  - kestra_io.kestra.attributes.action_group
options:
  namespace:
    description:
      - The namespace of the triggers. Child namespaces are not included.
    type: str
    required: true
  flow_id:
    description:
      - The flow of the triggers. Without it, every flow of O(namespace) is selected.
    type: str
  trigger_id:
    description:
      - The trigger id. Without it, every trigger of the selected flows is selected.
      - Without O(flow_id), the trigger with this id in every flow of the namespace.
    type: str
  enabled:
    description:
      - V(true) enables, V(false) disables the selected triggers (their runtime state, not the YAML).
      - Not set, the enabled state is left alone.
    type: bool
  unlock:
    description:
      - Unlock the selected triggers that are locked (an execution they started is still running,
        or an evaluation is in progress). Unlocked triggers are left alone.
    type: bool
    default: false
  restart:
    description:
      - Restart the selected triggers. This is always a change.
    type: bool
    default: false
  backfill:
    description:
      - A backfill to create on the selected Schedule triggers. A trigger that already has a backfill with
        the same O(backfill.start) (and the same O(backfill.end) when given) is left alone; a backfill with
        another window is replaced.
    type: dict
    suboptions:
      start:
        description:
          - First date of the backfill, ISO-8601, for example V(2026-01-01T00:00:00Z). No zone means UTC.
        type: str
        required: true
      end:
        description:
          - Last date of the backfill. Kestra uses the current date when it is not set.
        type: str
      inputs:
        description:
          - Inputs passed to the backfilled executions.
        type: dict
      labels:
        description:
          - Labels of the backfilled executions, as a dict, or as a list whose items are each V(key:value) text
            (split at the first colon) or a mapping with the two keys C(key) and C(value). Anything else fails
            the task before any request.
        type: raw
  backfill_state:
    description:
      - V(paused) pauses and V(running) resumes the backfill of the selected triggers, V(absent) deletes it.
      - Without O(backfill), triggers with no backfill are skipped, and the task fails if none has one
        (except for V(absent)).
      - Not set, a backfill created by O(backfill) runs.
    type: str
    choices: [paused, running, absent]
  allow_empty:
    description:
      - Succeed with an empty RV(triggers) list when the selection matches nothing, instead of failing.
    type: bool
    default: false
notes:
  - Enabling or disabling many triggers uses Kestra's bulk endpoint (one request for all); unlocking
    too. Restarting and backfill changes take one request per trigger.
  - After a bulk change RV(triggers[].next_execution_date) is not read again; Kestra computes the next
    date of a re-enabled trigger itself.
  - Works with Kestra 1.x and 2.x; the server version is probed once per task.
seealso:
  - name: Kestra triggers
    description: Kestra documentation on triggers.
    link: https://kestra.io/docs/workflow-components/triggers
'''

EXAMPLES = r'''
- name: Find the triggers of a namespace
  kestra_io.kestra.kestra_trigger:
    namespace: company.team
  register: found

- name: Disable every trigger of a namespace during maintenance
  kestra_io.kestra.kestra_trigger:
    namespace: company.team
    enabled: false

- name: Enable one trigger again
  kestra_io.kestra.kestra_trigger:
    namespace: company.team
    flow_id: nightly_load
    trigger_id: every_night
    enabled: true

- name: Unlock a trigger stuck behind a crashed execution
  kestra_io.kestra.kestra_trigger:
    namespace: company.team
    flow_id: nightly_load
    trigger_id: every_night
    unlock: true

- name: Backfill January, paused until the warehouse is ready
  kestra_io.kestra.kestra_trigger:
    namespace: company.team
    flow_id: nightly_load
    trigger_id: every_night
    backfill:
      start: "2026-01-01T00:00:00Z"
      end: "2026-01-31T23:59:59Z"
      labels:
        reason: backfill
    backfill_state: paused

- name: Delete that backfill
  kestra_io.kestra.kestra_trigger:
    namespace: company.team
    flow_id: nightly_load
    trigger_id: every_night
    backfill_state: absent
'''

RETURN = r'''
triggers:
  description: The selected triggers, in their state after the task (in check mode, the state they would have).
  returned: always
  type: list
  elements: dict
  contains:
    namespace:
      description: The namespace.
      type: str
      sample: company.team
    flow_id:
      description: The flow id.
      type: str
      sample: nightly_load
    trigger_id:
      description: The trigger id.
      type: str
      sample: every_night
    type:
      description: The trigger type, when Kestra's answer carries it (a namespace-wide search does).
      type: str
      returned: when known
      sample: io.kestra.plugin.core.trigger.Schedule
    disabled:
      description: Whether the trigger's runtime state is disabled.
      type: bool
    locked:
      description: Whether the trigger is locked (an execution it started is running, or it is being evaluated).
      type: bool
    execution_id:
      description: The execution holding the lock, if any.
      type: str
      sample: 4Vw2bHNRQUmeYMb9OafxNr
    next_execution_date:
      description: When the trigger is next evaluated, as Kestra reports it; null while disabled.
      type: str
      sample: "2026-11-29T00:00:00.000Z"
    backfill:
      description: The trigger's backfill, or null.
      type: dict
      contains:
        start:
          description: First date.
          type: str
        end:
          description: Last date.
          type: str
        current_date:
          description: The date the backfill has reached.
          type: str
        paused:
          description: Whether the backfill is paused.
          type: bool
        inputs:
          description: Inputs of the backfilled executions.
          type: dict
        labels:
          description: Labels of the backfilled executions.
          type: dict
    actions:
      description:
        - What the task did (or would do in check mode) to this trigger, in order.
        - Among V(disabled), V(enabled), V(unlocked), V(restarted), V(backfill_created), V(backfill_paused),
          V(backfill_resumed), V(backfill_deleted).
      type: list
      elements: str
      sample: [disabled]
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module
from ansible_collections.kestra_io.kestra.plugins.module_utils._trigger_task import TASK


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
