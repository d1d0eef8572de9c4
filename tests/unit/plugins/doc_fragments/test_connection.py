"""The connection options resolve identically for a module and for the lookup.

Controller-side test (ansible-test runs tests under module_utils/ without the controller
packages, and the lookup path needs ansible.config): the module side uses only module_utils.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.kestra_io.kestra.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.kestra_io.kestra.plugins.lookup.kestra_kv import LookupModule
from ansible_collections.kestra_io.kestra.plugins.module_utils._connection import (
    CONNECTION_OPTIONS,
    CREDENTIALS,
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
    'api_version': ('2', '1', None),
}
CONVERTED = {'validate_certs': {False: False, 'no': False}, 'timeout': {5: 5.0, '12.5': 12.5}}
DEFAULTS = {'url': 'http://localhost:8080', 'tenant': 'main', 'validate_certs': True, 'timeout': 30.0,
            'api_version': 'auto'}
# the other half of a credential pair, given beside the option under test from the same source
PARTNER = {'username': 'password', 'password': 'username'}

LOOKUP_OPTIONS = yaml.safe_load(ModuleDocFragment.PLUGIN)['options']
EMPTY_TASK = TaskSpec('kestra_test', {}, run=lambda params, client, ctx: {})


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ALL_ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


class DocumentedLookup(LookupModule):
    """The real lookup's option sources, with the documented vars entries of the doc fragment
    (without a plugin loader: the test does not need Ansible's configuration of plugins)."""

    def __init__(self):  # pylint: disable=super-init-not-called
        pass

    def _option_definition(self, name):
        return LOOKUP_OPTIONS.get(name) or {}


def module_options(args):
    """What a module's client gets: the argument spec with env fallbacks, as AnsibleModule
    validates it, then the credentials resolved as client_from_params resolves them."""
    result = ArgumentSpecValidator(**EMPTY_TASK.validator_kwargs()).validate(args)
    assert not result.errors.errors, result.errors.msg
    params = result.validated_parameters
    return resolve_connection(dict((name, params.get(name)) for name in CONNECTION_OPTIONS))


def lookup_options(kwargs, variables=None):
    """What the lookup's client gets: keyword arguments, then variables, then the environment."""
    return resolve_connection(DocumentedLookup()._connection_sources(kwargs, variables or {}))


def module_value(name, argument):
    args = {} if argument is None else {name: argument}
    if argument and name in PARTNER:
        args[PARTNER[name]] = 'partner'
    return module_options(args)[name]


def lookup_value(name, argument, variables=None):
    direct = {} if argument is None else {name: argument}
    if argument and name in PARTNER:
        direct[PARTNER[name]] = 'partner'
    return lookup_options(direct, variables)[name]


def expected(name, raw):
    return CONVERTED.get(name, {}).get(raw, raw)


def with_partner(name, environment, value):
    """An environment where the pair of a credential option is complete."""
    if name in PARTNER:
        for variable in CONNECTION_OPTIONS[PARTNER[name]][1][:1]:
            environment = dict(environment, **{variable: value})
    return environment


def scenarios():
    for name, (argument, first, second) in sorted(CASES.items()):
        env_names = CONNECTION_OPTIONS[name][1]
        yield pytest.param(name, argument, {env_names[0]: first}, expected(name, argument), id=name + '-argument-wins')
        if CONNECTION_OPTIONS[name][0] in ('str', 'path'):
            # a bool or float given as '' is refused by the type check of both paths
            yield pytest.param(name, '', with_partner(name, {env_names[0]: first}, 'env-partner'),
                               expected(name, first), id=name + '-empty-argument-is-not-given')
        environment = {env_names[0]: first}
        if second is not None:
            environment[env_names[1]] = second
        yield pytest.param(name, None, with_partner(name, environment, 'env-partner'), expected(name, first),
                           id=name + '-first-env')
        if second is not None:
            yield pytest.param(name, None, with_partner(name, {env_names[1]: second}, 'env-partner'), second,
                               id=name + '-second-env')
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


def test_lookup_env_entries_are_documented_in_precedence_order():
    # the lookup documents the same environment variables as the modules, first one wins
    for name, (_kind, env_names, _default, _no_log) in CONNECTION_OPTIONS.items():
        assert tuple(entry['name'] for entry in LOOKUP_OPTIONS[name]['env']) == env_names, name


# ---- credentials: one group, the first source that gives any of them gives all of them -------

BASIC_ENV = {'KESTRA_USER': 'env-user', 'KESTRA_PASS': 'env-pass'}
TOKEN_ENV = {'KESTRA_API_TOKEN': 'env-token'}


def credentials(options):
    return dict((name, options[name]) for name in CREDENTIALS)


def set_env(monkeypatch, environment):
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)


@pytest.mark.parametrize('args, environment, want', [
    pytest.param({'token': 'task-token'}, BASIC_ENV, {'username': None, 'password': None, 'token': 'task-token'},
                 id='task-token-ignores-env-basic'),
    pytest.param({'username': 'u', 'password': 'p'}, TOKEN_ENV, {'username': 'u', 'password': 'p', 'token': None},
                 id='task-basic-ignores-env-token'),
    pytest.param({}, BASIC_ENV, {'username': 'env-user', 'password': 'env-pass', 'token': None}, id='env-basic'),
    pytest.param({}, TOKEN_ENV, {'username': None, 'password': None, 'token': 'env-token'}, id='env-token'),
    pytest.param({'token': '', 'username': '', 'password': ''}, BASIC_ENV,
                 {'username': 'env-user', 'password': 'env-pass', 'token': None}, id='empty-task-values-use-env'),
])
def test_credentials_win_as_a_whole(monkeypatch, args, environment, want):
    set_env(monkeypatch, environment)
    assert credentials(module_options(args)) == want
    assert credentials(lookup_options(args)) == want


def test_lookup_keyword_credentials_win_over_variable_credentials(monkeypatch):
    set_env(monkeypatch, TOKEN_ENV)
    got = lookup_options({'token': 'kw-token'}, {'kestra_username': 'var-user', 'kestra_password': 'var-pass'})
    assert credentials(got) == {'username': None, 'password': None, 'token': 'kw-token'}
    got = lookup_options({}, {'kestra_username': 'var-user', 'kestra_password': 'var-pass'})
    assert credentials(got) == {'username': 'var-user', 'password': 'var-pass', 'token': None}


def test_both_kinds_in_the_environment_name_the_variables(monkeypatch):
    set_env(monkeypatch, dict(BASIC_ENV, **TOKEN_ENV))
    for resolve in (lambda: module_options({}), lambda: lookup_options({})):
        with pytest.raises(KestraInputError) as info:
            resolve()
        assert 'KESTRA_API_TOKEN' in str(info.value) and 'KESTRA_USERNAME' in str(info.value)
        assert 'env-token' not in str(info.value) and 'env-pass' not in str(info.value)


def test_half_a_pair_is_not_completed_from_the_environment(monkeypatch):
    set_env(monkeypatch, {'KESTRA_PASSWORD': 'env-pass'})
    with pytest.raises(KestraInputError, match='together'):
        lookup_options({'username': 'u'})
    assert run_empty_task_unchecked({'username': 'u'})['failed']
    with pytest.raises(KestraInputError, match='KESTRA_USERNAME or KESTRA_USER and KESTRA_PASSWORD'):
        module_options({})


@pytest.mark.parametrize('value', ['3', 'v2', 'latest'])
def test_bad_api_version_is_refused(monkeypatch, value):
    monkeypatch.setenv('KESTRA_API_VERSION', value)
    with pytest.raises(KestraInputError, match='api_version'):
        module_options({})


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
    # resolved as a group after validation, not by a per-option env fallback
    assert not any('fallback' in spec[name] for name in CREDENTIALS)


def run_empty_task_unchecked(args):
    result = ArgumentSpecValidator(**EMPTY_TASK.validator_kwargs()).validate(args)
    if result.errors.errors:
        return {'failed': True, 'msg': result.errors.msg}
    return execute(EMPTY_TASK, result.validated_parameters, TaskContext())


def run_empty_task(args):
    result = ArgumentSpecValidator(**EMPTY_TASK.validator_kwargs()).validate(args)
    assert not result.errors.errors, result.errors.msg
    return execute(EMPTY_TASK, result.validated_parameters, TaskContext())


def test_task_token_beside_env_basic_auth_is_used(monkeypatch):
    # issue 13 item 3: this was "mutually exclusive"
    set_env(monkeypatch, BASIC_ENV)
    assert run_empty_task({'token': 'task-token'}) == {'changed': False}


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


def test_environment_secrets_are_hidden_like_no_log_values(monkeypatch):
    # the env password/token no longer come through a no_log fallback: both paths hide them via secret_values
    set_env(monkeypatch, dict(BASIC_ENV, KESTRA_TOKEN='env-token'))
    assert EMPTY_TASK.secret_values({}) == {'env-pass', 'env-token'}
    assert EMPTY_TASK.secret_values({'token': '', 'password': ''}) == {'env-pass', 'env-token'}
    # the task's own credentials are used (and hidden, as the no_log options they are); the environment's are not
    assert EMPTY_TASK.secret_values({'token': 'task-token'}) == {'task-token'}
