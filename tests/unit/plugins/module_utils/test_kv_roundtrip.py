"""Property: any value set with kestra_kv's logic reads back equal and of the same type, and a second run is unchanged.

The logic runs against a real emulator process (both profiles), as the modules run it.
"""

import datetime
import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible.module_utils.common.arg_spec import ModuleArgumentSpecValidator

from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_api import KVApi
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_task import TASK
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_values import (
    KESTRA_DURATION_PATTERN,
    same_value,
    to_plain,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskContext, client_from_params, execute
from tests.emulator.testing import Emulator, is_write

NAMESPACE = 'property.kv'
_keys = itertools.count()


@pytest.fixture(scope='module', params=['1.x', '2.0'])
def emulator(request):
    with Emulator(profile=request.param) as running:
        yield running


def _params(emulator, **args):
    validation = ModuleArgumentSpecValidator(**TASK.validator_kwargs()).validate(
        dict(args, url=emulator.url, namespace=NAMESPACE))
    assert not validation.error_messages, validation.error_messages
    return validation.validated_parameters


def _run(emulator, **args):
    result = execute(TASK, _params(emulator, **args), TaskContext())
    assert not result.get('failed'), result
    return result


def _durations():
    def text(parts):
        days, hours, minutes, seconds = parts
        time = ''.join('%d%s' % (n, unit) for n, unit in ((hours, 'H'), (minutes, 'M'), (seconds, 'S')) if n)
        return 'P' + ('%dD' % days if days else '') + ('T' + time if time else ('' if days else 'T0S'))
    return st.tuples(*[st.integers(0, 400)] * 4).map(text)


def _json_values():
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | \
        st.text(max_size=10)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) |
                        st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=10)


UTC_OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: datetime.timezone(datetime.timedelta(minutes=m)))

# (value, forced type) pairs covering every Kestra KV type
VALUES = st.one_of(
    st.tuples(st.text().filter(lambda t: not KESTRA_DURATION_PATTERN.match(t)), st.just('auto')),
    st.tuples(st.integers(), st.just('auto')),
    st.tuples(st.floats(allow_nan=False, allow_infinity=False), st.just('auto')),
    st.tuples(st.decimals(allow_nan=False, allow_infinity=False).map(str), st.just('NUMBER')),
    st.tuples(st.booleans(), st.just('auto')),
    st.tuples(st.dates().map(lambda d: d.isoformat()), st.just('DATE')),
    st.tuples(st.datetimes(timezones=UTC_OFFSETS).map(lambda d: d.isoformat()), st.just('DATETIME')),
    st.tuples(_durations(), st.just('DURATION')),
    st.tuples(st.lists(_json_values(), max_size=3) | st.dictionaries(st.text(max_size=6), _json_values(), max_size=3),
              st.just('auto')),
)


def _kind(value):
    return 'number' if isinstance(value, (int, float)) and not isinstance(value, bool) else type(value).__name__


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(VALUES)
def test_set_read_back_and_rerun(emulator, case):
    value, kv_type = case
    key = 'k%d' % next(_keys)
    first = _run(emulator, key=key, value=value, type=kv_type)
    assert first['changed'] and first['kv']['action'] == 'created'

    stored = KVApi(client_from_params(_params(emulator, key=key))).get(NAMESPACE, key)
    assert stored.type == first['kv']['type']
    read = to_plain(stored.type, stored.value)
    assert same_value(read, first['kv']['value'])
    assert _kind(read) == _kind(first['kv']['value'])
    if kv_type == 'auto':
        # what the task declared comes back as the same Python value and type
        assert same_value(read, json.loads(json.dumps(value)))
        assert _kind(read) == _kind(value)

    emulator.clear_requests()
    second = _run(emulator, key=key, value=value, type=kv_type)
    assert not second['changed'] and second['kv']['action'] == 'unchanged'
    assert [r for r in emulator.requests() if is_write(r)] == []
