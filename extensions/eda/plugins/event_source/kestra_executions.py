# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import asyncio
import logging
import os
import sys

DOCUMENTATION = r"""
---
author: kestra_io.kestra contributors (@kestra-io)
name: kestra_executions
short_description: Events for Kestra executions that reach a state
version_added: 0.1.0
description:
  - An event source plugin for ansible-rulebook (Event-Driven Ansible).
  - Polls Kestra's execution search every O(interval) seconds and emits one event per execution that reaches
    one of O(states) (by default the terminal ones), filtered by namespace, flow and labels.
  - 'The event is C({"execution": {...}}): C(id), C(namespace), C(flowId) (also as C(flow_id)), C(flow_revision),
    C(state) (the name of the state, for example C(FAILED)), C(start_date), C(end_date), C(duration),
    C(duration_seconds), C(schedule_date), C(labels) (a mapping), C(inputs), C(outputs) (the flow outputs the
    search returns, no extra request), C(url) (the execution in Kestra UI), C(tenant), and C(restarted) (true
    when the execution was restarted before reaching this state). ansible-rulebook adds C(meta).'
  - A cursor makes sure that an execution is emitted once while the source runs, and, with O(cursor_path),
    that a restart neither replays what was emitted nor misses what changed while it was stopped
    (at-least-once delivery across restarts).
  - An execution that is restarted and reaches one of O(states) again is a new event.
  - Connection errors, HTTP 429 and 5xx answers are retried with backoff, then polling goes on with a growing
    delay (a warning is logged each time); the source never stops for them. Authentication and authorisation
    errors (HTTP 401 and 403), other refused requests (4xx) and TLS verification failures stop the source
    with a message that says why. Credentials never appear in messages.
  - Needs the Python library C(requests) and ansible-core where ansible-rulebook runs.
  - See docs/events.md in the collection for the cursor, the requests per poll and the latency.
options:
  url:
    description:
      - Root URL of the Kestra server, without C(/api/v1).
      - Environment variable E(KESTRA_URL).
    type: str
    default: http://localhost:8080
  username:
    description:
      - Username for HTTP basic authentication. Environment variables E(KESTRA_USERNAME), E(KESTRA_USER).
      - Credentials come as one group from the source's arguments or, when none is given there, from the
        environment.
    type: str
  password:
    description:
      - Password for HTTP basic authentication. Environment variables E(KESTRA_PASSWORD), E(KESTRA_PASS).
    type: str
  token:
    description:
      - Bearer token (API token or service account). Environment variables E(KESTRA_API_TOKEN), E(KESTRA_TOKEN).
      - Mutually exclusive with O(username)/O(password).
    type: str
  tenant:
    description:
      - Tenant id. Environment variables E(KESTRA_TENANT_ID), E(KESTRA_TENANT).
    type: str
    default: main
  validate_certs:
    description:
      - Whether to verify the server's TLS certificate. Environment variable E(KESTRA_VALIDATE_CERTS).
    type: bool
    default: true
  ca_path:
    description:
      - PEM bundle of a private CA. Environment variable E(KESTRA_CA_PATH).
    type: path
  timeout:
    description:
      - Timeout of each HTTP request in seconds. Environment variable E(KESTRA_TIMEOUT).
    type: float
    default: 30
  api_version:
    description:
      - Kestra API version, V(auto) to ask the server once. Environment variable E(KESTRA_API_VERSION).
    type: str
    choices: [auto, '1', '2']
    default: auto
  namespace:
    description:
      - Only executions of this namespace. All namespaces when not given.
    type: str
  include_child_namespaces:
    description:
      - With O(namespace), also the executions of its child namespaces (C(namespace.*)).
    type: bool
    default: false
  flow_id:
    description:
      - Only executions of this flow (needs O(namespace)).
    type: str
  states:
    description:
      - The states that make an event, by name.
      - Default the terminal states C(SUCCESS), C(WARNING), C(FAILED), C(KILLED), C(CANCELLED), C(RETRIED),
        C(SKIPPED), C(RESUBMITTED).
      - Other states (C(RUNNING), C(PAUSED), ...) are accepted. For a state without an end date (all but the
        terminal ones and C(PAUSED)) the search is sorted by start date, and an execution that reaches it more
        than 60 seconds after it started may be missed.
    type: list
    elements: str
  labels:
    description:
      - Only executions that carry all these labels (key and value).
    type: dict
  interval:
    description:
      - Seconds between two polls.
    type: float
    default: 10
  since:
    description:
      - Where the first start begins, when there is no cursor in O(cursor_path) yet.
      - An ISO 8601 date-time (C(2026-12-01T08:00:00Z)), a date, C(now), or an age counted back from now
        (C(30m), C(24h), C(7d), C(PT24H)).
      - Default now (by the Kestra server's clock). Ignored once the cursor file exists.
    type: str
  cursor_path:
    description:
      - A file where the source keeps its cursor (JSON, rewritten atomically after each event).
      - With it, a restart resumes where the source stopped. Without it, each start begins at O(since).
      - The directory must exist and be writable.
    type: str
"""

EXAMPLES = r"""
- name: React to failed executions of company.team
  hosts: localhost
  sources:
    - kestra_io.kestra.kestra_executions:
        url: https://kestra.example.com
        namespace: company.team
        include_child_namespaces: true
        states: [FAILED, KILLED]
        labels:
          env: prod
        interval: 10
        since: 1h
        cursor_path: /var/lib/eda/kestra-company-team.cursor
  rules:
    - name: Restart a failed execution once
      condition: event.execution.state == "FAILED" and not event.execution.restarted
      action:
        run_playbook:
          name: restart_execution.yml
"""


def _import_collection():
    """ansible-rulebook runs this file with runpy: make the collection importable from its own location
    (<root>/ansible_collections/kestra_io/kestra/extensions/eda/plugins/event_source/) when it is not."""
    try:
        import ansible_collections.kestra_io.kestra.plugins.module_utils._client  # noqa: F401 pylint: disable=unused-import
        return
    except ImportError:
        pass
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, *(['..'] * 7)))
    if os.path.isdir(os.path.join(root, 'ansible_collections')) and root not in sys.path:
        sys.path.insert(0, root)


_import_collection()

# pylint: disable=wrong-import-position
from ansible_collections.kestra_io.kestra.plugins.module_utils._client import KestraClient  # noqa: E402
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError  # noqa: E402
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_events import (  # noqa: E402
    ExecutionPoller,
    connection_options,
    event_options,
    is_fatal,
)

LOGGER = logging.getLogger('kestra_io.kestra.kestra_executions')
NAME = 'kestra_io.kestra.kestra_executions'
# after a failed poll (the client has already retried): interval * 2**n, at most this many seconds
MAX_BACKOFF = 300.0


class KestraSourceError(Exception):
    """Stops the source: ansible-rulebook reports the message and shuts down."""


def build(args, session=None):
    """The client and the poller from the source's arguments; bad options raise KestraSourceError."""
    try:
        options = event_options(args)
        connection = connection_options(args)
        client = KestraClient(connection['url'], connection['username'], connection['password'], connection['token'],
                              connection['tenant'], connection['validate_certs'], connection['ca_path'],
                              connection['timeout'], warn=LOGGER.warning, session=session,
                              api_version=connection['api_version'])
        return ExecutionPoller(client, options)
    except KestraError as exc:
        raise KestraSourceError('%s: %s' % (NAME, exc))


async def run(queue, poller, sleep=asyncio.sleep, max_polls=None):
    """Poll until cancelled (or max_polls polls, for tests); put each event, then commit it to the cursor."""
    loop = asyncio.get_event_loop()
    interval = poller.options['interval']
    failures = 0
    polls = 0
    LOGGER.info('%s: watching executions of %s (states %s) on %s every %gs, from %s', NAME,
                poller.options['namespace'] or 'every namespace', ', '.join(poller.options['states']),
                poller.client.url, interval,
                'the cursor in %s' % poller.options['cursor_path'] if poller.resumed else
                poller.options['since'] or 'now')
    while max_polls is None or polls < max_polls:
        polls += 1
        try:
            events = await loop.run_in_executor(None, poller.poll)
        except KestraError as exc:
            if is_fatal(exc):
                raise KestraSourceError('%s: stopping: %s' % (NAME, exc))
            failures += 1
            delay = min(MAX_BACKOFF, interval * 2 ** min(failures - 1, 10))
            LOGGER.warning('%s: poll failed (%d in a row): %s; polling again in %gs', NAME, failures, exc, delay)
            await sleep(delay)
            continue
        if failures:
            LOGGER.info('%s: polling works again after %d failed poll(s)', NAME, failures)
        failures = 0
        for key, moment, event in events:
            await queue.put(event)
            poller.commit(key, moment)
        await sleep(interval)


async def main(queue, args):
    """ansible-rulebook's entry point."""
    poller = build(args)
    await run(queue, poller)


if __name__ == '__main__':
    # python kestra_executions.py: print the events of the executions that end from now on (KESTRA_* variables)
    class _PrintQueue(object):
        async def put(self, event):
            print(event)

    logging.basicConfig(level=logging.INFO)
    asyncio.run(main(_PrintQueue(), {'namespace': os.environ.get('KESTRA_NAMESPACE')}))
