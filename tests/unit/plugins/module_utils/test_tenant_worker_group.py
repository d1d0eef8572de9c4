"""kestra_tenant and kestra_worker_group pure logic, with a fake client that records requests."""

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import WRITE_ONLY_SHOWN
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskContext
from ansible_collections.kestra_io.kestra.plugins.module_utils import _tenant_task, _worker_group_task
from ansible_collections.kestra_io.kestra.plugins.module_utils._tenant_api import check_versions


class Response(object):
    def __init__(self, status, body=None):
        self.status_code = status
        self._body = body

    def json(self):
        return self._body


class FakeClient(object):
    """Answers from a dict {(method, path): (status, body)}; records every request."""

    def __init__(self, answers, is_v2=False):
        self.answers = answers
        self.is_v2 = is_v2
        self.sent = []

    def request(self, method, path, json=None, allow=(), context=None, **_kwargs):
        self.sent.append((method, path, json))
        status, body = self.answers.get((method, path), (200, {}))
        return Response(status, body)

    def get_json(self, path, allow_missing=False, context=None, **_kwargs):
        self.sent.append(('GET', path, None))
        status, body = self.answers.get(('GET', path), (404, None))
        return None if status == 404 else body

    def writes(self):
        return [(method, path, body) for method, path, body in self.sent if method != 'GET']


def _tenant_params(**values):
    params = dict((name, None) for name in _tenant_task.ARGUMENT_SPEC)
    params.update(state='present', update_configuration='always')
    params.update(values)
    return params


STORED_TENANT = {'id': 'team-a', 'name': 'Team A', 'deleted': False, 'secretType': 'vault',
                 'secretConfiguration': {'token': 'stored'}, 'appCatalogConfig': {'title': 'kept'},
                 'storageIsolation': {'enabled': True, 'deniedServices': ['WORKER', 'EXECUTOR']}}


def test_tenant_converged_with_configuration_on_create_sends_no_write():
    client = FakeClient({('GET', '/api/v1/tenants/team-a'): (200, STORED_TENANT)})
    params = _tenant_params(id='team-a', name='Team A', secret_configuration={'token': 'new'},
                            storage_isolation={'enabled': True, 'denied_services': ['EXECUTOR', 'WORKER']},
                            update_configuration='on_create')
    result = _tenant_task.run(params, client, TaskContext(diff=True))
    assert result['changed'] is False and result['action'] == 'unchanged'
    assert client.writes() == []
    assert 'secret_configuration' not in result['tenant']


def test_tenant_configuration_always_is_written_over_the_stored_object():
    client = FakeClient({('GET', '/api/v1/tenants/team-a'): (200, STORED_TENANT)})
    params = _tenant_params(id='team-a', secret_configuration={'token': 'new'})
    result = _tenant_task.run(params, client, TaskContext(diff=True))
    assert result['action'] == 'updated'
    assert result['diff']['after'] == {'secret_configuration': WRITE_ONLY_SHOWN}
    [(method, path, body)] = client.writes()
    assert (method, path) == ('PUT', '/api/v1/tenants/team-a')
    # the whole stored tenant, the fields the module has no option for included, with the new configuration
    assert body['secretConfiguration'] == {'token': 'new'}
    assert body['appCatalogConfig'] == {'title': 'kept'} and body['name'] == 'Team A'
    assert 'new' not in repr(result)


def test_tenant_created_without_name_is_named_after_its_id():
    client = FakeClient({('GET', '/api/v1/configs'): (200, {'edition': 'EE'})})
    result = _tenant_task.run(_tenant_params(id='team-b', require_existing_namespace=True), client, TaskContext())
    assert result['action'] == 'created'
    [(method, path, body)] = client.writes()
    assert (method, path) == ('POST', '/api/v1/tenants')
    assert body == {'id': 'team-b', 'name': 'team-b', 'deleted': False, 'requireExistingNamespace': True}


def test_tenant_on_oss_fails_before_any_write():
    client = FakeClient({('GET', '/api/v1/configs'): (200, {'edition': 'OSS'})})
    with pytest.raises(Exception) as info:
        _tenant_task.run(_tenant_params(id='team-b', name='B'), client, TaskContext())
    assert 'needs Kestra Enterprise Edition' in str(info.value)
    assert client.writes() == []


@pytest.mark.parametrize('tenant_id', ['team.a', 'Team', '-a', '', 'a/b'])
def test_tenant_ids_kestra_refuses(tenant_id):
    with pytest.raises(KestraInputError):
        _tenant_task.check_id(tenant_id)


def test_tenant_worker_options_per_version():
    check_versions({'worker_group': {'key': 'gpu'}}, is_v2=False)
    check_versions({'default_worker_selector': {'tags': ['gpu']}}, is_v2=True)
    with pytest.raises(KestraInputError, match='default_worker_selector'):
        check_versions({'worker_group': {'key': 'gpu'}}, is_v2=True)
    with pytest.raises(KestraInputError, match='use worker_group'):
        check_versions({'default_worker_selector': {'tags': ['gpu']}}, is_v2=False)


def test_tenant_secret_values_include_nested_configuration_texts():
    found = _tenant_task._secret_values({'secret_configuration': {'a': {'b': 'deep-secret'}, 'n': 42},
                                         'storage_configuration': 'not-a-mapping', 'name': 'shown'})
    assert found == {'deep-secret', '42', 'not-a-mapping'}


def _wg_params(**values):
    params = dict((name, None) for name in _worker_group_task.ARGUMENT_SPEC)
    params.update(state='present')
    params.update(values)
    return params


V2_GROUP = {'id': 'gpu', 'name': 'GPU', 'description': 'old',
            'subscriptions': [{'mode': 'STRICT', 'reservedPercent': 50, 'queue': {'id': 'q1', 'tags': []}}]}


def test_worker_group_2x_update_keeps_the_subscriptions():
    client = FakeClient({('GET', '/api/v1/instance/worker-groups/gpu'): (200, V2_GROUP)}, is_v2=True)
    result = _worker_group_task.run(_wg_params(key='gpu', description='new'), client, TaskContext(diff=True))
    assert result['action'] == 'updated'
    assert result['diff']['before'] == {'description': 'old'} and result['diff']['after'] == {'description': 'new'}
    [(method, path, body)] = client.writes()
    assert (method, path) == ('PUT', '/api/v1/instance/worker-groups/gpu')
    assert body == {'name': 'GPU', 'description': 'new',
                    'subscriptions': [{'workerQueueId': 'q1', 'mode': 'STRICT', 'reservedPercent': 50}]}


def test_worker_group_1x_found_by_key_and_tenants_compared_as_a_set():
    client = FakeClient({
        ('GET', '/api/v1/instance/workergroups'): (200, {'workerGroups': [
            {'id': 'other', 'key': 'cpu'}, {'id': 'abc123', 'key': 'gpu', 'description': 'd'}]}),
        ('GET', '/api/v1/instance/workergroups/abc123'): (
            200, {'id': 'abc123', 'key': 'gpu', 'description': 'd', 'allowedTenants': ['b', 'a']}),
    })
    result = _worker_group_task.run(_wg_params(key='gpu', description='d', allowed_tenants=['a', 'b']), client,
                                    TaskContext())
    assert result['action'] == 'unchanged' and client.writes() == []


def test_worker_group_1x_update_without_tenants_sends_the_stored_ones():
    client = FakeClient({
        ('GET', '/api/v1/instance/workergroups'): (200, {'workerGroups': [{'id': 'abc123', 'key': 'gpu'}]}),
        ('GET', '/api/v1/instance/workergroups/abc123'): (200, {'id': 'abc123', 'key': 'gpu', 'allowedTenants': ['a']}),
    })
    _worker_group_task.run(_wg_params(key='gpu', description='new'), client, TaskContext())
    [(method, path, body)] = client.writes()
    assert (method, path) == ('PUT', '/api/v1/instance/workergroups/abc123')
    assert body == {'key': 'gpu', 'description': 'new', 'allowedTenants': ['a']}


@pytest.mark.parametrize('is_v2, option, value', [(False, 'name', 'GPU'), (True, 'allowed_tenants', ['a'])])
def test_worker_group_option_of_the_other_version_fails_before_any_request(is_v2, option, value):
    client = FakeClient({}, is_v2=is_v2)
    with pytest.raises(KestraInputError, match='exists on Kestra'):
        _worker_group_task.run(_wg_params(key='gpu', **{option: value}), client, TaskContext())
    assert client.sent == []


@pytest.mark.parametrize('key', ['', 'a b', 'a/b', 'a\nb', 'x' * 256])
def test_worker_group_keys_refused(key):
    with pytest.raises(KestraInputError):
        _worker_group_task.check_input(_wg_params(key=key))
