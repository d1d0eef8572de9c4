"""The emulator's flows API, driven over HTTP as a client would (docs/dev/kestra-api/flows.md)."""

import io
import zipfile

import pytest

YAML = {'Content-Type': 'application/x-yaml'}

HELLO = ('id: hello\nnamespace: company.team\nlabels:\n  team: sdk\ntasks:\n'
         '  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: Hello\n')


def flow(flow_id, namespace='company.team', message='hi'):
    return ('id: %s\nnamespace: %s\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n'
            '    message: %s\n') % (flow_id, namespace, message)


def api(emulator, *parts):
    return '/'.join([emulator.url + '/api/v1/main/flows'] + list(parts))


def create(http, emulator, source):
    return http.post(api(emulator), data=source, headers=YAML)


def test_create_returns_flow_with_source_and_revision_1(emulator, http):
    response = create(http, emulator, HELLO)
    assert response.status_code == 200
    body = response.json()
    assert body['source'] == HELLO
    assert (body['revision'], body['disabled'], body['deleted']) == (1, False, False)
    assert body['labels'] == [{'key': 'team', 'value': 'sdk'}]
    assert body['tenantId'] == 'main'
    assert ('draft' in body) == (emulator.profile == '2.0')


def test_create_twice_is_422_flow_id_already_exists(emulator, http):
    create(http, emulator, HELLO)
    response = create(http, emulator, HELLO)
    assert response.status_code == 422
    body = response.json()
    assert body['message'] == 'Invalid entity: flow.id: Flow id already exists'
    assert body['_embedded']['errors'] == [{'message': 'Flow id already exists', 'path': 'flow.id'}]


def test_get_leaves_out_source_unless_asked(emulator, http):
    create(http, emulator, HELLO)
    assert 'source' not in http.get(api(emulator, 'company.team', 'hello')).json()
    assert http.get(api(emulator, 'company.team', 'hello'), params={'source': 'true'}).json()['source'] == HELLO


def test_missing_flow_is_404_not_found(emulator, http):
    response = http.get(api(emulator, 'company.team', 'nope'))
    assert response.status_code == 404
    assert response.json()['message'] == 'Not Found'


def test_update_identical_keeps_revision_any_text_change_bumps_it(emulator, http):
    create(http, emulator, HELLO)
    same = http.put(api(emulator, 'company.team', 'hello'), data=HELLO, headers=YAML)
    assert same.json()['revision'] == 1
    with_revision_line = http.put(api(emulator, 'company.team', 'hello'), data='revision: 1\n' + HELLO, headers=YAML)
    assert with_revision_line.json()['revision'] == 1
    commented = http.put(api(emulator, 'company.team', 'hello'), data=HELLO + '# comment\n', headers=YAML)
    assert commented.status_code == 200
    assert commented.json()['revision'] == 2
    assert commented.json()['source'] == HELLO + '# comment\n'


def test_update_cannot_change_id_or_namespace(emulator, http):
    create(http, emulator, HELLO)
    moved = HELLO.replace('id: hello\n', 'id: other\n', 1).replace('company.team', 'company.other')
    response = http.put(api(emulator, 'company.team', 'hello'), data=moved, headers=YAML)
    assert response.status_code == 422
    assert response.json()['message'] == \
        'Invalid entity: flow.id: Illegal flow id update, flow.namespace: Illegal namespace update'


def test_update_of_missing_flow_is_404(emulator, http):
    assert http.put(api(emulator, 'company.team', 'hello'), data=HELLO, headers=YAML).status_code == 404


def test_delete_is_soft_and_recreate_counts_the_marker(emulator, http):
    create(http, emulator, HELLO)
    assert http.delete(api(emulator, 'company.team', 'hello')).status_code == 204
    assert http.delete(api(emulator, 'company.team', 'hello')).status_code == 404
    assert http.get(api(emulator, 'company.team', 'hello')).status_code == 404
    deleted = http.get(api(emulator, 'company.team', 'hello'), params={'allowDeleted': 'true'}).json()
    assert (deleted['deleted'], deleted['revision']) == (True, 2)
    assert create(http, emulator, HELLO).json()['revision'] == 3
    revisions = http.get(api(emulator, 'company.team', 'hello', 'revisions')).json()
    assert [r['revision'] for r in revisions] == [1, 3]
    every = http.get(api(emulator, 'company.team', 'hello', 'revisions'), params={'allowDelete': 'true'}).json()
    assert [(r['revision'], r['deleted']) for r in every] == [(1, False), (2, True), (3, False)]
    assert all('source' in r for r in every)


@pytest.mark.parametrize('source, message', [
    ('id: x\nnamespace: a\ntasks: [\n', 'Invalid entity: Illegal flow yaml: '),
    ('namespace: a\ntasks:\n  - {id: t, type: io.kestra.plugin.core.log.Log}\n', 'Invalid entity: id: must not be null'),
    ('id: x\ntasks:\n  - {id: t, type: io.kestra.plugin.core.log.Log}\n', 'Invalid entity: namespace: must not be null'),
    ('id: x\nnamespace: a\n', 'Invalid entity: tasks: must not be empty'),
    ('id: "-x"\nnamespace: a\ntasks:\n  - {id: t, type: io.kestra.plugin.core.log.Log}\n',
     'Invalid entity: id: must match "^[a-zA-Z0-9][a-zA-Z0-9._-]*"'),
    ('id: x\nnamespace: Upper\ntasks:\n  - {id: t, type: io.kestra.plugin.core.log.Log}\n',
     'Invalid entity: namespace: must match "^[a-z0-9][a-z0-9._-]*"'),
    ('id: x\nnamespace: a\ntasks:\n  - {id: t, type: io.kestra.plugin.core.log.Log}\n'
     '  - {id: t, type: io.kestra.plugin.core.debug.Return}\n',
     'Invalid entity: : Invalid Flow: Duplicate task id with name [t]\n'),
    ('id: x\nnamespace: a\ntasks:\n  - {id: t, type: io.acme.Unknown}\n', 'Invalid entity: Invalid type: io.acme.Unknown'),
    ('id: x\nnamespace: a\nfoo: 1\ntasks:\n  - {id: t, type: io.kestra.plugin.core.log.Log}\n',
     'Invalid entity: Unrecognized field "foo" (class io.kestra.core.models.flows.Flow), not marked as ignorable'),
])
def test_invalid_flows_are_422_with_kestras_text(emulator, http, source, message):
    response = create(http, emulator, source)
    assert response.status_code == 422
    assert response.json()['message'].startswith(message)
    assert response.json()['_embedded']['errors']


def test_unknown_type_error_has_the_jackson_path(emulator, http):
    body = create(http, emulator, 'id: x\nnamespace: a\ntasks:\n  - {id: t, type: io.acme.Unknown}\n').json()
    path = 'io.kestra.core.models.flows.Flow["tasks"]->java.util.ArrayList[0]'
    first, jackson = body['_embedded']['errors']
    assert first == {'message': 'Invalid type: io.acme.Unknown', 'path': path}
    assert jackson['path'] == path and "type id 'io.acme.Unknown'" in jackson['message']


def test_plugin_defaults_is_a_1x_property_only(emulator, http):
    source = flow('x') + 'pluginDefaults:\n  - type: io.kestra.plugin.core.log.Log\n    values: {level: INFO}\n'
    assert create(http, emulator, source).status_code == (422 if emulator.profile == '2.0' else 200)


def test_validate_answers_each_document(emulator, http):
    create(http, emulator, flow('existing'))
    body = '\n---\n'.join([
        flow('ok'),
        'id: bad\nnamespace: a\ntasks:\n  - {id: t, type: io.acme.Unknown}\n',
        'foo: [\n',
        'id: Y\nnamespace: a\ntasks: []\n',
        flow('legacy').replace('io.kestra.plugin.core.log.Log', 'io.kestra.core.tasks.log.Log'),
        flow('listener') + 'triggers:\n  - id: on_any\n    type: io.kestra.plugin.core.trigger.Flow\n',
        'revision: 5\n' + flow('existing'),
    ])
    response = http.post(api(emulator, 'validate'), data=body, headers=YAML)
    assert response.status_code == 200
    ok, unknown, broken, empty, legacy, listener, outdated = response.json()
    assert [a['index'] for a in response.json()] == list(range(7))
    assert 'constraints' not in ok and (ok['flow'], ok['namespace']) == ('ok', 'company.team')
    assert unknown['constraints'] == 'Invalid type: io.acme.Unknown' and 'flow' not in unknown
    assert broken['constraints'].startswith('Illegal flow yaml: ') and 'flow' not in broken
    assert empty['constraints'] == 'tasks: must not be empty\n' and empty['flow'] == 'Y'
    assert legacy['infos'] == ['io.kestra.core.tasks.log.Log is replaced by io.kestra.plugin.core.log.Log']
    assert legacy['deprecationPaths'] == []
    assert listener['warnings'][0].startswith('This flow will be triggered for EVERY execution of EVERY flow')
    assert outdated['outdated'] is True and ok['outdated'] is False


def test_validate_multipart_names_each_file(emulator, http):
    files = [('flows', ('a.yml', flow('a').encode(), 'application/x-yaml')),
             ('flows', ('b.yml', b'id: b\nnamespace: a\n', 'application/x-yaml'))]
    answers = http.post(api(emulator, 'validate'), files=files).json()
    assert [(a['filename'], 'constraints' in a) for a in answers] == [('a.yml', False), ('b.yml', True)]


def test_list_by_namespace_is_exact_and_without_source(emulator, http):
    for flow_id, namespace in (('a', 'company.team'), ('b', 'company.team'), ('c', 'company.team.child')):
        create(http, emulator, flow(flow_id, namespace))
    listed = http.get(api(emulator, 'company.team')).json()
    assert [f['id'] for f in listed] == ['a', 'b']
    assert all('source' not in f for f in listed)
    assert http.get(api(emulator, 'unknown.namespace')).json() == []


def test_search_pages_and_filters(emulator, http):
    for flow_id, namespace in (('a', 'company.team'), ('b', 'company.team'), ('c', 'company.team.child'),
                               ('d', 'other')):
        create(http, emulator, flow(flow_id, namespace))
    params = {'filters[namespace][PREFIX]': 'company.team', 'size': 2, 'sort': 'id:desc'}
    first = http.get(api(emulator, 'search'), params=params).json()
    second = http.get(api(emulator, 'search'), params=dict(params, page=2)).json()
    assert first['total'] == 3 and [f['id'] for f in first['results']] == ['c', 'b']
    assert [f['id'] for f in second['results']] == ['a']
    exact = http.get(api(emulator, 'search'), params={'filters[namespace][EQUALS]': 'company.team'}).json()
    assert exact['total'] == 2
    assert http.get(api(emulator, 'search'), params={'sort': 'bad'}).status_code == 422


def test_search_legacy_namespace_param_only_in_1x(emulator, http):
    create(http, emulator, flow('a', 'company.team'))
    create(http, emulator, flow('d', 'other'))
    total = http.get(api(emulator, 'search'), params={'namespace': 'company'}).json()['total']
    assert total == (2 if emulator.profile == '2.0' else 1)


def unzip(response):
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return dict((name, archive.read(name).decode('utf-8')) for name in archive.namelist())


def test_export_by_query_zips_the_live_sources(emulator, http):
    create(http, emulator, flow('a', 'company.team'))
    create(http, emulator, flow('b', 'company.team', message='b'))
    create(http, emulator, flow('c', 'company.team.child'))
    create(http, emulator, flow('gone', 'company.team'))
    http.delete(api(emulator, 'company.team', 'gone'))
    response = http.get(api(emulator, 'export', 'by-query'), params={'filters[namespace][EQUALS]': 'company.team'},
                        headers={'Accept': 'application/octet-stream'})
    assert response.status_code == 200
    assert response.headers['Content-Type'] == 'application/octet-stream'
    assert response.headers['Content-Disposition'] == 'attachment; filename="flows.zip"'
    assert unzip(response) == {'company.team-a.yml': flow('a'), 'company.team-b.yml': flow('b', message='b')}
    prefix = http.get(api(emulator, 'export', 'by-query'), params={'filters[namespace][PREFIX]': 'company.team'})
    assert sorted(unzip(prefix)) == ['company.team-a.yml', 'company.team-b.yml', 'company.team.child-c.yml']


def test_import_upserts_and_lists_failures(emulator, http):
    create(http, emulator, flow('same'))
    create(http, emulator, flow('changed'))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as archive:
        archive.writestr('same.yml', flow('same'))
        archive.writestr('changed.yml', flow('changed', message='new'))
        archive.writestr('new.yml', flow('new'))
        archive.writestr('bad.yml', 'id: bad\nnamespace: company.team\n')
        archive.writestr('readme.txt', 'not a flow')
    upload = {'fileUpload': ('flows.zip', buffer.getvalue(), 'application/zip')}
    response = http.post(api(emulator, 'import'), files=upload)
    assert response.status_code == 200
    assert response.json() == ['bad.yml']
    revisions = dict((f['id'], f['revision']) for f in http.get(api(emulator, 'company.team')).json())
    assert revisions == {'same': 1, 'changed': 2, 'new': 1}
    strict = http.post(api(emulator, 'import'), files=upload, params={'failOnError': 'true'})
    assert strict.status_code == 422
    assert strict.json()['message'] == 'Illegal argument: Following invalid flows were not imported: bad.yml'


def test_import_refuses_other_file_types(emulator, http):
    response = http.post(api(emulator, 'import'), files={'fileUpload': ('flows.txt', b'x', 'text/plain')})
    assert response.status_code == 422
    assert response.json()['message'] == 'Illegal argument: Cannot import file of type .txt'


def test_tenants_do_not_see_each_other(emulator, http):
    create(http, emulator, HELLO)
    other = http.get(emulator.url + '/api/v1/other/flows/company.team/hello')
    assert other.status_code == 404


def test_auth_is_required_when_configured(basic_emulator, http):
    assert http.post(basic_emulator.url + '/api/v1/main/flows', data=HELLO, headers=YAML).status_code == 401
