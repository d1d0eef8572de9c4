# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Typed KV values: what to send to Kestra, what Kestra will return, and exact comparison.

Kestra parses a PUT body as Amazon Ion text and derives the type of the stored
value when it is read (docs/dev/kestra-api/kv.md): a JSON string is a STRING (unless it
matches Kestra's duration pattern: then a DURATION), a number a NUMBER, and so
on. A DesiredValue holds the body to send and the value a later GET returns, in
a canonical form: numbers as int or Decimal (never floats, so big integers and
decimals compare exactly), date-times as instants, durations as seconds.
"""

import datetime
import json
import math
import re
from decimal import Decimal

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError

KV_TYPES = ('STRING', 'NUMBER', 'BOOLEAN', 'DATETIME', 'DATE', 'DURATION', 'JSON')
MASK = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'

KEY_PATTERN = re.compile(r'^[a-zA-Z0-9][a-zA-Z0-9._-]*$')
NAMESPACE_PATTERN = re.compile(r'^[a-zA-Z0-9][a-zA-Z0-9._-]*$')
# KVStore.durationPattern: Kestra returns a string matching it as a DURATION
KESTRA_DURATION_PATTERN = re.compile(r'^P(?=[^T]|T.)(?:\d*D)?(?:T(?=.)(?:\d*H)?(?:\d*M)?(?:\d*S)?)?$')
# the part of it that java.time.Duration.parse also accepts (digits before every unit)
DURATION_VALUE = re.compile(r'^P(?!$)(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$')
# a ttl header: java.time.Duration.parse without signs (a negative ttl is refused by Kestra)
TTL_PATTERN = re.compile(r'^P(?!$)(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d{1,9}))?S)?)?$',
                         re.IGNORECASE)
JSON_NUMBER = re.compile(r'^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$')
DATE_TEXT = re.compile(r'^(\d{4})-(\d{2})-(\d{2})$')
DATETIME_TEXT = re.compile(r'^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})$')

_EPOCH = datetime.datetime(1970, 1, 1)


class DesiredValue(object):
    """A value as the task declares it: the PUT body, and what Kestra will return for it."""

    def __init__(self, kv_type, body, expected):
        self.type = kv_type
        self.body = body
        self.expected = expected


# ---- names ---------------------------------------------------------------------------

def check_key(key, what='key'):
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise KestraInputError('%s %r is not a valid Kestra KV key: it must start with a letter or digit and '
                               'contain only letters, digits, dots (.), underscores (_) and hyphens (-)' % (what, key))
    return key


def check_namespace(namespace):
    if not isinstance(namespace, str) or not NAMESPACE_PATTERN.match(namespace):
        raise KestraInputError('namespace %r is not a valid Kestra namespace: it must start with a letter or digit '
                               'and contain only letters, digits, dots, underscores and hyphens' % (namespace,))
    return namespace


def parent_namespaces(namespace):
    """Parents of a namespace, nearest first: a.b.c -> a.b, a."""
    parts = namespace.split('.')
    return ['.'.join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]


def ttl_seconds(ttl):
    """Seconds of an ISO-8601 ttl (Decimal); raises KestraInputError for what Kestra would refuse."""
    match = TTL_PATTERN.match(ttl.strip()) if isinstance(ttl, str) else None
    if not match or not any(match.group(i) for i in range(1, 5)):
        raise KestraInputError('ttl %r is not an ISO-8601 duration that Kestra accepts (days, hours, minutes and '
                               'seconds, for example PT30M, P1D or P1DT12H)' % (ttl,))
    days, hours, minutes, seconds = (int(match.group(i) or 0) for i in range(1, 5))
    fraction = Decimal('0.' + match.group(5)) if match.group(5) else Decimal(0)
    return Decimal(((days * 24 + hours) * 60 + minutes) * 60 + seconds) + fraction


def check_description(description):
    """Kestra takes the description in an HTTP header: one line of Latin-1 text."""
    if description is None:
        return None
    if not isinstance(description, str):
        raise KestraInputError('description must be a string')
    if '\r' in description or '\n' in description:
        raise KestraInputError('description must be a single line (Kestra receives it in an HTTP header)')
    try:
        description.encode('latin-1')
    except UnicodeEncodeError:
        raise KestraInputError('description %r has characters outside Latin-1, which an HTTP header cannot carry '
                               'to Kestra' % (description,))
    return description


# ---- desired values -----------------------------------------------------------------------

def desired_value(value, kv_type='auto', sensitive=False):
    """DesiredValue for a value, with the type forced or ('auto') inferred; KestraInputError if impossible.

    For a sensitive value the error does not quote the value.
    """
    if value is None:
        raise KestraInputError('value is required to store a key (use state=absent to delete it)')
    if isinstance(value, bytes):
        value = value.decode('utf-8')
    kv_type = (kv_type or 'auto').upper()
    if kv_type == 'AUTO':
        kv_type = _inferred_type(value)
    if kv_type not in _ENCODERS:
        raise KestraInputError('type must be auto or one of %s, got %r' % (', '.join(KV_TYPES), kv_type))
    try:
        return _ENCODERS[kv_type](value)
    except UnstorableValue as exc:
        if not sensitive:
            raise
        raise KestraInputError('the value cannot be stored as a %s: %s' % (exc.kv_type, exc.why))


def _inferred_type(value):
    if isinstance(value, bool):
        return 'BOOLEAN'
    if isinstance(value, (int, float, Decimal)):
        return 'NUMBER'
    if isinstance(value, (dict, list, tuple)):
        return 'JSON'
    if isinstance(value, datetime.datetime):
        return 'DATETIME'
    if isinstance(value, datetime.date):
        return 'DATE'
    if isinstance(value, str) and KESTRA_DURATION_PATTERN.match(value):
        # Kestra itself reads such a string back as a DURATION: there is no way to keep it a STRING
        return 'DURATION'
    if isinstance(value, str):
        return 'STRING'
    raise KestraInputError('value of Python type %s cannot be stored in Kestra KV' % type(value).__name__)


class UnstorableValue(KestraInputError):
    """A value that cannot be stored as the type asked (the message quotes the value)."""

    def __init__(self, value, kv_type, why):
        super(UnstorableValue, self).__init__('value %s cannot be stored as a %s: %s' % (_short(value), kv_type, why))
        self.kv_type = kv_type
        self.why = why


def _cannot(value, kv_type, why):
    return UnstorableValue(value, kv_type, why)


def _short(value):
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + '...'


def _encode_string(value):
    if isinstance(value, bool):
        text = 'true' if value else 'false'
    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, (int, Decimal, str)):
        text = str(value)
    else:
        raise _cannot(value, 'STRING', 'only text, numbers and booleans can be forced to a string')
    if KESTRA_DURATION_PATTERN.match(text):
        raise _cannot(value, 'STRING', 'Kestra reads a string that looks like an ISO-8601 duration back as a '
                                       'DURATION; use type DURATION')
    return DesiredValue('STRING', json.dumps(text, ensure_ascii=False), text)


def _number_text(value):
    """The number as plain decimal text: Ion reads an exponent as a binary double, plain digits exactly."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        text = _plain_decimal(Decimal(repr(value)))
        # keep a float a decimal number (1e20 -> 100000000000000000000.0), as Kestra returns it
        return text if '.' in text else text + '.0'
    if isinstance(value, Decimal):
        return _plain_decimal(value) if value.is_finite() else None
    if isinstance(value, str) and JSON_NUMBER.match(value.strip()):
        return _plain_decimal(Decimal(value.strip())) if 'e' in value.lower() else value.strip()
    return None


def _plain_decimal(number):
    return '{0:f}'.format(number)


def _encode_number(value):
    text = _number_text(value)
    if text is None:
        raise _cannot(value, 'NUMBER', 'it is not a finite number')
    return DesiredValue('NUMBER', text, parse_number(text))


def parse_number(text):
    """A JSON number exactly: int, or Decimal (never a binary float)."""
    match = JSON_NUMBER.match(text)
    if match and not match.group(1) and not match.group(2):
        return int(text)
    return Decimal(text)


def _encode_boolean(value):
    if isinstance(value, bool):
        flag = value
    elif isinstance(value, str) and value.strip().lower() in ('true', 'false'):
        flag = value.strip().lower() == 'true'
    else:
        raise _cannot(value, 'BOOLEAN', 'only true or false are booleans')
    return DesiredValue('BOOLEAN', 'true' if flag else 'false', flag)


def _encode_date(value):
    if isinstance(value, datetime.datetime):
        raise _cannot(value, 'DATE', 'it has a time of day; use type DATETIME')
    if isinstance(value, datetime.date):
        text = value.isoformat()
    elif isinstance(value, str) and DATE_TEXT.match(value.strip()):
        text = value.strip()
        try:
            datetime.date(*(int(part) for part in DATE_TEXT.match(text).groups()))
        except ValueError as exc:
            raise _cannot(value, 'DATE', str(exc))
    else:
        raise _cannot(value, 'DATE', 'a date is written YYYY-MM-DD')
    return DesiredValue('DATE', text, text)


def _encode_datetime(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise _cannot(value, 'DATETIME', 'it has no UTC offset')
        value = value.isoformat()
    if not isinstance(value, str) or not DATETIME_TEXT.match(value.strip()):
        raise _cannot(value, 'DATETIME', 'a date-time is written YYYY-MM-DDThh:mm[:ss[.fff]] followed by Z or an '
                                         'offset such as +02:00')
    text = value.strip()
    try:
        return DesiredValue('DATETIME', text, instant(text))
    except (ValueError, OverflowError) as exc:
        raise _cannot(value, 'DATETIME', str(exc))


def _encode_duration(value):
    if not isinstance(value, str) or not DURATION_VALUE.match(value.strip()):
        raise _cannot(value, 'DURATION', 'Kestra keeps ISO-8601 durations of whole days, hours, minutes and '
                                         'seconds, for example PT5M, P1D or P1DT2H30M')
    text = value.strip()
    return DesiredValue('DURATION', json.dumps(text), duration_text(duration_seconds(text)))


def _encode_json(value):
    if isinstance(value, str):
        try:
            value = parse_json(value)  # numbers exactly, as for a NUMBER
        except ValueError as exc:
            raise _cannot(value, 'JSON', 'the text is not JSON (%s)' % exc)
    if not isinstance(value, (dict, list, tuple)):
        raise _cannot(value, 'JSON', 'only objects (dicts) and arrays (lists) are JSON values in Kestra')
    try:
        body = json_text(value)
    except (TypeError, ValueError) as exc:
        raise _cannot(value, 'JSON', str(exc))
    return DesiredValue('JSON', body, parse_json(body))


def json_text(value):
    """Compact JSON with sorted keys and numbers as plain decimals (see _number_text)."""
    if isinstance(value, dict):
        items = sorted(((_json_key(k), v) for k, v in value.items()), key=lambda pair: pair[0])
        return '{%s}' % ','.join('%s:%s' % (json.dumps(k, ensure_ascii=False), json_text(v)) for k, v in items)
    if isinstance(value, (list, tuple)):
        return '[%s]' % ','.join(json_text(v) for v in value)
    if value is None or isinstance(value, (bool, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float, Decimal)):
        text = _number_text(value)
        if text is None:
            raise ValueError('%r is not a finite number' % (value,))
        return text
    if isinstance(value, (datetime.date, datetime.datetime)):
        return json.dumps(value.isoformat())
    raise TypeError('%s is not JSON serializable' % type(value).__name__)


def _json_key(key):
    """Object keys as json.dumps writes them (true, null, 1.5)."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return json.dumps(key)
    if isinstance(key, (int, float)):
        return str(key) if isinstance(key, int) else repr(key)
    raise TypeError('keys must be strings, got %s' % type(key).__name__)


_ENCODERS = {
    'STRING': _encode_string,
    'NUMBER': _encode_number,
    'BOOLEAN': _encode_boolean,
    'DATE': _encode_date,
    'DATETIME': _encode_datetime,
    'DURATION': _encode_duration,
    'JSON': _encode_json,
}


# ---- values as Kestra returns them ----------------------------------------------------------

def parse_json(text):
    """Decode JSON keeping numbers exact (int, or Decimal: never a binary float)."""
    return json.loads(text, parse_float=parse_number)


def instant(text):
    """(UTC datetime to the second, Decimal fraction) of an ISO date-time with an offset."""
    match = DATETIME_TEXT.match(text)
    if not match:
        return text
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    moment = datetime.datetime(year, month, day, hour, minute, int(match.group(6) or 0))
    offset = match.group(8)
    if offset != 'Z':
        sign = 1 if offset[0] == '+' else -1
        moment -= sign * datetime.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
    fraction = Decimal('0.' + match.group(7)) if match.group(7) else Decimal(0)
    return moment, fraction.normalize()


def instant_text(value):
    """java.time.Instant.toString() of an instant() tuple."""
    moment, fraction = value
    text = '%04d-' % moment.year + moment.strftime('%m-%dT%H:%M:%S')
    if fraction:
        digits = ('%.9f' % fraction)[2:]
        while digits.endswith('000'):
            digits = digits[:-3]
        text += '.' + digits
    return text + 'Z'


def duration_seconds(text):
    match = DURATION_VALUE.match(text)
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def duration_text(total):
    """java.time.Duration.toString() of whole seconds: days become hours (P1D -> PT24H)."""
    hours, rest = divmod(int(total), 3600)
    minutes, seconds = divmod(rest, 60)
    text = 'PT'
    if hours:
        text += '%dH' % hours
    if minutes:
        text += '%dM' % minutes
    if seconds or text == 'PT':
        text += '%dS' % seconds
    return text


def canonical(kv_type, value):
    """A value as GET returns it, in the form desired values use (for comparison)."""
    if kv_type == 'DATETIME' and isinstance(value, str):
        return instant(value)
    if kv_type == 'DURATION' and isinstance(value, str) and DURATION_VALUE.match(value):
        return duration_text(duration_seconds(value))
    return value


def same_value(left, right):
    """Strict equality: a bool is never a number, numbers compare exactly, dicts ignore key order."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    numbers = (int, float, Decimal)
    if isinstance(left, numbers) or isinstance(right, numbers):
        return isinstance(left, numbers) and isinstance(right, numbers) and Decimal(left) == Decimal(right)
    if isinstance(left, dict) or isinstance(right, dict):
        return isinstance(left, dict) and isinstance(right, dict) and set(left) == set(right) and \
            all(same_value(left[k], right[k]) for k in left)
    if isinstance(left, (list, tuple)) or isinstance(right, (list, tuple)):
        return isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)) and len(left) == len(right) \
            and all(same_value(a, b) for a, b in zip(left, right))
    return left == right


DECIMAL_FORMS = ('float', 'text')


def to_plain(kv_type, value, decimal='float'):
    """A canonical value as a task result or lookup returns it (JSON-serialisable, typed).

    decimal: how a number with a fraction is returned, 'float' (a binary float, which may
    round it) or 'text' (its exact digits as a string, e.g. '1234567890.123456789').
    """
    if decimal not in DECIMAL_FORMS:
        raise KestraInputError('decimal must be one of %s, got %r' % (', '.join(DECIMAL_FORMS), decimal))
    if kv_type == 'DATETIME' and isinstance(value, tuple):
        return instant_text(value)
    return _plain(value, decimal == 'text')


def _plain(value, exact):
    if isinstance(value, dict):
        return dict((k, _plain(v, exact)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(v, exact) for v in value]
    if isinstance(value, Decimal):
        # digits alone are an integer (exact at any size); a fraction is a float, or its exact text
        text = str(value)
        if '.' not in text and 'E' not in text:
            return int(value)
        return _plain_decimal(value) if exact else float(value)
    return value
