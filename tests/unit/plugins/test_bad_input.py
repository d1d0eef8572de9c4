"""Malformed and hostile input for every module: a clear error, no traceback, nothing written.

Each case runs twice against a real emulator process (HTTP on 127.0.0.1, basic auth):
- 'module': the module file itself as Ansible runs it on a target (a Python process
  reading its arguments file, AnsibleModule validation, exit_json/fail_json on stdout);
- 'in-process': what the action plugin does on the controller (ModuleArgumentSpecValidator
  with the same spec, then the same execute()), without the Ansible task plumbing around it.
The emulator's request log then shows whether any write request was sent.
This is real enough for the property under test: the argument validation, the logic and
the HTTP client are the shipped code, and the server answers as Kestra does.
"""

import json
import os
import subprocess
import sys

import pytest
import requests

from ansible.module_utils.common.arg_spec import ModuleArgumentSpecValidator

from ansible_collections.kestra_io.kestra.plugins.module_utils import (
    _access_info_task,
    _api_token_task,
    _binding_task,
    _execution_info_task,
    _execution_task,
    _flow_info_task,
    _flow_task,
    _group_task,
    _kv_info_task,
    _kv_task,
    _namespace_file_task,
    _namespace_task,
    _role_task,
    _secret_task,
    _service_account_task,
    _tenant_task,
    _trigger_task,
    _user_task,
    _worker_group_task,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskContext, execute
from tests.emulator.testing import Emulator, is_write

USERNAME = 'bad-input@kestra.io'
PASSWORD = 'Bad-Input-Secret-1'
TASKS = {
    'kestra_access_info': _access_info_task.TASK,
    'kestra_api_token': _api_token_task.TASK,
    'kestra_user': _user_task.TASK,
    'kestra_binding': _binding_task.TASK,
    'kestra_service_account': _service_account_task.TASK,
    'kestra_kv': _kv_task.TASK,
    'kestra_kv_info': _kv_info_task.TASK,
    'kestra_flow': _flow_task.TASK,
    'kestra_execution': _execution_task.TASK,
    'kestra_execution_info': _execution_info_task.TASK,
    'kestra_flow_info': _flow_info_task.TASK,
    'kestra_group': _group_task.TASK,
    'kestra_role': _role_task.TASK,
    'kestra_trigger': _trigger_task.TASK,
    'kestra_namespace_file': _namespace_file_task.TASK,
    'kestra_namespace': _namespace_task.TASK,
    'kestra_secret': _secret_task.TASK,
    'kestra_tenant': _tenant_task.TASK,
    'kestra_worker_group': _worker_group_task.TASK,
}
MODULES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))), 'plugins', 'modules')

BILLION_LAUGHS = '\n'.join(
    ['id: bomb', 'namespace: bad.input', 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'] +
    ['a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]' % ((i, i) + (i - 1,) * 9) for i in range(1, 10)] +
    ['tasks: *a9'])
DEEP_YAML = 'id: deep\nnamespace: bad.input\ntasks: ' + '[' * 5000 + ']' * 5000
FLOW = 'id: good\nnamespace: bad.input\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n'
CRLF = 'a\r\nX-Injected: yes'
LONG = 'x' * 20000
SECRET_VALUE = 'Bad-Input-Secret-Value-3c9e'  # a kestra_secret value: never in any output

# (id, module, arguments): every case must fail before writing anything
REJECTED = [
    # wrong types
    ('kv values not a dict', 'kestra_kv', {'namespace': 'bad.input', 'values': 'not-a-dict'}),
    ('kv prune not a bool', 'kestra_kv', {'namespace': 'bad.input', 'values': {'a': 1}, 'prune': 'maybe'}),
    ('kv timeout not a number', 'kestra_kv', {'namespace': 'bad.input', 'key': 'k', 'value': 1, 'timeout': 'soon'}),
    ('kv type not a choice', 'kestra_kv', {'namespace': 'bad.input', 'key': 'k', 'value': 1, 'type': 'INTEGER'}),
    ('kv_info include_values not a bool', 'kestra_kv_info', {'namespace': 'bad.input', 'include_values': 'perhaps'}),
    ('flow definition not a mapping', 'kestra_flow', {'definition': 'just a string'}),
    ('flow state not a choice', 'kestra_flow', {'source': FLOW, 'state': 'gone'}),
    ('execution inputs not a dict', 'kestra_execution', {'namespace': 'bad.input', 'flow_id': 'good',
                                                         'inputs': ['x', 'y']}),
    ('execution revision not an int', 'kestra_execution', {'namespace': 'bad.input', 'flow_id': 'good', 'revision': 'latest'}),
    ('execution labels without a colon', 'kestra_execution', {'namespace': 'bad.input', 'flow_id': 'good',
                                                              'labels': ['nocolon']}),
    ('execution wait_timeout negative', 'kestra_execution', {'namespace': 'bad.input', 'flow_id': 'good', 'wait': True,
                                                             'wait_timeout': -5}),
    ('trigger enabled not a bool', 'kestra_trigger', {'namespace': 'bad.input', 'enabled': 'sometimes'}),
    ('execution_info unknown state', 'kestra_execution_info', {'namespace': 'bad.input', 'states': ['FAILED', 'BROKEN']}),
    ('execution_info since not a duration', 'kestra_execution_info', {'namespace': 'bad.input', 'since': 'yesterday'}),
    ('execution_info id and search options', 'kestra_execution_info', {'execution_id': 'abc', 'namespace': 'bad.input'}),
    ('execution_info limit negative', 'kestra_execution_info', {'namespace': 'bad.input', 'limit': -1}),
    ('flow_info revisions without flow_id', 'kestra_flow_info', {'namespace': 'bad.input', 'revisions': True}),
    ('flow_info flow_id and query', 'kestra_flow_info', {'namespace': 'bad.input', 'flow_id': 'f', 'query': 'x'}),
    ('unknown option', 'kestra_kv', {'namespace': 'bad.input', 'key': 'k', 'value': 1, 'bogus': True}),
    # empty strings
    ('kv empty namespace', 'kestra_kv', {'namespace': '', 'key': 'k', 'value': 1}),
    ('kv empty key', 'kestra_kv', {'namespace': 'bad.input', 'key': '', 'value': 1}),
    ('kv empty ttl', 'kestra_kv', {'namespace': 'bad.input', 'key': 'k', 'value': 1, 'ttl': ''}),
    ('kv_info empty namespace', 'kestra_kv_info', {'namespace': ''}),
    ('flow empty source', 'kestra_flow', {'source': ''}),
    ('execution empty execution_id', 'kestra_execution', {'execution_id': '', 'state': 'absent'}),
    ('trigger empty namespace', 'kestra_trigger', {'namespace': '', 'enabled': False}),
    # unicode
    ('kv key with accents', 'kestra_kv', {'namespace': 'bad.input', 'key': 'clé', 'value': 1}),
    ('kv description not latin-1', 'kestra_kv', {'namespace': 'bad.input', 'key': 'k', 'value': 1,
                                                 'description': 'rocket \U0001F680 launch'}),
    ('kv namespace with accents', 'kestra_kv', {'namespace': 'équipe', 'key': 'k', 'value': 1}),
    # very long strings
    ('kv very long key', 'kestra_kv', {'namespace': 'bad.input', 'key': LONG, 'value': 1}),
    ('kv very long description', 'kestra_kv', {'namespace': 'bad.input', 'key': 'k', 'value': 1, 'description': LONG}),
    ('flow very long id', 'kestra_flow', {'namespace': 'bad.input', 'id': LONG, 'state': 'absent'}),
    # YAML bombs and deeply nested YAML
    ('flow billion laughs', 'kestra_flow', {'source': BILLION_LAUGHS}),
    ('flow 5000 levels deep', 'kestra_flow', {'source': DEEP_YAML}),
    # path traversal in keys and ids
    ('kv key ../../etc/passwd', 'kestra_kv', {'namespace': 'bad.input', 'key': '../../etc/passwd', 'value': 1}),
    ('kv key ..', 'kestra_kv', {'namespace': 'bad.input', 'key': '..', 'value': 1, 'state': 'absent'}),
    ('kv namespace ..', 'kestra_kv', {'namespace': '..', 'key': 'k', 'value': 1}),
    ('flow id ..', 'kestra_flow', {'namespace': 'bad.input', 'id': '..', 'state': 'absent'}),
    ('execution id ..', 'kestra_execution', {'execution_id': '..', 'state': 'absent'}),
    ('trigger flow_id ..', 'kestra_trigger', {'namespace': 'bad.input', 'flow_id': '..', 'enabled': False}),
    # CRLF in values that become HTTP headers (KV description and ttl) or URL parts
    ('kv CRLF in description', 'kestra_kv', {'namespace': 'bad.input', 'key': 'k', 'value': 1, 'description': CRLF}),
    ('kv CRLF in ttl', 'kestra_kv', {'namespace': 'bad.input', 'key': 'k', 'value': 1, 'ttl': 'PT1H' + CRLF}),
    ('kv CRLF in key', 'kestra_kv', {'namespace': 'bad.input', 'key': 'k' + CRLF, 'value': 1}),
    ('kv bulk CRLF in description', 'kestra_kv', {'namespace': 'bad.input',
                                                  'values': {'k': {'value': 1, 'description': CRLF}}}),
    ('kv ttl not a duration', 'kestra_kv', {'namespace': 'bad.input', 'key': 'k', 'value': 1, 'ttl': 'one hour'}),
    # namespace files
    ('namespace file content and src', 'kestra_namespace_file', {'namespace': 'bad.input', 'path': '/a.txt',
                                                                 'content': 'x', 'src': '/etc/hostname'}),
    ('namespace file src missing', 'kestra_namespace_file', {'namespace': 'bad.input', 'path': '/a.txt',
                                                             'src': '/nonexistent/bad-input/file.txt'}),
    ('namespace file path ..', 'kestra_namespace_file', {'namespace': 'bad.input', 'path': '/a/../../b.txt',
                                                         'content': 'x'}),
    ('namespace file item path ..', 'kestra_namespace_file', {'namespace': 'bad.input',
                                                              'files': [{'path': '../x', 'content': 'x'}]}),
    ('namespace file under /_flows', 'kestra_namespace_file', {'namespace': 'bad.input', 'path': '/_flows/f.yml',
                                                               'content': FLOW}),
    ('namespace file CRLF in path', 'kestra_namespace_file', {'namespace': 'bad.input', 'path': '/a' + CRLF,
                                                              'content': 'x'}),
    ('namespace file item without content or src', 'kestra_namespace_file', {'namespace': 'bad.input',
                                                                             'files': [{'path': 'a'}]}),
    ('namespace file prune with absent', 'kestra_namespace_file', {'namespace': 'bad.input', 'path': '/a',
                                                                   'state': 'absent', 'prune': True}),
    # namespaces (EE): refused before any request; on this OSS server a valid task fails with 'needs EE', unwritten
    ('namespace id with capitals', 'kestra_namespace', {'namespace': 'Bad Input', 'description': 'd'}),
    ('namespace variables not a mapping', 'kestra_namespace', {'namespace': 'bad.input', 'variables': '- a\n- b\n'}),
    ('namespace variables bad YAML', 'kestra_namespace', {'namespace': 'bad.input', 'variables': BILLION_LAUGHS[:40]}),
    ('namespace plugin default without type', 'kestra_namespace', {'namespace': 'bad.input',
                                                                   'plugin_defaults': [{'values': {'a': 1}}]}),
    ('namespace concurrency not a mapping', 'kestra_namespace', {'namespace': 'bad.input', 'concurrency': 'many'}),
    ('namespace on an OSS server', 'kestra_namespace', {'namespace': 'bad.input', 'description': 'd'}),
    # access listing (EE): an unknown kind is refused before any request; on this OSS server a listing fails
    ('access_info unknown kind', 'kestra_access_info', {'kinds': ['users', 'permissions']}),
    ('access_info kinds not a list of names', 'kestra_access_info', {'kinds': [{'users': True}]}),
    ('access_info on an OSS server', 'kestra_access_info', {'kinds': ['bindings']}),
    # groups and roles (EE): refused before any write; on this OSS server a valid task fails with 'needs EE'
    ('group empty name', 'kestra_group', {'name': ' '}),
    ('group members not a list of emails', 'kestra_group', {'name': 'devs', 'members': [{'email': 'a@b.c'}]}),
    ('group CRLF in a member', 'kestra_group', {'name': 'devs', 'members': ['a@b.c' + CRLF]}),
    ('group on an OSS server', 'kestra_group', {'name': 'devs', 'description': 'd'}),
    ('role permissions not a mapping', 'kestra_role', {'name': 'viewer', 'permissions': 'FLOW: READ'}),
    ('role actions not a list of names', 'kestra_role', {'name': 'viewer', 'permissions': {'FLOW': [{'a': 1}]}}),
    ('role unknown resource', 'kestra_role', {'name': 'viewer', 'permissions': {'PIZZA': ['READ']}}),
    ('role 2.x action on 1.x', 'kestra_role', {'name': 'viewer', 'permissions': {'FLOW': ['VIEW']}}),
    ('role on an OSS server', 'kestra_role', {'name': 'viewer', 'description': 'd'}),
    # secrets (EE): refused before any request; on this OSS server a valid task fails with 'needs EE', unwritten
    ('secret key with a slash', 'kestra_secret', {'namespace': 'bad.input', 'key': 'a/b', 'value': SECRET_VALUE}),
    ('secret CRLF in key', 'kestra_secret', {'namespace': 'bad.input', 'key': 'K' + CRLF, 'value': SECRET_VALUE}),
    ('secret value and secrets', 'kestra_secret', {'namespace': 'bad.input', 'value': SECRET_VALUE,
                                                   'secrets': {'K': SECRET_VALUE}}),
    ('secrets entry unknown option', 'kestra_secret', {'namespace': 'bad.input',
                                                       'secrets': {'K': {'value': SECRET_VALUE, 'sensitive': True}}}),
    ('secret tag not a string', 'kestra_secret', {'namespace': 'bad.input', 'key': 'K', 'value': SECRET_VALUE,
                                                  'tags': {'t': [SECRET_VALUE]}}),
    ('secret on an OSS server', 'kestra_secret', {'namespace': 'bad.input', 'key': 'K', 'value': SECRET_VALUE}),
    ('tenant id with a dot', 'kestra_tenant', {'id': 'team.a', 'name': 'Team A'}),
    ('tenant configuration not a mapping', 'kestra_tenant', {'id': 'team-a', 'secret_configuration': SECRET_VALUE}),
    ('tenant isolation not a mapping', 'kestra_tenant', {'id': 'team-a', 'storage_isolation': [SECRET_VALUE],
                                                         'storage_configuration': {'key': SECRET_VALUE}}),
    ('tenant on an OSS server', 'kestra_tenant', {'id': 'team-a', 'secret_configuration': {'token': SECRET_VALUE}}),
    ('worker group key with a slash', 'kestra_worker_group', {'key': 'a/b', 'description': 'd'}),
    ('worker group tenants not a list of ids', 'kestra_worker_group', {'key': 'gpu', 'allowed_tenants': ['Team A']}),
    ('worker group on an OSS server', 'kestra_worker_group', {'key': 'gpu', 'description': 'd'}),
    # bindings and service accounts (EE): refused before any request; on this OSS server a valid task fails
    ('binding without a subject', 'kestra_binding', {'role': 'viewer'}),
    ('binding two subjects', 'kestra_binding', {'role': 'viewer', 'user': 'a@b.c', 'group': 'devs'}),
    ('binding namespace with a space', 'kestra_binding', {'role': 'viewer', 'group': 'devs', 'namespace': 'a b'}),
    ('binding item not a mapping', 'kestra_binding', {'bindings': ['devs:viewer']}),
    ('binding prune without bindings', 'kestra_binding', {'role': 'viewer', 'group': 'devs', 'prune': True}),
    ('binding on an OSS server', 'kestra_binding', {'role': 'viewer', 'group': 'devs'}),
    ('service account name with capitals', 'kestra_service_account', {'name': 'Team CI'}),
    ('service account name of 64 characters', 'kestra_service_account', {'name': 'a' * 64}),
    ('service account groups with scope instance', 'kestra_service_account', {'name': 'ci', 'scope': 'instance',
                                                                              'groups': ['devs']}),
    ('service account groups not names', 'kestra_service_account', {'name': 'ci', 'groups': [{'name': 'devs'}]}),
    ('service account on an OSS server', 'kestra_service_account', {'name': 'ci', 'description': 'd'}),
    # users and API tokens (EE): refused before any request; on this OSS server a valid task fails
    ('user email without @', 'kestra_user', {'email': 'jane.example.com', 'user_password': SECRET_VALUE}),
    ('user append without groups', 'kestra_user', {'email': 'jane@example.com', 'append': True}),
    ('user password with state absent', 'kestra_user', {'email': 'jane@example.com', 'state': 'absent',
                                                        'user_password': SECRET_VALUE}),
    ('user groups not a list of names', 'kestra_user', {'email': 'jane@example.com', 'groups': [{'a': SECRET_VALUE}],
                                                        'user_password': SECRET_VALUE}),
    ('user on an OSS server', 'kestra_user', {'email': 'jane@example.com', 'user_password': SECRET_VALUE}),
    ('api token name with capitals', 'kestra_api_token', {'user': 'jane@example.com', 'name': 'CI Token'}),
    ('api token max_age not a duration', 'kestra_api_token', {'user': 'jane@example.com', 'name': 'ci',
                                                              'max_age': '3 days'}),
    ('api token two owners', 'kestra_api_token', {'user': 'jane@example.com', 'service_account': 'ci', 'name': 'ci'}),
    ('api token rotate with absent', 'kestra_api_token', {'user': 'jane@example.com', 'name': 'ci', 'rotate': True,
                                                          'state': 'absent'}),
    ('api token on an OSS server', 'kestra_api_token', {'service_account': 'ci', 'name': 'ci'}),
]

# a slash is URL-encoded inside a path segment, so these name a resource that does not exist: the task may
# succeed (nothing to delete) or fail, but it must not traceback, write, or reach another resource
# (the emulator logs decoded paths: each request must still be under the resource's own prefix)
ENCODED = [
    ('flow namespace ../main', 'kestra_flow', {'namespace': '../main', 'id': 'x', 'state': 'absent'},
     '/api/v1/main/flows/'),
    ('execution id ../../flows', 'kestra_execution', {'execution_id': '../../flows', 'state': 'absent'},
     '/api/v1/main/executions/'),
    ('kv key a/../../b', 'kestra_kv', {'namespace': 'bad.input', 'key': 'a/../../b', 'state': 'absent'},
     '/api/v1/main/namespaces/bad.input/kv'),
]

# hostile-looking but valid: must succeed and store exactly what was given
ACCEPTED = [
    ('kv unicode value', 'kestra_kv', {'namespace': 'bad.input', 'key': 'k', 'value': '日本語 \U0001F680 ünïcödé'}),
    ('kv 1 MB value', 'kestra_kv', {'namespace': 'bad.input', 'key': 'k', 'value': 'v' * (1024 * 1024)}),
    ('kv value 100 levels deep', 'kestra_kv', {'namespace': 'bad.input', 'key': 'k', 'value': json.loads(
        '{"a":' * 100 + '1' + '}' * 100)}),
    ('kv value that looks like YAML anchors', 'kestra_kv',
     {'namespace': 'bad.input', 'key': 'k', 'value': BILLION_LAUGHS}),
]


@pytest.fixture(scope='module')
def server():
    emulator = Emulator(profile='1.x', username=USERNAME, password=PASSWORD, time_scale=0.05)
    yield emulator
    emulator.stop()


def _arguments(server, args):
    full = {'url': server.url, 'username': USERNAME, 'password': PASSWORD, 'timeout': 10}
    full.update(args)
    return full


def _collection_base():
    for entry in sys.path:
        if os.path.isdir(os.path.join(entry, 'ansible_collections', 'kestra_io', 'kestra')):
            return entry
    raise RuntimeError('the collection is not importable')


def run_module_process(module, args, tmp_path):
    """The module as Ansible runs it on a target; returns (result dict, stdout+stderr)."""
    args_file = tmp_path / 'args.json'
    args_file.write_text(json.dumps({'ANSIBLE_MODULE_ARGS': args}))
    env = dict(os.environ, PYTHONPATH=_collection_base())
    proc = subprocess.run([sys.executable, os.path.join(MODULES_DIR, module + '.py'), str(args_file)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, env=env,
                          timeout=120, check=False)
    output = proc.stdout + proc.stderr
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1]), output
    except (ValueError, IndexError):
        return {'failed': True, 'msg': '(no JSON result)'}, output


def run_in_process(module, args, _tmp_path):
    """What KestraActionBase does: the same validator and execute(); any exception is a traceback."""
    task = TASKS[module]
    validation = ModuleArgumentSpecValidator(**task.validator_kwargs()).validate(args)
    if validation.error_messages:
        return {'failed': True, 'msg': validation.errors.msg}, ''
    result = execute(task, validation.validated_parameters, TaskContext())
    return result, ''


RUNNERS = {'module': run_module_process, 'in-process': run_in_process}


def _run(server, runner, module, args, tmp_path):
    server.reset()
    server.seed_flow(FLOW)
    server.clear_requests()
    result, output = RUNNERS[runner](module, _arguments(server, args), tmp_path)
    return result, output, [r for r in server.requests() if is_write(r)]


@pytest.mark.parametrize('runner', sorted(RUNNERS))
@pytest.mark.parametrize('case_id, module, args', REJECTED, ids=[c[0] for c in REJECTED])
def test_bad_input_is_rejected_before_any_write(server, runner, case_id, module, args, tmp_path):
    result, output, writes = _run(server, runner, module, args, tmp_path)
    assert result.get('failed'), '%s was accepted: %s' % (case_id, str(result)[:500])
    message = str(result.get('msg', ''))
    assert message and message != '(no JSON result)', output[-2000:]
    assert 'Traceback' not in output and 'exception' not in result, output[-2000:] or result.get('exception')
    assert PASSWORD not in output and PASSWORD not in json.dumps(result)
    assert SECRET_VALUE not in output and SECRET_VALUE not in json.dumps(result)
    assert len(message) < 2000, 'the error message is not short: %d characters' % len(message)
    assert writes == [], 'write requests were sent: %s' % writes


@pytest.mark.parametrize('runner', sorted(RUNNERS))
@pytest.mark.parametrize('case_id, module, args, prefix', ENCODED, ids=[c[0] for c in ENCODED])
def test_encoded_traversal_reaches_nothing_else(server, runner, case_id, module, args, prefix, tmp_path):
    result, output, writes = _run(server, runner, module, args, tmp_path)
    assert 'Traceback' not in output and 'exception' not in result, output[-2000:]
    assert result.get('changed') is False
    assert writes == []
    paths = [r['path'] for r in server.requests() if r['path'] != '/api/v1/configs']
    assert all(p.startswith(prefix) for p in paths), paths


@pytest.mark.parametrize('runner', sorted(RUNNERS))
@pytest.mark.parametrize('case_id, module, args', ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_hostile_looking_valid_input_is_stored_exactly(server, runner, case_id, module, args, tmp_path):
    result, output, _writes = _run(server, runner, module, args, tmp_path)
    assert not result.get('failed'), '%s failed: %s' % (case_id, str(result.get('msg'))[:1000])
    assert result.get('changed') is True
    assert any(r['method'] == 'PUT' for r in server.requests())
    answer = requests.get('%s/api/v1/main/namespaces/%s/kv/%s' % (server.url, args['namespace'], args['key']),
                          auth=(USERNAME, PASSWORD), timeout=10)
    assert answer.status_code == 200 and answer.json()['value'] == args['value']
