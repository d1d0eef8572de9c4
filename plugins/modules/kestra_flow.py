#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_flow
short_description: Manage Kestra flows as desired state
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Creates, updates and deletes flows of a Kestra server from their YAML source, one flow or many per task.
  - A flow is up to date when the source Kestra stores equals the desired source (Kestra ignores one
    C(revision:) line when it compares, and so does this module). Any other difference, even a comment or
    whitespace, is a change, because Kestra stores a new revision for it.
  - Only flows that differ are written. A second identical run reports no change and sends no write request.
  - The flows to write are first validated by Kestra's validate endpoint; if Kestra refuses one of them,
    nothing is written and the task fails with Kestra's text for each refused flow. Kestra's validation
    warnings become Ansible warnings.
  - A flow is identified by the C(id) and C(namespace) written in its YAML. Changing the C(id) in a source
    declares a new flow; the flow with the old id is left alone unless O(prune) removes it.
  - A flow that was deleted in Kestra (Kestra keeps deleted flows as a deleted revision) is created again.
  - Kestra's warning that a subflow is not found is not shown when that subflow is declared by the same task.
    Deprecation warnings carry the replacement Kestra suggests.
  - A task that fails after Kestra accepted one of its writes reports C(changed=true), and RV(flows) lists
    the flows written so far.
  - Ansible renders C({{ ... }}) in task arguments before the module runs, so a Kestra expression such as
    C({{ inputs.name }}) written inline in O(definition) or O(source) must be kept literal, with C(!unsafe),
    a C({% raw %}) block, or by reading the flow from a file with C(lookup('ansible.builtin.file', ...)) (see
    the examples).
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes
  - kestra_io.kestra.attributes.action_group
options:
  namespace:
    description:
      - Namespace of the flows.
      - Optional with O(source) or O(definition), which carry it; when given, every flow of the task must
        declare this namespace, otherwise the task fails before sending any request.
      - Required with O(prune). With O(state=absent) and neither O(source) nor O(definition), the namespace of
        the flow to delete.
    type: str
  id:
    description:
      - Id of the flow.
      - Optional with O(source) or O(definition); when given, the flow must declare this id, otherwise the task
        fails before sending any request.
      - With O(state=absent) and neither O(source) nor O(definition), the id of the flow to delete.
    type: str
  source:
    description:
      - Flow YAML text. Several flows can be given as several YAML documents, separated by lines holding only
        C(---).
      - Each flow is stored as its own text, without leading blank lines and with one final newline.
      - A line that starts with C(---) but is not a separator is refused, because Kestra would split the
        flow there.
      - Mutually exclusive with O(definition).
    type: str
  definition:
    description:
      - The flow as data (a mapping), or several flows (a list of mappings), rendered to YAML by the module.
      - Rendering is deterministic, so the same data always gives the same source; C(id), C(namespace),
        C(description), C(labels), C(inputs), C(variables), C(tasks), C(errors), C(finally), C(afterExecution),
        C(outputs), C(triggers), C(pluginDefaults), C(concurrency), C(retry), C(sla), C(disabled) come first in
        that order, other keys follow sorted; inside, C(id) and C(type) come first, then the other keys sorted.
        Multi-line strings are written as literal blocks.
      - Mutually exclusive with O(source).
    type: raw
  state:
    description:
      - V(present) creates or updates the flows; V(absent) deletes them (deleting a missing flow is no change).
    type: str
    choices: [present, absent]
    default: present
  prune:
    description:
      - With O(namespace) and O(state=present), also delete the flows of exactly that namespace that the task
        does not declare (flows of other namespaces, child namespaces included, are never touched).
      - The flows to delete are worked out by the module from the namespace's stored flows; Kestra's bulk
        endpoints, which delete by default, are not used.
      - With an empty O(definition) list, every flow of the namespace is deleted.
    type: bool
    default: false
notes:
  - In check mode the flows to write are still validated by Kestra (a read-only request), and the result says
    what would be created, updated or deleted. In diff mode there is one diff entry per changed flow, with the
    stored YAML before and the desired YAML after.
  - One task reads the stored sources of a whole namespace in one request (Kestra's export by query), so a
    task that declares hundreds of flows needs two requests per namespace when nothing changed. When flows
    change, one validation request is added, then one request per changed flow, or one import request (and one
    listing per namespace for the new revisions) when two flows or more are written, deletions one by one.
requirements:
  - PyYAML
seealso:
  - name: Kestra flows
    description: What a flow is and how it is written.
    link: https://kestra.io/docs/workflow-components/flow
'''

EXAMPLES = r'''
- name: Deploy one flow from a file
  kestra_io.kestra.kestra_flow:
    url: https://kestra.example.com
    username: admin@example.com
    password: "{{ kestra_password }}"
    source: "{{ lookup('ansible.builtin.file', 'flows/hello.yml') }}"

- name: Deploy every flow of a namespace and delete the ones that are gone from the repository
  kestra_io.kestra.kestra_flow:
    namespace: company.team
    source: "{{ query('ansible.builtin.file', *query('ansible.builtin.fileglob', 'flows/company.team/*.yml')) | join('\n---\n') }}"
    prune: true

- name: A flow given as data
  kestra_io.kestra.kestra_flow:
    definition:
      id: hello
      namespace: company.team
      tasks:
        - id: log
          type: io.kestra.plugin.core.log.Log
          message: Hello {{ inventory_hostname }}

- name: Kestra expressions kept literal with !unsafe (Ansible would render them otherwise)
  kestra_io.kestra.kestra_flow:
    definition:
      id: greet
      namespace: company.team
      inputs:
        - id: name
          type: STRING
      tasks:
        - id: hello
          type: io.kestra.plugin.core.log.Log
          message: !unsafe "Hello {{ inputs.name }}"

- name: Kestra expressions kept literal in an inline source with a raw block
  kestra_io.kestra.kestra_flow:
    source: |
      {% raw %}
      id: greet
      namespace: company.team
      tasks:
        - id: hello
          type: io.kestra.plugin.core.log.Log
          message: "Hello {{ inputs.name }}"
      {% endraw %}

- name: Delete a flow
  kestra_io.kestra.kestra_flow:
    namespace: company.team
    id: hello
    state: absent
'''

RETURN = r'''
flows:
  description:
    - One entry per flow the task declared (in order), then the flows O(prune) deleted.
  returned: always (also when the task fails after a write, with the flows written so far)
  type: list
  elements: dict
  contains:
    namespace:
      description: Namespace of the flow.
      type: str
      returned: always
      sample: company.team
    id:
      description: Id of the flow.
      type: str
      returned: always
      sample: hello
    revision:
      description:
        - The flow's revision after the task. For a deleted flow, the revision that was deleted.
        - In check mode, the revision an update would get; null for a flow that would be created.
        - Null for a flow to delete that does not exist.
      type: int
      returned: always
      sample: 3
    action:
      description: What happened to the flow (or would happen, in check mode).
      type: str
      returned: always
      choices: [created, updated, unchanged, deleted]
      sample: updated
diff:
  description: In diff mode, the YAML before and after of each changed flow.
  returned: when diff mode is on
  type: list
  elements: dict
  sample:
    - before: ''
      after: "id: hello\nnamespace: company.team\n..."
      before_header: company.team/hello (absent)
      after_header: company.team/hello
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._flow_task import TASK
from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
