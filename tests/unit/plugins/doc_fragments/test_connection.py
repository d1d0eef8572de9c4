# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options resolve identically for a module and for the lookup.

Controller-side test (ansible-test runs tests under module_utils/ without the controller
packages, and the lookup path needs ansible.config): the module side uses only module_utils.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import yaml

from ansible.config.manager import ConfigManager
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.kestra_io.kestra.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.kestra_io.kestra.plugins.module_utils._connection import (
    CONNECTION_OPTIONS,
    resolve_connection,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskContext, TaskSpec, execute

ALL_ENV_NAMES = [env for option in CONNECTION_OPTIONS.values() for env in option[1]]

# option -> (argument value, first env value, second env value or None when the option has one env name)
CASES = {
    'url': ('http://arg:1', 'http://env1:1', None),
    'username': ('arg-user', 'env1-user', 'env2-user'),
    'password': ('arg-pass', 'env1-pass', 'env2-pass'),
    'token': ('arg-token', 'env1-token', 'env2-token'),
    'tenant': ('arg-tenant', 'env1-tenant', 'env2-tenant'),
    'validate_certs': (False, 'no', None),
    'ca_path': ('/arg/ca.pem', '/env1/ca.pem', None),
    'timeout': (5, '12.5', None),
}
CONVERTED = {'validate_certs': {False: False, 'no': False}, 'timeout': {5: 5.0, '12.5': 12.5}}
DEFAULTS = {'url': 'http://localhost:8080', 'tenant': 'main', 'validate_certs': True, 'timeout': 30.0}

LOOKUP_OPTIONS = yaml.safe_load(ModuleDocFragment.PLUGIN)['options']
EMPTY_TASK = TaskSpec('kestra_test', {}, run=lambda params, client, ctx: {})


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ALL_ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


def module_value(name, argument):
    """What a module gets: the argument spec with env fallbacks, as AnsibleModule validates it."""
    args = {} if argument is None else {name: argument}
    result = ArgumentSpecValidator(**EMPTY_TASK.validator_kwargs()).validate(args)
    return result.validated_parameters[name]


def lookup_value(name, argument, variables=None):
    """What the lookup gets: Ansible's plugin option resolution over the documented env/vars
    entries (direct argument > variable > env > default), then resolve_connection."""
    config = ConfigManager()
    config.initialize_plugin_configuration_definitions('lookup', 'kestra_probe', LOOKUP_OPTIONS)
    direct = {} if argument is None else {name: argument}
    values = dict((option, config.get_config_value_and_origin(
        option, plugin_type='lookup', plugin_name='kestra_probe', variables=variables or {}, direct=direct)[0])
        for option in CONNECTION_OPTIONS)
    return resolve_connection(values)[name]


def expected(name, raw):
    return CONVERTED.get(name, {}).get(raw, raw)


def scenarios():
    for name, (argument, first, second) in sorted(CASES.items()):
        env_names = CONNECTION_OPTIONS[name][1]
        yield pytest.param(name, argument, {env_names[0]: first}, expected(name, argument), id=name + '-argument-wins')
        environment = {env_names[0]: first}
        if second is not None:
            environment[env_names[1]] = second
        yield pytest.param(name, None, environment, expected(name, first), id=name + '-first-env')
        if second is not None:
            yield pytest.param(name, None, {env_names[1]: second}, second, id=name + '-second-env')
        yield pytest.param(name, None, {}, DEFAULTS.get(name), id=name + '-default')


@pytest.mark.parametrize('name, argument, environment, want', list(scenarios()))
def test_module_and_lookup_resolve_the_same_value(monkeypatch, name, argument, environment, want):
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    got_module = module_value(name, argument)
    got_lookup = lookup_value(name, argument)
    assert got_module == want
    assert got_lookup == want


def test_lookup_variable_wins_over_env(monkeypatch):
    monkeypatch.setenv('KESTRA_TENANT_ID', 'from-env')
    assert lookup_value('tenant', None, {'kestra_tenant': 'from-var'}) == 'from-var'
    assert lookup_value('tenant', 'from-arg', {'kestra_tenant': 'from-var'}) == 'from-arg'


def test_every_option_is_covered():
    assert set(CASES) == set(CONNECTION_OPTIONS)


def test_env_names_follow_design():
    assert CONNECTION_OPTIONS['username'][1] == ('KESTRA_USERNAME', 'KESTRA_USER')
    assert CONNECTION_OPTIONS['password'][1] == ('KESTRA_PASSWORD', 'KESTRA_PASS')
    assert CONNECTION_OPTIONS['token'][1] == ('KESTRA_API_TOKEN', 'KESTRA_TOKEN')
    assert CONNECTION_OPTIONS['tenant'][1] == ('KESTRA_TENANT_ID', 'KESTRA_TENANT')


def test_empty_env_value_counts_as_unset(monkeypatch):
    monkeypatch.setenv('KESTRA_TENANT_ID', '')
    monkeypatch.setenv('KESTRA_TENANT', 'second')
    assert module_value('tenant', None) == lookup_value('tenant', None) == 'second'


def test_secrets_are_no_log_in_the_module_spec():
    spec = EMPTY_TASK.validator_kwargs()['argument_spec']
    assert spec['password'].get('no_log') and spec['token'].get('no_log')
    assert not spec['username'].get('no_log')


def run_empty_task(args):
    result = ArgumentSpecValidator(**EMPTY_TASK.validator_kwargs()).validate(args)
    assert not result.errors.errors, result.errors.msg
    return execute(EMPTY_TASK, result.validated_parameters, TaskContext())


def test_token_and_basic_auth_are_exclusive_for_modules():
    result = run_empty_task({'token': 'tok-SECRET', 'username': 'u', 'password': 'p-SECRET'})
    assert result['failed'] and 'mutually exclusive' in result['msg']
    assert 'SECRET' not in repr(result)


def test_an_empty_token_beside_basic_auth_is_no_token():
    # module_defaults often template every option, leaving the unused ones empty
    assert run_empty_task({'token': '', 'username': 'u', 'password': 'p'}) == {'changed': False}


def test_invalid_env_value_is_reported_by_the_lookup(monkeypatch):
    monkeypatch.setenv('KESTRA_TIMEOUT', 'soon')
    with pytest.raises(KestraInputError, match='timeout'):
        resolve_connection({})
