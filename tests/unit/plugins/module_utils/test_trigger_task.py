"""Pure parts of kestra_trigger: option checks, labels, backfill windows, selection."""

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils import _trigger_task as trigger_task
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._labels import labels_to_kestra, normalize_labels
from ansible_collections.kestra_io.kestra.plugins.module_utils._trigger_api import TriggerState
from ansible_collections.kestra_io.kestra.plugins.module_utils._trigger_task import (
    check_options,
    desired_backfill,
    same_window,
    select,
)


def test_labels_forms():
    expected = [{'key': 'a', 'value': '1'}, {'key': 'b', 'value': 'x:y'}]
    assert labels_to_kestra(normalize_labels({'b': 'x:y', 'a': 1})) == expected
    assert labels_to_kestra(normalize_labels(['a:1', 'b:x:y'])) == expected
    assert labels_to_kestra(normalize_labels([{'key': 'a', 'value': '1'}, {'key': 'b', 'value': 'x:y'}])) == expected
    with pytest.raises(KestraInputError):
        normalize_labels(['no-colon'])
    with pytest.raises(KestraInputError):
        normalize_labels('a:1')


@pytest.mark.parametrize('labels', [[{'key': 'a'}], [{'key': 'a', 'value': 'b', 'other': 1}], [3], {'a': [1]}])
def test_backfill_labels_are_read_strictly(labels):
    # the trigger's own reading used to accept {key: a} without a value and str() any value
    with pytest.raises(KestraInputError, match='backfill.labels'):
        desired_backfill({'start': '2026-01-01T00:00:00Z', 'end': None, 'inputs': None, 'labels': labels})


def test_desired_backfill_body_and_checks():
    desired = desired_backfill({'start': '2026-01-01T01:00:00+01:00', 'end': None, 'inputs': {'x': 1},
                                'labels': {'k': 'v'}})
    assert desired['body'] == {'start': '2026-01-01T00:00:00Z', 'inputs': {'x': 1},
                               'labels': [{'key': 'k', 'value': 'v'}]}
    assert desired['end'] is None
    with pytest.raises(KestraInputError, match='backfill.start'):
        desired_backfill({'start': 'last monday', 'end': None, 'inputs': None, 'labels': None})
    with pytest.raises(KestraInputError, match='must be after'):
        desired_backfill({'start': '2026-01-02T00:00:00Z', 'end': '2026-01-01T00:00:00Z', 'inputs': None,
                          'labels': None})


def test_same_window_compares_instants():
    desired = desired_backfill({'start': '2026-01-01T00:00:00Z', 'end': '2026-01-02T00:00:00Z', 'inputs': None,
                                'labels': None})
    assert same_window({'start': '2026-01-01T00:00:00.000Z', 'end': '2026-01-02T01:00:00+01:00'}, desired)
    assert not same_window({'start': '2026-01-01T00:00:00.000Z', 'end': '2026-01-03T00:00:00Z'}, desired)
    assert not same_window(None, desired)
    open_ended = desired_backfill({'start': '2026-01-01T00:00:00Z', 'end': None, 'inputs': None, 'labels': None})
    assert same_window({'start': '2026-01-01T00:00:00Z', 'end': '2026-05-01T00:00:00Z'}, open_ended)


def test_backfill_and_absent_contradict():
    with pytest.raises(KestraInputError):
        check_options({'backfill': {'start': 'x'}, 'backfill_state': 'absent'})
    check_options({'backfill': None, 'backfill_state': 'absent'})


class _Rows(object):
    """Stands in for TriggerApi: fixed rows per flow and per namespace."""

    def __init__(self, rows):
        self.rows = rows

    def of_flow(self, namespace, flow_id):
        return [r for r in self.rows if r.flow_id == flow_id]

    def of_namespace(self, namespace):
        return [r for r in self.rows if r.namespace == namespace]


def _params(**overrides):
    params = {'namespace': 'ns', 'flow_id': None, 'trigger_id': None, 'allow_empty': False}
    params.update(overrides)
    return params


ROWS = [TriggerState('ns', 'a', 'daily'), TriggerState('ns', 'a', 'poll'), TriggerState('ns', 'b', 'daily'),
        TriggerState('ns.child', 'a', 'daily')]


def test_select_scopes():
    api = _Rows(ROWS)
    assert [t.name for t in select(api, _params())] == ['ns/a/daily', 'ns/a/poll', 'ns/b/daily']
    assert [t.name for t in select(api, _params(flow_id='a'))] == ['ns/a/daily', 'ns/a/poll']
    assert [t.name for t in select(api, _params(trigger_id='daily'))] == ['ns/a/daily', 'ns/b/daily']


def test_select_nothing_names_the_selection():
    api = _Rows(ROWS)
    with pytest.raises(KestraError, match='trigger nope of flow ns/a .*daily, poll'):
        select(api, _params(flow_id='a', trigger_id='nope'))
    with pytest.raises(KestraError, match='flow ns/ghost'):
        select(api, _params(flow_id='ghost'))
    assert select(api, _params(flow_id='ghost', allow_empty=True)) == []


class _Writes(_Rows):
    """Accepts the bulk disable, then fails the restart (a write then a failure)."""

    def set_disabled(self, triggers, disabled):
        pass

    def restart(self, trigger):
        raise KestraError('restart trigger %s: HTTP 500 from Kestra' % trigger.name, status=500)


class _Ctx(object):
    check_mode = False
    diff = False

    def warn(self, message):
        pass


def test_a_failure_after_a_write_returns_what_was_done(monkeypatch):
    monkeypatch.setattr(trigger_task, 'TriggerApi', lambda client: _Writes([TriggerState('ns', 'a', 'daily')]))
    params = _params(flow_id='a', enabled=False, unlock=False, restart=True, backfill=None, backfill_state=None)
    with pytest.raises(KestraError) as raised:
        trigger_task.run(params, None, _Ctx())
    result = raised.value.result
    assert result['changed'] is True
    assert [(t['trigger_id'], t['disabled'], t['actions']) for t in result['triggers']] == [('daily', True, ['disabled'])]
