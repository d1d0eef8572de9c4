"""search_executions (the API of kestra_execution_info and the event source) against the emulator, and the time window parser."""

import datetime

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils._client import KestraClient
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_api import search_executions
from ansible_collections.kestra_io.kestra.plugins.module_utils._time_window import UTC, iso, parse_moment
from tests.emulator.testing import Emulator

REF = datetime.datetime(2026, 1, 31, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize('text, expected', [
    ('24h', REF - datetime.timedelta(hours=24)),
    ('24 h', REF - datetime.timedelta(hours=24)),
    ('90s', REF - datetime.timedelta(seconds=90)),
    ('15m', REF - datetime.timedelta(minutes=15)),
    ('7d', REF - datetime.timedelta(days=7)),
    ('2w', REF - datetime.timedelta(days=14)),
    ('PT24H', REF - datetime.timedelta(hours=24)),
    ('P1DT12H', REF - datetime.timedelta(hours=36)),
    ('pt30m', REF - datetime.timedelta(minutes=30)),
    ('2026-01-01T10:00:00Z', datetime.datetime(2026, 1, 1, 10, tzinfo=UTC)),
    ('2026-01-01T10:00:00.250+01:00', datetime.datetime(2026, 1, 1, 9, 0, 0, 250000, tzinfo=UTC)),
    ('2026-01-01T10:00', datetime.datetime(2026, 1, 1, 10, tzinfo=UTC)),
    ('2026-01-01', datetime.datetime(2026, 1, 1, tzinfo=UTC)),
])
def test_parse_moment(text, expected):
    assert parse_moment(text, 'since', reference=REF) == expected


@pytest.mark.parametrize('text', ['yesterday', '24', 'h', '-5m', 'P', 'PT', '2026-13-01', '2026-01-01T25:00Z', '1y'])
def test_parse_moment_rejects(text):
    with pytest.raises(KestraInputError) as error:
        parse_moment(text, 'since', reference=REF)
    assert 'since' in str(error.value) and '24h' in str(error.value)


def test_parse_moment_none_and_iso():
    assert parse_moment(None, 'since') is None and parse_moment('', 'since') is None
    assert iso(datetime.datetime(2026, 1, 1, 10, 0, 0, 123456, tzinfo=UTC)) == '2026-01-01T10:00:00.123Z'


FLOW = 'id: %s\nnamespace: %s\ntasks:\n  - id: t\n    type: %s\n'
OK = 'io.kestra.plugin.core.debug.Return\n    format: done'
FAIL = 'io.kestra.plugin.core.execution.Fail'


@pytest.fixture(scope='module', params=['1.x', '2.0'])
def seeded(request):
    emulator = Emulator(profile=request.param, time_scale=0.05)
    try:
        emulator.seed_flow(FLOW % ('ok', 'unit.search', OK))
        emulator.seed_flow(FLOW % ('bad', 'unit.search', FAIL))
        emulator.seed_flow(FLOW % ('ok', 'unit.search.child', OK))
        emulator.seed_flow(FLOW % ('ok', 'unit.searchother', OK))
        client = KestraClient(emulator.url)
        started = {}
        for name, namespace, flow_id, labels in (('ok1', 'unit.search', 'ok', 'run:1'), ('bad', 'unit.search', 'bad', 'run:1'),
                                                 ('ok2', 'unit.search', 'ok', 'run:2'), ('child', 'unit.search.child', 'ok', 'run:1'),
                                                 ('other', 'unit.searchother', 'ok', 'run:1')):
            response = client.request('POST', client.api_path('executions', namespace, flow_id),
                                      params=[('labels', labels), ('wait', 'true')], idempotent=False)
            started[name] = response.json()['id']
        yield client, started, emulator
    finally:
        emulator.stop()


def test_namespace_children_flow_states_labels(seeded):
    client, started, _emulator = seeded
    found, total = search_executions(client, namespace='unit.search')
    assert sorted(e['id'] for e in found) == sorted([started['ok1'], started['bad'], started['ok2']]) and total == 3
    found = search_executions(client, namespace='unit.search', include_child_namespaces=True)[0]
    assert started['child'] in [e['id'] for e in found] and started['other'] not in [e['id'] for e in found]
    found = search_executions(client, namespace='unit.search', states=['failed'])[0]
    assert [e['id'] for e in found] == [started['bad']]
    found = search_executions(client, namespace='unit.search', flow_id='ok', labels={'run': '1'})[0]
    assert [e['id'] for e in found] == [started['ok1']]


def test_newest_first_paging_and_limit(seeded, monkeypatch):
    client, started, _emulator = seeded
    from ansible_collections.kestra_io.kestra.plugins.module_utils import _execution_api
    monkeypatch.setattr(_execution_api, 'SEARCH_PAGE_MAX', 2)
    found, total = search_executions(client)
    assert total == 5 and len(found) == 5
    assert found[0]['id'] == started['other'] and found[-1]['id'] == started['ok1']
    oldest = search_executions(client, oldest_first=True, limit=3)[0]
    assert [e['id'] for e in oldest] == [started['ok1'], started['bad'], started['ok2']]
    limited, total = search_executions(client, limit=1)
    assert len(limited) == 1 and total == 5


def test_time_window(seeded):
    client, _started, _emulator = seeded
    hour_ago = parse_moment('1h', 'since')
    assert len(search_executions(client, started_after=hour_ago)[0]) == 5
    assert search_executions(client, started_before=hour_ago)[0] == []
    assert search_executions(client, started_after=parse_moment('1h', 'since') + datetime.timedelta(hours=2))[0] == []
    assert len(search_executions(client, started_after=hour_ago, date_field='END_DATE')[0]) == 5


def test_bad_criteria_raise_before_any_request():
    client = KestraClient('http://127.0.0.1:9')  # nothing listens there: a request would fail differently
    with pytest.raises(KestraInputError, match='EXPLODED'):
        search_executions(client, states=['FAILED', 'EXPLODED'])
    with pytest.raises(KestraInputError, match='before its start'):
        search_executions(client, started_after=REF, started_before=REF - datetime.timedelta(hours=1))
    with pytest.raises(KestraInputError, match='date_field'):
        search_executions(client, date_field='CREATED')
