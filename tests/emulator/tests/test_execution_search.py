"""GET /executions/search and GET /flows/search of the emulator, over HTTP, both profiles (docs/dev/kestra-api/search.md)."""

import datetime

import pytest

from tests.emulator.testing import wait_until

NS = 'search.team'


def flow(namespace, flow_id, fail=False, labels=None):
    task = ('  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n' if fail else
            '  - id: ok\n    type: io.kestra.plugin.core.debug.Return\n    format: done\n')
    label_text = ''.join('\n  %s: %s' % item for item in sorted((labels or {}).items()))
    return 'id: %s\nnamespace: %s\n%stasks:\n%s' % (
        flow_id, namespace, 'labels:%s\n' % label_text if labels else '', task)


def api(emulator, *parts):
    return emulator.url + '/api/v1/main/' + '/'.join(parts)


def run(http, emulator, namespace, flow_id, labels=()):
    response = http.post(api(emulator, 'executions', namespace, flow_id),
                         params=[('labels', label) for label in labels] + [('wait', 'true')])
    assert response.status_code == 200, response.text
    return response.json()


def search(http, emulator, params, status=200):
    response = http.get(api(emulator, 'executions', 'search'), params=params)
    assert response.status_code == status, response.text
    return response.json()


def ids(page):
    return sorted(e['id'] for e in page['results'])


@pytest.fixture
def runs(emulator, http):
    """Four finished executions: ok and failing in NS, ok in NS.child, ok in 'searchother' (a lookalike prefix)."""
    emulator.seed_flow(flow(NS, 'ok'))
    emulator.seed_flow(flow(NS, 'bad', fail=True))
    emulator.seed_flow(flow(NS + '.child', 'ok'))
    emulator.seed_flow(flow('search.teamother', 'ok'))
    return {
        'ok': run(http, emulator, NS, 'ok', ['env:prod', 'team:a']),
        'bad': run(http, emulator, NS, 'bad', ['env:prod']),
        'child': run(http, emulator, NS + '.child', 'ok', ['env:dev']),
        'other': run(http, emulator, 'search.teamother', 'ok'),
    }


def test_namespace_equals_and_prefix_filters(emulator, http, runs):
    exact = search(http, emulator, {'filters[namespace][EQUALS]': NS})
    assert ids(exact) == sorted([runs['ok']['id'], runs['bad']['id']])
    prefix = search(http, emulator, {'filters[namespace][PREFIX]': NS})
    # PREFIX is the namespace or its children, never a lookalike such as search.teamother
    assert ids(prefix) == sorted([runs['ok']['id'], runs['bad']['id'], runs['child']['id']])
    starts = search(http, emulator, {'filters[namespace][STARTS_WITH]': NS})
    assert runs['other']['id'] in ids(starts)


def test_state_in_flow_and_label_filters(emulator, http, runs):
    failed = search(http, emulator, {'filters[namespace][PREFIX]': NS, 'filters[state][IN]': 'FAILED,KILLED'})
    assert ids(failed) == [runs['bad']['id']]
    not_failed = search(http, emulator, {'filters[namespace][PREFIX]': NS, 'filters[state][NOT_IN]': 'FAILED'})
    assert runs['bad']['id'] not in ids(not_failed) and len(not_failed['results']) == 2
    by_flow = search(http, emulator, {'filters[namespace][PREFIX]': NS, 'filters[flowId][EQUALS]': 'ok'})
    assert ids(by_flow) == sorted([runs['ok']['id'], runs['child']['id']])
    labelled = search(http, emulator, {'filters[labels][EQUALS][env]': 'prod', 'filters[labels][EQUALS][team]': 'a'})
    assert ids(labelled) == [runs['ok']['id']]


def test_time_window_filters(emulator, http, runs):
    now = datetime.datetime.now(datetime.timezone.utc)
    past = (now - datetime.timedelta(hours=1)).isoformat().replace('+00:00', 'Z')
    future = (now + datetime.timedelta(hours=1)).isoformat().replace('+00:00', 'Z')
    assert search(http, emulator, {'filters[startDate][GREATER_THAN_OR_EQUAL_TO]': past})['total'] == 4
    assert search(http, emulator, {'filters[startDate][GREATER_THAN_OR_EQUAL_TO]': future})['total'] == 0
    assert search(http, emulator, {'filters[endDate][LESS_THAN_OR_EQUAL_TO]': past})['total'] == 0
    assert search(http, emulator, {'filters[timeRange][EQUALS]': 'PT1H'})['total'] == 4
    by_end = search(http, emulator, {'filters[startDate][GREATER_THAN_OR_EQUAL_TO]': past, 'dateFilter': 'END_DATE'})
    assert by_end['total'] == 4
    # Kestra's TimeLineSearch / DateUtils.validateTimeline
    error = search(http, emulator, {'filters[startDate][GREATER_THAN_OR_EQUAL_TO]': future,
                                    'filters[endDate][LESS_THAN_OR_EQUAL_TO]': past}, status=422)
    assert 'Start date must be before End Date' in error['message']
    error = search(http, emulator, {'filters[timeRange][EQUALS]': 'PT1H',
                                    'filters[startDate][GREATER_THAN_OR_EQUAL_TO]': past}, status=422)
    assert 'mutually exclusive' in error['message']
    assert 'Invalid duration' in search(http, emulator, {'filters[timeRange][EQUALS]': 'soon'}, status=422)['message']


def test_bad_filters_are_refused(emulator, http, runs):
    error = search(http, emulator, {'filters[state][IN]': 'FAILED,EXPLODED'}, status=422)
    assert 'EXPLODED' in error['message']
    error = search(http, emulator, {'filters[state][CONTAINS]': 'FAIL'}, status=422)
    assert 'Operation CONTAINS is not supported for field state' in error['message']
    error = search(http, emulator, {'filters[level][EQUALS]': 'INFO'}, status=422)
    assert 'not supported for resource EXECUTION' in error['message']


def test_paging_and_sort(emulator, http, runs):
    params = {'filters[namespace][PREFIX]': 'search', 'size': '3', 'sort': 'state.startDate:asc'}
    first = search(http, emulator, dict(params, page='1'))
    second = search(http, emulator, dict(params, page='2'))
    assert first['total'] == second['total'] == 4
    assert len(first['results']) == 3 and len(second['results']) == 1
    ordered = [e['id'] for e in first['results'] + second['results']]
    assert ordered == [runs[name]['id'] for name in ('ok', 'bad', 'child', 'other')]
    newest = search(http, emulator, {'sort': 'state.startDate:desc', 'size': '1'})
    assert newest['results'][0]['id'] == runs['other']['id']


def test_legacy_parameters_1x_only_and_only_without_filters(emulator, http, runs):
    legacy = {'namespace': NS, 'state': ['FAILED', 'SUCCESS'], 'labels': 'env:prod'}
    page = search(http, emulator, legacy)
    if emulator.profile == '1.x':
        # namespace is a prefix; state repeated; labels key:value
        assert ids(page) == sorted([runs['ok']['id'], runs['bad']['id']])
        # with any filters[...] the deprecated parameters are not read (RequestUtils)
        mixed = search(http, emulator, dict(legacy, **{'filters[flowId][EQUALS]': 'ok'}))
        assert ids(mixed) == sorted([runs['ok']['id'], runs['child']['id'], runs['other']['id']])
        assert search(http, emulator, {'labels': 'nocolon'}, status=422)
        past = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)).isoformat()
        assert search(http, emulator, {'startDate': past})['total'] == 4
        assert search(http, emulator, {'timeRange': 'PT1H'})['total'] == 4
    else:
        assert page['total'] == 4  # 2.0 has no such parameters
        assert all('taskRunList' not in e for e in page['results'])


def test_a_running_execution_has_no_end_date_to_match(emulator, http):
    emulator.seed_flow('id: slow\nnamespace: %s\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n'
                       '    duration: PT60S\n' % NS)
    response = http.post(api(emulator, 'executions', NS, 'slow'))
    execution_id = response.json()['id']
    wait_until(lambda: http.get(api(emulator, 'executions', execution_id)).json()['state']['current'] == 'RUNNING')
    past = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)).isoformat()
    assert search(http, emulator, {'filters[startDate][GREATER_THAN_OR_EQUAL_TO]': past})['total'] == 1
    assert search(http, emulator, {'filters[startDate][GREATER_THAN_OR_EQUAL_TO]': past,
                                   'dateFilter': 'END_DATE'})['total'] == 0
    running = search(http, emulator, {'filters[state][IN]': 'RUNNING'})
    assert [e['id'] for e in running['results']] == [execution_id]
    emulator.seed_flow(flow(NS, 'quick'))
    first, second = run(http, emulator, NS, 'quick'), run(http, emulator, NS, 'quick')
    for direction, ended in (('desc', [second['id'], first['id']]), ('asc', [first['id'], second['id']])):
        page = search(http, emulator, {'sort': 'state.endDate:%s' % direction})
        # sorted by end date, the running execution (no end date) comes last in both directions
        assert [e['id'] for e in page['results']] == ended + [execution_id]


def test_flow_search_children_labels_query_and_paging(emulator, http):
    emulator.seed_flow(flow(NS, 'alpha', labels={'team': 'a'}))
    emulator.seed_flow(flow(NS, 'beta', labels={'team': 'b'}))
    emulator.seed_flow(flow(NS + '.child', 'gamma', labels={'team': 'a'}))
    emulator.seed_flow(flow('search.teamother', 'delta', labels={'team': 'a'}))

    def flows(params):
        response = http.get(api(emulator, 'flows', 'search'), params=params)
        assert response.status_code == 200, response.text
        return response.json()

    def found(page):
        return sorted('%s/%s' % (f['namespace'], f['id']) for f in page['results'])

    assert found(flows({'filters[namespace][PREFIX]': NS})) == [NS + '.child/gamma', NS + '/alpha', NS + '/beta']
    assert found(flows({'filters[namespace][EQUALS]': NS})) == [NS + '/alpha', NS + '/beta']
    assert found(flows({'filters[labels][EQUALS][team]': 'a', 'filters[q][EQUALS]': 'gam'})) == [NS + '.child/gamma']
    page = flows({'filters[namespace][PREFIX]': 'search', 'size': '3', 'page': '2', 'sort': 'id:asc'})
    assert page['total'] == 4 and [f['id'] for f in page['results']] == ['gamma']
    assert all('source' not in f for f in page['results'])
    legacy = flows({'namespace': NS})
    if emulator.profile == '1.x':
        assert legacy['total'] == 3  # the deprecated namespace parameter is a prefix
    else:
        assert legacy['total'] == 4  # ignored by 2.0
