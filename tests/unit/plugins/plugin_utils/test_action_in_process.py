# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-process runner formats results as AnsibleModule would (pure logic: the tasks send no request)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import os

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec
from ansible_collections.kestra_io.kestra.plugins.plugin_utils import _in_process as in_process
from ansible_collections.kestra_io.kestra.plugins.plugin_utils._in_process import module_environment, run_task

NAME = 'kestra_io.kestra.kestra_test'
SECRET = 'Sup3r-Secret-Value'
CONNECTION = {'url': 'http://127.0.0.1:9', 'username': 'admin', 'password': SECRET}


def spec(run, **extra_options):
    options = {'name': {'type': 'str', 'required': True}, 'value': {'type': 'raw'}}
    options.update(extra_options)
    return TaskSpec('kestra_test', options, run)


def seen_by_logic(task_args, **flags):
    """Run a task whose logic returns what it received; return (result, params, ctx)."""
    calls = []

    def run(params, client, ctx):
        calls.append((params, ctx))
        return {'changed': False}

    result = run_task(spec(run), dict(CONNECTION, **task_args), NAME, **flags)
    params, ctx = calls[0]
    return result, params, ctx


def test_the_logic_gets_validated_params_with_defaults_and_the_flags():
    result, params, ctx = seen_by_logic({'name': 'a'}, check_mode=True, diff=True, no_log=True)
    assert params['name'] == 'a' and params['tenant'] == 'main' and params['timeout'] == 30.0
    assert (ctx.check_mode, ctx.diff, ctx.no_log) == (True, True, True)
    assert result['changed'] is False


def test_arguments_cross_the_module_json_encoding():
    _result, params, _ctx = seen_by_logic({'name': 'a', 'value': {'day': datetime.date(2024, 1, 31), 'pair': (1, 2)}})
    assert params['value'] == {'day': '2024-01-31', 'pair': [1, 2]}


def test_the_result_crosses_the_module_json_encoding():
    result = run_task(spec(lambda params, client, ctx: {'pair': (1, 2), 'when': datetime.date(2024, 1, 31)}),
                      dict(CONNECTION, name='a'), NAME)
    assert result['pair'] == [1, 2] and result['when'] == '2024-01-31'


def test_invocation_holds_the_module_args_with_no_log_values_hidden():
    result = run_task(spec(lambda params, client, ctx: {}), dict(CONNECTION, name='a'), NAME)
    module_args = result['invocation']['module_args']
    assert module_args['password'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    assert module_args['name'] == 'a' and module_args['username'] == 'admin'


def test_no_log_values_are_removed_from_the_whole_result_but_booleans_stay():
    def run(params, client, ctx):
        return {'changed': True, 'echo': 'before %s after' % SECRET, 'nested': [{'x': SECRET}], 'diff': {'after': SECRET}}

    result = run_task(spec(run), dict(CONNECTION, name='a'), NAME)
    assert SECRET not in repr(result)
    assert result['echo'] == 'before ******** after'
    assert result['changed'] is True


def test_an_unsupported_parameter_fails_with_ansible_module_message():
    result = run_task(spec(lambda params, client, ctx: pytest.fail('logic must not run')),
                      dict(CONNECTION, name='a', bogus=1), NAME)
    assert result['failed'] is True
    assert result['msg'].startswith('Unsupported parameters for (%s) module: bogus. Supported parameters include: ' % NAME)
    assert 'changed' not in result  # AnsibleModule.fail_json adds none; the executor does, for both paths


def test_a_missing_required_parameter_fails_before_the_logic():
    result = run_task(spec(lambda params, client, ctx: pytest.fail('logic must not run')), dict(CONNECTION), NAME)
    assert result == {'failed': True, 'msg': 'missing required arguments: name',
                      'invocation': result['invocation']}


def test_a_kestra_error_fails_with_its_message_status_and_result_fields():
    def run(params, client, ctx):
        raise KestraError('kv a: GET /x failed with HTTP 500: boom %s' % SECRET, status=500, result={'kv': None})

    result = run_task(spec(run), dict(CONNECTION, name='a'), NAME)
    assert result['failed'] is True and result['changed'] is False and result['status'] == 500
    assert result['msg'] == 'kv a: GET /x failed with HTTP 500: boom ********'
    assert result['kv'] is None


def test_warnings_of_the_logic_are_returned_in_order():
    def run(params, client, ctx):
        ctx.warn('first')
        ctx.warn('second')
        return {}

    assert run_task(spec(run), dict(CONNECTION, name='a'), NAME)['warnings'] == ['first', 'second']


def test_no_warnings_key_without_warnings():
    assert 'warnings' not in run_task(spec(lambda params, client, ctx: {}), dict(CONNECTION, name='a'), NAME)


def test_env_fallbacks_see_the_task_environment(monkeypatch):
    monkeypatch.delenv('KESTRA_TENANT_ID', raising=False)
    monkeypatch.delenv('KESTRA_TENANT', raising=False)
    _result, params, _ctx = seen_by_logic({'name': 'a'}, environment={'KESTRA_TENANT': 'team'})
    assert params['tenant'] == 'team'
    assert 'KESTRA_TENANT' not in os.environ


def test_module_environment_restores_changed_and_added_variables(monkeypatch):
    monkeypatch.setenv('KESTRA_TEST_KEPT', 'old')
    monkeypatch.delenv('KESTRA_TEST_ADDED', raising=False)
    with pytest.raises(RuntimeError):
        with module_environment({'KESTRA_TEST_KEPT': 'new', 'KESTRA_TEST_ADDED': 1}):
            assert os.environ['KESTRA_TEST_KEPT'] == 'new' and os.environ['KESTRA_TEST_ADDED'] == '1'
            raise RuntimeError('the logic failed')
    assert os.environ['KESTRA_TEST_KEPT'] == 'old'
    assert 'KESTRA_TEST_ADDED' not in os.environ


def test_warnings_escape_no_log_masking_as_with_ansible_module_on_2_19(monkeypatch):
    monkeypatch.setattr(in_process, 'MESSAGES_ARE_CENSORED', False)

    def run(params, client, ctx):
        ctx.warn('mentions %s' % SECRET)
        return {}

    assert run_task(spec(run), dict(CONNECTION, name='a'), NAME)['warnings'] == ['mentions %s' % SECRET]


def test_warnings_are_masked_as_with_ansible_module_before_2_19(monkeypatch):
    monkeypatch.setattr(in_process, 'MESSAGES_ARE_CENSORED', True)

    def run(params, client, ctx):
        ctx.warn('mentions %s' % SECRET)
        return {}

    assert run_task(spec(run), dict(CONNECTION, name='a'), NAME)['warnings'] == ['mentions ********']


def test_messages_module_utils_recorded_during_the_task_come_first(monkeypatch):
    """Before 2.19 validation warnings/deprecations stay in module_utils globals: only this task's are taken."""
    recorded = {'warnings': ['from an earlier task'], 'deprecations': []}
    monkeypatch.setattr(in_process.module_warnings, 'get_warning_messages', lambda: tuple(recorded['warnings']))
    monkeypatch.setattr(in_process.module_warnings, 'get_deprecation_messages', lambda: tuple(recorded['deprecations']))

    def run(params, client, ctx):
        recorded['warnings'].append('from validation')
        recorded['deprecations'].append({'msg': 'alias x is deprecated', 'version': '2.0.0'})
        ctx.warn('from the logic')
        return {}

    result = run_task(spec(run), dict(CONNECTION, name='a'), NAME)
    assert result['warnings'] == ['from validation', 'from the logic']
    assert result['deprecations'] == [{'msg': 'alias x is deprecated', 'version': '2.0.0'}]


# ---- the task's own secret values (TaskSpec.secret_values, e.g. sensitive KV values) ------------------------

KV_SECRET = 'Kv-Sensitive-Value-77a1'


def secret_spec(run):
    """A task whose 'value' is secret when 'hide' is true, as kestra_kv's sensitive."""
    options = {'name': {'type': 'str', 'required': True}, 'value': {'type': 'raw'}, 'hide': {'type': 'bool'},
               'state': {'type': 'str', 'choices': ['present', 'absent']}}
    return TaskSpec('kestra_test', options, run,
                    secret_values=lambda params: [str(params.get('value'))] if params.get('hide') else [])


def test_secret_values_are_hidden_in_the_invocation_of_a_success():
    result = run_task(secret_spec(lambda params, client, ctx: {'changed': True}),
                      dict(CONNECTION, name='a', value=KV_SECRET, hide=True), NAME)
    assert result['invocation']['module_args']['value'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    assert KV_SECRET not in repr(result)


def test_secret_values_are_hidden_when_the_logic_fails():
    def run(params, client, ctx):
        raise KestraError('kv a: failed while writing %s' % KV_SECRET)

    result = run_task(secret_spec(run), dict(CONNECTION, name='a', value=KV_SECRET, hide=True), NAME)
    assert result['failed'] is True and KV_SECRET not in repr(result)
    assert result['invocation']['module_args']['value'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'


def test_secret_values_are_hidden_when_the_validation_fails():
    result = run_task(secret_spec(lambda params, client, ctx: pytest.fail('logic must not run')),
                      dict(CONNECTION, name='a', value=KV_SECRET, hide=True, state='bogus'), NAME)
    assert result['failed'] is True and 'state' in result['msg']
    assert KV_SECRET not in repr(result)


def test_values_not_declared_secret_are_shown():
    result = run_task(secret_spec(lambda params, client, ctx: {}), dict(CONNECTION, name='a', value='shown'), NAME)
    assert result['invocation']['module_args']['value'] == 'shown'
