"""Option handling of kestra_execution that needs no server."""

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_task import _check_params, normalize_labels


@pytest.mark.parametrize('labels, expected', [
    (None, {}),
    ({'team': 'data', 'n': 1, 'empty': None}, {'team': 'data', 'n': '1', 'empty': ''}),
    (['team:data', 'url:http://x:1'], {'team': 'data', 'url': 'http://x:1'}),
])
def test_labels(labels, expected):
    assert normalize_labels(labels) == expected


@pytest.mark.parametrize('labels', [['novalue'], [':v'], 'team:data'])
def test_bad_labels(labels):
    with pytest.raises(KestraInputError):
        normalize_labels(labels)


def params(**given):
    base = dict(namespace=None, flow_id=None, inputs=None, files=None, labels=None, revision=None, schedule_date=None,
                idempotency_key=None, execution_id=None, state=None, wait_timeout=3600)
    base.update(given)
    return base


@pytest.mark.parametrize('given, fragment', [
    (dict(execution_id='e', namespace='ns', flow_id='f'), 'namespace, flow_id only apply to a new one'),
    (dict(execution_id='e', idempotency_key='k'), 'idempotency_key only apply'),
    (dict(execution_id='e', inputs={'a': 1}), 'inputs and files go with a new execution'),
    (dict(state='killed', namespace='ns', flow_id='f'), 'state needs execution_id'),
    (dict(namespace='ns'), 'namespace and flow_id are required'),
    (dict(namespace='ns', flow_id='f', wait_timeout=0), 'wait_timeout must be a positive'),
])
def test_bad_combinations(given, fragment):
    with pytest.raises(KestraInputError) as raised:
        _check_params(params(**given))
    assert fragment in str(raised.value)


@pytest.mark.parametrize('given', [
    dict(namespace='ns', flow_id='f', labels={'a': 'b'}),
    dict(execution_id='e', state='resumed', inputs={'approved': True}),
    dict(execution_id='e'),
])
def test_good_combinations(given):
    _check_params(params(**given))


# ---- labels: one strict reading (_labels.normalize_labels) -----------------------------------------

@pytest.mark.parametrize('labels, expected', [
    ([{'key': 'a', 'value': 'b'}], {'a': 'b'}),
    ([{'key': 'a', 'value': 1}, 'b:x:y'], {'a': '1', 'b': 'x:y'}),
    ({'flag': True, 'n': 2.5}, {'flag': 'true', 'n': '2.5'}),
])
def test_labels_kestra_form(labels, expected):
    # [{key: a, value: b}] used to become a label named "{'key'"
    assert normalize_labels(labels) == expected


@pytest.mark.parametrize('labels, fragment', [
    ([{'key': 'a'}], 'is not a {key: ..., value: ...} mapping'),
    ([{'key': 'a', 'value': 'b', 'extra': 1}], 'is not a {key: ..., value: ...} mapping'),
    ([{'name': 'a', 'value': 'b'}], 'is not a {key: ..., value: ...} mapping'),
    ([{'key': '', 'value': 'b'}], 'empty key'),
    ([1], 'neither "key:value" text nor a {key, value} mapping'),
    ([['a', 'b']], 'neither "key:value" text nor a {key, value} mapping'),
    ({'a': {'nested': 1}}, 'is not text or a number'),
    ({'': 'v'}, 'a label key is empty'),
    (42, 'labels must be a mapping'),
])
def test_bad_labels_say_why(labels, fragment):
    with pytest.raises(KestraInputError) as raised:
        normalize_labels(labels)
    assert fragment in str(raised.value)


def test_bad_labels_fail_before_any_request():
    with pytest.raises(KestraInputError):
        _check_params(params(namespace='ns', flow_id='f', labels=[{'key': 'a'}]))


def test_rerun_needs_a_key():
    with pytest.raises(KestraInputError, match='idempotency_rerun applies'):
        _check_params(params(namespace='ns', flow_id='f', idempotency_rerun='failed'))
