"""EE tenants and worker groups over HTTP, on both API lines (docs/dev/kestra-api/access-tenants-worker-groups.md)."""

import pytest

FLOW = 'id: hello\nnamespace: team.a\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n'


def test_main_tenant_exists_and_tenants_crud(ee_emulator, http):
    base = ee_emulator.url + '/api/v1/tenants'
    assert http.get(base + '/main').json()['id'] == 'main'
    assert http.get(base + '/team-a').status_code == 404

    body = {'id': 'team-a', 'name': 'Team A', 'deleted': False, 'storageIsolation': {'enabled': True},
            'secretType': 'vault', 'secretConfiguration': {'token': 's3cret'}}
    created = http.post(base, json=body)
    assert created.status_code == 200, created.text
    assert created.json()['name'] == 'Team A'
    assert http.post(base, json=body).status_code == 409

    body['name'] = 'Team A2'
    del body['secretType']
    updated = http.put(base + '/team-a', json=body)
    assert updated.status_code == 200
    stored = http.get(base + '/team-a').json()
    assert stored['name'] == 'Team A2'
    assert 'secretType' not in stored  # PUT replaces the whole object

    found = http.get(base + '/search', params={'q': 'team'}).json()
    assert [t['id'] for t in found['results']] == ['team-a']

    assert http.delete(base + '/team-a').status_code == 204
    assert http.get(base + '/team-a').status_code == 404
    assert http.delete(base + '/team-a').status_code == 404


def test_created_tenant_is_usable_and_its_data_goes_with_it(ee_emulator, http):
    base = ee_emulator.url + '/api/v1'
    assert http.post(base + '/tenants', json={'id': 'team-b', 'name': 'B', 'deleted': False}).status_code == 200
    saved = http.post(base + '/team-b/flows', data=FLOW, headers={'Content-Type': 'application/x-yaml'})
    assert saved.status_code == 200, saved.text
    assert http.get(base + '/team-b/flows/team.a/hello').status_code == 200
    assert http.get(base + '/main/flows/team.a/hello').status_code == 404
    assert http.delete(base + '/tenants/team-b').status_code == 204
    assert http.get(base + '/team-b/flows/team.a/hello').status_code == 404


@pytest.mark.parametrize('body, status', [
    ({'name': 'x', 'deleted': False}, 422),
    ({'id': 'Bad Id', 'name': 'x', 'deleted': False}, 422),
    ({'id': 'ok', 'deleted': False}, 422),
    ({'id': 'ok', 'name': 'x', 'deleted': False, 'storageIsolation': 'yes'}, 422),
])
def test_tenant_bad_bodies(ee_emulator, http, body, status):
    assert http.post(ee_emulator.url + '/api/v1/tenants', json=body).status_code == status


def test_tenant_fields_per_version(ee_emulator, http):
    base = ee_emulator.url + '/api/v1/tenants'
    body = {'id': 't1', 'name': 't1', 'deleted': False, 'workerGroup': {'key': 'wg', 'fallback': 'WAIT'},
            'defaultWorkerSelector': {'tags': ['gpu']}}
    stored = http.post(base, json=body).json()
    if ee_emulator.profile == '2.0':
        assert 'workerGroup' not in stored and stored['defaultWorkerSelector'] == {'tags': ['gpu']}
    else:
        assert stored['workerGroup'] == {'key': 'wg', 'fallback': 'WAIT'} and 'defaultWorkerSelector' not in stored


def test_tenants_on_oss_are_not_found(any_emulator, http):
    answer = http.get(any_emulator.url + '/api/v1/tenants/main')
    assert answer.status_code == (200 if any_emulator.edition == 'ee' else 404)


def test_worker_groups_1x(ee_emulator, http):
    if ee_emulator.profile != '1.x':
        pytest.skip('1.x API')
    base = ee_emulator.url + '/api/v1/instance/workergroups'
    assert http.get(ee_emulator.url + '/api/v1/instance/worker-groups').status_code == 404
    assert http.get(base).json() == {'workerGroups': []}
    created = http.post(base, json={'key': 'gpu', 'description': 'GPUs', 'allowedTenants': ['main']})
    assert created.status_code == 200, created.text
    group_id = created.json()['id']
    assert group_id != 'gpu'
    assert http.post(base, json={'key': 'gpu'}).status_code == 409
    listed = http.get(base).json()['workerGroups']
    assert listed == [{'id': group_id, 'key': 'gpu', 'description': 'GPUs', 'activeWorkers': 0}]
    detail = http.get(base + '/' + group_id).json()
    assert detail['allowedTenants'] == ['main'] and detail['workers'] == []
    updated = http.put(base + '/' + group_id, json={'key': 'gpu', 'description': 'more', 'allowedTenants': []})
    assert updated.json()['description'] == 'more' and updated.json()['allowedTenants'] == []
    assert http.post(base, json={'description': 'no key'}).status_code == 422
    assert http.delete(base + '/' + group_id).status_code == 200
    assert http.get(base + '/' + group_id).status_code == 404


def test_worker_groups_2x(ee_emulator, http):
    if ee_emulator.profile != '2.0':
        pytest.skip('2.0 API')
    base = ee_emulator.url + '/api/v1/instance/worker-groups'
    assert http.get(ee_emulator.url + '/api/v1/instance/workergroups').status_code == 404
    assert [g['id'] for g in http.get(base).json()['workerGroups']] == ['default']
    assert http.post(base, json={'id': 'gpu', 'name': 'GPU'}).status_code == 422  # subscriptions required
    bad_mode = {'id': 'gpu', 'name': 'GPU', 'subscriptions': [{'workerQueueId': 'q1', 'mode': 'SHARED'}]}
    assert http.post(base, json=bad_mode).status_code == 422
    body = {'id': 'gpu', 'name': 'GPU', 'description': 'GPUs',
            'subscriptions': [{'workerQueueId': 'q1', 'mode': 'STRICT', 'reservedPercent': 50}]}
    created = http.post(base, json=body)
    assert created.status_code == 200, created.text
    assert created.json()['id'] == 'gpu' and created.json()['subscriptions'][0]['queue']['id'] == 'q1'
    assert http.post(base, json=body).status_code == 409
    updated = http.put(base + '/gpu', json={'name': 'GPU 2', 'subscriptions': []}).json()
    assert updated['name'] == 'GPU 2' and updated['subscriptions'] == [] and 'description' not in updated
    assert http.delete(base + '/default').status_code == 400
    assert http.delete(base + '/gpu').status_code == 204
    assert http.get(base + '/gpu').status_code == 404
