# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""When to retry a request and how long to wait (pure logic, no I/O)."""

import email.utils
import time

RETRY_STATUSES = frozenset((429, 502, 503, 504))
IDEMPOTENT_METHODS = frozenset(('GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'))


class RetryPolicy(object):
    """Exponential backoff: base * 2**attempt, capped; Retry-After wins when given.

    A server that cannot be reached at all (connection refused, unknown host) is
    tried again at most 'unreachable_retries' times: repeating it four times only
    makes the failure slower.
    """

    def __init__(self, retries=4, base=0.5, cap=8.0, max_retry_after=60.0, unreachable_retries=1):
        self.retries = retries
        self.base = base
        self.cap = cap
        self.max_retry_after = max_retry_after
        self.unreachable_retries = unreachable_retries

    def may_retry(self, method, attempt, idempotent=None):
        """attempt counts from 0 for the first retry."""
        if attempt >= self.retries:
            return False
        if idempotent is None:
            idempotent = method.upper() in IDEMPOTENT_METHODS
        return bool(idempotent)

    def may_retry_unreachable(self, attempt, unreachable_attempts):
        """After a connection that could not be opened: unreachable_attempts counts the
        earlier ones of this request (any method: the server saw nothing)."""
        return unreachable_attempts < self.unreachable_retries and self.may_retry('GET', attempt, True)

    def delay(self, attempt, retry_after=None, now=None):
        waited = parse_retry_after(retry_after, now)
        if waited is not None:
            return min(waited, self.max_retry_after)
        return min(self.cap, self.base * (2 ** attempt))


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None."""
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    moment = email.utils.mktime_tz(parsed)
    return max(0.0, moment - (time.time() if now is None else now))
