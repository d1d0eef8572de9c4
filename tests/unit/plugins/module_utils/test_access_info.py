"""kestra_access_info's logic against a fake client: shapes, names, secrets left out, only the needed requests."""

import json

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils import _access_info_task as info
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskContext

TOKEN_VALUE = 'Full-Token-Value-Never-Shown-7f3a'


class FakeResponse(object):
    def __init__(self, status, body):
        self.status_code = status
        self.body = body
        self.text = json.dumps(body)
        self.headers = {'Content-Type': 'application/json'}

    def json(self):
        return self.body


class FakeClient(object):
    """Answers GETs from a {path: body or callable(params)} table; logs every request."""

    tenant = 'main'
    is_v2 = True

    def __init__(self, routes):
        self.routes = routes
        self.log = []

    def api_path(self, *segments):
        return '/api/v1/main/' + '/'.join(str(s) for s in segments)

    def request(self, method, path, params=None, allow=(), context=None, **_kwargs):
        self.log.append((method, path, dict(params or [])))
        if path not in self.routes:
            return FakeResponse(404, {'message': 'Not Found'})
        body = self.routes[path]
        if callable(body):
            body = body(dict(params or []))
        return FakeResponse(200, body)

    @staticmethod
    def _json(response, _method, _path, _context=None):
        return response.json()

    def paths(self):
        return [path for _method, path, _params in self.log]


def paged(records):
    return {'results': records, 'total': len(records)}


USERS = [
    {'id': 'u1', 'username': 'jane@example.com', 'superAdmin': False},
    {'id': 'u2', 'username': 'bob@example.com', 'superAdmin': True, 'firstName': 'Bob'},
]
GROUPS = [{'id': 'g1', 'name': 'team-a', 'description': 'Team A'}, {'id': 'g2', 'name': 'empty'}]
ROLES = [{'id': 'r1', 'name': 'dev', 'permissionCount': 2}]
SERVICE_ACCOUNTS = [{'id': 's1', 'username': 'team-a-ci', 'description': 'CI', 'groups': [{'id': 'g1'}]}]


def routes(**extra):
    table = {
        '/api/v1/users': paged(USERS),
        '/api/v1/main/groups/search': paged(GROUPS),
        '/api/v1/main/groups/g1/members': paged([{'id': 'u1', 'username': 'jane@example.com'}, {'id': 's1'}]),
        '/api/v1/main/groups/g2/members': paged([]),
        '/api/v1/main/roles/search': paged(ROLES),
        '/api/v1/main/roles/r1': {'id': 'r1', 'name': 'dev', 'description': 'Developers', 'isDefault': False,
                                  'permissions': {'FLOW': ['UPDATE', 'READ', 'READ'], 'SECRET': []}},
        '/api/v1/main/service-accounts': paged(SERVICE_ACCOUNTS),
        '/api/v1/main/bindings/search': paged([
            {'id': 'b1', 'type': 'GROUP', 'group': {'id': 'g1', 'name': 'team-a'}, 'role': {'id': 'r1', 'name': 'dev'},
             'namespace': 'company.team_a'},
            # the record form (ids only), as an emulator or an older answer may give it
            {'id': 'b2', 'type': 'USER', 'externalId': 's1', 'roleId': 'r1', 'namespaceId': None},
        ]),
        '/api/v1/users/u1/api-tokens': {'results': [
            {'id': 't1', 'name': 'laptop', 'prefix': 'abc', 'iat': '2026-01-01T00:00:00Z', 'extended': False,
             'fullToken': TOKEN_VALUE, 'value': TOKEN_VALUE}]},
        '/api/v1/users/u2/api-tokens': {'results': []},
        '/api/v1/main/service-accounts/s1/api-tokens': {'results': [
            {'id': 't2', 'name': 'ci', 'exp': '2027-01-01T00:00:00Z', 'expired': False}]},
        '/api/v1/tenants/search': paged([
            {'id': 'team-a', 'name': 'Team A', 'deleted': False, 'storageType': 's3',
             'storageConfiguration': {'secretKey': TOKEN_VALUE}, 'secretConfiguration': {},
             'sdkDefaultAuthentication': {'apiToken': TOKEN_VALUE}},
            {'id': 'gone', 'name': 'Gone', 'deleted': True}]),
        '/api/v1/instance/worker-groups': {'workerGroups': [
            {'id': 'wg1', 'key': 'team-a', 'description': 'Team A workers',
             'tokens': [{'uid': 'wt1', 'name': 'boot', 'tokenPrefix': 'xyz', 'token': TOKEN_VALUE, 'valid': True}]}]},
    }
    table.update(extra)
    return table


def run(kinds, client):
    return info.run({'kinds': kinds}, client, TaskContext())


def test_every_kind_named_as_playbooks_name_them():
    client = FakeClient(routes())
    result = run(list(info.KINDS), client)
    assert result['changed'] is False
    assert [u['email'] for u in result['users']] == ['bob@example.com', 'jane@example.com']
    assert result['users'][1]['groups'] == ['team-a'] and result['users'][0]['groups'] == []
    assert result['users'][0]['superadmin'] is True and result['users'][0]['first_name'] == 'Bob'
    assert result['groups'] == [{'id': 'g2', 'name': 'empty', 'members': []},
                                {'id': 'g1', 'name': 'team-a', 'description': 'Team A',
                                 'members': ['jane@example.com', 'team-a-ci']}]
    assert result['roles'] == [{'id': 'r1', 'name': 'dev', 'description': 'Developers',
                                'permissions': {'FLOW': ['READ', 'UPDATE']}, 'is_default': False}]
    assert result['service_accounts'] == [{'id': 's1', 'name': 'team-a-ci', 'description': 'CI',
                                           'groups': ['team-a']}]
    assert [(b['subject_type'], b['subject'], b['role'], b['namespace']) for b in result['bindings']] == [
        ('GROUP', 'team-a', 'dev', 'company.team_a'), ('SERVICE_ACCOUNT', 'team-a-ci', 'dev', None)]
    # under kestra_binding's option names too, ready for its bindings list
    assert result['bindings'][0]['group'] == 'team-a' and result['bindings'][1]['service_account'] == 'team-a-ci'
    assert [(t['owner'], t['name'], t['owner_type']) for t in result['api_tokens']] == [
        ('jane@example.com', 'laptop', 'USER'), ('team-a-ci', 'ci', 'SERVICE_ACCOUNT')]
    assert [t['id'] for t in result['tenants']] == ['team-a']
    assert result['worker_groups'][0]['key'] == 'team-a'


def test_no_token_value_prefix_or_credential_in_the_result():
    result = run(list(info.KINDS), FakeClient(routes()))
    text = json.dumps(result)
    assert TOKEN_VALUE not in text
    assert 'prefix' not in text.lower() and '"abc"' not in text and 'xyz' not in text
    tenant = result['tenants'][0]
    assert tenant['storage_configuration'] == info.SECRET_SHOWN
    assert tenant['sdk_default_authentication'] == info.SECRET_SHOWN
    assert 'secret_configuration' not in tenant  # empty: not set
    assert tenant['storage_type'] == 's3'
    assert result['worker_groups'][0]['tokens'] == [{'id': 'wt1', 'name': 'boot', 'valid': True}]


@pytest.mark.parametrize('kinds, expected', [
    (['tenants'], ['/api/v1/tenants/search']),
    (['roles'], ['/api/v1/main/roles/search', '/api/v1/main/roles/r1']),
    (['groups'], ['/api/v1/main/groups/search', '/api/v1/main/groups/g1/members', '/api/v1/main/groups/g2/members']),
    (['worker_groups'], ['/api/v1/instance/worker-groups']),
])
def test_only_what_a_kind_needs_is_read(kinds, expected):
    # members named in the member listing: no user or service account listing is needed to name them
    client = FakeClient(routes(**{'/api/v1/main/groups/g1/members': paged([{'id': 'u1', 'username': 'jane@example.com'}])}))
    run(kinds, client)
    assert client.paths() == expected
    assert all(method == 'GET' for method, _path, _params in client.log)


def test_a_member_without_a_name_in_the_member_listing_is_named_from_the_listings():
    client = FakeClient(routes())
    result = run(['groups'], client)
    assert result['groups'][1]['members'] == ['jane@example.com', 'team-a-ci']
    assert '/api/v1/main/service-accounts' in client.paths()


def test_each_listing_is_read_once_for_many_kinds():
    client = FakeClient(routes())
    run(list(info.KINDS), client)
    paths = client.paths()
    assert len(paths) == len(set(paths)), paths


def test_listings_are_read_page_after_page():
    records = [{'id': 'b%03d' % n, 'type': 'GROUP', 'group': {'id': 'g1', 'name': 'team-a'},
                'role': {'id': 'r1', 'name': 'dev'}} for n in range(250)]

    def page(params):
        start = (params['page'] - 1) * params['size']
        return {'results': records[start:start + params['size']], 'total': len(records)}

    client = FakeClient(routes(**{'/api/v1/main/bindings/search': page}))
    result = run(['bindings'], client)
    assert len(result['bindings']) == 250
    assert [p['page'] for _m, path, p in client.log if path.endswith('bindings/search')] == [1, 2, 3]


@pytest.mark.parametrize('user_type, expected', [('STANDARD', 'USER'), ('SERVICE_ACCOUNT', 'SERVICE_ACCOUNT')])
def test_the_user_type_of_a_binding_names_its_subject_kind(user_type, expected):
    binding = {'id': 'b9', 'type': 'USER', 'role': {'id': 'r1', 'name': 'dev'},
               'user': {'id': 'x9', 'username': 'who', 'type': user_type}}
    client = FakeClient(routes(**{'/api/v1/main/bindings/search': paged([binding])}))
    entry = run(['bindings'], client)['bindings'][0]
    assert entry['subject_type'] == expected
    assert entry[info.SUBJECT_OPTION[expected]] == 'who'


def test_permissions_given_as_a_list_of_resources():
    assert info._permissions([{'type': 'FLOW', 'actions': ['READ', 'CREATE']}, {'type': 'KVSTORE', 'actions': []}]) \
        == {'FLOW': ['CREATE', 'READ']}


def test_an_oss_server_fails_needing_enterprise_edition():
    client = FakeClient({'/api/v1/configs': {'edition': 'OSS'}})
    with pytest.raises(KestraError) as caught:
        run(['tenants'], client)
    assert 'needs Kestra Enterprise Edition' in str(caught.value)
