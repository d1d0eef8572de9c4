"""The EE permission model of the emulator (docs/dev/kestra-api/access-permissions.md).

The users, groups, roles and bindings are written into the state directly, and the requests go over
HTTP to an in-process server, so that these tests do not depend on the shapes of the access APIs.
"""

import asyncio
import base64

import pytest
from aiohttp.test_utils import TestClient, TestServer

from tests.emulator.app import create_app
from tests.emulator.state import EmulatorState

ADMIN, ADMIN_PASSWORD = 'admin@kestra.io', 'Admin-Password-1'
ALICE, ALICE_PASSWORD = 'alice@example.com', 'Alice-Password-1'
FLOW = 'id: hello\nnamespace: %s\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n'
READ_ACTIONS = {'1.x': ['READ'], '2.0': ['VIEW', 'LIST']}


def _basic(user, password):
    return {'Authorization': 'Basic ' + base64.b64encode(('%s:%s' % (user, password)).encode()).decode()}


ROOT = _basic(ADMIN, ADMIN_PASSWORD)
# a bearer API token of the user: both lines take it (2.0 EE takes no basic auth of API-created users)
AS_ALICE = {'Authorization': 'Bearer alice-token-value'}


def _state(profile, alice_superadmin=False):
    state = EmulatorState(profile=profile, username=ADMIN, password=ADMIN_PASSWORD, edition='ee')
    state.users['u-alice'] = {'id': 'u-alice', 'email': ALICE, 'password': ALICE_PASSWORD,
                              'superAdmin': alice_superadmin, 'tenants': ['main']}
    state.api_tokens['t-alice'] = {'id': 't-alice', 'owner_id': 'u-alice', 'name': 'alice', 'value': 'alice-token-value',
                                   'expiresAt': None, 'extended': False, 'maxAge': None}
    return state


def _container(owner, name):
    """A record container of the state (declared by the owner of its routes; created here when not yet)."""
    if getattr(owner, name, None) is None:
        setattr(owner, name, {})
    return getattr(owner, name)


def _grant(state, role_id, permissions, subject_type='USER', subject='u-alice', namespace=None, tenant='main'):
    tenant_state = state.tenant(tenant)
    _container(tenant_state, 'roles')[role_id] = {'id': role_id, 'name': role_id, 'permissions': permissions}
    binding_id = 'b-%d' % (len(_container(tenant_state, 'bindings')) + 1)
    _container(tenant_state, 'bindings')[binding_id] = {
        'id': binding_id, 'type': subject_type, 'externalId': subject, 'roleId': role_id, 'namespaceId': namespace}


def _run(state, scenario):
    async def main():
        async with TestClient(TestServer(create_app(state))) as client:
            return await scenario(client)
    return asyncio.run(main())


async def _status(client, method, path, headers, **kwargs):
    response = await client.request(method, path, headers=headers, **kwargs)
    body = await response.text()
    return response.status, body, response.headers.get('Content-Type', '')


@pytest.mark.parametrize('profile', ['1.x', '2.0'])
def test_no_binding_is_forbidden_with_kestra_body(profile):
    state = _state(profile)

    async def scenario(client):
        response = await client.get('/api/v1/main/flows/team.a/hello', headers=AS_ALICE)
        return response.status, await response.json(content_type=None), response.headers['Content-Type']

    status, body, content_type = _run(state, scenario)
    assert status == 403
    if profile == '2.0':
        assert content_type.startswith('application/problem+json')
        assert body['type'] == 'https://kestra.io/docs/api-reference/problems/forbidden'
        assert body['title'] == 'Access denied' and body['status'] == 403
        assert body['instance'] == '/api/v1/main/flows/team.a/hello'
        assert 'FLOW' in body['detail'] and "'team.a'" in body['detail']
    else:
        assert body['message'].startswith('Forbidden: ') and 'FLOW' in body['message']
        assert body['_links']['self']['href'] == '/api/v1/main/flows/team.a/hello'


@pytest.mark.parametrize('profile', ['1.x', '2.0'])
def test_read_role_on_a_parent_namespace(profile):
    state = _state(profile)
    _grant(state, 'r-read', {'FLOW': READ_ACTIONS[profile]}, namespace='team')

    async def scenario(client):
        assert (await client.post('/api/v1/main/flows', data=FLOW % 'team.a', headers=dict(
            ROOT, **{'Content-Type': 'application/x-yaml'}))).status == 200
        return [
            (await _status(client, 'GET', '/api/v1/main/flows/team.a/hello', AS_ALICE))[0],
            (await _status(client, 'GET', '/api/v1/main/flows/team/hello', AS_ALICE))[0],
            (await _status(client, 'GET', '/api/v1/main/flows/teams.x/hello', AS_ALICE))[0],
            (await _status(client, 'GET', '/api/v1/main/flows/other/hello', AS_ALICE))[0],
            (await _status(client, 'DELETE', '/api/v1/main/flows/team.a/hello', AS_ALICE))[0],
            (await _status(client, 'POST', '/api/v1/main/flows', dict(
                AS_ALICE, **{'Content-Type': 'application/x-yaml'}), data=FLOW % 'team.b'))[0],
        ]

    # allowed reads answer as the route does (200, or 404 for a missing flow); the rest is refused
    assert _run(state, scenario) == [200, 404, 403, 403, 403, 403]


@pytest.mark.parametrize('profile', ['1.x', '2.0'])
def test_write_role_through_a_group(profile):
    state = _state(profile)
    tenant_state = state.tenant('main')
    _container(tenant_state, 'groups')['g-dev'] = {'id': 'g-dev', 'name': 'dev'}
    _container(tenant_state, 'group_members')['g-dev'] = {'u-alice'}
    _grant(state, 'r-kv', {'KVSTORE': READ_ACTIONS[profile] + ['CREATE', 'UPDATE', 'DELETE']},
           subject_type='GROUP', subject='g-dev', namespace='team.a')

    async def scenario(client):
        kv_headers = dict(AS_ALICE, **{'Content-Type': 'text/plain'})
        return [
            (await _status(client, 'PUT', '/api/v1/main/namespaces/team.a/kv/k', kv_headers, data='"v"'))[0],
            (await _status(client, 'GET', '/api/v1/main/namespaces/team.a/kv/k', AS_ALICE))[0],
            (await _status(client, 'PUT', '/api/v1/main/namespaces/team.b/kv/k', kv_headers, data='"v"'))[0],
            # the group's role gives KVSTORE only, not FLOW
            (await _status(client, 'GET', '/api/v1/main/flows/team.a/hello', AS_ALICE))[0],
        ]

    statuses = _run(state, scenario)
    assert statuses[0] in (200, 204) and statuses[1] == 200 and statuses[2:] == [403, 403]


@pytest.mark.parametrize('profile', ['1.x', '2.0'])
def test_tenant_wide_binding_and_listing_without_namespace(profile):
    state = _state(profile)
    _grant(state, 'r-flows', {'FLOW': READ_ACTIONS[profile]})

    async def scenario(client):
        return [
            (await _status(client, 'GET', '/api/v1/main/flows/any.where/hello', AS_ALICE))[0],
            (await _status(client, 'GET', '/api/v1/main/flows/search', AS_ALICE))[0],
            # the binding is in tenant main: another tenant gives nothing
            (await _status(client, 'GET', '/api/v1/other/flows/any.where/hello', AS_ALICE))[0],
            (await _status(client, 'GET', '/api/v1/main/namespaces/team.a/secrets', AS_ALICE))[0],
        ]

    assert _run(state, scenario) == [404, 200, 403, 403]


def test_1x_actions_do_not_count_on_2x_and_back():
    for profile, other in (('1.x', ['VIEW', 'LIST']), ('2.0', ['READ'])):
        state = _state(profile)
        _grant(state, 'r', {'FLOW': other})

        async def scenario(client):
            return (await _status(client, 'GET', '/api/v1/main/flows/team.a/hello', AS_ALICE))[0]

        assert _run(state, scenario) == 403, profile


@pytest.mark.parametrize('profile', ['1.x', '2.0'])
def test_instance_routes_need_a_superadmin(profile):
    async def scenario(client):
        return [
            (await _status(client, 'GET', '/api/v1/tenants/main', AS_ALICE))[0],
            (await _status(client, 'GET', '/api/v1/tenants/main', ROOT))[0],
        ]

    assert _run(_state(profile), scenario) == [403, 200]
    assert _run(_state(profile, alice_superadmin=True), scenario) == [200, 200]


@pytest.mark.parametrize('profile', ['1.x', '2.0'])
def test_service_account_token_without_permission_gets_403(profile):
    state = _state(profile)
    _container(state, 'service_accounts')['sa-ci'] = {'id': 'sa-ci', 'name': 'ci', 'superAdmin': False, 'tenant': 'main'}
    state.api_tokens['t-1'] = {'id': 't-1', 'owner_id': 'sa-ci', 'name': 'ci', 'value': 'sa-token-value',
                               'expiresAt': None, 'extended': False, 'maxAge': None}
    bearer = {'Authorization': 'Bearer sa-token-value'}

    async def scenario(client):
        first = (await _status(client, 'GET', '/api/v1/main/namespaces/team.a/kv/k', bearer))
        _grant(state, 'r-kv', {'KVSTORE': READ_ACTIONS[profile]}, subject='sa-ci', namespace='team.a')
        second = (await _status(client, 'GET', '/api/v1/main/namespaces/team.a/kv/k', bearer))
        return first, second

    first, second = _run(state, scenario)
    assert first[0] == 403 and 'service account sa-ci' in first[1]
    assert second[0] == 404  # allowed now: the key does not exist


def test_execution_by_id_uses_its_namespace():
    state = _state('1.x')
    state.tenant('main').executions['ex1'] = {'id': 'ex1', 'namespace': 'team.a', 'flowId': 'hello'}
    _grant(state, 'r-ex', {'EXECUTION': ['READ']}, namespace='team.b')

    async def scenario(client):
        return (await _status(client, 'GET', '/api/v1/main/executions/ex1', AS_ALICE))[0]

    assert _run(state, scenario) == 403


def test_oss_and_root_are_never_checked():
    state = EmulatorState(profile='2.0', username=ADMIN, password=ADMIN_PASSWORD, edition='oss')

    async def scenario(client):
        return (await _status(client, 'GET', '/api/v1/main/flows/search', ROOT))[0]

    assert _run(state, scenario) == 200
    assert _run(_state('2.0'), scenario) == 200
