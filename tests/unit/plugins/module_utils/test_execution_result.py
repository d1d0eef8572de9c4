"""The result of kestra_execution: reshaped execution, logs and failure messages."""

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_api import parse_sse
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_result import (
    duration_seconds,
    failed_task_ids,
    failure_message,
    summarize,
    summarize_logs,
)

EXECUTION = {
    'id': 'abc', 'namespace': 'company.team', 'flowId': 'etl', 'flowRevision': 3,
    'labels': [{'key': 'team', 'value': 'data'}, {'key': 'system.correlationId', 'value': 'abc'}],
    'inputs': {'day': '2026-01-01'}, 'outputs': {'rows': 42},
    'state': {'current': 'FAILED', 'startDate': '2026-01-01T00:00:00.000Z', 'endDate': '2026-01-01T00:01:02.500Z',
              'duration': 'PT1M2.5S'},
    'taskRunList': [
        {'id': 't1', 'taskId': 'extract', 'state': {'current': 'SUCCESS'}},
        {'id': 't2', 'taskId': 'load', 'state': {'current': 'FAILED'}},
        {'id': 't3', 'taskId': 'notify', 'state': {'current': 'KILLED'}},
    ],
}


@pytest.mark.parametrize('text, seconds', [
    ('PT0.45S', 0.45), ('PT1M2.5S', 62.5), ('PT2H', 7200), ('P1DT1S', 86401), ('', None), ('PT', None), ('soon', None),
])
def test_duration_seconds(text, seconds):
    assert duration_seconds(text) == seconds


def test_summarize():
    summary = summarize(EXECUTION, 'https://k.example', 'main', {'extract': {'value': 1}})
    assert summary['flow_id'] == 'etl' and summary['flow_revision'] == 3 and summary['state'] == 'FAILED'
    assert summary['labels'] == {'team': 'data', 'system.correlationId': 'abc'}
    assert summary['duration_seconds'] == 62.5 and summary['outputs'] == {'rows': 42}
    assert summary['task_outputs'] == {'extract': {'value': 1}}
    assert summary['task_runs'][1] == {'id': 't2', 'task_id': 'load', 'state': 'FAILED'}
    assert summary['url'] == 'https://k.example/ui/main/executions/company.team/etl/abc'
    assert summarize(None, 'u', 'main') == {}


def test_logs():
    entries = [{'level': 'INFO', 'timestamp': 't', 'taskId': 'a', 'message': 'm', 'thread': 'x'}]
    assert summarize_logs(entries) == [{'level': 'INFO', 'timestamp': 't', 'task_id': 'a', 'message': 'm'}]


def test_failure_message_names_id_state_tasks_and_last_error_lines():
    logs = [{'taskId': 'load', 'message': 'line %d\n' % i} for i in range(8)]
    message = failure_message(EXECUTION, ['SUCCESS', 'WARNING'], logs)
    assert message.startswith('execution abc of flow company.team/etl ended in state FAILED (accepted: SUCCESS, WARNING)')
    assert 'failed tasks: load, notify' in message
    assert 'last error logs: [load] line 3 | [load] line 4' in message and 'line 2' not in message
    assert failed_task_ids({'taskRunList': []}) == []


def test_parse_sse():
    lines = [b'id:progress', b'data:{"a":1}', b'', b': comment', b'id: end', b'data: {"a":', b'data: 2}', b'',
             b'id:start', b'data:']
    assert list(parse_sse(lines)) == [('progress', {'a': 1}), ('end', {'a': 2}), ('start', None)]
