"""The declarative resource base (_resource): plan, compare, diff shape, check mode, bulk, failure after a write."""

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import (
    BYTES,
    DATA,
    EXACT,
    SET,
    WRITE_ONLY,
    WRITE_ONLY_SHOWN,
    Field,
    Resource,
    binary_or_text,
    converge,
    declared_fields,
    ensure,
    plan,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskContext


class Memory(Resource):
    """A resource held in a dict: records every write; fails the write of one ident on demand."""

    kind = 'thing'
    fields = (Field('description'), Field('tags', SET), Field('variables', DATA), Field('value', WRITE_ONLY))

    def __init__(self, items=None, fail_on=None, policy='on_create'):
        self.items = dict(items or {})
        self.writes = []
        self.fail_on = fail_on
        self.write_only_policy = policy

    def _write(self, what, ident):
        if ident == self.fail_on:
            raise KestraError('boom on %s' % ident, status=500)
        self.writes.append((what, ident))

    def read(self, client, ident):
        return self.items.get(ident)

    def create(self, client, ident, declared):
        self._write('create', ident)
        self.items[ident] = dict(declared)

    def update(self, client, ident, merged, stored, changed_fields):
        self._write('update', ident)
        self.items[ident] = dict(merged)

    def delete(self, client, ident, stored):
        self._write('delete', ident)
        del self.items[ident]


@pytest.mark.parametrize('compare, stored, declared, same', [
    (EXACT, 'a', 'a', True),
    (EXACT, 'a', 'b', False),
    (EXACT, 1, '1', False),
    (SET, ['a', 'b'], ['b', 'a', 'a'], True),
    (SET, ['a'], ['a', 'b'], False),
    (SET, [{'k': 1}], [{'k': 1}], True),
    (DATA, 'a: 1\nb: [1, 2]\n', {'b': [1, 2], 'a': 1}, True),
    (DATA, '{"a": 1}', 'a: 1', True),
    (DATA, 'a: 1', 'a: 2', False),
    (BYTES, b'\x00\xff', b'\x00\xff', True),
    (BYTES, b'a\n', b'a\r\n', False),
    (WRITE_ONLY, 'x', 'x', False),
])
def test_field_comparison(compare, stored, declared, same):
    assert Field('f', compare).same(stored, declared) is same


def test_unknown_comparison_is_refused():
    with pytest.raises(ValueError):
        Field('f', 'fuzzy')


def test_binary_or_text():
    assert binary_or_text(b'hello\n') == 'hello\n'
    assert binary_or_text('é'.encode('utf-8')) == 'é'
    assert binary_or_text(b'\x00abc') == '(binary, 4 bytes)\n'
    assert binary_or_text(b'\xff\xfe') == '(binary, 2 bytes)\n'
    assert binary_or_text(None) == ''


def test_only_declared_fields_are_managed():
    assert declared_fields(Memory(), {'description': 'd', 'tags': None, 'other': 1}) == {'description': 'd'}


@pytest.mark.parametrize('stored, declared, expected', [
    (None, {'description': 'd'}, ('created', ['description'])),
    ({'description': 'd'}, {'description': 'd'}, ('unchanged', [])),
    ({'description': 'd', 'tags': ['a']}, {'description': 'e'}, ('updated', ['description'])),
    ({'description': 'd'}, None, ('deleted', [])),
    (None, None, ('unchanged', [])),
    ({'value': 'x'}, {'value': 'x'}, ('unchanged', [])),
])
def test_plan(stored, declared, expected):
    assert plan(Memory(), stored, declared) == expected


def test_write_only_policy_always_rewrites():
    assert plan(Memory(policy='always'), {'value': 'x'}, {'value': 'x'}) == ('updated', ['value'])


def test_ensure_creates_then_is_idempotent_and_merges_undeclared_fields():
    resource = Memory({'a': {'description': 'd', 'tags': ['t']}})
    ctx = TaskContext(diff=True)
    result = ensure(resource, None, ctx, 'a', {'description': 'e', 'tags': None})
    assert result['changed'] and result['action'] == 'updated'
    assert resource.items['a'] == {'description': 'e', 'tags': ['t']}
    assert result['item'] == {'description': 'e', 'tags': ['t']}
    assert result['diff'] == {'before_header': 'thing a', 'after_header': 'thing a',
                              'before': {'description': 'd'}, 'after': {'description': 'e'}}
    again = ensure(resource, None, ctx, 'a', {'description': 'e', 'tags': ['t']})
    assert again['changed'] is False and again['action'] == 'unchanged'
    assert resource.writes == [('update', 'a')]


def test_check_mode_writes_nothing_but_reports_the_same():
    resource = Memory()
    result = ensure(resource, None, TaskContext(check_mode=True, diff=True), 'a', {'description': 'd'})
    assert result['changed'] and result['action'] == 'created'
    assert resource.writes == [] and resource.items == {}
    assert result['diff']['before'] == {} and result['diff']['after'] == {'description': 'd'}


def test_write_only_value_never_shown():
    resource = Memory()
    result = ensure(resource, None, TaskContext(diff=True), 'a', {'value': 's3cr3t', 'description': 'd'})
    assert 's3cr3t' not in repr(result)
    assert result['diff']['after'] == {'value': WRITE_ONLY_SHOWN, 'description': 'd'}


def test_absent():
    resource = Memory({'a': {'description': 'd'}})
    result = ensure(resource, None, TaskContext(diff=True), 'a', {}, state='absent')
    assert result['action'] == 'deleted' and resource.items == {}
    assert result['diff']['before'] == {'description': 'd'} and result['diff']['after'] == {}
    assert ensure(resource, None, TaskContext(), 'a', {}, state='absent')['changed'] is False


def test_bulk_reports_each_item_and_prunes_only_what_it_is_given():
    resource = Memory({'keep': {'description': 'k'}, 'old': {'description': 'o'}, 'other': {'description': 'x'}})
    declared = {'keep': {'description': 'k'}, 'new': {'description': 'n'}}
    outcome = converge(resource, None, TaskContext(), declared, resource.items, prune=['old'])
    assert outcome.items == [{'id': 'keep', 'action': 'unchanged'}, {'id': 'new', 'action': 'created'},
                             {'id': 'old', 'action': 'deleted'}]
    assert outcome.changed
    assert sorted(resource.items) == ['keep', 'new', 'other']


def test_a_failure_after_a_write_carries_what_was_done():
    resource = Memory(fail_on='b')
    with pytest.raises(KestraError) as caught:
        converge(resource, None, TaskContext(diff=True), {'a': {'description': 'a'}, 'b': {'description': 'b'}}, {},
                 items_key='things')
    assert caught.value.result['things'] == [{'id': 'a', 'action': 'created'}, {'id': 'b', 'action': 'failed'}]
    assert len(caught.value.result['diff']) == 1
    assert resource.writes == [('create', 'a')]


def test_single_bytes_field_diff_is_text():
    class File(Memory):
        fields = (Field('content', BYTES),)

    resource = File({'/a': {'content': b'one\n'}})
    result = ensure(resource, None, TaskContext(diff=True), '/a', {'content': b'two\n'})
    assert result['diff']['before'] == 'one\n' and result['diff']['after'] == 'two\n'
