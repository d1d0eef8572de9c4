"""Executions API of the emulator, driven over HTTP in both profiles (docs/dev/kestra-api/executions.md, versions.md)."""

import datetime
import threading
import time

import pytest

from tests.emulator.testing import wait_until

NS = 'company.team'

HELLO = """id: hello
namespace: company.team
labels:
  team: data
inputs:
  - id: name
    type: STRING
  - id: count
    type: INT
    defaults: 3
  - id: verbose
    type: BOOLEAN
    required: false
  - id: config
    type: JSON
    required: false
  - id: tables
    type: ARRAY
    itemType: STRING
    required: false
  - id: manifest
    type: FILE
    required: false
outputs:
  - id: greeting
    type: STRING
    value: "{{ outputs.ret.value }}"
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "Hello {{ inputs.name }} x{{ inputs.count }}"
  - id: ret
    type: io.kestra.plugin.core.debug.Return
    format: "hi {{ inputs.name }}"
"""

SLOW = """id: slow
namespace: company.team
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT60S
"""

FAILING = """id: failing
namespace: company.team
inputs:
  - id: broken
    type: BOOLEAN
    defaults: true
tasks:
  - id: first
    type: io.kestra.plugin.core.log.Log
    message: starting
  - id: boom
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ inputs.broken }}"
    errorMessage: "disk full"
errors:
  - id: alert
    type: io.kestra.plugin.core.log.Log
    level: WARN
    message: "alerting"
"""

PAUSING = """id: pausing
namespace: company.team
tasks:
  - id: hold
    type: io.kestra.plugin.core.flow.Pause
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: resumed
"""


def api(emulator, *parts):
    return emulator.url + '/api/v1/main/' + '/'.join(parts)


def start(http, emulator, flow_id, data=None, files=None, params=None):
    response = http.post(api(emulator, 'executions', NS, flow_id), data=data, files=files, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def get(http, emulator, execution_id):
    return http.get(api(emulator, 'executions', execution_id)).json()


def wait_state(http, emulator, execution_id, *states):
    def reached():
        execution = get(http, emulator, execution_id)
        return execution if execution['state']['current'] in states else None
    return wait_until(reached)


def action(emulator, execution_id, name):
    if emulator.profile == '2.0':
        return api(emulator, 'executions', execution_id, 'actions', name)
    return api(emulator, 'executions', execution_id, name)


def test_create_returns_a_created_execution_with_typed_inputs_labels_and_url(emulator, http):
    emulator.seed_flow(HELLO)
    body = start(http, emulator, 'hello',
                 files={'name': (None, 'Ada'), 'verbose': (None, 'true'), 'config': (None, '{"a": 1}'),
                        'tables': (None, '["t1", "t2"]'), 'manifest': ('m.csv', b'id\n1\n')},
                 params=[('labels', 'env:prod'), ('labels', 'team:ops')])
    assert body['state']['current'] == 'CREATED'
    assert body['url'].endswith('/ui/main/executions/company.team/hello/%s' % body['id'])
    assert body['inputs']['count'] == 3 and body['inputs']['verbose'] is True
    assert body['inputs']['config'] == {'a': 1} and body['inputs']['tables'] == ['t1', 't2']
    labels = dict((label['key'], label['value']) for label in body['labels'])
    assert labels == {'team': 'ops', 'env': 'prod', 'system.correlationId': body['id']}
    uri = body['inputs']['manifest']
    assert uri.startswith('kestra:///company/team/hello/executions/%s/inputs/manifest/' % body['id'])
    content = http.get(api(emulator, 'executions', body['id'], 'file'), params={'path': uri})
    assert content.content == b'id\n1\n'


@pytest.mark.parametrize('form, path, fragment', [
    ({}, 'name', 'missing required input, but received `null`'),
    ({'name': 'x', 'count': 'many'}, 'count', 'For input string: "many", but received `many`'),
])
def test_invalid_inputs_are_422_constraint_violations(emulator, http, form, path, fragment):
    emulator.seed_flow(HELLO)
    response = http.post(api(emulator, 'executions', NS, 'hello'), files=dict((k, (None, v)) for k, v in form.items()))
    assert response.status_code == 422
    body = response.json()
    assert body['message'].startswith('Invalid entity: %s: Invalid input for `%s`' % (path, path))
    assert fragment in body['message']
    assert body['_embedded']['errors'][0]['path'] == path
    assert http.get(api(emulator, 'executions', 'search')).json()['total'] == 0


def test_start_errors_unknown_disabled_flow_and_system_label(emulator, http):
    response = http.post(api(emulator, 'executions', NS, 'nope'))
    assert response.status_code == 404
    assert response.json()['message'] == 'Not Found: Requested Flow is not found.'
    emulator.seed_flow(SLOW.replace('tasks:', 'disabled: true\ntasks:'))
    response = http.post(api(emulator, 'executions', NS, 'slow'))
    assert (response.status_code, response.json()['message']) == (409, 'Illegal state: Requested Flow is disabled.')
    emulator.seed_flow(SLOW)
    response = http.post(api(emulator, 'executions', NS, 'slow'), params={'labels': 'system.foo:x'})
    assert response.status_code == 422
    assert 'System labels can only be set by Kestra itself' in response.json()['message']


def test_wait_true_returns_the_final_execution_and_shapes_differ_by_profile(emulator, http):
    emulator.seed_flow(HELLO)
    body = start(http, emulator, 'hello', files={'name': (None, 'Ada')}, params={'wait': 'true'})
    assert body['state']['current'] == 'SUCCESS'
    assert body['outputs'] == {'greeting': 'hi Ada'}
    assert body['state']['endDate'] and body['state']['duration'].startswith('PT')
    history = [h['state'] for h in body['state']['histories']]
    runs = dict((run['taskId'], run) for run in body['taskRunList'])
    if emulator.profile == '1.x':
        assert history == ['CREATED', 'SUBMITTED', 'RUNNING', 'SUCCESS']
        assert runs['ret']['outputs'] == {'value': 'hi Ada'} and body['deleted'] is False
    else:
        assert history == ['CREATED', 'RUNNING', 'SUCCESS']
        assert 'outputs' not in runs['ret'] and 'executionId' not in runs['ret'] and 'deleted' not in body
        listed = http.get(api(emulator, 'outputs', body['id'])).json()
        assert [item['taskId'] for item in listed] == ['ret']
        outputs = http.get(api(emulator, 'outputs', body['id'], runs['ret']['id'])).json()
        assert outputs == {'value': 'hi Ada'}


def test_a_failing_flow_ends_failed_and_runs_its_errors_branch(emulator, http):
    emulator.seed_flow(FAILING)
    body = start(http, emulator, 'failing', params={'wait': 'true'})
    assert body['state']['current'] == 'FAILED'
    states = dict((run['taskId'], run['state']['current']) for run in body['taskRunList'])
    assert states == {'first': 'SUCCESS', 'boom': 'FAILED', 'alert': 'SUCCESS'}
    logs = http.get(api(emulator, 'logs', body['id'])).json()
    assert {'taskId': 'boom', 'level': 'ERROR', 'message': 'disk full'}.items() <= logs[1].items()


def test_allow_failure_makes_a_warning(emulator, http):
    emulator.seed_flow(FAILING.replace('    errorMessage:', '    allowFailure: true\n    errorMessage:'))
    assert start(http, emulator, 'failing', params={'wait': 'true'})['state']['current'] == 'WARNING'


def _wait_for_running_execution(http, emulator, attempts=500):
    for _attempt in range(attempts):
        response = http.get(api(emulator, 'executions', 'search'))
        assert response.status_code == 200
        running = [e['id'] for e in response.json()['results'] if e['state']['current'] == 'RUNNING']
        if running:
            return running[0]
        time.sleep(0.01)
    return None


def test_wait_true_does_not_block_other_requests(emulator, http):
    emulator.seed_flow(SLOW)
    # The sleep lasts 60 s, so a server that blocked on the waiting start could not answer the search
    # while the start is still open; the run is killed afterwards to end the wait.
    waiting = threading.Thread(target=lambda: start(http.__class__(), emulator, 'slow', params={'wait': 'true'}),
                               daemon=True)
    waiting.start()
    running = _wait_for_running_execution(http, emulator)
    assert running is not None and waiting.is_alive()
    assert http.delete(action(emulator, running, 'kill')).status_code in (200, 202, 204)
    waiting.join(30)
    assert not waiting.is_alive()


def test_follow_streams_progress_then_end(emulator, http):
    emulator.seed_flow(HELLO)
    body = start(http, emulator, 'hello', files={'name': (None, 'Ada')})
    events = []
    with http.get(api(emulator, 'executions', body['id'], 'follow'), stream=True, timeout=5) as stream:
        assert stream.headers['Content-Type'].startswith('text/event-stream')
        for line in stream.iter_lines():
            if line.startswith(b'id:'):
                events.append(line[3:].decode())
    assert events[-1] == 'end' and set(events[:-1]) == {'progress'} and len(events) >= 3
    # an ended execution: one end event
    with http.get(api(emulator, 'executions', body['id'], 'follow'), stream=True, timeout=5) as stream:
        assert [line for line in stream.iter_lines() if line.startswith(b'id:')] == [b'id:end']
    assert http.get(api(emulator, 'executions', 'unknown1', 'follow')).status_code == 404


def test_kill_running_then_finished(emulator, http):
    emulator.seed_flow(SLOW)
    body = start(http, emulator, 'slow')
    wait_state(http, emulator, body['id'], 'RUNNING')
    response = http.delete(action(emulator, body['id'], 'kill'))
    if emulator.profile == '1.x':
        assert (response.status_code, response.text) == (202, '')
    else:
        assert response.status_code == 200 and response.json()['id'] == body['id']
    killed = wait_state(http, emulator, body['id'], 'KILLED')
    assert [h['state'] for h in killed['state']['histories']][-2:] == ['KILLING', 'KILLED']
    assert killed['taskRunList'][0]['state']['current'] == 'KILLED'
    response = http.delete(action(emulator, body['id'], 'kill'), params={'isOnKillCascade': 'false'})
    assert response.status_code == 409 and "already finished" in response.json()['message']
    assert http.delete(action(emulator, 'missing', 'kill')).status_code == 404


def test_action_paths_of_the_other_profile_are_not_routes(emulator, http):
    emulator.seed_flow(SLOW)
    body = start(http, emulator, 'slow')
    if emulator.profile == '1.x':
        other = api(emulator, 'executions', body['id'], 'actions', 'kill')
    else:
        other = api(emulator, 'executions', body['id'], 'kill')
    assert http.delete(other).status_code in (404, 405)


def test_restart_a_failed_execution_with_a_fixed_revision(emulator, http):
    emulator.seed_flow(FAILING)
    failed = start(http, emulator, 'failing', params={'wait': 'true'})
    # restart keeps the inputs; revision 2 fixes the task
    emulator.seed_flow(FAILING.replace('"{{ inputs.broken }}"', '"false"'))
    response = http.post(action(emulator, failed['id'], 'restart'), params={'revision': '2'})
    assert response.status_code == 200, response.text
    assert response.json()['id'] == failed['id'] and response.json()['state']['current'] == 'RESTARTED'
    done = wait_state(http, emulator, failed['id'], 'SUCCESS')
    assert done['flowRevision'] == 2 and done['metadata']['attemptNumber'] == 2
    boom = [run for run in done['taskRunList'] if run['taskId'] == 'boom'][0]
    assert len(boom['attempts']) == 2
    response = http.post(action(emulator, failed['id'], 'restart'))
    assert response.status_code == 422
    assert response.json()['message'] == 'Illegal argument: No task found to restart execution from!'


def test_restart_a_running_execution_is_a_conflict(emulator, http):
    emulator.seed_flow(SLOW)
    body = start(http, emulator, 'slow')
    response = http.post(action(emulator, body['id'], 'restart'))
    assert response.status_code == 409 and 'must be terminated' in response.json()['message']


def test_pause_and_resume(emulator, http):
    emulator.seed_flow(PAUSING)
    body = start(http, emulator, 'pausing')
    paused = wait_state(http, emulator, body['id'], 'PAUSED')
    assert paused['state']['endDate']
    response = http.post(action(emulator, body['id'], 'resume'), files={'x': (None, '')})
    if emulator.profile == '1.x':
        assert response.status_code == 204
    else:
        assert response.status_code == 200 and response.json()['state']['current'] == 'RUNNING'
    done = wait_state(http, emulator, body['id'], 'SUCCESS')
    assert [h['state'] for h in done['state']['histories']][-3:] == ['PAUSED', 'RUNNING', 'SUCCESS']
    response = http.post(action(emulator, body['id'], 'resume'))
    assert response.status_code == 409


def test_a_pause_with_a_duration_resumes_by_itself(emulator, http):
    emulator.seed_flow(PAUSING.replace('Pause\n', 'Pause\n    pauseDuration: PT2S\n'))
    body = start(http, emulator, 'pausing', params={'wait': 'true'})
    assert body['state']['current'] == 'SUCCESS'


def test_delete_removes_the_execution_and_its_logs(emulator, http):
    emulator.seed_flow(HELLO)
    body = start(http, emulator, 'hello', files={'name': (None, 'Ada')}, params={'wait': 'true'})
    assert http.delete(api(emulator, 'executions', body['id'])).status_code == 204
    assert http.get(api(emulator, 'executions', body['id'])).status_code == 404
    assert http.get(api(emulator, 'logs', body['id'])).json() == []
    assert http.delete(api(emulator, 'executions', body['id'])).status_code == 404


def test_search_by_flow_and_label(emulator, http):
    emulator.seed_flow(HELLO)
    emulator.seed_flow(HELLO.replace('namespace: company.team', 'namespace: company.team.sub'))
    first = start(http, emulator, 'hello', files={'name': (None, 'a')}, params={'labels': 'run:1'})
    start(http, emulator, 'hello', files={'name': (None, 'b')}, params={'labels': 'run:2'})
    http.post(api(emulator, 'executions', NS + '.sub', 'hello'), files={'name': (None, 'c')}, params={'labels': 'run:1'})
    if emulator.profile == '1.x':
        params = {'namespace': NS, 'flowId': 'hello', 'labels': 'run:1'}
    else:
        params = {'filters[namespace][EQUALS]': NS, 'filters[flowId][EQUALS]': 'hello',
                  'filters[labels][EQUALS][run]': '1'}
    page = http.get(api(emulator, 'executions', 'search'), params=params).json()
    if emulator.profile == '1.x':
        # the legacy namespace param is a prefix: the child namespace matches too
        assert page['total'] == 2 and first['id'] in [e['id'] for e in page['results']]
        assert 'tenantId' not in page['results'][0]  # kestractl: 1.x summaries have no tenantId
    else:
        assert page['total'] == 1 and page['results'][0]['id'] == first['id']
        assert 'taskRunList' not in page['results'][0]
        legacy = http.get(api(emulator, 'executions', 'search'), params={'flowId': 'nope'}).json()
        assert legacy['total'] == 3  # 2.0 ignores the removed params
    assert http.get(api(emulator, 'executions', 'search'), params={'sort': 'bad'}).status_code == 422


def test_schedule_date_and_revision(emulator, http):
    emulator.seed_flow(HELLO)
    emulator.seed_flow(HELLO.replace('hi {{', 'hello {{'))
    later = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=1)).isoformat()
    body = start(http, emulator, 'hello', files={'name': (None, 'Ada')}, params={'scheduleDate': later, 'revision': '1'})
    assert body['scheduleDate'] and body['flowRevision'] == 1
    time.sleep(0.3)
    assert get(http, emulator, body['id'])['state']['current'] == 'CREATED'
    done = wait_state(http, emulator, body['id'], 'SUCCESS')
    assert done['outputs'] == {'greeting': 'hi Ada'}
    response = http.post(api(emulator, 'executions', NS, 'hello'), params={'revision': '9'})
    assert response.status_code == 404
