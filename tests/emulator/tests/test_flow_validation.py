"""What the emulator's flows API accepts and refuses, with Kestra's texts (docs/dev/kestra-api/flow-validation.md).

Each refused case is a small flow of our own, one per rule of Kestra's parser and
validators; the accepted ones are valid flows the emulator once refused or broke on.
"""

import pytest

YAML = {'Content-Type': 'application/x-yaml'}


def api(emulator, *parts):
    return '/'.join([emulator.url + '/api/v1/main/flows'] + list(parts))


def create(http, emulator, source):
    return http.post(api(emulator), data=source.encode('utf-8'), headers=YAML)


def validate(http, emulator, source):
    response = http.post(api(emulator, 'validate'), data=source.encode('utf-8'), headers=YAML)
    assert response.status_code == 200
    return response.json()[0]


def flow(body, flow_id='f', namespace='company.team'):
    return 'id: %s\nnamespace: %s\n%s' % (flow_id, namespace, body)


LOG = '  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n'

DAG = flow('''tasks:
  - id: dag
    type: io.kestra.plugin.core.flow.Dag
    tasks:
      - task:
          id: first
          type: io.kestra.plugin.core.log.Log
          message: one
      - task:
          id: second
          type: io.kestra.plugin.core.log.Log
          message: two
        dependsOn: [first]
''')

DATES = flow('''inputs:
  - id: day
    type: DATE
    after: 2023-01-01
    defaults: 2024-05-01
variables:
  at: 2024-01-01T10:00:00Z
tasks:
''' + LOG)


def test_a_dag_flow_is_accepted(emulator, http):
    response = create(http, emulator, DAG)
    assert response.status_code == 200, response.text
    answer = validate(http, emulator, DAG)
    assert 'constraints' not in answer


def test_unquoted_dates_are_stored_and_answered_as_text(emulator, http):
    response = create(http, emulator, DATES)
    assert response.status_code == 200, response.text
    assert response.json()['inputs'][0]['after'] == '2023-01-01'
    assert response.json()['variables'] == {'at': '2024-01-01T10:00:00Z'}
    updated = http.put(api(emulator, 'company.team', 'f'), data=DATES + '# changed\n', headers=YAML)
    assert updated.status_code == 200 and updated.json()['revision'] == 2
    assert http.get(api(emulator, 'company.team', 'f')).json()['inputs'][0]['defaults'] == '2024-05-01'
    listed = http.get(api(emulator, 'company.team'))
    assert listed.status_code == 200 and [f['id'] for f in listed.json()] == ['f']


def test_yaml_that_json_cannot_carry_is_refused_before_anything_is_stored(emulator, http):
    response = create(http, emulator, flow('blob: !!binary aGVsbG8=\ntasks:\n' + LOG).replace('blob', 'description'))
    assert response.status_code == 422
    assert response.json()['message'].startswith('Invalid entity: Illegal flow yaml: ')
    assert http.get(api(emulator, 'company.team')).json() == []


REFUSED = [
    # (name, source, text of 'constraints' / after 'Invalid entity: ', start only when it ends with '...')
    ('unknown task property', flow('tasks:\n' + LOG + '    colour: red\n'),
     'Unrecognized field "colour" (class io.kestra.plugin.core.log.Log), not marked as ignorable (...'),
    ('unknown flow property', flow('colour: red\ntasks:\n' + LOG),
     'Unrecognized field "colour" (class io.kestra.core.models.flows.Flow), not marked as ignorable (...'),
    ('unknown input property', flow('inputs:\n  - {id: a, type: STRING, colour: red}\ntasks:\n' + LOG),
     'Unrecognized field "colour" (class io.kestra.core.models.flows.input.StringInput), not marked as ...'),
    ('unknown dag entry property', DAG.replace('dependsOn: [first]', 'dependsOn: [first]\n        after: [x]'),
     'Unrecognized field "after" (class io.kestra.plugin.core.flow.Dag$DagTask), not marked as ignorable ...'),
    ('duplicate yaml key', flow('tasks:\n' + LOG + '    message: again\n'),
     "Illegal flow yaml: Duplicate field 'message'..."),
    ('unknown core type', flow('tasks:\n  - {id: t, type: io.kestra.plugin.core.log.Nope}\n'),
     'Invalid type: io.kestra.plugin.core.log.Nope'),
    ('unknown core condition', flow('tasks:\n' + LOG + 'triggers:\n  - id: s\n    type: io.kestra.plugin.core.'
                                    'trigger.Schedule\n    cron: "@daily"\n    conditions:\n      - type: '
                                    'io.kestra.plugin.core.condition.Nope\n'),
     'Invalid type: io.kestra.plugin.core.condition.Nope'),
    ('task without type', flow('tasks:\n  - id: t\n'), 'Invalid type: null'),
    ('input type that does not exist', flow('inputs:\n  - {id: a, type: TEXT}\ntasks:\n' + LOG), 'Invalid type: TEXT'),
    ('input without type', flow('inputs:\n  - id: a\ntasks:\n' + LOG), 'Invalid type: null'),
    ('empty tasks', flow('tasks: []\n'), 'tasks: must not be empty\n'),
    ('empty parallel', flow('tasks:\n  - {id: p, type: io.kestra.plugin.core.flow.Parallel, tasks: []}\n'),
     'p.tasks: must not be empty\n'),
    ('switch without cases', flow('tasks:\n  - {id: sw, type: io.kestra.plugin.core.flow.Switch, value: x, '
                                  'cases: {}}\n'),
     'sw: No task defined, neither cases or default have any tasks\n'),
    ('working directory without tasks', flow('tasks:\n  - {id: wd, type: io.kestra.plugin.core.flow.WorkingDirectory}\n'),
     "wd: The 'tasks' property cannot be empty\n"),
    ('flowable child of a working directory', flow(
        'tasks:\n  - id: wd\n    type: io.kestra.plugin.core.flow.WorkingDirectory\n    tasks:\n'
        '      - {id: seq, type: io.kestra.plugin.core.flow.Sequential, tasks: [{id: l, type: '
        'io.kestra.plugin.core.log.Log, message: m}]}\n'),
     'wd: Only runnable tasks are allowed as children of a WorkingDirectory task\n'),
    ('dag dependency on a missing task', DAG.replace('dependsOn: [first]', 'dependsOn: [ghost]'),
     'dag: Not existing task id in dependency: ghost\n'),
    ('dag cycle', DAG.replace("          message: one\n", "          message: one\n        dependsOn: [second]\n"),
     'dag: Cyclic dependency detected: first, second\n'),
    ('bad validator regex', flow('inputs:\n  - {id: a, type: STRING, validator: "(unclosed"}\ntasks:\n' + LOG),
     'a.validator: invalid pattern [(unclosed]\n'),
    ('file input with defaults', flow('inputs:\n  - {id: a, type: FILE, defaults: x}\ntasks:\n' + LOG),
     "a: no `defaults` can be set for inputs of type 'FILE'\n"),
    ('recursive subflow', flow('tasks:\n  - {id: me, type: io.kestra.plugin.core.flow.Subflow, '
                               'namespace: company.team, flowId: f}\n'),
     ': Invalid Flow: Recursive call to flow [company.team.f]\n'),
    ('system label', flow('labels:\n  system.owner: me\ntasks:\n' + LOG),
     ': Invalid Flow: System labels can only be set by Kestra itself, offending label: system.owner=me\n'),
    ('worker group in OSS', flow('tasks:\n' + LOG + '    workerGroup: {key: gpu}\n'),
     'tasks[0].workerGroup: Worker Group is an Enterprise Edition functionality\n'),
]


def _matches(text, expected):
    if expected.endswith('...'):
        return text.startswith(expected[:-3])
    return text == expected


@pytest.mark.parametrize('name, source, expected', REFUSED, ids=[case[0] for case in REFUSED])
def test_refused_as_kestra_refuses(emulator, http, name, source, expected):
    response = create(http, emulator, source)
    assert response.status_code == 422, (name, response.text)
    body = response.json()
    assert _matches(body['message'], 'Invalid entity: ' + expected), body['message']
    assert body['_embedded']['errors']
    assert http.get(api(emulator, 'company.team')).json() == []
    assert _matches(validate(http, emulator, source)['constraints'], expected)


def test_parser_errors_carry_jacksons_path_and_no_flow_id(emulator, http):
    source = flow('tasks:\n  - id: p\n    type: io.kestra.plugin.core.flow.Parallel\n    tasks:\n'
                  '      - {id: t, type: io.kestra.plugin.core.debug.Return, format: x, colour: red}\n')
    errors = create(http, emulator, source).json()['_embedded']['errors']
    assert errors[0]['path'] == ('io.kestra.core.models.flows.Flow["tasks"]->java.util.ArrayList[0]->'
                                 'io.kestra.plugin.core.flow.Parallel["tasks"]->java.util.ArrayList[0]->'
                                 'io.kestra.plugin.core.debug.Return["colour"]')
    answer = validate(http, emulator, source)
    assert 'flow' not in answer and 'namespace' not in answer


def test_bean_violations_are_all_listed_one_line_each(emulator, http):
    source = 'id: "-bad"\nnamespace: Upper\ntasks:\n  - {id: p, type: io.kestra.plugin.core.flow.Parallel, tasks: []}\n'
    body = create(http, emulator, source).json()
    assert body['message'] == ('Invalid entity: id: must match "^[a-zA-Z0-9][a-zA-Z0-9._-]*"\n'
                               'namespace: must match "^[a-z0-9][a-z0-9._-]*"\np.tasks: must not be empty\n')
    assert [e['path'] for e in body['_embedded']['errors']] == ['id', 'namespace', 'tasks[0].tasks']


@pytest.mark.parametrize('source', [
    # a plugin outside io.kestra.plugin.core that the emulator does not know: its properties are not judged
    flow('tasks:\n  - {id: py, type: io.kestra.plugin.scripts.python.Script, script: "print(1)", anything: 1}\n'),
    # a core task the emulator does not run: not judged either
    flow('tasks:\n  - {id: r, type: io.kestra.plugin.core.http.Request, uri: "https://x", colour: red}\n'),
    # legacy aliases and their core classes
    flow('tasks:\n  - {id: l, type: io.kestra.core.tasks.log.Log, message: m}\n'),
    flow('tasks:\n  - {id: sw, type: io.kestra.plugin.core.flow.Switch, value: x, defaults: [{id: d, type: '
         'io.kestra.plugin.core.log.Log, message: m}]}\n'),
    flow('inputs:\n  - {id: n, type: INT, min: 1, max: 3, defaults: 2, required: false, description: d}\n'
         '  - {id: s, type: SELECT, values: [a, b], defaults: a}\ntasks:\n' + LOG),
    flow('tasks:\n  - {id: pause, type: io.kestra.plugin.core.flow.Pause, pauseDuration: PT1S}\n'),
])
def test_accepted_as_kestra_accepts(emulator, http, source):
    response = create(http, emulator, source)
    assert response.status_code == 200, response.text


def test_deprecation_paths_list_deprecated_tasks_and_infos_list_aliases(emulator, http):
    source = flow('''inputs:
  - name: old
    type: STRING
tasks:
  - id: echo
    type: io.kestra.plugin.core.debug.Echo
    format: hi
  - id: alias
    type: io.kestra.core.tasks.log.Log
    message: hi
  - id: each
    type: io.kestra.core.tasks.flows.EachSequential
    value: [1]
    tasks:
''' + LOG.replace('  - ', '      - ').replace('\n    ', '\n        '))
    answer = validate(http, emulator, source)
    assert 'constraints' not in answer, answer
    assert answer['deprecationPaths'] == ['inputs[0].name', 'tasks[0]', 'tasks[2]']
    assert answer['infos'] == ['io.kestra.core.tasks.log.Log is replaced by io.kestra.plugin.core.log.Log',
                               'io.kestra.core.tasks.flows.EachSequential is replaced by '
                               'io.kestra.plugin.core.flow.EachSequential']


def test_a_document_with_too_many_collection_aliases_is_refused_without_expanding_it(emulator, http):
    # nine levels of nine aliases each: expanded, 9**9 strings; SnakeYAML stops at 50 aliases of collections
    lines = ['a0: &a0 ["lol", "lol", "lol"]'] + [
        'a%d: &a%d [%s]' % (level, level, ', '.join(['*a%d' % (level - 1)] * 9)) for level in range(1, 10)]
    source = flow('\n'.join(lines) + '\ntasks: *a9\n')
    response = create(http, emulator, source)
    assert response.status_code == 422, response.text
    assert 'exceeds the specified max=50' in response.text
    assert http.get(api(emulator, 'company.team', 'f')).status_code == 404
