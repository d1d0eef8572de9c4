"""Pure parts of the trigger API adapter: dates and the two state shapes."""

import datetime

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils._trigger_api import (
    UTC,
    format_instant,
    parse_instant,
    state_from_kestra,
)


@pytest.mark.parametrize('text, expected', [
    ('2026-01-01T00:00:00Z', datetime.datetime(2026, 1, 1, tzinfo=UTC)),
    ('2026-01-01T00:00:00.000Z', datetime.datetime(2026, 1, 1, tzinfo=UTC)),
    ('2026-01-01T02:00:00+02:00', datetime.datetime(2026, 1, 1, tzinfo=UTC)),
    ('2025-12-31T19:30-0430', datetime.datetime(2026, 1, 1, tzinfo=UTC)),
    ('2026-01-01T00:00:00.123456789Z', datetime.datetime(2026, 1, 1, 0, 0, 0, 123456, tzinfo=UTC)),
    ('2026-01-01T01:00:00+01:00[Europe/Paris]', datetime.datetime(2026, 1, 1, tzinfo=UTC)),
    ('2026-01-01 00:00', datetime.datetime(2026, 1, 1, tzinfo=UTC)),
])
def test_parse_instant(text, expected):
    assert parse_instant(text) == expected


@pytest.mark.parametrize('text', ['', None, '2026-01-01', 'yesterday', '2026-01-01T00:00:00+2'])
def test_parse_instant_rejects(text):
    assert parse_instant(text) is None


def test_format_instant_is_utc_with_z():
    moment = parse_instant('2026-03-01T10:15:30.250+01:00')
    assert format_instant(moment) == '2026-03-01T09:15:30.25Z'
    assert format_instant(parse_instant('2026-03-01T10:15:00Z')) == '2026-03-01T10:15:00Z'


def test_state_from_1x_trigger():
    raw = {'tenantId': 'main', 'namespace': 'ns', 'flowId': 'f', 'triggerId': 't', 'date': '2026-01-01T00:00:00Z',
           'disabled': True, 'evaluateRunningDate': '2026-01-01T00:00:00Z', 'nextExecutionDate': '2026-01-02T00:00:00Z',
           'backfill': {'start': 'a', 'end': 'b', 'currentDate': 'a', 'paused': True,
                        'labels': [{'key': 'k', 'value': 'v'}]}}
    state = state_from_kestra(raw, {'id': 't', 'type': 'io.kestra.plugin.core.trigger.Schedule'})
    assert (state.disabled, state.locked, state.execution_id) == (True, True, None)
    assert state.next_execution_date == '2026-01-02T00:00:00Z'
    assert state.raw is raw and state.kind == 'SCHEDULE'
    assert state.backfill == {'start': 'a', 'end': 'b', 'current_date': 'a', 'paused': True, 'inputs': {},
                              'labels': {'k': 'v'}}
    assert state.as_result()['type'] == 'io.kestra.plugin.core.trigger.Schedule'


def test_state_from_2x_api_trigger_state():
    api = {'namespace': 'ns', 'flowId': 'f', 'triggerId': 't', 'updatedAt': '2026-01-01T00:00:00Z',
           'locked': True, 'executionId': 'abc', 'nextEvaluationDate': '2026-01-02T00:00:00Z', 'kind': 'POLLING',
           'disabled': False}
    state = state_from_kestra(api)
    assert (state.locked, state.execution_id, state.kind, state.raw) == (True, 'abc', 'POLLING', None)
    assert state.next_execution_date == '2026-01-02T00:00:00Z'
    assert state.name == 'ns/f/t' and 'type' not in state.as_result()
