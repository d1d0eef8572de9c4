# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Points in time as users write them (`since: 24h`, `until: 2026-01-31T10:00:00Z`), read one strict way.

A moment is either relative to now ("that long ago"): a number and a unit
(`90s`, `15m`, `24h`, `7d`, `2w`; spaces allowed, e.g. `24 h`) or an ISO-8601
duration (`PT24H`, `P1D`, `P1DT12H`); or absolute: an ISO-8601 date-time with
`Z` or an offset (`2026-01-31T10:00:00Z`, `2026-01-31T10:00:00.5+01:00`), a
date-time without an offset (read as UTC), or a date (`2026-01-31`, midnight
UTC). Anything else is a KestraInputError, raised before any request.
"""

import datetime
import re

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError

UTC = datetime.timezone.utc
FORMS = ('a duration ago such as 30s, 15m, 24h, 7d, 2w or PT24H, or a date-time such as '
         '2026-01-31T10:00:00Z (ISO-8601, UTC when it has no offset) or a date such as 2026-01-31')
_UNITS = {'s': 1, 'm': 60, 'h': 3600, 'd': 86400, 'w': 604800}
_SHORT = re.compile(r'^(\d+(?:\.\d+)?)\s*([smhdw])$')
_ISO_DURATION = re.compile(r'^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$')
_DATE_TIME = re.compile(r'^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?'
                        r'(Z|[+-]\d{2}:?\d{2})?$')


def now():
    return datetime.datetime.now(UTC)


def duration_seconds(text):
    """Seconds of '24h' / 'PT24H' style text, or None when it is not a duration."""
    text = text.strip()
    match = _SHORT.match(text.lower())
    if match:
        return float(match.group(1)) * _UNITS[match.group(2)]
    match = _ISO_DURATION.match(text.upper())
    if match and text.upper() not in ('P', 'PT') and not text.upper().endswith('T'):
        weeks, days, hours, minutes, seconds = match.groups()
        return (int(weeks or 0) * 604800 + int(days or 0) * 86400 + int(hours or 0) * 3600 +
                int(minutes or 0) * 60 + float(seconds or 0))
    return None


def _absolute(text):
    match = _DATE_TIME.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or '0')[:6].ljust(6, '0'))
    try:
        moment = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                                   int(second or 0), micro, tzinfo=UTC)
    except ValueError:
        return None
    if zone and zone != 'Z':
        sign = 1 if zone[0] == '+' else -1
        digits = zone[1:].replace(':', '')
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        moment = moment - sign * offset
    return moment


def parse_moment(value, option, reference=None):
    """An aware UTC datetime for `value` (relative to `reference`, default now), or None for None/''."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str):
        raise KestraInputError('%s: %r is not %s' % (option, value, FORMS))
    seconds = duration_seconds(value)
    if seconds is not None:
        return (reference or now()) - datetime.timedelta(seconds=seconds)
    moment = _absolute(value)
    if moment is None:
        raise KestraInputError('%s: %r is not %s' % (option, value, FORMS))
    return moment


def iso(moment):
    """ISO-8601 with milliseconds and Z, which Kestra's ZonedDateTime.parse reads."""
    moment = moment.astimezone(UTC)
    return moment.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (moment.microsecond // 1000)


def parse_kestra_date(text):
    """A date Kestra wrote (ISO-8601 with Z or an offset) as an aware datetime, or None."""
    if not text:
        return None
    return _absolute(str(text))
