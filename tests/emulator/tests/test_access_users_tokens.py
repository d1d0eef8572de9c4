"""EE users, API tokens and the connecting identity over HTTP (docs/dev/kestra-api/access-users-tokens.md)."""

import time

import pytest
import requests

from tests.emulator.testing import Emulator

ROOT_TOKEN = 'root-token-for-users-tests'
ROOT_USER, ROOT_PASSWORD = 'root@example.com', 'Root-Pass-1'
USER_PASSWORD = 'User-Pass-9a8b'


@pytest.fixture(scope='module', params=['1.x', '2.0'])
def ee(request):
    """An EE emulator with configured credentials: a token on 2.0, basic auth on 1.x (as Kestra EE clients)."""
    if request.param == '2.0':
        emulator = Emulator(profile='2.0', edition='ee', token=ROOT_TOKEN)
    else:
        emulator = Emulator(profile='1.x', edition='ee', username=ROOT_USER, password=ROOT_PASSWORD)
    yield emulator
    emulator.stop()


@pytest.fixture
def root(ee):
    ee.reset()
    with requests.Session() as session:
        if ee.profile == '2.0':
            session.headers['Authorization'] = 'Bearer %s' % ROOT_TOKEN
        else:
            session.auth = (ROOT_USER, ROOT_PASSWORD)
        session.base = ee.url
        yield session


def create_user(root, email='jane@example.com', **fields):
    body = dict({'email': email, 'firstName': 'Jane', 'password': USER_PASSWORD, 'tenants': ['main']}, **fields)
    response = root.post(root.base + '/api/v1/users', json=body)
    assert response.status_code == 201, response.text
    return response.json()


def create_token(root, user_id, name='ci', **fields):
    response = root.post(root.base + '/api/v1/users/%s/api-tokens' % user_id, json=dict({'name': name}, **fields))
    assert response.status_code == 201, response.text
    return response.json()


def bearer(value):
    return {'Authorization': 'Bearer %s' % value}


# ---- identity -----------------------------------------------------------------------------

def test_me_is_the_configured_root(root):
    body = root.get(root.base + '/api/v1/me').json()
    assert body['id'] == 'emulator-root'
    assert body['superAdmin'] is True


def test_unknown_credentials_are_refused(root):
    assert requests.get(root.base + '/api/v1/me', headers=bearer('nope')).status_code == 401
    assert requests.get(root.base + '/api/v1/me').status_code == 401


def test_a_token_authenticates_as_its_owner(root):
    user = create_user(root)
    token = create_token(root, user['id'])
    me = requests.get(root.base + '/api/v1/me', headers=bearer(token['fullToken']))
    assert me.status_code == 200
    assert me.json()['id'] == user['id']
    assert me.json()['type'] == 'USER'
    assert me.json()['superAdmin'] is False
    assert me.json()['profile']['email'] == 'jane@example.com'


def test_basic_auth_of_a_user_on_1x_only(root, ee):
    user = create_user(root)
    me = requests.get(root.base + '/api/v1/me', auth=('jane@example.com', USER_PASSWORD))
    if ee.profile == '1.x':
        assert me.status_code == 200 and me.json()['id'] == user['id']
        assert requests.get(root.base + '/api/v1/me', auth=('jane@example.com', 'wrong')).status_code == 401
    else:
        # Kestra EE 2.0 has no per-request basic auth
        assert me.status_code == 401


def test_superadmin_routes_refuse_other_accounts(root):
    user = create_user(root)
    token = create_token(root, user['id'])
    response = requests.get(root.base + '/api/v1/users', headers=bearer(token['fullToken']))
    assert response.status_code == 403
    assert 'is not a superadmin' in response.text
    root.patch(root.base + '/api/v1/users/%s/superadmin' % user['id'], json={'superAdmin': True})
    assert requests.get(root.base + '/api/v1/users', headers=bearer(token['fullToken'])).status_code == 200


def _wait_until_listed_expired(root, user_id, attempts=200):
    for _attempt in range(attempts):
        listed = root.get(root.base + '/api/v1/users/%s/api-tokens' % user_id).json()['results']
        if listed[0]['expired'] is True:
            return True
        time.sleep(0.01)
    return False


def test_expired_and_deleted_tokens_do_not_authenticate(root):
    user = create_user(root)
    token = create_token(root, user['id'], maxAge='PT0.001S')
    # The server's clock decides: wait (bounded) until its listing calls the token expired, so the
    # test does not depend on a millisecond passing between two requests.
    assert _wait_until_listed_expired(root, user['id'])
    assert requests.get(root.base + '/api/v1/me', headers=bearer(token['fullToken'])).status_code == 401
    other = create_token(root, user['id'], name='other')
    assert root.delete(root.base + '/api/v1/users/%s/api-tokens/%s' % (user['id'], other['id'])).status_code == 204
    assert requests.get(root.base + '/api/v1/me', headers=bearer(other['fullToken'])).status_code == 401


def test_service_account_token(root):
    created = root.post(root.base + '/api/v1/main/service-accounts', json={'name': 'ci-bot'})
    assert created.status_code in (200, 201), created.text
    account = created.json()
    response = root.post(root.base + '/api/v1/main/service-accounts/%s/api-tokens' % account['id'],
                         json={'name': 'deploy'})
    assert response.status_code == 200
    me = requests.get(root.base + '/api/v1/me', headers=bearer(response.json()['fullToken'])).json()
    assert me['id'] == account['id'] and me['type'] == 'SERVICE_ACCOUNT'
    listed = root.get(root.base + '/api/v1/service-accounts/%s/api-tokens' % account['id']).json()
    assert [t['name'] for t in listed['results']] == ['deploy']
    deleted = root.delete(root.base + '/api/v1/main/service-accounts/%s/api-tokens/%s' % (
        account['id'], response.json()['id']))
    assert deleted.status_code == 200


# ---- users --------------------------------------------------------------------------------

def test_user_crud_never_returns_the_password(root):
    user = create_user(root, lastName='Doe')
    assert USER_PASSWORD not in str(user)
    assert user['username'] == user['email'] == 'jane@example.com'
    assert user['tenants'] == [{'id': 'main', 'name': 'main'}]
    path = root.base + '/api/v1/users/' + user['id']
    patched = root.patch(path, json={'firstName': 'Janet'}).json()
    assert patched['firstName'] == 'Janet' and patched['lastName'] == 'Doe'
    assert root.patch(path + '/restricted', json={'restricted': True}).status_code == 200
    assert root.get(path).json()['restricted'] is True
    assert root.patch(path + '/password', json={'password': 'New-Pass-1'}).status_code == 200
    assert USER_PASSWORD not in root.get(path).text
    assert root.delete(path).status_code == 204
    assert root.get(path).status_code == 404


def test_user_listing_search_and_duplicates(root, ee):
    create_user(root, 'jane@example.com')
    create_user(root, 'john@example.com')
    both = root.get(root.base + '/api/v1/users', params={'page': 1, 'size': 10}).json()
    assert both['total'] == 2 and 'email' not in both['results'][0]
    one = root.get(root.base + '/api/v1/users', params={'filters[q][EQUALS]': 'john@'}).json()
    assert [u['username'] for u in one['results']] == ['john@example.com']
    legacy = root.get(root.base + '/api/v1/users', params={'q': 'jane@'}).json()
    expected = ['jane@example.com'] if ee.profile == '1.x' else ['jane@example.com', 'john@example.com']
    assert [u['username'] for u in legacy['results']] == expected
    again = root.post(root.base + '/api/v1/users', json={'email': 'JANE@example.com'})
    assert again.status_code == 409


def test_user_groups_of_a_tenant(root):
    group = root.post(root.base + '/api/v1/main/groups', json={'name': 'data'}).json()
    user = create_user(root)
    path = root.base + '/api/v1/main/users/%s/groups' % user['id']
    assert root.put(path, json={'groupIds': [group['id']]}).status_code == 204
    assert root.get(root.base + '/api/v1/users/' + user['id']).json()['groups'] == [
        {'id': group['id'], 'tenantId': 'main'}]
    assert root.put(path, json={'groupIds': ['missing']}).status_code == 404
    # a user without access to the tenant cannot join its groups (client-sdk test_update_user_groups_basic)
    outsider = create_user(root, 'out@example.com', tenants=[])
    refused = root.put(root.base + '/api/v1/main/users/%s/groups' % outsider['id'], json={'groupIds': [group['id']]})
    assert refused.status_code == 404


def test_bad_token_requests(root):
    user = create_user(root)
    url = root.base + '/api/v1/users/%s/api-tokens' % user['id']
    assert root.post(url, json={'name': 'Bad_Name'}).status_code == 422
    assert root.post(url, json={'name': 'ok', 'maxAge': 'soon'}).status_code == 422
    assert root.post(root.base + '/api/v1/users/missing/api-tokens', json={'name': 'ok'}).status_code == 404


def test_oss_has_no_users_or_me(emulator, http):
    assert http.get(emulator.url + '/api/v1/me').status_code == 404
    assert http.get(emulator.url + '/api/v1/users').status_code == 404
    assert http.post(emulator.url + '/api/v1/users/x/api-tokens', json={'name': 'a'}).status_code == 404
