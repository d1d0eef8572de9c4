"""Namespaces over HTTP: virtual and read-only on OSS, CRUD on EE (docs/dev/kestra-api/namespaces-secrets.md)."""

import pytest

FLOW = 'id: hello\nnamespace: company.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n'


def ns_url(emulator, namespace_id=None, tenant='main'):
    url = '%s/api/v1/%s/namespaces' % (emulator.url, tenant)
    return url + '/' + namespace_id if namespace_id else url


FULL = {
    'id': 'company.team', 'deleted': False, 'description': 'The team',
    'variables': {'env': 'prod', 'nested': {'a': [1, 2]}},
    'allowedNamespaces': [{'namespace': 'company.other'}],
    'storageIsolation': {'enabled': True, 'deniedServices': ['EXECUTOR']},
    'secretIsolation': {'enabled': False},
    'secretReadOnly': False,
    'outputsInInternalStorage': True,
}


# ---- OSS ------------------------------------------------------------------------------------

def test_oss_get_answers_any_id_as_a_virtual_namespace(emulator, http):
    response = http.get(ns_url(emulator, 'never.created'))
    assert response.status_code == 200
    assert response.json() == {'id': 'never.created', 'deleted': False}


def test_oss_has_no_create_route(emulator, http):
    response = http.post(ns_url(emulator), json={'id': 'company.team', 'deleted': False})
    assert response.status_code == 404
    assert response.json()['message'] == 'Not Found'


@pytest.mark.parametrize('method', ['put', 'delete'])
def test_oss_update_and_delete_are_not_allowed(emulator, http, method):
    response = getattr(http, method)(ns_url(emulator, 'company.team'), json={'id': 'company.team'})
    assert response.status_code == 405
    assert response.json()['message'] == 'Method Not Allowed'


def test_oss_inherited_variables_is_not_a_route(emulator, http):
    assert http.get(ns_url(emulator, 'company.team') + '/inherited-variables').status_code == 404


def test_oss_configs_say_oss_and_ee_configs_say_ee(emulator, ee_emulator, http):
    assert http.get(emulator.url + '/api/v1/configs').json()['edition'] == 'OSS'
    assert http.get(ee_emulator.url + '/api/v1/configs').json()['edition'] == 'EE'
    assert emulator.control('GET', 'state')['edition'] == 'oss'
    assert ee_emulator.control('GET', 'state')['edition'] == 'ee'


def test_search_lists_flow_namespaces_and_system(emulator, http):
    emulator.seed_flow(FLOW)
    response = http.get(ns_url(emulator, 'search'))
    assert response.status_code == 200
    assert [r['id'] for r in response.json()['results']] == ['company', 'company.team', 'system']
    assert http.get(ns_url(emulator, 'search'), params={'q': 'TEAM'}).json()['total'] == 1


# ---- EE -------------------------------------------------------------------------------------

def test_ee_create_get_update_delete(ee_emulator, http):
    created = http.post(ns_url(ee_emulator), json=FULL)
    assert created.status_code == 200
    assert created.json() == FULL
    assert http.get(ns_url(ee_emulator, 'company.team')).json() == FULL
    # PUT replaces the whole object: fields not sent are gone
    updated = http.put(ns_url(ee_emulator, 'company.team'),
                       json={'id': 'company.team', 'deleted': False, 'description': 'new'})
    assert updated.status_code == 200
    assert updated.json() == {'id': 'company.team', 'deleted': False, 'description': 'new'}
    assert http.get(ns_url(ee_emulator, 'company.team')).json()['description'] == 'new'
    deleted = http.delete(ns_url(ee_emulator, 'company.team'))
    assert deleted.status_code == 204
    assert deleted.content == b''
    assert http.get(ns_url(ee_emulator, 'company.team')).status_code == 404


def test_ee_missing_namespace_is_404_on_get_update_delete(ee_emulator, http):
    for method in ('get', 'put', 'delete'):
        response = getattr(http, method)(ns_url(ee_emulator, 'missing.ns'), json={'id': 'missing.ns'})
        assert response.status_code == 404, method
        assert response.json()['message'] == "Not Found: Namespace 'missing.ns' not found"


def test_ee_create_twice_is_a_conflict(ee_emulator, http):
    http.post(ns_url(ee_emulator), json={'id': 'company.team', 'deleted': False})
    response = http.post(ns_url(ee_emulator), json={'id': 'company.team', 'deleted': False})
    assert response.status_code == 409


@pytest.mark.parametrize('body, status, message', [
    ({'description': 'no id'}, 422, 'Invalid entity: namespace.id: must not be null'),
    ({'id': 'Upper.Case'}, 422, 'Invalid entity: namespace.id: must match "^[a-z0-9][a-z0-9._-]*"'),
    ({'id': 'ok', 'variables': 'not a map'}, 422,
     'Invalid json mapping: Cannot deserialize value of type `Map` for field "variables"'),
    ({'id': 'ok', 'allowedNamespaces': [{'flowId': 'x'}]}, 422,
     'Invalid entity: namespace.allowedNamespaces[].namespace: must not be null'),
    (['not', 'an', 'object'], 422, 'Invalid json mapping: the body must be a Namespace object'),
])
def test_ee_bad_bodies(ee_emulator, http, body, status, message):
    response = http.post(ns_url(ee_emulator), json=body)
    assert response.status_code == status
    assert response.json()['message'] == message


def test_ee_body_that_is_not_json(ee_emulator, http):
    response = http.post(ns_url(ee_emulator), data=b'{oops', headers={'Content-Type': 'application/json'})
    assert response.status_code == 422
    assert response.json()['message'].startswith('Invalid json')


def test_ee_update_cannot_change_the_id(ee_emulator, http):
    http.post(ns_url(ee_emulator), json={'id': 'company.team', 'deleted': False})
    response = http.put(ns_url(ee_emulator, 'company.team'), json={'id': 'company.other', 'deleted': False})
    assert response.status_code == 422


def test_plugin_defaults_exist_in_1x_only(http, _emulators):
    from tests.emulator.tests.conftest import _get
    defaults = [{'type': 'io.kestra.plugin.core.log.Log', 'values': {'level': 'WARN'}}]
    body = {'id': 'company.team', 'deleted': False, 'pluginDefaults': defaults, 'workerGroup': {'key': 'gpu'}}
    ee_1x = _get(_emulators, '1.x', 'open', 'ee')
    assert http.post(ns_url(ee_1x), json=body).json()['pluginDefaults'] == defaults
    ee_2x = _get(_emulators, '2.0', 'open', 'ee')
    stored = http.post(ns_url(ee_2x), json=body).json()
    # 2.0's Namespace has no pluginDefaults nor workerGroup: the server ignores them
    assert 'pluginDefaults' not in stored and 'workerGroup' not in stored


def test_ee_search_includes_records(ee_emulator, http):
    http.post(ns_url(ee_emulator), json={'id': 'made.here', 'deleted': False, 'description': 'd'})
    results = http.get(ns_url(ee_emulator, 'search'), params={'q': 'made'}).json()['results']
    assert results == [{'id': 'made.here', 'deleted': False, 'description': 'd'}]


def test_ee_inherited_variables_merge_parents(ee_emulator, http):
    http.post(ns_url(ee_emulator), json={'id': 'a', 'deleted': False, 'variables': {'x': 1, 'y': 1}})
    http.post(ns_url(ee_emulator), json={'id': 'a.b', 'deleted': False, 'variables': {'y': 2}})
    response = http.get(ns_url(ee_emulator, 'a.b.c') + '/inherited-variables')
    assert response.status_code == 200
    assert response.json() == {'x': 1, 'y': 2}


def test_ee_tenants_are_isolated_and_reset_clears(ee_emulator, http):
    http.post(ns_url(ee_emulator), json={'id': 'company.team', 'deleted': False})
    assert http.get(ns_url(ee_emulator, 'company.team', tenant='other')).status_code == 404
    ee_emulator.reset()
    assert http.get(ns_url(ee_emulator, 'company.team')).status_code == 404
