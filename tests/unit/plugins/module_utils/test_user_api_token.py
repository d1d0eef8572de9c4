"""Pure logic of kestra_user, kestra_api_token and the connecting identity (no server)."""

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils import _access_identity, _api_token_task, _user_task
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError


def user_params(**given):
    params = dict((name, spec.get('default')) for name, spec in _user_task.ARGUMENT_SPEC.items())
    params.update(given)
    return params


def token_params(**given):
    params = dict((name, spec.get('default')) for name, spec in _api_token_task.ARGUMENT_SPEC.items())
    params.update(given)
    return params


# ---- identity -------------------------------------------------------------------------------

def test_identity_of_kestra_me_answer_is_a_user():
    body = {'id': 'u1', 'superAdmin': True, 'profile': {'email': 'a@b.io', 'username': 'a@b.io'}}
    assert _access_identity.identity_of(body) == {'id': 'u1', 'type': 'USER', 'superAdmin': True, 'email': 'a@b.io'}


def test_identity_of_reads_the_emulator_type():
    identity = _access_identity.identity_of({'id': 's1', 'type': 'service_account', 'profile': {'username': 'ci'}})
    assert identity['type'] == 'SERVICE_ACCOUNT' and identity['superAdmin'] is False


@pytest.mark.parametrize('body', [None, [], {}, {'id': ''}, 'text'])
def test_identity_of_something_else_fails(body):
    with pytest.raises(KestraError):
        _access_identity.identity_of(body)


class FakeClient(object):
    def __init__(self, body):
        self.body = body
        self.calls = 0

    def request(self, method, path, allow=(), context=None):
        self.calls += 1

        class Response(object):
            status_code = 200

            def json(inner):  # pylint: disable=no-self-argument
                return self.body
        return Response()


def test_current_identity_is_read_once_per_client():
    client = FakeClient({'id': 'u1', 'superAdmin': False})
    assert _access_identity.is_connecting(client, 'u1')
    assert not _access_identity.is_connecting(client, 'u2')
    assert not _access_identity.is_connecting(client, None)
    assert client.calls == 1


# ---- kestra_user input ----------------------------------------------------------------------

@pytest.mark.parametrize('given, message', [
    ({'email': 'jane.example.com'}, 'is not an email address'),
    ({'email': 'jane@example'}, 'is not an email address'),
    ({'email': 'jane@example.com', 'append': True}, 'append applies to groups'),
    ({'email': 'jane@example.com', 'groups': ['ok', ' ']}, 'empty name'),
    ({'email': 'jane@example.com', 'user_password': '  '}, 'must not be empty'),
    ({'email': 'jane@example.com', 'state': 'absent', 'first_name': 'J'}, 'first_name cannot be given'),
])
def test_user_bad_input(given, message):
    with pytest.raises(KestraInputError, match=message):
        _user_task.check_params(user_params(**given))


def test_user_password_is_a_secret_value():
    assert _user_task.secret_values({'user_password': 'Pw-1'}) == set(['Pw-1'])
    assert _user_task.secret_values({'user_password': None}) == set()
    assert _user_task.secret_values(None) == set()


def test_user_shown_never_has_the_password():
    stored = {'_id': 'u1', 'first_name': 'Ada', 'superadmin': False, 'restricted': False, '_group_ids': ['g1']}

    class Resource(object):
        def ids_of(self, names):
            return ['id-' + name for name in names]
    shown = _user_task.shown('a@b.io', stored, {'last_name': 'L', 'groups': ['b', 'a']}, Resource())
    assert shown == {'email': 'a@b.io', 'id': 'u1', 'first_name': 'Ada', 'last_name': 'L', 'superadmin': False,
                     'restricted': False, 'groups': ['a', 'b'], 'group_ids': ['id-a', 'id-b']}


# ---- kestra_api_token input -----------------------------------------------------------------

@pytest.mark.parametrize('given, message', [
    ({'name': 'CI', 'user': 'a@b.io'}, 'not a valid API token name'),
    ({'name': 'a--b', 'user': 'a@b.io'}, 'not a valid API token name'),
    ({'name': 'a' * 64, 'user': 'a@b.io'}, 'not a valid API token name'),
    ({'name': 'ci'}, 'one of user or service_account'),
    ({'name': 'ci', 'user': 'a@b.io', 'service_account': 'x'}, 'one of user or service_account'),
    ({'name': 'ci', 'user': ' '}, 'must not be empty'),
    ({'name': 'ci', 'user': 'a@b.io', 'max_age': '30 days'}, 'ISO-8601 duration'),
    ({'name': 'ci', 'user': 'a@b.io', 'max_age': 'P'}, 'ISO-8601 duration'),
    ({'name': 'ci', 'user': 'a@b.io', 'max_age': 'PT'}, 'ISO-8601 duration'),
    ({'name': 'ci', 'user': 'a@b.io', 'max_age': 'P1W'}, 'ISO-8601 duration'),
    ({'name': 'ci', 'user': 'a@b.io', 'max_age': 'P1Y2M'}, 'ISO-8601 duration'),
    ({'name': 'ci', 'user': 'a@b.io', 'rotate': True, 'state': 'absent'}, 'rotate applies'),
])
def test_token_bad_input(given, message):
    with pytest.raises(KestraInputError, match=message):
        _api_token_task.check_params(token_params(**given))


@pytest.mark.parametrize('max_age', ['P30D', 'PT12H', 'P1DT12H', 'pt1h', 'PT0.5S', 'PT90M'])
def test_token_durations(max_age):
    _api_token_task.check_params(token_params(name='ci-1', user='a@b.io', max_age=max_age))


def test_token_shown_has_no_value():
    token = {'id': 't', 'name': 'ci', 'prefix': 'abc', 'iat': 'x', 'exp': 'y', 'extended': False, 'fullToken': 'SECRET'}
    shown = _api_token_task.shown(token, 'user', 'u1')
    assert 'SECRET' not in repr(shown)
    assert shown['owner_type'] == 'user' and shown['expires_at'] == 'y'


def test_token_differences_need_rotate():
    token = {'description': 'old', 'extended': False}
    assert _api_token_task._differences(token, {'description': 'new', 'extended': True}) == ['description', 'extended']
    assert _api_token_task._differences(token, {'description': 'old', 'extended': None}) == []
