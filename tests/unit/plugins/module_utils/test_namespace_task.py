"""kestra_namespace pure logic: declared values, comparison, the merged PUT body, version and edition errors.

The server is a small fake that answers as the notes in docs/dev/kestra-api/namespaces-secrets.md say
Kestra OSS and EE do (the integration target runs the module against the emulator over HTTP).
"""

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_api import NEEDS_EE, check_versions
from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_task import (
    ARGUMENT_SPEC,
    NamespaceResource,
    declared_values,
    run,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import WRITE_ONLY_SHOWN, plan
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskContext


class Response(object):
    def __init__(self, status_code, body=None):
        self.status_code = status_code
        self._body = body

    def json(self):
        return self._body


class FakeKestra(object):
    """GET/POST/PUT/DELETE of namespaces as an EE or an OSS server answers them."""

    def __init__(self, edition='EE', v2=False, stored=None, delete_status=None):
        self.edition = edition
        self.is_v2 = v2
        self.stored = dict(stored or {})
        self.delete_status = delete_status
        self.requests = []
        self.wrote = False

    @staticmethod
    def api_path(*segments):
        return '/api/v1/main/' + '/'.join(segments)

    def _answer(self, method, path, json):
        if path == '/api/v1/configs':
            return Response(200, {'version': '2.0.0' if self.is_v2 else '1.3.5', 'edition': self.edition})
        ident = path.rsplit('/', 1)[1]
        if self.edition == 'OSS':
            if method == 'GET':
                return Response(200, {'id': ident, 'deleted': False})
            return Response(404 if method == 'POST' else 405, {'message': 'Not Found'})
        if method == 'GET':
            return Response(200, self.stored[ident]) if ident in self.stored else Response(404)
        if method == 'POST':
            self.stored[json['id']] = json
            return Response(200, json)
        if method == 'PUT':
            self.stored[ident] = json
            return Response(200, json)
        if self.delete_status:
            return Response(self.delete_status, {'message': 'Namespace has flows'})
        self.stored.pop(ident, None)
        return Response(204)

    def request(self, method, path, json=None, allow=(), context=None, **_kwargs):
        self.requests.append((method, path, json))
        response = self._answer(method, path, json)
        if response.status_code >= 400 and response.status_code not in allow:
            raise KestraError('%s: %s %s answered HTTP %d' % (context, method, path, response.status_code),
                              status=response.status_code)
        if response.status_code < 300 and method != 'GET':
            self.wrote = True
        return response

    def get_json(self, path, allow_missing=False, context=None, **_kwargs):
        response = self.request('GET', path, allow=(404,) if allow_missing else (), context=context)
        return None if response.status_code == 404 else response.json()

    def writes(self):
        return [r for r in self.requests if r[0] != 'GET']


def params(**kwargs):
    values = dict((name, None) for name in ARGUMENT_SPEC)
    values.update({'namespace': 'company.team', 'state': 'present'})
    values.update(kwargs)
    return values


def test_variables_as_yaml_text_and_as_dict_are_the_same():
    as_text = declared_values(params(variables='b: [1, 2]\na: {x: "1"}\n'))
    as_dict = declared_values(params(variables={'a': {'x': '1'}, 'b': [1, 2]}))
    assert as_text == as_dict
    resource = NamespaceResource(None)
    assert plan(resource, {'variables': as_dict['variables']}, as_text) == ('unchanged', [])


@pytest.mark.parametrize('option, value', [
    ('variables', '- a\n- b\n'),
    ('variables', 'a: [1'),
    ('variables', 5),
    ('plugin_defaults', {'type': 'x'}),
    ('plugin_defaults', [{'values': {'a': 1}}]),
    ('allowed_namespaces', ['Not Valid']),
])
def test_bad_values_are_refused_before_any_request(option, value):
    with pytest.raises(KestraInputError) as caught:
        run(params(**{option: value}), FakeKestra(), TaskContext())
    assert option in str(caught.value)


def test_order_and_empty_values_do_not_matter():
    resource = NamespaceResource(None)
    stored = {'allowed_namespaces': ['a', 'b'],
              'secret_isolation': {'enabled': True, 'denied_services': ['EXECUTOR', 'WORKER']}}
    declared = declared_values(params(allowed_namespaces=['b', 'a'], variables={},
                                      secret_isolation={'enabled': True, 'denied_services': ['WORKER', 'EXECUTOR']}))
    assert plan(resource, stored, declared) == ('unchanged', [])


def test_update_sends_the_stored_object_with_the_declared_fields_over_it():
    stored = {'id': 'company.team', 'deleted': False, 'description': 'kept', 'variables': {'a': 1},
              'allowedTriggers': [{'namespace': 'other'}], 'futureField': {'x': 1}}
    server = FakeKestra(stored={'company.team': dict(stored)})
    result = run(params(allowed_namespaces=['company.shared']), server, TaskContext())
    assert result['changed'] and result['action'] == 'updated'
    assert server.writes() == [('PUT', '/api/v1/main/namespaces/company.team',
                                dict(stored, allowedNamespaces=[{'namespace': 'company.shared'}]))]
    assert result['settings'] == {'description': 'kept', 'variables': {'a': 1}, 'allowed_namespaces': ['company.shared']}


def test_converged_task_writes_nothing():
    server = FakeKestra(stored={'company.team': {'id': 'company.team', 'deleted': False, 'variables': {'a': 1}}})
    result = run(params(variables='a: 1'), server, TaskContext(diff=True))
    assert not result['changed'] and server.writes() == []
    assert [r[1] for r in server.requests] == ['/api/v1/main/namespaces/company.team']


def test_check_mode_writes_nothing_and_diff_shows_the_declared_fields():
    server = FakeKestra()
    result = run(params(description='d'), server, TaskContext(check_mode=True, diff=True))
    assert result['changed'] and result['action'] == 'created' and server.writes() == []
    assert result['diff']['before'] == {} and result['diff']['after'] == {'description': 'd'}


def test_credentials_are_never_shown():
    server = FakeKestra()
    result = run(params(secret_configuration={'token': 'Very-Secret-1'},
                        sdk_default_authentication={'api_token': 'Very-Secret-2', 'username': None,
                                                    'password': None}),
                 server, TaskContext(diff=True))
    assert 'Very-Secret' not in repr(result)
    assert result['settings']['secret_configuration'] == WRITE_ONLY_SHOWN
    assert result['diff']['after']['sdk_default_authentication'] == WRITE_ONLY_SHOWN
    assert server.stored['company.team']['sdkDefaultAuthentication'] == {'apiToken': 'Very-Secret-2'}


@pytest.mark.parametrize('v2, option, value', [
    (True, 'plugin_defaults', [{'type': 'io.kestra.plugin.core.log.Log', 'values': {}}]),
    (True, 'worker_group', {'key': 'gpu', 'fallback': None}),
    (False, 'concurrency', {'limit': 2, 'behavior': 'QUEUE'}),
    (False, 'quotas', []),
    (False, 'default_worker_selector', {'tags': ['gpu'], 'match': None, 'fallback': None}),
])
def test_an_option_of_the_other_api_version_is_refused_before_any_write(v2, option, value):
    server = FakeKestra(v2=v2)
    with pytest.raises(KestraInputError) as caught:
        run(params(**{option: value}), server, TaskContext())
    assert option in str(caught.value) and ('Kestra %s only' % ('1.x' if v2 else '2.0')) in str(caught.value)
    assert server.requests == []


def test_options_of_both_versions_never_need_the_version():
    check_versions({'description': 'd', 'variables': {}}, is_v2=None)


@pytest.mark.parametrize('state, kwargs', [
    ('present', {'description': 'd'}),
    ('present', {}),
    ('absent', {}),
])
@pytest.mark.parametrize('check_mode', [False, True])
def test_oss_server_needs_enterprise_edition(state, kwargs, check_mode):
    server = FakeKestra(edition='OSS')
    with pytest.raises(KestraError) as caught:
        run(params(state=state, **kwargs), server, TaskContext(check_mode=check_mode))
    assert NEEDS_EE in str(caught.value) and 'edition OSS' in str(caught.value)
    assert server.writes() == []


class OssWithoutConfigs(FakeKestra):
    """An OSS server whose /api/v1/configs is not readable: the write's own answer tells."""

    def _answer(self, method, path, json):
        if path == '/api/v1/configs':
            return Response(403)
        return super(OssWithoutConfigs, self)._answer(method, path, json)


@pytest.mark.parametrize('state, method, status', [('present', 'PUT', 405), ('absent', 'DELETE', 405)])
def test_oss_write_answer_says_enterprise_edition(state, method, status):
    server = OssWithoutConfigs(edition='OSS')
    with pytest.raises(KestraError) as caught:
        run(params(state=state, description='d' if state == 'present' else None), server, TaskContext())
    message = str(caught.value)
    assert NEEDS_EE in message and '%s /api/v1/main/namespaces/company.team answered HTTP %d' % (method, status) in message
    assert '404' not in message


def test_oss_post_404_says_enterprise_edition():
    server = FakeKestra(edition='OSS')
    with pytest.raises(KestraError) as caught:
        server.stored = {}
        NamespaceResource.create(NamespaceResource(_api(server)), server, 'company.team', {'description': 'd'})
    assert NEEDS_EE in str(caught.value) and 'POST /api/v1/main/namespaces answered HTTP 404' in str(caught.value)


def _api(server):
    from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_api import NamespaceApi
    return NamespaceApi(server)


@pytest.mark.parametrize('status', [400, 409, 422])
def test_delete_refused_because_of_flows_is_explained(status):
    server = FakeKestra(stored={'company.team': {'id': 'company.team', 'deleted': False, 'description': 'd'}},
                        delete_status=status)
    with pytest.raises(KestraError) as caught:
        run(params(state='absent'), server, TaskContext())
    assert 'still holds flows' in str(caught.value) and caught.value.status == status


@pytest.mark.parametrize('profile', ['1.x', '2.0'])
def test_oss_emulator_over_http_needs_enterprise_edition(profile):
    """The emulator answers as Kestra OSS does (GET 200 for any id): the message says EE is needed, no write."""
    from ansible.module_utils.common.arg_spec import ModuleArgumentSpecValidator
    from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_task import TASK
    from ansible_collections.kestra_io.kestra.plugins.module_utils._task import execute
    from tests.emulator.testing import Emulator, is_write

    emulator = Emulator(profile=profile, edition='oss', username='oss@kestra.io', password='Oss-Password-1')
    try:
        for args in ({'description': 'd'}, {'state': 'absent'}):
            arguments = dict(url=emulator.url, username='oss@kestra.io', password='Oss-Password-1',
                             namespace='company.team', **args)
            validation = ModuleArgumentSpecValidator(**TASK.validator_kwargs()).validate(arguments)
            result = execute(TASK, validation.validated_parameters, TaskContext())
            assert result['failed'] and not result['changed']
            assert 'needs Kestra Enterprise Edition' in result['msg'] and '404' not in result['msg']
        assert not [entry for entry in emulator.requests() if is_write(entry)]
    finally:
        emulator.stop()
