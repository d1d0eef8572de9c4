"""kestra_kv's logic against a real emulator process (both profiles): requests per task, diffs, failures.

Each test counts or inspects the HTTP requests the logic sends, as the modules send them.
"""

import itertools
from decimal import Decimal

import pytest

from ansible.module_utils.common.arg_spec import ModuleArgumentSpecValidator

from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_info_task import TASK as INFO_TASK
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_task import (
    SENSITIVE_CHANGED,
    TASK,
    secret_values,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskContext, execute
from tests.emulator.testing import Emulator

_namespaces = itertools.count()


@pytest.fixture(scope='module', params=['1.x', '2.0'])
def emulator(request):
    with Emulator(profile=request.param) as running:
        yield running


@pytest.fixture
def namespace():
    return 'unit.kv%d' % next(_namespaces)


def _run(emulator, task=TASK, ctx=None, **args):
    validation = ModuleArgumentSpecValidator(**task.validator_kwargs()).validate(dict(args, url=emulator.url))
    assert not validation.error_messages, validation.error_messages
    return execute(task, validation.validated_parameters, ctx or TaskContext())


def _converged_requests(emulator, **args):
    """Converge, then run again: the requests of the second run."""
    first = _run(emulator, **args)
    assert not first.get('failed'), first
    emulator.clear_requests()
    second = _run(emulator, **args)
    assert second['changed'] is False and not second.get('failed'), second
    return ['%s %s' % (entry['method'], entry['path']) for entry in emulator.requests()]


# ---- requests per task -----------------------------------------------------------------------------

def test_a_converged_single_key_is_one_get(emulator, namespace):
    sent = _converged_requests(emulator, namespace=namespace, key='region', value='eu-west-1')
    assert sent == ['GET /api/v1/main/namespaces/%s/kv/region' % namespace]


def test_a_converged_absent_key_is_one_get(emulator, namespace):
    sent = _converged_requests(emulator, namespace=namespace, key='gone', state='absent')
    assert sent == ['GET /api/v1/main/namespaces/%s/kv/gone' % namespace]


def test_converged_values_are_one_get_per_key(emulator, namespace):
    sent = _converged_requests(emulator, namespace=namespace, values={'a': 1, 'b': 'two', 'c': [3]})
    assert sorted(sent) == ['GET /api/v1/main/namespaces/%s/kv/%s' % (namespace, key) for key in 'abc']


def test_a_description_needs_the_listing(emulator, namespace):
    sent = _converged_requests(emulator, namespace=namespace, key='k', value=1, description='d')
    assert 'GET /api/v1/main/namespaces/%s/kv/k' % namespace in sent
    assert len(sent) == 3  # version probe, listing, GET
    assert any(path.startswith('GET /api/v1/configs') for path in sent)


def test_a_converged_key_reports_no_metadata_it_did_not_read(emulator, namespace):
    _run(emulator, namespace=namespace, key='k', value=1, description='kept')
    result = _run(emulator, namespace=namespace, key='k', value=1)
    assert result['kv'] == {'namespace': namespace, 'key': 'k', 'action': 'unchanged', 'type': 'NUMBER', 'value': 1}


def test_a_rewrite_keeps_the_description(emulator, namespace):
    _run(emulator, namespace=namespace, key='k', value=1, description='kept')
    result = _run(emulator, namespace=namespace, key='k', value=2)
    assert result['changed'] is True and result['kv']['description'] == 'kept'
    listed = _run(emulator, task=INFO_TASK, namespace=namespace, key='k')
    assert listed['kv'][0]['description'] == 'kept'


def test_a_write_without_ttl_does_not_list_the_namespace_again(emulator, namespace):
    emulator.clear_requests()
    result = _run(emulator, namespace=namespace, key='new', value='x')
    assert result['changed'] is True
    assert [entry['method'] for entry in emulator.requests()] == ['GET', 'PUT']


# ---- sensitive values ---------------------------------------------------------------------------------

def test_a_changed_sensitive_value_shows_that_it_changed_in_the_diff(emulator, namespace):
    _run(emulator, namespace=namespace, key='pw', value='Old-Secret-1', sensitive=True)
    result = _run(emulator, ctx=TaskContext(diff=True), namespace=namespace, key='pw', value='New-Secret-2',
                  sensitive=True)
    assert result['changed'] is True
    assert result['diff']['before']['pw']['value'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    assert result['diff']['after']['pw']['value'] == SENSITIVE_CHANGED
    assert result['diff']['before'] != result['diff']['after']
    assert 'Secret' not in repr(result)


def test_a_sensitive_key_whose_description_changed_keeps_its_value_masked(emulator, namespace):
    _run(emulator, namespace=namespace, key='pw', value='Same-Secret', sensitive=True)
    result = _run(emulator, ctx=TaskContext(diff=True), namespace=namespace, key='pw', value='Same-Secret',
                  sensitive=True, description='new')
    assert result['diff']['after']['pw']['value'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    assert result['diff']['after']['pw']['description'] == 'new'


@pytest.mark.parametrize('params, expected', [
    ({'key': 'k', 'value': 'S3cret', 'sensitive': True}, {'S3cret'}),
    ({'key': 'k', 'value': {'user': 'u1', 'pw': ['P4ss', 42, True, None]}, 'sensitive': 'yes'}, {'u1', 'P4ss', '42'}),
    ({'key': 'k', 'value': 'plain', 'sensitive': False}, set()),
    ({'key': 'k', 'value': 'plain', 'sensitive': 'no'}, set()),
    ({'key': 'k', 'value': 'plain'}, set()),
    ({'values': {'a': 'plain', 'b': {'value': 'S3cret', 'sensitive': True}}}, {'S3cret'}),
    ({'values': {'a': 'S3cret', 'b': {'value': 'shown', 'sensitive': False}}, 'sensitive': True}, {'S3cret'}),
    ({'values': {'a': {'value': 'S3cret', 'sensitive': None}}, 'sensitive': True}, {'S3cret'}),
    ({'values': 'not a dict', 'sensitive': True}, set()),
    (None, set()),
])
def test_secret_values_of_the_arguments_as_given(params, expected):
    assert secret_values(params) == expected
    assert TASK.secret_values(params or {}) >= expected  # the hook the modules and the action plugins call


# ---- a failure after a write -----------------------------------------------------------------------------

def _fault(emulator, **fault):
    emulator.control('POST', 'faults', dict({'count': 1}, **fault))


def test_a_failure_after_writes_returns_changed_and_the_keys_written(emulator, namespace):
    _fault(emulator, method='PUT', path='/api/v1/main/namespaces/%s/kv/b' % namespace, exact=True, status=500)
    try:
        result = _run(emulator, namespace=namespace, values={'a': 1, 'b': 2, 'c': 3})
    finally:
        emulator.control('DELETE', 'faults')
    assert result['failed'] is True and result['changed'] is True
    assert sorted(entry['key'] for entry in result['kv']) == ['a', 'c']
    assert all(entry['action'] == 'created' for entry in result['kv'])


def test_a_failing_read_after_a_write_returns_the_key_written(emulator, namespace):
    # with a ttl the namespace is listed after the write to report the expiration date (with refresh_ttl,
    # not before it: the key is written anyway)
    listing = '/api/v1/main/kv' if emulator.profile == '2.0' else '/api/v1/main/namespaces/%s/kv' % namespace
    _fault(emulator, method='GET', path=listing, exact=True, status=500)
    try:
        result = _run(emulator, namespace=namespace, key='k', value=1, ttl='PT1H', refresh_ttl=True)
    finally:
        emulator.control('DELETE', 'faults')
    assert result['failed'] is True and result['changed'] is True, result
    assert result['kv']['key'] == 'k' and result['kv']['action'] == 'created'


def test_a_failure_before_any_write_is_not_changed(emulator, namespace):
    _fault(emulator, method='GET', path='/api/v1/main/namespaces/%s/kv/k' % namespace, exact=True, status=500)
    try:
        result = _run(emulator, namespace=namespace, key='k', value=1)
    finally:
        emulator.control('DELETE', 'faults')
    assert result['failed'] is True and result['changed'] is False and 'kv' not in result


# ---- exact decimals --------------------------------------------------------------------------------------------

def test_kv_info_returns_exact_decimals_as_text_when_asked(emulator, namespace):
    values = {'price': {'value': '1234567890.123456789', 'type': 'NUMBER'},
              'doc': {'value': '{"p": 0.1000000000000000055511151231257827}', 'type': 'JSON'},
              'count': 12345678901234567890}
    _run(emulator, namespace=namespace, values=values)
    as_float = _run(emulator, task=INFO_TASK, namespace=namespace, include_values=True)
    as_text = _run(emulator, task=INFO_TASK, namespace=namespace, include_values=True, decimal='text')
    floats = dict((entry['key'], entry['value']) for entry in as_float['kv'])
    texts = dict((entry['key'], entry['value']) for entry in as_text['kv'])
    assert floats['price'] == 1234567890.1234567 and isinstance(floats['price'], float)
    assert texts['price'] == '1234567890.123456789'
    assert texts['doc'] == {'p': '0.1000000000000000055511151231257827'}
    assert floats['count'] == texts['count'] == 12345678901234567890
    assert Decimal(texts['price']) == Decimal('1234567890.123456789')
