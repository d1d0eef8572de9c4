"""Typed KV encoding and comparison (pure logic of _kv_values)."""

import datetime
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_values import (
    canonical,
    check_description,
    check_key,
    check_namespace,
    desired_value,
    parent_namespaces,
    parse_json,
    same_value,
    to_plain,
    ttl_seconds,
)


@pytest.mark.parametrize('value, kv_type, body, expected', [
    ('hello', 'STRING', '"hello"', 'hello'),
    ('42', 'STRING', '"42"', '42'),
    ('true', 'STRING', '"true"', 'true'),
    ('{"a": 1}', 'STRING', '"{\\"a\\": 1}"', '{"a": 1}'),
    ('2024-01-01', 'STRING', '"2024-01-01"', '2024-01-01'),
    ('PT5M', 'DURATION', '"PT5M"', 'PT5M'),
    ('P1D', 'DURATION', '"P1D"', 'PT24H'),
    (42, 'NUMBER', '42', 42),
    (10 ** 30, 'NUMBER', str(10 ** 30), 10 ** 30),
    (1.5, 'NUMBER', '1.5', Decimal('1.5')),
    (1e20, 'NUMBER', '100000000000000000000.0', Decimal('1E+20')),
    (1e-7, 'NUMBER', '0.0000001', Decimal('1E-7')),
    (Decimal('7.37E-16'), 'NUMBER', '0.000000000000000737', Decimal('7.37E-16')),
    (True, 'BOOLEAN', 'true', True),
    ({'b': 1, 'a': [1.5]}, 'JSON', '{"a":[1.5],"b":1}', {'a': [Decimal('1.5')], 'b': 1}),
    ([1, 'x', None], 'JSON', '[1,"x",null]', [1, 'x', None]),
    (datetime.date(2024, 1, 2), 'DATE', '2024-01-02', '2024-01-02'),
])
def test_auto_type_body_and_expected_value(value, kv_type, body, expected):
    desired = desired_value(value)
    assert (desired.type, desired.body) == (kv_type, body)
    assert same_value(desired.expected, expected)


@pytest.mark.parametrize('value, kv_type, expected_type, expected', [
    ('1.10', 'NUMBER', 'NUMBER', Decimal('1.10')),
    ('123456789012345678901234567890.000000000000000001', 'NUMBER', 'NUMBER',
     Decimal('123456789012345678901234567890.000000000000000001')),
    (42, 'STRING', 'STRING', '42'),
    (False, 'STRING', 'STRING', 'false'),
    ('TRUE', 'BOOLEAN', 'BOOLEAN', True),
    ('2024-02-29', 'DATE', 'DATE', '2024-02-29'),
    ('2024-01-01T02:00:00+02:00', 'DATETIME', 'DATETIME', canonical('DATETIME', '2024-01-01T00:00:00Z')),
    ('P1DT2M', 'DURATION', 'DURATION', 'PT24H2M'),
    ('{"x": [1]}', 'JSON', 'JSON', {'x': [1]}),
])
def test_forced_types_convert_exactly(value, kv_type, expected_type, expected):
    desired = desired_value(value, kv_type)
    assert desired.type == expected_type
    assert same_value(desired.expected, expected)


@pytest.mark.parametrize('value, kv_type', [
    ('abc', 'NUMBER'), (True, 'NUMBER'), ('1,5', 'NUMBER'), (float('nan'), 'NUMBER'), ('01', 'NUMBER'),
    ('yes', 'BOOLEAN'), (1, 'BOOLEAN'),
    ('2024-02-30', 'DATE'), ('01/02/2024', 'DATE'), (datetime.datetime(2024, 1, 1), 'DATE'),
    ('2024-01-01T10:00:00', 'DATETIME'), (datetime.datetime(2024, 1, 1), 'DATETIME'),
    ('5 minutes', 'DURATION'), ('PT0.5S', 'DURATION'), ('-PT5M', 'DURATION'), ('PT', 'DURATION'),
    ('PT5M', 'STRING'), ([1], 'STRING'),
    ('{oops', 'JSON'), (42, 'JSON'), ('"text"', 'JSON'), ({'x': float('inf')}, 'JSON'),
    (None, 'auto'), ('x', 'TEXT'),
])
def test_values_that_cannot_be_that_type_fail(value, kv_type):
    with pytest.raises(KestraInputError):
        desired_value(value, kv_type)


def test_a_sensitive_value_is_not_quoted_in_the_error():
    with pytest.raises(KestraInputError) as plain:
        desired_value('s3cr3t-token', 'NUMBER')
    assert 's3cr3t-token' in str(plain.value)
    with pytest.raises(KestraInputError) as hidden:
        desired_value('s3cr3t-token', 'NUMBER', sensitive=True)
    assert 's3cr3t-token' not in str(hidden.value)
    assert 'cannot be stored as a NUMBER' in str(hidden.value)


def test_datetime_objects_need_an_offset():
    aware = datetime.datetime(2024, 1, 1, 2, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    desired = desired_value(aware)
    assert desired.type == 'DATETIME'
    assert to_plain('DATETIME', desired.expected) == '2024-01-01T00:00:00Z'


@pytest.mark.parametrize('left, right, equal', [
    ('42', 42, False),
    (True, 1, False),
    (False, 0, False),
    (42, Decimal('42.0'), True),
    (Decimal('0.1000000000000000000001'), Decimal('0.1'), False),
    (10 ** 30 + 1, 10 ** 30, False),
    ({'a': 1, 'b': 2}, {'b': 2, 'a': 1}, True),
    ({'a': [1, {'c': True}]}, {'a': [1, {'c': 1}]}, False),
    ({'a': None}, {}, False),
    ([1, 2], [2, 1], False),
    ([], {}, False),
    (None, 'None', False),
])
def test_same_value_is_strict_and_exact(left, right, equal):
    assert same_value(left, right) is equal
    assert same_value(right, left) is equal  # pylint: disable=arguments-out-of-order


def test_kestra_forms_compare_as_kestra_returns_them():
    assert canonical('DURATION', 'PT24H') == desired_value('P1D', 'DURATION').expected
    assert canonical('DATETIME', '2024-01-01T00:00:00.250Z') == \
        desired_value('2024-01-01T01:00:00.25+01:00', 'DATETIME').expected
    assert canonical('DATETIME', '2024-01-01T00:00:00Z') != desired_value('2024-01-01T00:00:01Z', 'DATETIME').expected


def test_parse_json_never_uses_binary_floats():
    value = parse_json('{"a": 0.1000000000000000000001, "b": 12345678901234567890123, "c": 1.5e300}')
    assert value['a'] == Decimal('0.1000000000000000000001')
    assert value['b'] == 12345678901234567890123
    assert value['c'] == Decimal('1.5e300')


def test_to_plain_returns_ansible_types():
    assert to_plain('NUMBER', Decimal('2.50')) == 2.5
    assert to_plain('NUMBER', 7) == 7
    assert to_plain('JSON', {'a': [Decimal('1.0'), None]}) == {'a': [1.0, None]}
    assert json.dumps(to_plain('JSON', parse_json('{"x": [1.25, {"y": 3}]}'))) == '{"x": [1.25, {"y": 3}]}'


@pytest.mark.parametrize('key', ['a', 'A1', 'my.key_1-x', '0'])
def test_good_keys(key):
    assert check_key(key) == key


@pytest.mark.parametrize('key', ['', '_a', '.a', '-a', 'a b', 'a/b', 'café', None, 42])
def test_bad_keys(key):
    with pytest.raises(KestraInputError):
        check_key(key)


@pytest.mark.parametrize('namespace', ['', 'a b', 'a/b', '.a', None])
def test_bad_namespaces(namespace):
    with pytest.raises(KestraInputError):
        check_namespace(namespace)


def test_parent_namespaces_nearest_first():
    assert parent_namespaces('a.b.c') == ['a.b', 'a']
    assert parent_namespaces('a') == []


@pytest.mark.parametrize('ttl, seconds', [('PT5M', 300), ('P1D', 86400), ('P1DT1H', 90000), ('pt0.5s', Decimal('0.5'))])
def test_ttl_seconds(ttl, seconds):
    assert ttl_seconds(ttl) == seconds


@pytest.mark.parametrize('ttl', ['5m', '-PT5M', 'PT', 'P', 'P1W', 'P1Y', 'PT-5M', 300])
def test_bad_ttls(ttl):
    with pytest.raises(KestraInputError):
        ttl_seconds(ttl)


@pytest.mark.parametrize('description', ['two\nlines', 'cr\r', 'snow \u2603', 42])
def test_bad_descriptions(description):
    with pytest.raises(KestraInputError):
        check_description(description)


# ---- properties of the encoding -------------------------------------------------------------

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | \
    st.text(max_size=20)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda children: st.lists(children, max_size=4) |
                           st.dictionaries(st.text(max_size=8), children, max_size=4), max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(JSON_VALUES, max_size=4) | st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=4))
def test_json_body_decodes_to_the_expected_value(value):
    desired = desired_value(value)
    assert desired.type == 'JSON'
    assert same_value(parse_json(desired.body), desired.expected)
    assert same_value(to_plain('JSON', desired.expected), json.loads(json.dumps(value)))
    # no number is sent with an exponent: Ion would read it as a binary double
    json.loads(desired.body, parse_float=_no_exponent)


def _no_exponent(text):
    assert 'e' not in text.lower(), text
    return Decimal(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_every_string_is_sent_as_a_json_string(text):
    desired = desired_value(text)
    assert json.loads(desired.body) == text
    assert desired.type in ('STRING', 'DURATION')


@settings(max_examples=200, deadline=None)
@given(st.integers() | st.floats(allow_nan=False, allow_infinity=False)
       | st.decimals(allow_nan=False, allow_infinity=False))
def test_numbers_are_sent_exactly(number):
    desired = desired_value(number)
    assert desired.type == 'NUMBER'
    assert same_value(parse_json(desired.body), desired.expected)
    if not isinstance(number, float):
        assert Decimal(number) == desired.expected


def test_to_plain_returns_exact_decimals_as_text_when_asked():
    assert to_plain('NUMBER', Decimal('1234567890.123456789'), 'text') == '1234567890.123456789'
    assert to_plain('NUMBER', Decimal('1234567890.123456789')) == 1234567890.1234567
    assert to_plain('NUMBER', Decimal('1E+2'), 'text') == '100'
    assert to_plain('NUMBER', Decimal('2.50'), 'text') == '2.50'
    assert to_plain('NUMBER', 12345678901234567890, 'text') == 12345678901234567890
    assert to_plain('JSON', {'a': [Decimal('0.1'), 3, True]}, 'text') == {'a': ['0.1', 3, True]}
    with pytest.raises(KestraInputError):
        to_plain('NUMBER', Decimal('1.5'), 'double')


def test_a_json_text_keeps_its_decimals_exactly():
    desired = desired_value('{"p": 0.1000000000000000055511151231257827}', 'JSON')
    assert desired.body == '{"p":0.1000000000000000055511151231257827}'
