"""The triggers API of the emulator, driven over HTTP in both profiles."""

import datetime

import pytest

FLOW = """id: nightly
namespace: company.team
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: hi
triggers:
  - id: every_five
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "*/5 * * * *"
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: abc
  - id: poll
    type: io.kestra.plugin.scripts.shell.Poll
    interval: PT30S
    disabled: true
"""


def _api(emulator, path):
    return emulator.url + '/api/v1/main/triggers' + path


def _state(item, emulator):
    return item['state'] if emulator.profile == '2.0' else item['triggerContext']


def _definition(item, emulator):
    return item['trigger'] if emulator.profile == '2.0' else item['abstractTrigger']


def _parse(text):
    return datetime.datetime.strptime(text.replace('Z', '+0000'), '%Y-%m-%dT%H:%M:%S.%f%z')


def _search(http, emulator, **params):
    response = http.get(_api(emulator, '/search'), params=dict({'size': 50}, **params))
    assert response.status_code == 200, response.text
    return response.json()


def _one(http, emulator, trigger_id='every_five'):
    response = http.get(_api(emulator, '/company.team/nightly'))
    assert response.status_code == 200
    rows = [r for r in response.json()['results'] if r['triggerId'] == trigger_id]
    return rows[0] if rows else None


def _disable_one(http, emulator, trigger_id, disabled):
    ids = {'namespace': 'company.team', 'flowId': 'nightly', 'triggerId': trigger_id}
    if emulator.profile == '2.0':
        return http.put(_api(emulator, '/set-disabled'), json=dict(ids, disabled=disabled))
    return http.put(_api(emulator, ''), json=dict(ids, disabled=disabled, date='2026-01-01T00:00:00Z'))


def _lock(emulator, trigger_id='every_five'):
    return emulator.control('POST', 'triggers/lock', {
        'tenant': 'main', 'namespace': 'company.team', 'flowId': 'nightly', 'triggerId': trigger_id})


def test_only_worker_triggers_get_a_state_row(emulator, http):
    emulator.seed_flow(FLOW)
    body = _search(http, emulator)
    assert body['total'] == 2
    by_id = dict((_state(i, emulator)['triggerId'], i) for i in body['results'])
    assert sorted(by_id) == ['every_five', 'poll']
    # the YAML 'disabled: true' does not disable the state row (docs/dev/kestra-api/triggers.md)
    assert _state(by_id['poll'], emulator)['disabled'] is False
    assert _definition(by_id['poll'], emulator)['disabled'] is True
    state = _state(by_id['every_five'], emulator)
    next_key = 'nextEvaluationDate' if emulator.profile == '2.0' else 'nextExecutionDate'
    moment = _parse(state[next_key])
    assert moment.minute % 5 == 0 and moment.second == 0
    assert moment > datetime.datetime.now(datetime.timezone.utc)
    if emulator.profile == '2.0':
        assert state['locked'] is False and state['kind'] == 'SCHEDULE'
        assert 'triggerContext' not in by_id['poll']
    else:
        assert state['tenantId'] == 'main' and 'locked' not in state
        assert 'executionId' not in state  # nulls are omitted


def test_removing_a_trigger_drops_its_row_and_redeploy_keeps_state(emulator, http):
    emulator.seed_flow(FLOW)
    assert _disable_one(http, emulator, 'every_five', True).status_code == 200
    emulator.seed_flow(FLOW.replace('message: hi', 'message: hello'))
    assert _one(http, emulator)['disabled'] is True
    without = FLOW.replace('''  - id: every_five
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "*/5 * * * *"
''', '')
    emulator.seed_flow(without)
    assert _one(http, emulator) is None and _one(http, emulator, 'poll') is not None
    emulator.seed_flow(FLOW)
    assert _one(http, emulator)['disabled'] is False


def test_deleting_the_flow_drops_its_rows(emulator, http):
    emulator.seed_flow(FLOW)
    assert http.delete(emulator.url + '/api/v1/main/flows/company.team/nightly').status_code == 204
    assert _search(http, emulator)['total'] == 0
    emulator.seed_flow(FLOW)
    assert _one(http, emulator)['disabled'] is False


def test_search_filters_and_paging(emulator, http):
    for index in range(12):
        emulator.seed_flow(FLOW.replace('id: nightly', 'id: flow%02d' % index))
    emulator.seed_flow(FLOW.replace('namespace: company.team', 'namespace: company.team.child'))
    emulator.seed_flow(FLOW.replace('namespace: company.team', 'namespace: other'))
    exact = _search(http, emulator, **{'filters[namespace][EQUALS]': 'company.team', 'size': 5, 'page': 2,
                                       'sort': 'flowId:asc'})
    assert exact['total'] == 24 and len(exact['results']) == 5
    assert _state(exact['results'][0], emulator)['flowId'] == 'flow02'
    by_flow = _search(http, emulator, **{'filters[flowId][EQUALS]': 'flow03'})
    assert by_flow['total'] == 2
    legacy = _search(http, emulator, namespace='company.team')
    # 1.x maps the deprecated namespace param to a prefix filter; 2.0 only reads filters
    assert legacy['total'] == (28 if emulator.profile == '2.0' else 26)
    assert http.get(_api(emulator, '/search'), params={'sort': 'flowId'}).status_code == 422


def test_set_disabled_single(emulator, http):
    emulator.seed_flow(FLOW)
    response = _disable_one(http, emulator, 'every_five', True)
    assert response.status_code == 200
    assert response.json()['disabled'] is True
    assert 'nextExecutionDate' not in response.json() and 'nextEvaluationDate' not in response.json()
    enabled = _disable_one(http, emulator, 'every_five', False).json()
    assert enabled['disabled'] is False
    assert enabled.get('nextEvaluationDate') or enabled.get('nextExecutionDate')


def test_set_disabled_errors(emulator, http):
    emulator.seed_flow(FLOW)
    missing_trigger = _disable_one(http, emulator, 'nope', True)
    assert missing_trigger.status_code == 404
    assert 'nope' in missing_trigger.json()['message']
    ids = {'namespace': 'company.team', 'flowId': 'ghost', 'triggerId': 'every_five', 'disabled': True}
    path = '/set-disabled' if emulator.profile == '2.0' else ''
    missing_flow = http.put(_api(emulator, path), json=ids)
    assert missing_flow.status_code == 404
    assert missing_flow.json()['message'].startswith('Not Found: Flow')


def test_set_disabled_by_triggers(emulator, http):
    emulator.seed_flow(FLOW)
    items = [{'namespace': 'company.team', 'flowId': 'nightly', 'triggerId': t} for t in ('every_five', 'poll', 'x')]
    response = http.post(_api(emulator, '/set-disabled/by-triggers'), json={'triggers': items, 'disabled': True})
    if emulator.profile == '2.0':
        assert response.status_code == 202
        assert response.json()['totalItems'] == 2 and response.json()['operationId']
    else:
        assert response.status_code == 200 and response.json() == {'count': 3}
    assert _one(http, emulator)['disabled'] is True and _one(http, emulator, 'poll')['disabled'] is True
    empty = http.post(_api(emulator, '/set-disabled/by-triggers'), json={'triggers': [], 'disabled': True})
    assert empty.status_code == 422


def test_unlock(emulator, http):
    emulator.seed_flow(FLOW)
    path = _api(emulator, '/company.team/nightly/every_five/unlock')
    not_locked = http.post(path)
    assert not_locked.status_code == 409
    locked = _lock(emulator)
    assert locked['executionId']
    row = _one(http, emulator)
    assert row['executionId'] == locked['executionId']
    if emulator.profile == '2.0':
        assert row['locked'] is True
    response = http.post(path)
    assert response.status_code == 200
    assert 'executionId' not in response.json()
    assert http.post(_api(emulator, '/company.team/nightly/nope/unlock')).status_code == 404


def test_unlock_by_triggers_counts_locked_only(emulator, http):
    emulator.seed_flow(FLOW)
    _lock(emulator)
    items = [{'namespace': 'company.team', 'flowId': 'nightly', 'triggerId': t} for t in ('every_five', 'poll')]
    response = http.post(_api(emulator, '/unlock/by-triggers'), json=items)
    key = 'totalItems' if emulator.profile == '2.0' else 'count'
    assert response.json()[key] == 1
    assert 'executionId' not in _one(http, emulator)


def test_restart(emulator, http):
    emulator.seed_flow(FLOW)
    response = http.post(_api(emulator, '/company.team/nightly/every_five/restart'))
    assert response.status_code == 200
    assert response.json()['triggerId'] == 'every_five'
    assert http.post(_api(emulator, '/company.team/nightly/nope/restart')).status_code == 404


def test_delete_state_row(emulator, http):
    emulator.seed_flow(FLOW)
    response = http.delete(_api(emulator, '/company.team/nightly/every_five'))
    if emulator.profile == '2.0':
        # 2.0 refuses to drop the state of a trigger that the flow still declares
        assert response.status_code == 409
        assert _one(http, emulator) is not None
    else:
        assert response.status_code == 200
        assert _one(http, emulator) is None
        assert http.delete(_api(emulator, '/company.team/nightly/every_five')).status_code == 404


def _create_backfill(http, emulator, start, end):
    ids = {'namespace': 'company.team', 'flowId': 'nightly', 'triggerId': 'every_five'}
    spec = {'start': start, 'end': end, 'inputs': {'day': 'x'}, 'labels': [{'key': 'backfill', 'value': 'yes'}]}
    if emulator.profile == '2.0':
        return http.put(_api(emulator, '/backfill/create'), json=dict(ids, backfill=spec))
    row = _one(http, emulator)
    return http.put(_api(emulator, ''), json=dict(row, backfill=spec))


def _backfill_body(http, emulator):
    ids = {'namespace': 'company.team', 'flowId': 'nightly', 'triggerId': 'every_five'}
    return ids if emulator.profile == '2.0' else _one(http, emulator)


def test_backfill_lifecycle(emulator, http):
    emulator.seed_flow(FLOW)
    before = _one(http, emulator)
    next_key = 'nextEvaluationDate' if emulator.profile == '2.0' else 'nextExecutionDate'
    response = _create_backfill(http, emulator, '2026-01-01T00:02:00Z', '2026-01-02T00:00:00+00:00')
    assert response.status_code == 200, response.text
    backfill = response.json()['backfill']
    assert backfill['start'] == '2026-01-01T00:02:00.000Z' and backfill['end'] == '2026-01-02T00:00:00.000Z'
    assert backfill['paused'] is False and backfill['currentDate'] == backfill['start']
    assert backfill['previousNextExecutionDate'] == before[next_key]
    assert backfill['labels'] == [{'key': 'backfill', 'value': 'yes'}] and backfill['inputs'] == {'day': 'x'}
    assert response.json()[next_key] == '2026-01-01T00:05:00.000Z'

    paused = http.put(_api(emulator, '/backfill/pause'), json=_backfill_body(http, emulator))
    assert paused.status_code == 200 and paused.json()['backfill']['paused'] is True
    resumed = http.put(_api(emulator, '/backfill/unpause'), json=_backfill_body(http, emulator))
    assert resumed.json()['backfill']['paused'] is False
    deleted = http.post(_api(emulator, '/backfill/delete'), json=_backfill_body(http, emulator))
    assert deleted.status_code == 200
    assert 'backfill' not in deleted.json() and deleted.json()[next_key] == before[next_key]

    again = http.put(_api(emulator, '/backfill/pause'), json=_backfill_body(http, emulator))
    assert again.status_code == (409 if emulator.profile == '2.0' else 400)
    assert 'No backfill found' in again.json()['message']


def test_backfill_requires_a_start(emulator, http):
    emulator.seed_flow(FLOW)
    response = _create_backfill(http, emulator, None, None)
    assert response.status_code in (400, 422)
    assert 'start' in response.json()['message']


def test_profile_specific_routes(emulator, http):
    emulator.seed_flow(FLOW)
    if emulator.profile == '2.0':
        assert http.put(_api(emulator, ''), json={}).status_code in (404, 405)
    else:
        assert http.put(_api(emulator, '/backfill/create'), json={}).status_code in (404, 405)


def test_lock_control_unknown_trigger(emulator):
    with pytest.raises(Exception) as info:
        _lock(emulator, 'nope')
    assert '404' in str(info.value)


def test_authentication_is_required(basic_emulator, http):
    basic_emulator.seed_flow(FLOW)
    response = http.get(basic_emulator.url + '/api/v1/main/triggers/search')
    assert response.status_code == 401
