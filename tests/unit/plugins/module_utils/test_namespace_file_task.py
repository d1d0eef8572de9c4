"""kestra_namespace_file pure logic: paths, local trees, what a task declares."""

import base64

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_file_api import under
from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_file_task import (
    declared_files,
    join,
    normalise_path,
    read_source,
    tree_payload,
    walk_tree,
)


@pytest.mark.parametrize('path, expected', [
    ('/', '/'),
    ('a', '/a'),
    ('/a//b/', '/a/b'),
    ('/scripts/run.py', '/scripts/run.py'),
    ('/a b/é.txt', '/a b/é.txt'),
    ('/_flowsx/a', '/_flowsx/a'),
    ('/a/_flows/b', '/a/_flows/b'),
])
def test_normalise_path(path, expected):
    assert normalise_path(path) == expected


@pytest.mark.parametrize('path', ['', '  ', '/a/../b', '..', '/./a', '/_flows/f.yml', '_flows', 'a\nb', 'a\x00b',
                                  'a\\b', None, 5])
def test_bad_paths_are_refused(path):
    with pytest.raises(KestraInputError):
        normalise_path(path)


def test_join_and_under():
    assert join('/', 'a/b') == '/a/b'
    assert join('/x', '/a') == '/x/a'
    assert join('/x', '') == '/x'
    assert under('/x/a', '/x') and under('/x', '/x') and under('/anything', '/')
    assert not under('/xy/a', '/x') and not under('/y/x/a', '/x')


def _tree(tmp_path):
    (tmp_path / 'sub' / 'deep').mkdir(parents=True)
    (tmp_path / 'a.txt').write_bytes(b'a\n')
    (tmp_path / 'sub' / 'b.bin').write_bytes(b'\x00\xff\xfe')
    (tmp_path / 'sub' / 'deep' / 'c.zip').write_bytes(b'PK\x03\x04')
    return tmp_path


def test_walk_tree_reads_every_file_as_bytes(tmp_path):
    assert walk_tree(str(_tree(tmp_path))) == {'a.txt': b'a\n', 'sub/b.bin': b'\x00\xff\xfe',
                                               'sub/deep/c.zip': b'PK\x03\x04'}


def test_payload_round_trip(tmp_path):
    root = _tree(tmp_path)
    params = {'namespace': 'n', 'path': '/x', 'src': 'tree', 'content': None, 'files': None,
              '_src_files': {'tree': tree_payload(*read_source(str(root)))}}
    assert declared_files(params) == {'/x/a.txt': b'a\n', '/x/sub/b.bin': b'\x00\xff\xfe',
                                      '/x/sub/deep/c.zip': b'PK\x03\x04'}


def test_read_source_missing(tmp_path):
    with pytest.raises(KestraInputError):
        read_source(str(tmp_path / 'nope'))


def _params(**kwargs):
    params = {'namespace': 'company.team', 'path': '/', 'content': None, 'src': None, 'files': None,
              '_src_files': None}
    params.update(kwargs)
    return params


def test_content_needs_a_file_path():
    assert declared_files(_params(path='/a.txt', content='é')) == {'/a.txt': 'é'.encode('utf-8')}
    with pytest.raises(KestraInputError):
        declared_files(_params(content='x'))


def test_src_file_into_a_directory_keeps_its_name(tmp_path):
    source = tmp_path / 'run.py'
    source.write_bytes(b'print(1)\n')
    assert declared_files(_params(path='/scripts/', src=str(source))) == {'/scripts/run.py': b'print(1)\n'}
    assert declared_files(_params(path='/scripts/main.py', src=str(source))) == {'/scripts/main.py': b'print(1)\n'}
    encoded = {'run.py': {'file': base64.b64encode(b'x').decode()}}
    assert declared_files(_params(src='run.py', _src_files=encoded)) == {'/run.py': b'x'}


def test_files_are_relative_to_path(tmp_path):
    root = _tree(tmp_path)
    declared = declared_files(_params(path='/p', files=[{'path': 'one.sql', 'content': 'SELECT 1', 'src': None},
                                                        {'path': 'lib', 'src': str(root), 'content': None}]))
    assert sorted(declared) == ['/p/lib/a.txt', '/p/lib/sub/b.bin', '/p/lib/sub/deep/c.zip', '/p/one.sql']


def test_a_file_declared_twice_is_refused():
    with pytest.raises(KestraInputError, match='twice'):
        declared_files(_params(path='/p', files=[{'path': 'a', 'content': '1', 'src': None},
                                                 {'path': '/a', 'content': '2', 'src': None}]))


def test_bad_namespace_and_item_paths():
    with pytest.raises(KestraInputError):
        declared_files(_params(namespace='../x', path='/a', content='x'))
    with pytest.raises(KestraInputError):
        declared_files(_params(files=[{'path': '../../etc/passwd', 'content': 'x', 'src': None}]))


class _Client(object):
    """Just enough of KestraClient for run(): a stored tree, and the requests made."""

    def __init__(self, stored):
        self.stored = dict(stored)
        self.calls = []
        self.wrote = False

    def api_path(self, *segments):
        return '/api/v1/main/' + '/'.join(segments)

    def get_json(self, path, params=None, allow_missing=False, context=None):
        self.calls.append(('GET', path))
        return sorted(self.stored)

    def request(self, method, path, params=None, **kwargs):
        self.calls.append((method, params['path']))

        class Answer(object):
            status_code = 200 if params['path'] in self.stored else 404
            content = self.stored.get(params['path'])
        if method == 'DELETE':
            del self.stored[params['path']]
        elif method == 'POST':
            self.stored[params['path']] = kwargs['files']['fileContent'][1]
        return Answer()


def _run(stored, **params):
    from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_file_task import run
    from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskContext
    client = _Client(stored)
    full = _params(state='present', prune=False)
    full.update(params)
    return run(full, client, TaskContext()), client


def test_an_empty_src_directory_deletes_nothing(tmp_path):
    stored = {'/d/a.txt': b'a', '/other.txt': b'o'}
    result, client = _run(stored, path='/d', src=str(tmp_path), state='absent')
    assert result == {'changed': False, 'files': [], 'namespace': 'company.team'}
    assert client.stored == stored
    result, client = _run(stored, path='/d', src=str(tmp_path))
    assert result['changed'] is False and client.stored == stored


def test_converged_tree_reads_and_never_writes(tmp_path):
    root = _tree(tmp_path)
    stored = dict(('/p/' + name, data) for name, data in walk_tree(str(root)).items())
    stored['/outside.txt'] = b'x'
    result, client = _run(stored, path='/p', src=str(root), prune=True)
    assert not result['changed']
    assert [call[0] for call in client.calls] == ['GET'] * 4
    assert client.stored['/outside.txt'] == b'x'


def test_prune_stays_under_path():
    stored = {'/p/a': b'1', '/p/b': b'2', '/pq/c': b'3', '/q/p/d': b'4'}
    result, client = _run(stored, path='/p', files=[{'path': 'a', 'content': '1', 'src': None}], prune=True)
    assert [(e['path'], e['action']) for e in result['files']] == [('/p/a', 'unchanged'), ('/p/b', 'deleted')]
    assert sorted(client.stored) == ['/p/a', '/pq/c', '/q/p/d']
