#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_kv
short_description: Manage typed key-value pairs of a Kestra namespace, one key or hundreds per task
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Sets or deletes one key (O(key)) or many keys (O(values)) of a Kestra namespace's KV store.
  - The comparison is typed and exact. What Kestra stores (its KV type and value, and the description) is
    compared with what the task declares. The string V("42") and the number V(42) differ. JSON objects
    are equal whatever the order of their keys. Big integers and decimals are compared exactly, never
    through floating point. Dates, date-times and durations are compared as Kestra returns them, so
    V(P1D) equals V(PT24H) and V(2024-01-01T02:00:00+02:00) equals V(2024-01-01T00:00:00Z).
  - A second run with the same input reports C(changed=false) and sends no write request.
  - Key names and every value are checked before the first request.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes
  - kestra_io.kestra.attributes.action_group
options:
  namespace:
    description:
      - The namespace that holds the keys, for example V(company.team).
    type: str
    required: true
  key:
    description:
      - The key to manage. It must start with a letter or a digit and contain only letters, digits,
        dots, underscores and hyphens (Kestra's rule).
      - Mutually exclusive with O(values).
    type: str
  value:
    description:
      - The value of O(key), any YAML value (a string, a number, a boolean, a list or a dict).
      - Required with O(key) when O(state=present).
      - With O(type=auto), a string is always stored as a STRING, even when it looks like a number,
        V(true), JSON or a date. The exception is a string that Kestra itself reads back as a duration
        (such as V(PT5M) or V(P1D)), which Kestra always stores as a DURATION.
      - A number is a NUMBER, a boolean a BOOLEAN, a list or a dict a JSON value.
    type: raw
  type:
    description:
      - The KV type to store the value as. V(auto) infers it from the value (see O(value)).
      - A forced type converts the value where that is exact. For example, V("1.10") with V(NUMBER) is
        stored as the decimal 1.10 exactly, V("true") with V(BOOLEAN) is a boolean, and a JSON text with
        V(JSON) is parsed. With V(STRING), numbers and booleans are stored as their text.
      - V(DATE) takes V(YYYY-MM-DD). V(DATETIME) takes an ISO-8601 date-time with C(Z) or an offset.
        V(DURATION) takes an ISO-8601 duration of whole days, hours, minutes and seconds, such as V(PT5M).
      - A value that cannot be of that type fails the task before any request.
      - With O(values), the default type of every key.
    type: str
    default: auto
    choices: [auto, STRING, NUMBER, BOOLEAN, DATETIME, DATE, DURATION, JSON]
  ttl:
    description:
      - Time to live, an ISO-8601 duration such as V(PT30M) or V(P7D). Kestra deletes the key that
        long after it is written. Reading an expired key is the same as reading a missing one.
      - The ttl is applied when the key is written. Time passing alone is not a change, so a task whose
        value and description already match does not rewrite the key. If the key has no expiration
        date yet, it is rewritten to apply the ttl.
      - Without O(ttl), a write stores the key without expiration (Kestra's behaviour).
      - See O(refresh_ttl) to restart the expiry on every run. With O(values), the default ttl of every key.
    type: str
  refresh_ttl:
    description:
      - With O(ttl), rewrite the key on every run so that its expiry starts again (the task then
        always reports a change).
    type: bool
    default: false
  description:
    description:
      - The description of the key. It must be one line of Latin-1 text, because Kestra receives it
        in an HTTP header. V("") means no description.
      - Not set, the current description is kept when the key is rewritten.
      - With O(values), the default description of every key.
    type: str
  sensitive:
    description:
      - Mask the value in the diff and in the result (V(VALUE_SPECIFIED_IN_NO_LOG_PARAMETER)), and leave it out
        of the error when it cannot be of the type asked.
      - The value is also hidden wherever the task's arguments show, as Ansible hides the values of C(no_log)
        options. In the C(invocation) that C(-vvv) prints it reads V(VALUE_SPECIFIED_IN_NO_LOG_PARAMETER), also
        when the task fails. The text of the value is replaced by V(********) anywhere else in the result, so a
        very short sensitive value (a few characters) also masks unrelated text that contains it.
      - In the diff, a changed sensitive value shows as V((sensitive value changed)) after the change, so that
        the diff still says that the value changed without showing it.
      - With a task-level C(no_log), every value is masked anyway.
      - With O(values), the default of every key.
    type: bool
    default: false
  state:
    description:
      - V(present) sets the keys, V(absent) deletes them. Deleting a missing key is not a change.
      - With O(values) and V(absent), the keys of O(values) are deleted and their values are ignored.
    type: str
    default: present
    choices: [present, absent]
  values:
    description:
      - Many keys at once, as a dict from key to value. Each value is either a plain value or a dict
        with a C(value) entry and optional C(type), C(ttl), C(description) and C(sensitive) entries.
        These entries override the options of the same name for that key.
      - "A dict value is read as such an entry only when it has a C(value) entry and no other entries
        than these five. To store a JSON object that looks like one, nest it as C({value: {...}})."
      - Mutually exclusive with O(key) and O(value).
    type: dict
  prune:
    description:
      - With O(values) and O(state=present), also delete the keys of O(namespace) that O(values) does not
        list (a GitOps sync of the whole namespace).
    type: bool
    default: false
notes:
  - One GET per declared key gives its value. A converged task without O(description), O(ttl) and O(prune)
    sends nothing else, so one key is one request.
  - The namespace is listed (Kestra 1.x C(GET namespaces/{ns}/kv), 2.0 the paged C(GET /kv), so with
    O(api_version=auto) after one C(GET /api/v1/configs) to tell them apart) only when it is needed. That is
    when the task gives a O(description) or a O(ttl) (without O(refresh_ttl)) to compare, prunes, or
    rewrites or, with C(--diff), deletes a key that exists (to keep its description, which Kestra would
    drop, and to show it).
  - Writes are one PUT per changed key. Deletions are one bulk request with O(values), one request with
    O(key). When a written key has a O(ttl), one more listing reads the expiration dates Kestra set.
  - When a request fails after Kestra accepted a write, the task fails with C(changed=true), and RV(kv)
    holds the keys written or deleted so far.
  - Kestra returns a duration normalised (V(P1D) as V(PT24H)) and a date-time in UTC. The result shows
    the values as Kestra returns them.
  - Numbers come back in RV(kv) as integers, or as floats when they have a fraction. The comparison stays exact.
    To read a decimal's exact digits, use the lookup or M(kestra_io.kestra.kestra_kv_info) with C(decimal=text).
seealso:
  - module: kestra_io.kestra.kestra_kv_info
  - plugin: kestra_io.kestra.kestra_kv
    plugin_type: lookup
'''

EXAMPLES = r'''
- name: Store one typed value
  kestra_io.kestra.kestra_kv:
    url: https://kestra.example.com
    token: "{{ kestra_api_token }}"
    namespace: company.team
    key: max_retries
    value: 5
    description: Retries of the ingestion flows

- name: Store a number exactly, from its text
  kestra_io.kestra.kestra_kv:
    namespace: company.team
    key: price
    value: "1234567890.123456789"
    type: NUMBER

- name: A string that looks like a number stays a string
  kestra_io.kestra.kestra_kv:
    namespace: company.team
    key: zip_code
    value: "01234"

- name: A temporary value
  kestra_io.kestra.kestra_kv:
    namespace: company.team
    key: maintenance_window
    value: {start: "22:00", end: "23:00"}
    ttl: PT12H

- name: Converge a whole namespace in one task and delete the keys not listed
  kestra_io.kestra.kestra_kv:
    namespace: company.team
    prune: true
    values:
      region: eu-west-1
      batch_size: 500
      enabled: true
      endpoints: [https://a.example.com, https://b.example.com]
      api_password:
        value: "{{ vault_api_password }}"
        sensitive: true
      started_on:
        value: "2024-01-01"
        type: DATE

- name: Delete a key
  kestra_io.kestra.kestra_kv:
    namespace: company.team
    key: obsolete
    state: absent
'''

RETURN = r'''
kv:
  description:
    - With O(key), the key as Kestra holds it after the task (or would hold it, in check mode).
    - With O(values), a list with one such entry per key of O(values), followed by the pruned keys.
    - Deleted keys only have C(namespace), C(key) and C(action).
    - When the task fails after Kestra accepted some of its writes, only the keys written or deleted so far
      (with O(key), that key).
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
      sample: max_retries
    action:
      description: What the task did to the key.
      type: str
      sample: created
      choices: [created, updated, unchanged, deleted]
    type:
      description: The KV type, as Kestra reports it.
      type: str
      sample: NUMBER
    value:
      description: The typed value, as Kestra returns it (masked for sensitive keys).
      type: raw
      sample: 5
    description:
      description:
        - The description, if any.
        - Left out for an unchanged key when the namespace was not listed (see the notes).
      type: str
      sample: Retries of the ingestion flows
    expiration_date:
      description:
        - When Kestra deletes the key (ISO-8601), if it has a ttl.
        - In check mode, the predicted date for a key that would be written.
        - Left out for an unchanged key when the namespace was not listed (see the notes).
      type: str
      sample: "2026-01-01T12:00:00.000Z"
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_task import TASK
from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
