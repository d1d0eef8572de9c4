"""Logs API of the emulator, driven over HTTP in both profiles (docs/dev/kestra-api/executions.md)."""

import json

import requests

from tests.emulator.testing import wait_until

FLOW = """id: chatty
namespace: company.team
inputs:
  - id: who
    type: STRING
    defaults: world
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message:
      - "Hello {{ inputs.who }}"
      - "second line"
  - id: debug
    type: io.kestra.plugin.core.log.Log
    level: DEBUG
    message: details
  - id: careful
    type: io.kestra.plugin.core.log.Log
    level: WARN
    message: "watch out"
  - id: slow
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT4S
  - id: bye
    type: io.kestra.plugin.core.log.Log
    message: bye
"""


def logs_url(emulator, execution_id, *rest):
    return '/'.join([emulator.url + '/api/v1/main/logs', execution_id] + list(rest))


def run(emulator, http, wait=True):
    emulator.seed_flow(FLOW)
    response = http.post(emulator.url + '/api/v1/main/executions/company.team/chatty', params={'wait': str(wait).lower()})
    return response.json()['id']


def test_logs_are_a_plain_array_of_log_entries(emulator, http):
    execution_id = run(emulator, http)
    entries = http.get(logs_url(emulator, execution_id)).json()
    assert [e['message'] for e in entries] == ['Hello world', 'second line', 'details', 'watch out', 'bye']
    first = entries[0]
    assert first['level'] == 'INFO' and first['taskId'] == 'hello' and first['executionId'] == execution_id
    assert first['namespace'] == 'company.team' and first['flowId'] == 'chatty' and first['attemptNumber'] == 0
    assert first['timestamp'].endswith('Z') and first['taskRunId']
    assert http.get(logs_url(emulator, 'unknown')).json() == []


def test_level_filter_is_min_level_in_1x_and_filters_in_2_0(emulator, http):
    execution_id = run(emulator, http)
    legacy = http.get(logs_url(emulator, execution_id), params={'minLevel': 'WARN'}).json()
    current = http.get(logs_url(emulator, execution_id),
                       params={'filters[level][GREATER_THAN_OR_EQUAL_TO]': 'WARN'}).json()
    if emulator.profile == '1.x':
        assert [e['message'] for e in legacy] == ['watch out']
    else:
        assert len(legacy) == 5  # 2.0 ignores minLevel
        assert [e['message'] for e in current] == ['watch out']


def test_task_filter(emulator, http):
    execution_id = run(emulator, http)
    params = {'taskId': 'careful'} if emulator.profile == '1.x' else {'filters[taskId][EQUALS]': 'careful'}
    assert [e['message'] for e in http.get(logs_url(emulator, execution_id), params=params).json()] == ['watch out']


def test_download_and_delete(emulator, http):
    execution_id = run(emulator, http)
    download = http.get(logs_url(emulator, execution_id, 'download'))
    assert download.headers['Content-Type'].startswith('text/plain')
    assert 'INFO Hello world' in download.text and download.text.count('\n') == 5
    assert http.delete(logs_url(emulator, execution_id)).status_code == 200
    assert http.get(logs_url(emulator, execution_id)).json() == []


def test_follow_replays_in_1x_and_starts_empty_in_2_0(emulator, http):
    emulator.control('POST', 'time-scale', {'factor': 0.25})  # a 1 s sleep: 'bye' comes after the stream opens
    execution_id = run(emulator, http, wait=False)
    wait_until(lambda: len(http.get(logs_url(emulator, execution_id)).json()) >= 4)
    events = []
    try:
        with http.get(logs_url(emulator, execution_id, 'follow'), stream=True, timeout=(5, 1.5)) as stream:
            event_id = None
            for line in stream.iter_lines():
                if line.startswith(b'id:'):
                    event_id = line[3:].decode()
                elif line.startswith(b'data:'):
                    events.append((event_id, json.loads(line[5:])))
    except requests.exceptions.ConnectionError:
        pass  # the stream never ends: the read timeout closes it
    messages = [data.get('message') for _event, data in events if data]
    if emulator.profile == '1.x':
        assert messages[:4] == ['Hello world', 'second line', 'details', 'watch out']
    else:
        assert events[0] == ('start', {})
        assert 'Hello world' not in messages
    assert messages[-1] == 'bye'
