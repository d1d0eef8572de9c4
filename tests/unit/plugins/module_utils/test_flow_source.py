"""Flow YAML handling: documents, identity, errors, rendering, comparison."""

import re

import pytest
import yaml

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._flow_source import (
    documents_from_definition,
    documents_from_source,
    render_definition,
    same_source,
    split_source,
    stored_identity,
)

ONE = 'id: one\nnamespace: company.team\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n'


def test_single_document_is_normalised_to_one_final_newline():
    documents = documents_from_source('\n\n' + ONE.rstrip('\n'))
    assert [(d.namespace, d.id, d.text, d.origin) for d in documents] == [('company.team', 'one', ONE, 'source')]


def test_documents_are_split_at_separator_lines_only():
    source = '# header comment\n---\n' + ONE + '--- # second\n' + ONE.replace('one', 'two') + \
        '  message: "a --- b"\n---\n\n'
    chunks = split_source(source)
    assert [start for start, _text in chunks] == [3, 9]
    assert chunks[1][1].endswith('  message: "a --- b"\n')


def test_a_line_starting_with_dashes_that_is_no_separator_is_refused():
    with pytest.raises(KestraInputError, match='source line 6 starts with "---"'):
        split_source(ONE + '---x: 1\n')


def test_the_validate_endpoint_split_gives_the_same_documents():
    source = ONE + '---\n' + ONE.replace('one', 'two')
    texts = [d.text for d in documents_from_source(source)]
    joined = '---\n'.join(texts)
    # Kestra FlowController.validateFlows: trim, then split at \n+---\n*?
    assert [t.strip() for t in re.split(r'\n+---\n*?', joined.strip())] == [t.strip() for t in texts]


def test_invalid_yaml_names_the_document_line_and_column_of_the_whole_source():
    source = ONE + '---\nid: two\nnamespace: company.team\ntasks:\n  - id: [unclosed\n'
    with pytest.raises(KestraInputError) as failure:
        documents_from_source(source)
    # the flow is named from its top-level id/namespace lines even though the YAML cannot be read
    assert str(failure.value).startswith('source document 2 (line 7, flow company.team/two) is not valid YAML: ')
    assert str(failure.value).endswith('at line 11, column 1')


def test_a_document_without_a_readable_identity_is_named_by_what_is_known():
    source = ONE + '---\nid: two\ntasks: [unclosed\n'
    with pytest.raises(KestraInputError) as failure:
        documents_from_source(source)
    assert str(failure.value).startswith('source document 2 (line 7, id two) is not valid YAML: ')


def test_flows_joined_with_a_literal_backslash_n_get_a_message_that_says_so():
    # what join('\\n---\\n') gives: one document in which the second flow's keys repeat the first's
    glued = ONE.rstrip('\n') + '\\n---\\n' + ONE.replace('one', 'two')
    with pytest.raises(KestraInputError) as failure:
        documents_from_source(glued)
    message = str(failure.value)
    assert message.startswith('source declares "namespace", "tasks" more than once.')
    assert 'literal backslash-n' in message


def test_a_literal_backslash_n_inside_a_string_is_left_alone():
    source = 'id: one\nnamespace: company.team\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n' \
             '    message: "a\\n---\\nb"\n'
    assert [d.id for d in documents_from_source(source)] == ['one']


@pytest.mark.parametrize('text, message', [
    ('namespace: a\ntasks: []\n', 'source has no id'),
    ('id: a\ntasks: []\n', 'source has no namespace'),
    ('- just\n- a list\n', 'source is not a YAML mapping'),
    ('id: [a]\nnamespace: b\n', 'source: id must be a string'),
    ('# only a comment\n', 'source holds no flow'),
])
def test_documents_must_be_flows_with_identity(text, message):
    with pytest.raises(KestraInputError, match=re.escape(message)):
        documents_from_source(text)


def test_numeric_ids_are_read_as_text():
    assert documents_from_source('id: 42\nnamespace: n\ntasks: []\n')[0].id == '42'


def test_definition_rendering_does_not_depend_on_key_order():
    first = {'id': 'a', 'namespace': 'n', 'tasks': [{'id': 't', 'type': 'x.Log', 'message': 'm', 'level': 'INFO'}]}
    second = {'tasks': [{'level': 'INFO', 'message': 'm', 'type': 'x.Log', 'id': 't'}], 'namespace': 'n', 'id': 'a'}
    assert render_definition(first) == render_definition(second)
    assert render_definition(first) == ('id: a\nnamespace: n\ntasks:\n  - id: t\n    type: x.Log\n'
                                        '    level: INFO\n    message: m\n')


def test_definition_rendering_round_trips_and_uses_literal_blocks():
    data = {'id': 'a', 'namespace': 'n', 'description': 'line 1\nline 2\n', 'labels': {'b': 'x', 'a': 1},
            'tasks': [{'id': 't', 'type': 'x.Log', 'message': 'ünïcode: {{ inputs.x }}'}]}
    text = render_definition(data)
    assert 'description: |\n  line 1\n  line 2\n' in text
    assert yaml.safe_load(text) == data


def test_definition_list_items_are_named_in_errors():
    with pytest.raises(KestraInputError, match=r'definition item 2 \(id b\) has no namespace'):
        documents_from_definition([{'id': 'a', 'namespace': 'n'}, {'id': 'b'}])


class TaggedText(str):
    """Like the str subclasses Ansible passes (tagged or unsafe text)."""


def test_definition_accepts_str_subclasses():
    text = render_definition({'id': TaggedText('a'), 'namespace': TaggedText('n'), 'tasks': [TaggedText('x')]})
    assert text == 'id: a\nnamespace: n\ntasks:\n  - x\n'


def test_sources_compare_as_kestra_compares_them():
    assert same_source(ONE, 'revision: 3\n' + ONE)
    assert same_source('revision: 1\n' + ONE, 'revision: 2\n' + ONE)
    assert not same_source(ONE, ONE + '# a comment\n')
    assert not same_source(ONE, ONE.rstrip('\n'))


@pytest.mark.parametrize('text, identity', [
    (ONE, ('company.team', 'one')),
    ("id: 'quoted'  # comment\nnamespace: \"ns.a\"\n", ('ns.a', 'quoted')),
    ('{id: flow, namespace: ns}\n', ('ns', 'flow')),
    ('description: |\n  id: not-this\nid: real\nnamespace: ns\n', ('ns', 'real')),
    ('tasks: [\n', None),
    ('namespace: ns\n', None),
])
def test_stored_identity(text, identity):
    assert stored_identity(text) == identity


def test_an_item_of_a_definition_list_is_named_by_what_is_known_of_its_flow():
    with pytest.raises(KestraInputError) as failure:
        documents_from_definition([{'id': 'a', 'namespace': 'ns', 'tasks': []}, {'namespace': 'ns', 'tasks': []}])
    assert str(failure.value).startswith('definition item 2 (namespace ns) has no id')
