"""kestra_secret pure logic: what a task declares, the hidden values, the plan, and the OSS answer.

The fake client below stands for the HTTP layer only (its answers are the ones documented in
docs/dev/kestra-api/namespaces-secrets.md); the integration target runs the module against the emulator.
"""

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import WRITE_ONLY_SHOWN
from ansible_collections.kestra_io.kestra.plugins.module_utils._secret_api import NEEDS_EE, tags_from_api, tags_to_api
from ansible_collections.kestra_io.kestra.plugins.module_utils._secret_task import (
    check_key,
    check_tags,
    declared_secrets,
    run,
    secret_values,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskContext

VALUE = 'Unit-Secret-Value-7f3a'


def params(**kwargs):
    base = dict(namespace='company.team', key=None, value=None, description=None, tags=None, secrets=None,
                state='present', update_secret='always', prune=False)
    base.update(kwargs)
    return base


class Response(object):
    def __init__(self, status, body=None):
        self.status_code = status
        self._body = body
        self.text = '' if body is None else str(body)
        self.headers = {'Content-Type': 'application/json'}

    def json(self):
        return self._body


class FakeClient(object):
    """api_path/get_json/request as KestraClient has them; stores {key: meta} and logs the requests."""

    def __init__(self, stored=None, edition='EE'):
        self.stored = dict(stored or {})
        self.edition = edition
        self.sent = []

    def api_path(self, *segments):
        return '/api/v1/main/' + '/'.join(segments)

    def get_json(self, path, params=None, allow_missing=False, context=None):
        self.sent.append(('GET', path, None))
        if self.edition != 'EE':
            return None
        results = [dict(meta, key=key, namespace='company.team') for key, meta in sorted(self.stored.items())]
        return {'results': results, 'total': len(results)}

    def request(self, method, path, params=None, json=None, allow=(), context=None, **kwargs):
        self.sent.append((method, path, json))
        if path == '/api/v1/configs':
            return Response(200, {'version': '1.3.0', 'edition': self.edition})
        return Response(200)

    def writes(self):
        return [(method, path, body) for method, path, body in self.sent if method != 'GET']


def test_one_secret_is_declared_with_its_metadata():
    declared = declared_secrets(params(key='DB_PASSWORD', value=VALUE, description='d', tags={'env': 'prod', 'n': 1}))
    assert declared == {'DB_PASSWORD': {'value': VALUE, 'description': 'd', 'tags': {'env': 'prod', 'n': '1'}}}


def test_bulk_entries_are_a_value_or_a_mapping():
    declared = declared_secrets(params(secrets={'A': VALUE, 'B': {'value': 42, 'tags': {}}, 'C': {'description': 'x'}}))
    assert declared == {'A': {'value': VALUE, 'description': None, 'tags': None},
                        'B': {'value': '42', 'description': None, 'tags': {}},
                        'C': {'value': None, 'description': 'x', 'tags': None}}


def test_values_are_ignored_when_absent():
    assert declared_secrets(params(key='A', value=VALUE, state='absent'))['A']['value'] is None


@pytest.mark.parametrize('bad', [
    dict(key='a/b', value=VALUE),
    dict(key='A\r\nX: y', value=VALUE),
    dict(key='', value=VALUE),
    dict(key='A', value=''),
    dict(key='A', value=True),
    dict(key='A', value=VALUE, tags={'t': ['list']}),
    dict(key='A', value=VALUE, tags=['not', 'a', 'mapping']),
    dict(secrets={'A': {'value': VALUE, 'sensitive': True}}),
    dict(secrets={'A': {'value': VALUE, 'description': 5}}),
    dict(secrets={'A': [VALUE]}),
    dict(namespace='bad namespace', key='A', value=VALUE),
])
def test_bad_input_is_refused_without_quoting_the_value(bad):
    with pytest.raises(KestraInputError) as info:
        declared_secrets(params(**bad))
    assert VALUE not in str(info.value)


def test_keys_and_tags():
    assert check_key('DB_PASSWORD.v2-x') == 'DB_PASSWORD.v2-x'
    assert check_tags(None, 'tags') is None
    assert tags_from_api([{'key': 'b', 'value': '2'}, {'key': 'a', 'value': '1'}]) == {'a': '1', 'b': '2'}
    assert tags_from_api(None) == {}
    assert tags_to_api({'b': '2', 'a': '1'}) == [{'key': 'a', 'value': '1'}, {'key': 'b', 'value': '2'}]


def test_secret_values_finds_every_value_as_given():
    found = secret_values({'value': VALUE, 'secrets': {'A': 'other-value', 'B': {'value': 1234}, 'C': {'x': 'y'},
                                                       'D': None, 'E': {'value': True}}})
    assert found == {VALUE, 'other-value', '1234'}
    assert secret_values({'value': '  ', 'secrets': 'not-a-mapping'}) == set()
    assert secret_values(None) == set()


def test_create_puts_value_description_and_tags():
    client = FakeClient()
    result = run(params(key='A', value=VALUE, description='d', tags={'k': 'v'}), client, TaskContext(diff=True))
    assert result['changed'] and result['action'] == 'created'
    assert client.writes() == [('PUT', '/api/v1/main/namespaces/company.team/secrets',
                                {'key': 'A', 'value': VALUE, 'description': 'd', 'tags': [{'key': 'k', 'value': 'v'}]})]
    assert result['diff']['after'] == {'value': WRITE_ONLY_SHOWN, 'description': 'd', 'tags': {'k': 'v'}}
    assert VALUE not in repr(result)


def test_on_create_leaves_an_existing_value_and_patches_metadata_only():
    stored = {'A': {'description': 'old', 'tags': [{'key': 'k', 'value': 'v'}]}}
    client = FakeClient(stored)
    result = run(params(key='A', value=VALUE, description='old', tags={'k': 'v'}, update_secret='on_create'), client,
                 TaskContext())
    assert result['changed'] is False and client.writes() == []
    client = FakeClient(stored)
    result = run(params(key='A', value=VALUE, description='new', update_secret='on_create'), client, TaskContext())
    assert result['action'] == 'updated'
    # the PATCH keeps the value and the tags the task does not manage
    assert client.writes() == [('PATCH', '/api/v1/main/namespaces/company.team/secrets/A',
                                {'key': 'A', 'description': 'new', 'tags': [{'key': 'k', 'value': 'v'}]})]


def test_always_rewrites_the_value_with_the_stored_metadata():
    client = FakeClient({'A': {'description': 'kept', 'tags': [{'key': 'k', 'value': 'v'}]}})
    result = run(params(key='A', value=VALUE), client, TaskContext(diff=True))
    assert result['changed'] is True
    assert client.writes() == [('PUT', '/api/v1/main/namespaces/company.team/secrets',
                                {'key': 'A', 'value': VALUE, 'description': 'kept',
                                 'tags': [{'key': 'k', 'value': 'v'}]})]
    assert result['diff']['after'] == {'value': WRITE_ONLY_SHOWN}


def test_bulk_prune_and_check_mode():
    client = FakeClient({'A': {'description': None, 'tags': []}, 'OLD': {'description': None, 'tags': []}})
    result = run(params(secrets={'A': VALUE, 'B': VALUE}, update_secret='on_create', prune=True), client,
                 TaskContext(check_mode=True, diff=True))
    assert [(e['key'], e['action']) for e in result['secret']] == [('A', 'unchanged'), ('B', 'created'),
                                                                   ('OLD', 'deleted')]
    assert client.writes() == [] and len(result['diff']) == 2


def test_a_missing_secret_needs_a_value():
    with pytest.raises(KestraInputError, match='a value is needed'):
        run(params(key='A', description='d'), FakeClient(), TaskContext())


@pytest.mark.parametrize('bad', [dict(key='A', value=VALUE, prune=True),
                                 dict(secrets={'A': VALUE}, prune=True, state='absent')])
def test_prune_needs_secrets_and_present(bad):
    with pytest.raises(KestraInputError, match='prune'):
        run(params(**bad), FakeClient(), TaskContext())


def test_oss_server_needs_enterprise_edition():
    client = FakeClient(edition='OSS')
    with pytest.raises(KestraError) as info:
        run(params(key='A', value=VALUE), client, TaskContext())
    assert NEEDS_EE in str(info.value) and 'edition OSS' in str(info.value)
    assert VALUE not in str(info.value) and client.writes() == []
    # the edition is read only after the secrets route answered 404
    assert [path for _method, path, _body in client.sent] == ['/api/v1/main/secrets', '/api/v1/configs']


def test_enterprise_404_is_not_called_oss():
    client = FakeClient(edition='EE')
    client.get_json = lambda *args, **kwargs: None
    with pytest.raises(KestraError) as info:
        run(params(key='A', value=VALUE), client, TaskContext())
    assert NEEDS_EE not in str(info.value) and 'HTTP 404' in str(info.value)
