"""Namespace secrets over HTTP: EE only, values never returned (docs/dev/kestra-api/namespaces-secrets.md)."""

import pytest

SECRET_VALUE = 'S3cr3t-value-never-returned'


def secrets_url(emulator, namespace='company.team', key=None, tenant='main'):
    url = '%s/api/v1/%s/namespaces/%s/secrets' % (emulator.url, tenant, namespace)
    return url + '/' + key if key else url


def put(http, emulator, key='DB_PASSWORD', value=SECRET_VALUE, namespace='company.team', **fields):
    return http.put(secrets_url(emulator, namespace), json=dict({'key': key, 'value': value}, **fields))


def list_all(http, emulator, **params):
    response = http.get(emulator.url + '/api/v1/main/secrets', params=params)
    assert response.status_code == 200, response.text
    assert SECRET_VALUE not in response.text
    return response.json()


# ---- OSS ------------------------------------------------------------------------------------

@pytest.mark.parametrize('method, key', [
    ('put', None), ('get', None), ('patch', 'K'), ('delete', 'K'), ('get', 'K'),
])
def test_oss_has_no_secret_routes(emulator, http, method, key):
    response = getattr(http, method)(secrets_url(emulator, key=key), json={'key': 'K', 'value': 'v'})
    assert response.status_code == 404
    assert response.json()['message'] == 'Not Found'


def test_oss_has_no_secret_listing(emulator, http):
    assert http.get(emulator.url + '/api/v1/main/secrets').status_code == 404
    assert http.get(emulator.url + '/api/v1/main/namespaces/a.b/inherited-secrets').status_code == 404


# ---- EE -------------------------------------------------------------------------------------

def test_put_answers_metadata_without_the_value(ee_emulator, http):
    response = put(http, ee_emulator, description='the db', tags=[{'key': 'team', 'value': 'data'}])
    assert response.status_code == 200
    assert SECRET_VALUE not in response.text
    assert response.json() == [{'key': 'DB_PASSWORD', 'namespace': 'company.team', 'description': 'the db',
                                'tags': [{'key': 'team', 'value': 'data'}]}]


def test_listing_across_namespaces_with_filters(ee_emulator, http):
    put(http, ee_emulator, 'A_KEY')
    put(http, ee_emulator, 'B_KEY', tags=[{'key': 't', 'value': 'v'}])
    put(http, ee_emulator, 'OTHER', namespace='company.other')
    listed = list_all(http, ee_emulator)
    assert listed['total'] == 3 and listed['readOnly'] is False
    assert [(s['namespace'], s['key']) for s in listed['results']] == \
        [('company.other', 'OTHER'), ('company.team', 'A_KEY'), ('company.team', 'B_KEY')]
    one_ns = list_all(http, ee_emulator, **{'filters[namespace][EQUALS]': 'company.team'})
    assert [s['key'] for s in one_ns['results']] == ['A_KEY', 'B_KEY']
    assert one_ns['results'][0]['tags'] == []
    by_key = list_all(http, ee_emulator, **{'filters[q][EQUALS]': 'b_'})
    assert [s['key'] for s in by_key['results']] == ['B_KEY']
    paged = list_all(http, ee_emulator, page=2, size=2)
    assert paged['total'] == 3 and len(paged['results']) == 1


def test_namespace_listing_exists_in_1x_only(_emulators, http):
    from tests.emulator.tests.conftest import _get
    ee_1x = _get(_emulators, '1.x', 'open', 'ee')
    put(http, ee_1x, 'K1')
    response = http.get(secrets_url(ee_1x))
    assert response.status_code == 200
    assert [s['key'] for s in response.json()['results']] == ['K1']
    assert SECRET_VALUE not in response.text
    ee_2x = _get(_emulators, '2.0', 'open', 'ee')
    assert http.get(secrets_url(ee_2x)).status_code == 405


def test_put_again_replaces_value_description_and_tags(ee_emulator, http):
    put(http, ee_emulator, description='old', tags=[{'key': 'a', 'value': 'b'}])
    response = put(http, ee_emulator, value='new-value')
    assert response.status_code == 200
    assert 'description' not in response.json()[0]
    listed = list_all(http, ee_emulator)['results']
    assert listed == [{'key': 'DB_PASSWORD', 'namespace': 'company.team', 'tags': []}]


def test_patch_changes_metadata_only(ee_emulator, http):
    put(http, ee_emulator, description='old', tags=[{'key': 'a', 'value': 'b'}])
    response = http.patch(secrets_url(ee_emulator, key='DB_PASSWORD'),
                          json={'key': 'DB_PASSWORD', 'description': 'new', 'tags': []})
    assert response.status_code == 200
    assert response.json() == [{'key': 'DB_PASSWORD', 'namespace': 'company.team', 'description': 'new',
                                'tags': []}]
    only_description = http.patch(secrets_url(ee_emulator, key='DB_PASSWORD'), json={'description': 'newer'})
    assert only_description.json()[0]['description'] == 'newer'
    assert only_description.json()[0]['tags'] == []


def test_patch_and_delete_of_a_missing_secret_are_404(ee_emulator, http):
    for method in ('patch', 'delete'):
        response = getattr(http, method)(secrets_url(ee_emulator, key='NOPE'), json={'description': 'x'})
        assert response.status_code == 404, method
        assert response.json()['message'] == "Not Found: Secret 'NOPE' not found in namespace 'company.team'"


def test_delete(ee_emulator, http):
    put(http, ee_emulator)
    response = http.delete(secrets_url(ee_emulator, key='DB_PASSWORD'))
    assert response.status_code == 200
    assert list_all(http, ee_emulator)['total'] == 0


def test_a_single_secret_cannot_be_read(ee_emulator, http):
    put(http, ee_emulator)
    response = http.get(secrets_url(ee_emulator, key='DB_PASSWORD'))
    assert response.status_code == 405
    assert SECRET_VALUE not in response.text


@pytest.mark.parametrize('body, message', [
    ({'key': 'K'}, 'Invalid entity: secretValue.value: must not be blank'),
    ({'value': SECRET_VALUE}, 'Invalid entity: secretValue.key: must not be blank'),
    ({'key': '', 'value': ''}, 'Invalid entity: secretValue.key: must not be blank, secretValue.value: must not be blank'),
    ({'key': 'K', 'value': SECRET_VALUE, 'tags': ['x']},
     'Invalid entity: secretValue.tags: each tag needs a string key and value'),
    ({'key': 'K', 'value': SECRET_VALUE, 'description': 5}, 'Invalid entity: secretValue.description: must be a string'),
])
def test_bad_bodies_never_echo_the_value(ee_emulator, http, body, message):
    response = http.put(secrets_url(ee_emulator), json=body)
    assert response.status_code == 422
    assert response.json()['message'] == message
    assert SECRET_VALUE not in response.text
    assert list_all(http, ee_emulator)['total'] == 0


def test_body_that_is_not_json(ee_emulator, http):
    response = http.put(secrets_url(ee_emulator), data=b'{oops', headers={'Content-Type': 'application/json'})
    assert response.status_code == 422


def test_inherited_secrets_lists_parent_keys(ee_emulator, http):
    put(http, ee_emulator, 'TOP', namespace='company')
    put(http, ee_emulator, 'MID', namespace='company.team')
    put(http, ee_emulator, 'SELF', namespace='company.team.sub')
    response = http.get(ee_emulator.url + '/api/v1/main/namespaces/company.team.sub/inherited-secrets')
    assert response.status_code == 200
    assert response.json() == {'company': ['TOP'], 'company.team': ['MID']}


def test_tenants_are_isolated_and_reset_clears(ee_emulator, http):
    put(http, ee_emulator)
    assert http.get(ee_emulator.url + '/api/v1/other/secrets').json()['total'] == 0
    ee_emulator.reset()
    assert list_all(http, ee_emulator)['total'] == 0
