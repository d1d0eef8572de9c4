"""The emulator's namespace files API, driven over HTTP (docs/dev/kestra-api/namespace-files.md)."""

import io
import zipfile

import pytest

NS = 'company.team'


def url(emulator, suffix='', namespace=NS, tenant='main'):
    return '%s/api/v1/%s/namespaces/%s/files%s' % (emulator.url, tenant, namespace, suffix)


def upload(http, emulator, path, data, filename='upload.bin', namespace=NS):
    return http.post(url(emulator, namespace=namespace), params={'path': path},
                     files={'fileContent': (filename, data, 'application/octet-stream')})


def listing(http, emulator, path=None):
    response = http.get(url(emulator, '/directory'), params={} if path is None else {'path': path})
    assert response.status_code == 200, response.text
    return sorted((e['fileName'], e['type']) for e in response.json())


def test_upload_then_download_is_binary_safe_on_every_profile_and_edition(any_emulator, http):
    data = bytes(range(256)) * 4 + b'\r\n\x00'
    response = upload(http, any_emulator, '/scripts/run.bin', data)
    assert response.status_code == 200
    assert response.content == b''
    got = http.get(url(any_emulator), params={'path': '/scripts/run.bin'})
    assert got.status_code == 200
    assert got.headers['Content-Type'] == 'application/octet-stream'
    assert got.content == data


def test_paths_are_normalised_leading_slash_optional(emulator, http):
    assert upload(http, emulator, 'a//b/./c.txt', b'x').status_code == 200
    for path in ('/a/b/c.txt', 'a/b/c.txt', '/a/b/../b/c.txt'):
        assert http.get(url(emulator), params={'path': path}).content == b'x'


def test_parent_directories_are_created_and_listing_is_one_level(emulator, http):
    upload(http, emulator, '/dir/sub/deep.txt', b'1')
    upload(http, emulator, '/dir/top.txt', b'22')
    upload(http, emulator, '/root.txt', b'333')
    assert listing(http, emulator) == [('dir', 'Directory'), ('root.txt', 'File')]
    assert listing(http, emulator, '/dir') == [('sub', 'Directory'), ('top.txt', 'File')]
    assert listing(http, emulator, '/dir/sub/') == [('deep.txt', 'File')]
    entries = http.get(url(emulator, '/directory'), params={'path': '/'}).json()
    by_name = {e['fileName']: e for e in entries}
    assert by_name['root.txt']['size'] == 3
    assert isinstance(by_name['root.txt']['creationTime'], int)
    assert by_name['dir']['size'] == 0


def test_listing_an_empty_root_is_empty_and_a_missing_directory_is_404(emulator, http):
    assert listing(http, emulator) == []
    response = http.get(url(emulator, '/directory'), params={'path': '/nope'})
    assert response.status_code == 404
    assert response.json()['message'] == 'Not Found: Directory not found: /nope'


def test_stats_of_file_directory_root_and_missing(emulator, http):
    upload(http, emulator, '/d/f.txt', b'hello')
    stats = http.get(url(emulator, '/stats'), params={'path': '/d/f.txt'}).json()
    assert stats['fileName'] == 'f.txt' and stats['type'] == 'File' and stats['size'] == 5
    assert http.get(url(emulator, '/stats'), params={'path': '/d'}).json()['type'] == 'Directory'
    root = http.get(url(emulator, '/stats')).json()
    assert root['fileName'] == '_files' and root['type'] == 'Directory'
    missing = http.get(url(emulator, '/stats'), params={'path': '/d/none.txt'})
    assert missing.status_code == 404
    assert missing.json()['message'] == "Not Found: File '/d/none.txt' was not found in namespace 'company.team'."


def test_missing_file_and_missing_path_parameter(emulator, http):
    response = http.get(url(emulator), params={'path': '/missing.txt'})
    assert response.status_code == 404
    assert response.json()['message'] == "Not Found: File '/missing.txt' was not found in namespace 'company.team'."
    response = http.get(url(emulator))
    assert response.status_code == 400
    assert response.json()['message'] == 'Bad Request: Required QueryValue [path] not specified'


def test_every_upload_is_a_revision_readable_by_number(emulator, http):
    upload(http, emulator, '/r.txt', b'one')
    upload(http, emulator, '/r.txt', b'one')
    upload(http, emulator, '/r.txt', b'three')
    revisions = http.get(url(emulator, '/revisions'), params={'path': '/r.txt'})
    assert revisions.json() == [{'revision': 1}, {'revision': 2}, {'revision': 3}]
    assert http.get(url(emulator), params={'path': '/r.txt', 'revision': 1}).content == b'one'
    assert http.get(url(emulator), params={'path': '/r.txt'}).content == b'three'
    missing = http.get(url(emulator), params={'path': '/r.txt', 'revision': 9})
    assert missing.status_code == 404
    assert missing.json()['message'] == \
        "Not Found: Revision 9 of file '/r.txt' was not found in namespace 'company.team'."
    none = http.get(url(emulator, '/revisions'), params={'path': '/none.txt'})
    assert none.status_code == 404
    assert none.json()['message'] == 'Not Found: File not found: /none.txt'


def test_revisions_continue_after_a_delete(emulator, http):
    upload(http, emulator, '/r.txt', b'one')
    http.delete(url(emulator), params={'path': '/r.txt'})
    upload(http, emulator, '/r.txt', b'two')
    assert http.get(url(emulator, '/revisions'), params={'path': '/r.txt'}).json() == \
        [{'revision': 1}, {'revision': 2}]


def test_create_directory_and_upload_into_it(emulator, http):
    assert http.post(url(emulator, '/directory'), params={'path': '/empty/inner'}).status_code == 200
    assert listing(http, emulator) == [('empty', 'Directory')]
    assert listing(http, emulator, '/empty/inner') == []
    # creating it again is accepted
    assert http.post(url(emulator, '/directory'), params={'path': '/empty/inner'}).status_code == 200


def test_delete_file_removes_parents_left_empty_but_not_the_root(emulator, http):
    upload(http, emulator, '/a/b/only.txt', b'x')
    upload(http, emulator, '/keep/one.txt', b'1')
    upload(http, emulator, '/keep/two.txt', b'2')
    assert http.delete(url(emulator), params={'path': '/a/b/only.txt'}).status_code == 200
    assert http.delete(url(emulator), params={'path': 'keep/one.txt'}).status_code == 200
    assert listing(http, emulator) == [('keep', 'Directory')]
    assert listing(http, emulator, '/keep') == [('two.txt', 'File')]


def test_delete_directory_is_recursive_and_missing_is_accepted(emulator, http):
    upload(http, emulator, '/tree/x/1.txt', b'1')
    upload(http, emulator, '/tree/2.txt', b'2')
    upload(http, emulator, '/other.txt', b'3')
    assert http.delete(url(emulator), params={'path': '/tree'}).status_code == 200
    assert listing(http, emulator) == [('other.txt', 'File')]
    assert http.get(url(emulator), params={'path': '/tree/x/1.txt'}).status_code == 404
    assert http.delete(url(emulator), params={'path': '/never'}).status_code == 200


def test_move_file_and_directory(emulator, http):
    upload(http, emulator, '/src/a.txt', b'A')
    upload(http, emulator, '/src/a.txt', b'A2')
    upload(http, emulator, '/src/sub/b.txt', b'B')
    assert http.put(url(emulator), params={'from': '/src', 'to': '/dst'}).status_code == 200
    assert listing(http, emulator) == [('dst', 'Directory')]
    assert http.get(url(emulator), params={'path': '/dst/sub/b.txt'}).content == b'B'
    assert http.get(url(emulator, '/revisions'), params={'path': '/dst/a.txt'}).json() == \
        [{'revision': 1}, {'revision': 2}]
    assert http.put(url(emulator), params={'from': '/dst/a.txt', 'to': '/moved/a.txt'}).status_code == 200
    assert http.get(url(emulator), params={'path': '/moved/a.txt'}).content == b'A2'


def test_move_onto_an_existing_path_fails(emulator, http):
    upload(http, emulator, '/a.txt', b'A')
    upload(http, emulator, '/b.txt', b'B')
    response = http.put(url(emulator), params={'from': '/a.txt', 'to': '/b.txt'})
    assert response.status_code == 500
    assert "File '/b.txt' already exists in namespace 'company.team'." in response.json()['message']
    assert http.get(url(emulator), params={'path': '/b.txt'}).content == b'B'
    missing = http.put(url(emulator), params={'from': '/a.txt'})
    assert missing.status_code == 400
    assert missing.json()['message'] == 'Bad Request: Required QueryValue [to] not specified'


@pytest.mark.parametrize('method, suffix, params', [
    ('get', '', {'path': '/_flows/f.yml'}),
    ('get', '/stats', {'path': '/_flows/f.yml'}),
    ('get', '/directory', {'path': '/_flows'}),
    ('post', '/directory', {'path': '/_flows'}),
    ('put', '', {'from': '/_flows/f', 'to': '/foo'}),
    ('put', '', {'from': '/foo', 'to': '/_flows/f'}),
    ('delete', '', {'path': '/_flows/f.txt'}),
])
def test_flows_folder_is_forbidden(emulator, http, method, suffix, params):
    response = getattr(http, method)(url(emulator, suffix), params=params)
    assert response.status_code == 422
    assert response.json()['message'].startswith('Illegal argument: Forbidden path: /_flows')


def test_similar_names_to_flows_folder_are_allowed(emulator, http):
    assert http.post(url(emulator, '/directory'), params={'path': '/_flows2'}).status_code == 200
    assert upload(http, emulator, '/_flowsFile', b'Hello').status_code == 200
    assert upload(http, emulator, '/_flows', b'Hello').status_code == 422


@pytest.mark.parametrize('method, params', [
    ('get', {'path': '/foo/../../test.txt'}),
    ('delete', {'path': '/foo/../../test.txt'}),
    ('put', {'from': '/foo/../../test.txt', 'to': '/bar'}),
])
def test_path_traversal_is_refused(emulator, http, method, params):
    upload(http, emulator, '/test.txt', b'safe')
    response = getattr(http, method)(url(emulator), params=params)
    assert response.status_code == 422
    assert response.json()['message'].startswith('Illegal argument: ')
    assert http.get(url(emulator), params={'path': '/test.txt'}).content == b'safe'


def test_upload_traversal_is_refused(emulator, http):
    response = upload(http, emulator, '/x/../../../escaped.txt', b'no')
    assert response.status_code == 422
    assert listing(http, emulator) == []


def test_upload_needs_multipart_and_the_file_content_part(emulator, http):
    response = http.post(url(emulator), params={'path': '/a.txt'}, data=b'raw',
                         headers={'Content-Type': 'application/octet-stream'})
    assert response.status_code == 415
    response = http.post(url(emulator), params={'path': '/a.txt'},
                         files={'other': ('a.txt', b'x', 'application/octet-stream')})
    assert response.status_code == 400
    assert response.json()['message'] == 'Bad Request: Required Part [fileContent] not specified'
    response = http.post(url(emulator), files={'fileContent': ('a.txt', b'x', 'application/octet-stream')})
    assert response.status_code == 400
    assert listing(http, emulator) == []


def test_file_and_directory_cannot_take_each_others_place(emulator, http):
    upload(http, emulator, '/f.txt', b'x')
    assert upload(http, emulator, '/f.txt/inner.txt', b'y').status_code == 500
    http.post(url(emulator, '/directory'), params={'path': '/d'})
    assert upload(http, emulator, '/d', b'y').status_code == 500


def test_search_matches_file_paths_only(emulator, http):
    for path in ('/file.txt', '/another_file.json', '/folder/file.txt', '/folder/some.yaml', '/folder/sub/script.py'):
        upload(http, emulator, path, b'')
    search = http.get(url(emulator, '/search'), params={'q': 'file'}).json()
    assert sorted(search) == ['/another_file.json', '/file.txt', '/folder/file.txt']
    assert http.get(url(emulator, '/search'), params={'q': 'folder'}).json() == \
        ['/folder/file.txt', '/folder/some.yaml', '/folder/sub/script.py']
    assert http.get(url(emulator, '/search')).status_code == 400


def test_export_zips_files_and_flows_and_a_zip_upload_unpacks_at_the_root(emulator, http):
    upload(http, emulator, '/a.txt', b'A')
    upload(http, emulator, '/dir/b.bin', b'\x00\xff')
    emulator.seed_flow('id: hello\nnamespace: company.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n'
                       '    message: hi\n')
    response = http.get(url(emulator, '/export'))
    assert response.status_code == 200
    assert response.headers['Content-Disposition'] == 'attachment; filename="company.team_files.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ['_flows/hello.yml', 'a.txt', 'dir/b.bin']
        assert archive.read('dir/b.bin') == b'\x00\xff'
    # importing the archive into another namespace stores the files and imports the flow there
    other = http.post(url(emulator, namespace='other.ns'), params={'path': '/ignored.zip'},
                      files={'fileContent': ('files.zip', response.content, 'application/zip')})
    assert other.status_code == 200
    assert http.get(url(emulator, namespace='other.ns'), params={'path': '/dir/b.bin'}).content == b'\x00\xff'
    flow = http.get('%s/api/v1/main/flows/other.ns/hello' % emulator.url)
    assert flow.status_code == 200
    assert flow.json()['namespace'] == 'other.ns'


def test_upload_under_flows_imports_a_flow(emulator, http):
    source = b'id: imported\nnamespace: somewhere.else\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n' \
             b'    message: hi\n'
    assert upload(http, emulator, '/_flows/imported.yml', source, filename='imported.yml').status_code == 200
    assert http.get('%s/api/v1/main/flows/company.team/imported' % emulator.url).status_code == 200
    assert listing(http, emulator) == []
    nested = upload(http, emulator, '/_flows/a/b.yml', source, filename='b.yml')
    assert nested.status_code == 422
    assert nested.json()['message'] == 'Illegal argument: Invalid flow file path: /_flows/a/b.yml'


def test_namespaces_and_tenants_are_isolated(emulator, http):
    upload(http, emulator, '/a.txt', b'A')
    assert http.get(url(emulator, namespace='company.team.child'), params={'path': '/a.txt'}).status_code == 404
    assert http.get(url(emulator, tenant='other'), params={'path': '/a.txt'}).status_code == 404


def test_reset_clears_namespace_files(emulator, http):
    upload(http, emulator, '/a.txt', b'A')
    emulator.reset()
    assert http.get(url(emulator), params={'path': '/a.txt'}).status_code == 404
