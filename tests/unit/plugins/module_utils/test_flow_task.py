"""kestra_flow's pure decisions: option checks, revisions to report, diff entries."""

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._flow_source import documents_from_source
from ansible_collections.kestra_io.kestra.plugins.module_utils._flow_task import (
    CREATED,
    DELETED,
    UNCHANGED,
    UPDATED,
    Change,
    _apply,
    _check_options,
    _validation_warnings,
)


def params(**overrides):
    base = dict(namespace=None, id=None, source=None, definition=None, state='present', prune=False)
    base.update(overrides)
    return base


def flows(*ids):
    return documents_from_source('---\n'.join('id: %s\nnamespace: ns\ntasks: []\n' % i for i in ids))


@pytest.mark.parametrize('options, documents, message', [
    (params(prune=True), flows('a'), 'prune needs namespace'),
    (params(prune=True, namespace='ns', state='absent'), flows('a'), 'prune only applies with state=present'),
    (params(namespace='other'), flows('a'), "namespace is 'other' but source declares namespace 'ns'"),
    (params(id='b'), flows('a'), "id is 'b' but source declares id 'a'"),
    (params(), flows('a', 'a'), 'source document 1 (line 1) and source document 2 (line 5) both declare flow ns/a'),
    (params(state='absent', namespace='ns'), None, 'give source or definition, or (with state=absent) both'),
])
def test_bad_options_fail_before_any_request(options, documents, message):
    with pytest.raises(KestraInputError) as failure:
        _check_options(options, documents)
    assert message in str(failure.value)


def test_options_that_agree_pass():
    _check_options(params(namespace='ns', prune=True), flows('a', 'b'))
    _check_options(params(namespace='ns', id='a', state='absent'), None)


@pytest.mark.parametrize('action, stored, check_mode, expected', [
    (UNCHANGED, 4, False, 4),
    (DELETED, 4, False, 4),
    (UPDATED, 4, True, 5),
    (UPDATED, None, True, None),
    (UPDATED, 4, False, None),  # filled from Kestra's answer to the write
    (CREATED, None, True, None),
])
def test_reported_revision(action, stored, check_mode, expected):
    change = Change('ns', 'a', action, stored_revision=stored)
    change.settle_revision(check_mode)
    assert change.revision == expected


def test_diff_headers_say_where_each_side_comes_from():
    created = Change('ns', 'a', CREATED, after='id: a\n').as_diff()
    updated = Change('ns', 'a', UPDATED, before='x\n', after='y\n', stored_revision=2).as_diff()
    deleted = Change('ns', 'a', DELETED, before='x\n', stored_revision=3).as_diff()
    assert (created['before'], created['before_header'], created['after_header']) == ('', 'ns/a (absent)', 'ns/a')
    assert (updated['before_header'], updated['after_header']) == ('ns/a (revision 2)', 'ns/a')
    assert (deleted['after'], deleted['after_header']) == ('', 'ns/a (deleted)')


class _ImportThenFailingRead(object):
    """A FlowApi whose import is accepted and whose namespace listing then fails."""

    def __init__(self, refused=()):
        self.refused = list(refused)

    def import_sources(self, named_sources):
        return self.refused

    def namespace_revisions(self, namespace):
        raise KestraError('flows of namespace %s: HTTP 500 Internal Server Error' % namespace, status=500)


def test_a_failed_read_after_the_import_reports_the_imported_flows():
    changes = [Change('ns', 'a', CREATED, after='id: a\n'), Change('ns', 'b', UPDATED, 'x\n', 'id: b\n', 3)]
    with pytest.raises(KestraError) as failure:
        _apply(_ImportThenFailingRead(), changes)
    fields = failure.value.result_fields()
    assert fields['changed'] is True
    assert fields['flows'] == [{'namespace': 'ns', 'id': 'a', 'revision': None, 'action': 'created'},
                               {'namespace': 'ns', 'id': 'b', 'revision': None, 'action': 'updated'}]
    assert fields['status'] == 500
    assert fields['msg'].startswith('Kestra imported 2 flow(s) (ns/a, ns/b), then reading their revisions failed: ')


def test_a_flow_the_import_refused_is_not_reported_as_written():
    changes = [Change('ns', 'a', CREATED, after='id: a\n'), Change('ns', 'b', CREATED, after='id: b\n')]
    with pytest.raises(KestraError) as failure:
        _apply(_ImportThenFailingRead(refused=['ns/b.yml']), changes)
    assert [f['id'] for f in failure.value.result_fields()['flows']] == ['a']


def test_a_missing_subflow_of_the_same_task_is_not_a_warning():
    # Kestra's own test chain: subflow-parent -> subflow-child -> subflow-grand-child, deployed together
    parent = Change('io.kestra.tests', 'subflow-parent', CREATED, after='...')
    answer = {'warnings': ["The subflow 'subflow-child' not found in namespace 'io.kestra.tests'.",
                           "The subflow 'elsewhere' not found in namespace 'io.kestra.tests'."]}
    batch = {('io.kestra.tests', 'subflow-parent'), ('io.kestra.tests', 'subflow-child')}
    assert _validation_warnings(parent, answer, batch) == [
        "flow io.kestra.tests/subflow-parent: The subflow 'elsewhere' not found in namespace 'io.kestra.tests'."]
    # the same name in another namespace is still missing
    assert len(_validation_warnings(parent, answer, {('other', 'subflow-child')})) == 2


def test_deprecations_carry_the_replacement_kestra_suggests():
    change = Change('ns', 'a', UPDATED, after='...')
    both = {'deprecationPaths': ['tasks[0]'],
            'infos': ['io.kestra.core.tasks.log.Log is replaced by io.kestra.plugin.core.log.Log']}
    assert _validation_warnings(change, both, set()) == [
        'flow ns/a uses deprecated properties: tasks[0]; '
        'io.kestra.core.tasks.log.Log is replaced by io.kestra.plugin.core.log.Log']
    infos_only = {'deprecationPaths': [], 'infos': both['infos']}
    assert _validation_warnings(change, infos_only, set()) == [
        'flow ns/a: io.kestra.core.tasks.log.Log is replaced by io.kestra.plugin.core.log.Log']
    assert _validation_warnings(change, {'constraints': None}, set()) == []
