# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Wait for an execution to end without holding one HTTP request open for the whole run.

It follows the execution's event stream (GET /executions/{id}/follow), which
Kestra pushes on every state change, so the task returns within milliseconds
of the end. Each stream is bounded: a read timeout when no event comes (idle)
and a maximum lifetime; then it reconnects, and the first event of a new
stream is the current state. Errors (a proxy cutting the stream, a server
restart, 5xx) are retried with backoff until the deadline. A server whose
follow endpoint is unusable is polled with backoff instead.
"""

import time

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraConnectionError, KestraError
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_api import is_terminal, parse_sse
from ansible_collections.kestra_io.kestra.plugins.module_utils._retry import RETRY_STATUSES

try:
    from requests.exceptions import RequestException
except ImportError:  # pragma: no cover - the client reports the missing library
    RequestException = OSError

# the statuses the client retries, and 500
TRANSIENT_STATUSES = RETRY_STATUSES | frozenset((500,))
ENDED, PROGRESSED, QUIET = 'ended', 'progressed', 'quiet'


class WaitTimeout(Exception):
    """The deadline passed; execution is the last state seen."""

    def __init__(self, execution):
        super(WaitTimeout, self).__init__('timed out')
        self.execution = execution


class Backoff(object):
    """Delays initial, initial*factor, ... capped; reset() after progress."""

    def __init__(self, initial=0.1, factor=1.6, cap=2.0):
        self.initial = initial
        self.factor = factor
        self.cap = cap
        self._next = initial

    def next(self):
        delay = self._next
        self._next = min(self.cap, self._next * self.factor)
        return delay

    def reset(self):
        self._next = self.initial


def is_transient(exc):
    return isinstance(exc, KestraConnectionError) or getattr(exc, 'status', None) in TRANSIENT_STATUSES


class Waiter(object):
    """wait(execution_id, timeout) -> the final execution (GET), or raises WaitTimeout / KestraError."""

    def __init__(self, api, idle_timeout=30.0, stream_lifetime=300.0, clock=time.monotonic, sleep=time.sleep,
                 warn=None):
        self.api = api
        self.idle_timeout = idle_timeout
        self.stream_lifetime = stream_lifetime
        self.clock = clock
        self.sleep = sleep
        self.warn = warn or (lambda message: None)
        self.last = None

    def wait(self, execution_id, timeout):
        deadline = self.clock() + timeout
        backoff = Backoff()
        streaming = True
        while True:
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise WaitTimeout(self._current(execution_id))
            try:
                if streaming:
                    outcome = self._follow(execution_id, deadline)
                    if outcome is None:
                        streaming = False
                        continue
                    if outcome == ENDED:
                        return self.api.get(execution_id)
                    if outcome == PROGRESSED:
                        backoff.reset()
                        continue
                else:
                    self.last = self.api.get(execution_id)
                    if is_terminal(self.last):
                        return self.last
            except KestraError as exc:
                if not is_transient(exc):
                    raise
                self.warn('waiting for execution %s: %s; trying again' % (execution_id, exc))
            # polling, an error, or a stream that closed without news: pause before the next request
            self.sleep(min(backoff.next(), max(0.0, deadline - self.clock())))

    def _follow(self, execution_id, deadline):
        """ENDED, PROGRESSED (events came, reconnect now), QUIET (nothing came) or None (cannot follow)."""
        read_timeout = max(0.05, min(self.idle_timeout, deadline - self.clock()))
        response = self.api.follow(execution_id, read_timeout)
        if response is None:
            return None
        opened = self.clock()
        outcome = QUIET
        try:
            for event_id, execution in parse_sse(response.iter_lines()):
                outcome = PROGRESSED
                if execution:
                    self.last = execution
                if event_id == 'end' or is_terminal(execution):
                    return ENDED
                now = self.clock()
                if now >= deadline or now - opened >= self.stream_lifetime:
                    break
        except (RequestException, OSError):
            # idle read timeout, or the stream was cut: reconnect (the caller checks the deadline)
            pass
        finally:
            response.close()
        return outcome

    def _current(self, execution_id):
        try:
            return self.api.get(execution_id)
        except KestraError:
            return self.last
