"""EE bindings and service accounts over HTTP, on both API lines (docs/dev/kestra-api/access-bindings-service-accounts.md)."""

import pytest


def _role(http, base, name='viewer'):
    answer = http.post(base + '/main/roles', json={'name': name, 'permissions': {'FLOW': ['READ']}})
    if answer.status_code != 200:  # the 1.x line names the action VIEW
        answer = http.post(base + '/main/roles', json={'name': name, 'permissions': {'FLOW': ['VIEW']}})
    assert answer.status_code == 200, answer.text
    return answer.json()['id']


def _group(http, base, name='devs'):
    answer = http.post(base + '/main/groups', json={'name': name})
    assert answer.status_code == 200, answer.text
    return answer.json()['id']


def _account(http, base, name='team-ci', **extra):
    body = dict(name=name, **extra)
    answer = http.post(base + '/main/service-accounts', json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_tenant_service_account_crud_with_groups(ee_emulator, http):
    base = ee_emulator.url + '/api/v1'
    devs, ops = _group(http, base, 'devs'), _group(http, base, 'ops')
    created = _account(http, base, description='CI', groups=[{'id': devs}])
    assert created['groups'] == [{'id': devs}] and created['superAdmin'] is False
    account_id = created['id']

    listed = http.get(base + '/main/service-accounts', params={'page': 1, 'size': 10}).json()
    assert listed['total'] == 1
    assert listed['results'][0]['username'] == 'team-ci'
    assert listed['results'][0]['groups'] == [{'id': devs, 'name': 'devs'}]

    updated = http.put(base + '/main/service-accounts/' + account_id,
                       json={'name': 'team-ci', 'description': 'CI 2', 'groups': [{'id': ops}], 'superAdmin': True})
    assert updated.status_code == 200, updated.text
    stored = http.get(base + '/main/service-accounts/' + account_id).json()
    assert stored['description'] == 'CI 2' and stored['groups'] == [{'id': ops}]
    assert stored['superAdmin'] is False  # PUT does not change the superadmin flag
    members = http.get(base + '/main/groups/%s/members' % ops).json()
    assert [m['id'] for m in members['results']] == [account_id]

    assert http.post(base + '/main/service-accounts', json={'name': 'team-ci'}).status_code == 409
    assert http.post(base + '/main/service-accounts', json={'name': 'x', 'groups': [{'id': 'nope'}]}).status_code == 404
    assert http.delete(base + '/main/service-accounts/' + account_id).status_code == 200
    assert http.get(base + '/main/service-accounts/' + account_id).status_code == 404
    assert http.get(base + '/main/groups/%s/members' % ops).json()['results'] == []


@pytest.mark.parametrize('name', ['Team', 'team_ci', '-team', 'team--ci', 'a' * 64, ''])
def test_service_account_name_pattern(ee_emulator, http, name):
    answer = http.post(ee_emulator.url + '/api/v1/main/service-accounts', json={'name': name})
    assert answer.status_code == 422, answer.text


def test_instance_service_accounts_and_superadmin(ee_emulator, http):
    base = ee_emulator.url + '/api/v1'
    created = http.post(base + '/service-accounts', json={'name': 'bot', 'tenants': ['main'], 'superAdmin': False})
    assert created.status_code == 200, created.text
    account = created.json()
    assert account['tenants'] == [{'id': 'main', 'name': 'main'}]
    # visible in the tenants it may access
    assert [a['id'] for a in http.get(base + '/main/service-accounts').json()['results']] == [account['id']]
    patched = http.patch(base + '/service-accounts/' + account['id'], json={'name': 'bot', 'description': 'd'})
    assert patched.json()['description'] == 'd'
    assert http.patch(base + '/service-accounts/%s/superadmin' % account['id'],
                      json={'superAdmin': True}).status_code == 200
    assert http.get(base + '/service-accounts/' + account['id']).json()['superAdmin'] is True
    assert http.patch(base + '/service-accounts/%s/superadmin' % account['id'], json={}).status_code == 422
    assert http.post(base + '/service-accounts', json={'name': 'x', 'tenants': ['nope']}).status_code == 404
    listed = http.get(base + '/service-accounts').json()
    assert listed['total'] == 1 and listed['results'][0]['name'] == 'bot'
    assert http.delete(base + '/service-accounts/' + account['id']).status_code == 204
    assert http.get(base + '/service-accounts/' + account['id']).status_code == 404


def test_instance_routes_need_a_superadmin(ee_emulator, http):
    base = ee_emulator.url + '/api/v1'
    account = _account(http, base, 'plain')
    token = http.post(base + '/main/service-accounts/%s/api-tokens' % account['id'], json={'name': 't'})
    assert token.status_code == 200, token.text
    headers = {'Authorization': 'Bearer ' + token.json()['fullToken']}
    assert http.get(base + '/service-accounts', headers=headers).status_code == 403
    assert http.patch(base + '/service-accounts/%s/superadmin' % account['id'], json={'superAdmin': True},
                      headers=headers).status_code == 403
    assert http.get(base + '/me', headers=headers).json()['id'] == account['id']


def test_bindings_crud_search_and_bulk(ee_emulator, http):
    base = ee_emulator.url + '/api/v1'
    role = _role(http, base)
    devs = _group(http, base)
    account = _account(http, base)
    created = http.post(base + '/main/bindings',
                        json={'type': 'GROUP', 'externalId': devs, 'roleId': role, 'namespaceId': 'company.team'})
    assert created.status_code == 200, created.text
    binding = created.json()
    assert binding['group'] == {'id': devs, 'name': 'devs'}
    assert binding['role'] == {'id': role, 'name': 'viewer'}
    assert binding['namespace'] == 'company.team'

    bulk = http.post(base + '/main/bindings/bulk', json=[
        {'type': 'USER', 'externalId': account['id'], 'roleId': role},
        {'type': 'USER', 'externalId': account['id'], 'roleId': role, 'namespaceId': 'company.team'}])
    assert bulk.status_code == 200, bulk.text
    assert [b['user']['type'] for b in bulk.json()] == ['SERVICE_ACCOUNT', 'SERVICE_ACCOUNT']
    assert 'namespace' not in bulk.json()[0]  # null fields are left out

    search = base + '/main/bindings/search'
    assert http.get(search).json()['total'] == 3
    assert http.get(search, params={'type': 'GROUP'}).json()['total'] == 1
    assert http.get(search, params={'type': 'USER', 'id': account['id']}).json()['total'] == 2
    assert http.get(search, params={'namespace': 'company.team'}).json()['total'] == 2
    assert len(http.get(search, params={'size': 2}).json()['results']) == 2
    assert http.get(base + '/main/bindings/' + binding['id']).json()['id'] == binding['id']

    assert http.delete(base + '/main/bindings/' + binding['id']).status_code == 204
    assert http.get(base + '/main/bindings/' + binding['id']).status_code == 404
    assert http.delete(base + '/main/bindings/' + binding['id']).status_code == 404
    # deleting the service account deletes its bindings
    assert http.delete(base + '/main/service-accounts/' + account['id']).status_code == 200
    assert http.get(search).json()['total'] == 0


@pytest.mark.parametrize('body, status', [
    ({'type': 'ROBOT', 'externalId': 'x', 'roleId': 'y'}, 422),
    ({'type': 'USER', 'roleId': 'y'}, 422),
    ({'type': 'USER', 'externalId': 'nobody', 'roleId': '<role>'}, 404),
    ({'type': 'GROUP', 'externalId': 'nogroup', 'roleId': '<role>'}, 404),
    ({'type': 'GROUP', 'externalId': '<group>', 'roleId': 'norole'}, 404),
])
def test_binding_bad_bodies(ee_emulator, http, body, status):
    base = ee_emulator.url + '/api/v1'
    role, group = _role(http, base), _group(http, base)
    body = dict((k, {'<role>': role, '<group>': group}.get(v, v)) for k, v in body.items())
    assert http.post(base + '/main/bindings', json=body).status_code == status
    # a bulk request with one bad item stores none
    good = {'type': 'GROUP', 'externalId': group, 'roleId': role}
    assert http.post(base + '/main/bindings/bulk', json=[good, body]).status_code == status
    assert http.get(base + '/main/bindings/search').json()['total'] == 0


def test_oss_has_no_such_routes(emulator, http):
    base = emulator.url + '/api/v1'
    for method, path in (('GET', '/main/bindings/search'), ('POST', '/main/bindings'),
                         ('GET', '/main/service-accounts'), ('POST', '/service-accounts'),
                         ('PATCH', '/service-accounts/x/superadmin')):
        assert http.request(method, base + path, json={}).status_code == 404, (method, path)
