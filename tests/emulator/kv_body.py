"""How Kestra reads a KV PUT body and writes a KV value back (docs/dev/kestra-api/kv.md).

Kestra parses the body with the Amazon Ion text reader (a superset of JSON with
bare symbols and timestamps) and derives the KV type from the stored value when
it is read. This module covers the part of Ion that matters: JSON values (with
exact decimals), bare symbols, day and date-time timestamps, trailing content,
and the read-time DURATION rule for strings.
"""

import datetime
import json
import re
from decimal import Decimal

from .util import iso_duration

# KVStore.durationPattern: a string matching it is returned as a java.time.Duration
DURATION_PATTERN = re.compile(r'^P(?=[^T]|T.)(?:\d*D)?(?:T(?=.)(?:\d*H)?(?:\d*M)?(?:\d*S)?)?$')
_DURATION_PARTS = re.compile(r'^P(?:(\d*)D)?(?:T(?:(\d*)H)?(?:(\d*)M)?(?:(\d*)S)?)?$')
_SYMBOL = re.compile(r'[A-Za-z_$][A-Za-z0-9_$]*')
_TIMESTAMP_START = re.compile(r'\d{4}-')
_DATE = re.compile(r'(\d{4})-(\d{2})-(\d{2})T?(?=\s|$)')
_DATETIME = re.compile(r'(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})(?=\s|$)')
_DELIMITED = re.compile(r'\s|$')


class _NotIon(ValueError):
    pass


def _reject(name):
    raise _NotIon(name)


_DECODER = json.JSONDecoder(parse_float=lambda text: float(text) if 'e' in text.lower() else Decimal(text),
                            parse_constant=_reject)


def _first_value(text):
    """(python value, kind, end index) of the first Ion value in text; raises _NotIon."""
    match = _DATETIME.match(text)
    if match:
        return _instant(match), 'DATETIME', match.end()
    match = _DATE.match(text)
    if match:
        try:
            day = datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise _NotIon(text)
        return day.isoformat(), 'DATE', match.end()
    if _TIMESTAMP_START.match(text):
        raise _NotIon(text)
    if text[:1] in ('{', '['):
        # a container: JSON, or Ion's superset of it (bare and quoted symbols as field
        # names and values, timestamps, comments); Kestra stores it as JSON
        reader = _IonReader(text)
        return reader.value(), None, reader.pos
    match = _SYMBOL.match(text)
    if match and match.group(0) not in ('true', 'false', 'null'):
        # a bare Ion symbol is read back as a plain string
        return match.group(0), None, match.end()
    try:
        value, end = _DECODER.raw_decode(text)
    except ValueError:
        raise _NotIon(text)
    if not isinstance(value, (dict, list, str)) and not _DELIMITED.match(text, end):
        raise _NotIon(text)
    return value, None, end


_IN_CONTAINER = r'(?=[\s,\]}]|$)'
_C_DATETIME = re.compile(_DATETIME.pattern.replace(r'(?=\s|$)', _IN_CONTAINER))
_C_DATE = re.compile(_DATE.pattern.replace(r'(?=\s|$)', _IN_CONTAINER))
_C_NUMBER = re.compile(r'-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?' + _IN_CONTAINER)
_KEYWORDS = {'true': True, 'false': False, 'null': None}


class _IonReader(object):
    """A reader of one Ion text container value (struct or list) into JSON-like Python values.

    Covers what a KV body plausibly holds: JSON, symbols (bare identifiers or 'quoted')
    as field names and values (read as strings), timestamps (as their text), and
    // or /* */ comments. Anything else raises _NotIon (the body is then a raw string).
    """

    def __init__(self, text):
        self.text = text
        self.pos = 0

    def _skip(self):
        text = self.text
        while self.pos < len(text):
            if text[self.pos].isspace():
                self.pos += 1
            elif text.startswith('//', self.pos):
                end = text.find('\n', self.pos)
                self.pos = len(text) if end < 0 else end + 1
            elif text.startswith('/*', self.pos):
                end = text.find('*/', self.pos + 2)
                if end < 0:
                    raise _NotIon(text)
                self.pos = end + 2
            else:
                return

    def _peek(self):
        self._skip()
        if self.pos >= len(self.text):
            raise _NotIon(self.text)
        return self.text[self.pos]

    def _expect(self, char):
        if self._peek() != char:
            raise _NotIon(self.text)
        self.pos += 1

    def _string(self):
        try:
            value, self.pos = json.decoder.scanstring(self.text, self.pos + 1)
        except ValueError:
            raise _NotIon(self.text)
        return value

    def _quoted_symbol(self):
        end = self.text.find("'", self.pos + 1)
        if end < 0 or '\n' in self.text[self.pos:end]:
            raise _NotIon(self.text)
        value, self.pos = self.text[self.pos + 1:end], end + 1
        return value

    def _field_name(self):
        char = self._peek()
        if char == '"':
            return self._string()
        if char == "'":
            return self._quoted_symbol()
        match = _SYMBOL.match(self.text, self.pos)
        if not match:
            raise _NotIon(self.text)
        self.pos = match.end()
        return match.group(0)

    def _sequence(self, close, item):
        self.pos += 1
        if self._peek() == close:
            self.pos += 1
            return
        while True:
            item()
            char = self._peek()
            self.pos += 1
            if char == close:
                return
            if char != ',':
                raise _NotIon(self.text)

    def value(self):
        char = self._peek()
        text, pos = self.text, self.pos
        if char == '{':
            struct = {}

            def field():
                name = self._field_name()
                self._expect(':')
                struct[name] = self.value()
            self._sequence('}', field)
            return struct
        if char == '[':
            items = []
            self._sequence(']', lambda: items.append(self.value()))
            return items
        if char == '"':
            return self._string()
        if char == "'":
            return self._quoted_symbol()
        match = _C_DATETIME.match(text, pos)
        if match:
            self.pos = match.end()
            return _instant(match)
        match = _C_DATE.match(text, pos)
        if match:
            self.pos = match.end()
            try:
                return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
            except ValueError:
                raise _NotIon(text)
        match = _C_NUMBER.match(text, pos)
        if match:
            self.pos = match.end()
            if match.group(2):
                return float(match.group(0))
            return Decimal(match.group(0)) if match.group(1) else int(match.group(0))
        match = _SYMBOL.match(text, pos)
        if match:
            self.pos = match.end()
            return _KEYWORDS.get(match.group(0), match.group(0))
        raise _NotIon(text)


def _instant(match):
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    fraction = (match.group(7) or '')[:6].ljust(6, '0')
    offset = match.group(8)
    try:
        moment = datetime.datetime(year, month, day, hour, minute, second, int(fraction))
    except ValueError:
        raise _NotIon(match.group(0))
    if offset != 'Z':
        sign = 1 if offset[0] == '+' else -1
        try:
            moment -= sign * datetime.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
        except OverflowError:
            raise _NotIon(match.group(0))
    return instant_text(moment)


def instant_text(moment):
    """java.time.Instant.toString(): UTC, seconds always, fraction in groups of 3 digits."""
    text = '%04d-' % moment.year + moment.strftime('%m-%dT%H:%M:%S')
    if moment.microsecond:
        fraction = '%06d' % moment.microsecond
        text += '.' + (fraction[:3] if fraction.endswith('000') else fraction)
    return text + 'Z'


def duration_text(value):
    """java.time.Duration.toString() of a string matching DURATION_PATTERN (days become hours)."""
    days, hours, minutes, seconds = (int(part or 0) for part in _DURATION_PARTS.match(value).groups())
    return iso_duration(((days * 24 + hours) * 60 + minutes) * 60 + seconds)


def kv_type(value):
    """Kestra's KVType of a stored value (KVType derivation at read time)."""
    if value is None or isinstance(value, str):
        return 'STRING'
    if isinstance(value, bool):
        return 'BOOLEAN'
    if isinstance(value, (int, float, Decimal)):
        return 'NUMBER'
    return 'JSON'


def parse_body(text, v2):
    """(type, value) that Kestra stores for a PUT body, as a later GET returns them.

    Unparsable text is stored as the raw string (1.x and 2.0); trailing content
    after the first value is dropped by 1.x and keeps the whole raw text in 2.0.
    """
    stripped = text.strip()
    try:
        value, kind, end = _first_value(stripped)
    except _NotIon:
        return 'STRING', text
    if stripped[end:].strip():
        if v2:
            return 'STRING', text
    if kind is not None:
        return kind, value
    if isinstance(value, str) and DURATION_PATTERN.match(value):
        return 'DURATION', duration_text(value)
    return kv_type(value), value


def render_json(value):
    """JSON text of a value, decimals written exactly as BigDecimal.toString() would."""
    if isinstance(value, dict):
        return '{%s}' % ','.join('%s:%s' % (json.dumps(k), render_json(v)) for k, v in value.items())
    if isinstance(value, list):
        return '[%s]' % ','.join(render_json(v) for v in value)
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value)
