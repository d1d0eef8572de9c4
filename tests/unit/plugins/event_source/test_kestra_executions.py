# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The event source kestra_executions against the emulator (a real HTTP server): polling, the cursor
(no duplicate while running, no replay after a restart, what ended while stopped), filters, fault
injection (503, dropped connections) and the errors that stop it. No timing assertion: polls are
driven one by one and the source's sleeps are recorded, not slept."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import asyncio
import datetime
import importlib.util
import json
import logging
import os

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils._client import KestraClient
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_events import (
    ExecutionPoller,
    event_options,
    parse_since,
    parse_time,
    search_params,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._retry import RetryPolicy

requests = pytest.importorskip('requests')
testing = pytest.importorskip('tests.emulator.testing')

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
PLUGIN = os.path.join(ROOT, 'extensions', 'eda', 'plugins', 'event_source', 'kestra_executions.py')
USERNAME, PASSWORD = 'eda@kestra.io', 'Eda-Secret-2026'
NS = 'eda.team'
FLOWS = {
    'ok': 'id: ok\nnamespace: %s\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n',
    'ko': 'id: ko\nnamespace: %s\ntasks:\n  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n',
}
SEARCH = '/api/v1/main/executions/search'


def _load_plugin():
    spec = importlib.util.spec_from_file_location('kestra_executions_under_test', PLUGIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SOURCE = _load_plugin()


@pytest.fixture(scope='module', params=['1.x', '2.0'])
def server(request):
    with testing.Emulator(profile=request.param, username=USERNAME, password=PASSWORD) as emulator:
        yield emulator


@pytest.fixture
def emulator(server):
    server.reset()
    for namespace in (NS, NS + '.child', 'other'):
        for source in FLOWS.values():
            server.seed_flow(source % namespace)
    return server


class Queue(object):
    def __init__(self):
        self.events = []

    async def put(self, event):
        self.events.append(event)


class Sleeps(object):
    def __init__(self):
        self.delays = []

    async def __call__(self, delay):
        self.delays.append(delay)


def start(emulator, flow, namespace=NS, labels=None):
    """Start an execution and wait (by polling the emulator, no timing assertion) until it has ended."""
    session = requests.Session()
    session.auth = (USERNAME, PASSWORD)
    params = [('labels', '%s:%s' % pair) for pair in sorted((labels or {}).items())]
    execution = session.post('%s/api/v1/main/executions/%s/%s' % (emulator.url, namespace, flow), params=params).json()
    url = '%s/api/v1/main/executions/%s' % (emulator.url, execution['id'])
    assert testing.wait_until(lambda: session.get(url).json()['state']['current'] in ('SUCCESS', 'FAILED'))
    return execution['id']


def restart(emulator, execution_id):
    session = requests.Session()
    session.auth = (USERNAME, PASSWORD)
    v2 = emulator.profile == '2.0'
    path = '/api/v1/main/executions/%s/%srestart' % (execution_id, 'actions/' if v2 else '')
    assert session.post(emulator.url + path).status_code == 200
    url = '%s/api/v1/main/executions/%s' % (emulator.url, execution_id)

    def failed_again():
        state = session.get(url).json()['state']
        return state['current'] == 'FAILED' and 'RESTARTED' in [item['state'] for item in state['histories']]
    assert testing.wait_until(failed_again)


def poller(emulator, retries=1, **options):
    args = dict({'namespace': NS, 'since': '1h'}, **options)
    client = KestraClient(emulator.url, USERNAME, PASSWORD, retry_policy=RetryPolicy(retries=retries, base=0.01),
                          sleep=lambda delay: None, api_version=args.pop('api_version', 'auto'))
    return ExecutionPoller(client, event_options(args))


def drive(source_poller, polls=1):
    """Run the source's loop for a number of polls; returns (events, sleeps)."""
    queue, sleeps = Queue(), Sleeps()
    asyncio.run(SOURCE.run(queue, source_poller, sleep=sleeps, max_polls=polls))
    return queue.events, sleeps.delays


def ids(events):
    return sorted(event['execution']['id'] for event in events)


def test_event_shape_and_no_duplicate_while_running(emulator):
    ok, ko = start(emulator, 'ok', labels={'team': 'data'}), start(emulator, 'ko')
    source = poller(emulator)
    events, sleeps = drive(source, polls=3)
    assert ids(events) == sorted([ok, ko])
    failed = next(event['execution'] for event in events if event['execution']['id'] == ko)
    assert failed['state'] == 'FAILED'
    assert failed['flowId'] == failed['flow_id'] == 'ko'
    assert failed['namespace'] == NS
    assert failed['url'] == '%s/ui/main/executions/%s/ko/%s' % (emulator.url, NS, ko)
    assert failed['restarted'] is False and failed['end_date'] and failed['start_date']
    succeeded = next(event['execution'] for event in events if event['execution']['id'] == ok)
    assert succeeded['state'] == 'SUCCESS' and succeeded['labels']['team'] == 'data'
    # the default interval between polls
    assert sleeps == [10.0, 10.0, 10.0]


def test_one_request_per_poll(emulator):
    start(emulator, 'ok')
    source = poller(emulator, api_version='2' if emulator.profile == '2.0' else '1')
    emulator.clear_requests()
    drive(source, polls=4)
    searches = [r for r in emulator.requests() if r['path'] == SEARCH]
    assert len(searches) == len(emulator.requests()) == 4 == source.requests


def test_cursor_file_no_replay_after_restart(emulator, tmp_path):
    cursor = str(tmp_path / 'kestra.cursor')
    first = start(emulator, 'ko')
    events, _sleeps = drive(poller(emulator, cursor_path=cursor))
    assert ids(events) == [first]
    # stopped: one ends meanwhile; the restarted source emits it only
    second = start(emulator, 'ok')
    events, _sleeps = drive(poller(emulator, cursor_path=cursor), polls=2)
    assert ids(events) == [second]
    stored = json.load(open(cursor))
    assert stored['version'] == 1 and any(key.startswith(second + '@') for key in stored['seen'])
    # 'since' counts for the first start only
    events, _sleeps = drive(poller(emulator, cursor_path=cursor, since='7d'))
    assert events == []


def test_first_start_without_since_begins_now(emulator):
    start(emulator, 'ko')
    source = poller(emulator, since=None)
    assert drive(source)[0] == []
    later = start(emulator, 'ko')
    assert ids(drive(source)[0]) == [later]


def test_restarted_execution_is_a_new_event(emulator):
    execution_id = start(emulator, 'ko')
    source = poller(emulator)
    first, _sleeps = drive(source)
    assert [e['execution']['restarted'] for e in first] == [False]
    restart(emulator, execution_id)
    again, _sleeps = drive(source, polls=2)
    assert ids(again) == [execution_id]
    assert again[0]['execution']['restarted'] is True and again[0]['execution']['state'] == 'FAILED'


def test_filters(emulator):
    wanted = start(emulator, 'ko', labels={'env': 'prod'})
    start(emulator, 'ok', labels={'env': 'prod'})
    start(emulator, 'ko', labels={'env': 'dev'})
    child = start(emulator, 'ko', namespace=NS + '.child', labels={'env': 'prod'})
    start(emulator, 'ko', namespace='other', labels={'env': 'prod'})
    options = {'states': ['FAILED'], 'labels': {'env': 'prod'}}
    assert ids(drive(poller(emulator, **options))[0]) == [wanted]
    assert ids(drive(poller(emulator, include_child_namespaces=True, **options))[0]) == sorted([wanted, child])
    assert ids(drive(poller(emulator, flow_id='ok', states='SUCCESS'))[0]) != []
    assert drive(poller(emulator, flow_id='ok', states=['FAILED']))[0] == []


@pytest.mark.parametrize('fault', [{'status': 503}, {'drop': True}], ids=['503', 'dropped'])
def test_faults_are_retried_and_polling_goes_on(emulator, fault, caplog):
    execution_id = start(emulator, 'ko')
    source = poller(emulator, retries=1, api_version='2' if emulator.profile == '2.0' else '1')
    # more failures than the client retries: the first poll fails, the source waits and polls again
    emulator.control('POST', 'faults', dict(fault, path=SEARCH, count=2))
    with caplog.at_level(logging.WARNING):
        events, sleeps = drive(source, polls=2)
    assert ids(events) == [execution_id]
    assert sleeps == [10.0, 10.0]
    assert 'poll failed (1 in a row)' in caplog.text
    assert PASSWORD not in caplog.text
    # backoff grows while it keeps failing
    emulator.control('POST', 'faults', dict(fault, path=SEARCH, count=6))
    with caplog.at_level(logging.WARNING):
        events, sleeps = drive(source, polls=3)
    assert events == [] and sleeps == [10.0, 20.0, 40.0]


def test_authentication_error_stops_the_source(emulator):
    client = KestraClient(emulator.url, USERNAME, 'wrong-%s' % PASSWORD, retry_policy=RetryPolicy(retries=0))
    source = ExecutionPoller(client, event_options({'namespace': NS, 'api_version': '1'}))
    with pytest.raises(SOURCE.KestraSourceError) as info:
        drive(source)
    message = str(info.value)
    assert 'stopping' in message and 'HTTP 401' in message and 'authentication failed' in message
    assert PASSWORD not in message


def test_forbidden_stops_the_source(emulator):
    emulator.control('POST', 'faults', {'path': SEARCH, 'status': 403, 'count': 1})
    with pytest.raises(SOURCE.KestraSourceError) as info:
        drive(poller(emulator, api_version='1'))
    assert 'HTTP 403' in str(info.value) and 'authorisation failed' in str(info.value)


@pytest.mark.parametrize('args, message', [
    ({'states': ['FAIL']}, 'unknown state(s) FAIL'),
    ({'flow_id': 'x'}, 'flow_id needs namespace'),
    ({'interval': 0}, 'interval must be more than 0'),
    ({'since': 'yesterday'}, 'since'),
    ({'labels': 'env=prod'}, 'labels must be a mapping'),
    ({'nampsace': 'x'}, 'unknown option(s) nampsace'),
    ({'username': 'u'}, 'username and password must be given together'),
    ({'url': 'http://user:%s@kestra:8080' % PASSWORD}, 'url must not contain credentials'),
])
def test_bad_options_stop_before_any_request(args, message):
    with pytest.raises(SOURCE.KestraSourceError) as info:
        SOURCE.build(args)
    assert message in str(info.value)
    assert PASSWORD not in str(info.value)


def test_environment_credentials(emulator, monkeypatch):
    monkeypatch.setenv('KESTRA_URL', emulator.url)
    monkeypatch.setenv('KESTRA_USERNAME', USERNAME)
    monkeypatch.setenv('KESTRA_PASSWORD', PASSWORD)
    execution_id = start(emulator, 'ko')
    source = SOURCE.build({'namespace': NS, 'since': '1h', 'states': ['FAILED']})
    assert source.client.url == emulator.url
    assert ids(drive(source)[0]) == [execution_id]


def test_cursor_file_that_is_not_ours(tmp_path):
    cursor = tmp_path / 'cursor'
    cursor.write_text('{"not": "a cursor"}')
    with pytest.raises(SOURCE.KestraSourceError) as info:
        SOURCE.build({'cursor_path': str(cursor)})
    assert 'is not a cursor this source wrote' in str(info.value)


def test_query_styles():
    options = event_options({'namespace': 'a', 'include_child_namespaces': True, 'flow_id': 'f',
                             'states': ['FAILED', 'KILLED'], 'labels': {'env': 'prod'}})
    assert search_params(True, options, 2) == [
        ('filters[namespace][PREFIX]', 'a'), ('filters[flowId][EQUALS]', 'f'), ('filters[state][IN]', 'FAILED,KILLED'),
        ('filters[labels][EQUALS][env]', 'prod'), ('sort', 'state.endDate:desc'), ('page', '2'), ('size', '50')]
    assert search_params(False, options, 1) == [
        ('namespace', 'a'), ('flowId', 'f'), ('state', 'FAILED'), ('state', 'KILLED'), ('labels', 'env:prod'),
        ('sort', 'state.endDate:desc'), ('page', '1'), ('size', '50')]
    running = event_options({'states': ['RUNNING']})
    assert ('sort', 'state.startDate:desc') in search_params(True, running, 1)


def test_since_forms():
    now = datetime.datetime(2026, 12, 3, 8, 0, tzinfo=datetime.timezone.utc)
    assert parse_since('now', now) == now
    assert parse_since('24h', now) == now - datetime.timedelta(hours=24)
    assert parse_since('PT30M', now) == now - datetime.timedelta(minutes=30)
    assert parse_since('2026-12-01T08:00:00+01:00', now) == datetime.datetime(2026, 12, 1, 7, 0,
                                                                              tzinfo=datetime.timezone.utc)


def test_tls(tmp_path):
    """ca_path makes a private CA work; without it the TLS verification failure stops the source."""
    trustme = pytest.importorskip('trustme')
    authority = trustme.CA()
    server_cert = authority.issue_cert(u'127.0.0.1')
    cert, key, ca = (str(tmp_path / name) for name in ('cert.pem', 'key.pem', 'ca.pem'))
    server_cert.private_key_and_cert_chain_pem.write_to_path(cert)
    server_cert.private_key_pem.write_to_path(key)
    authority.cert_pem.write_to_path(ca)
    with testing.Emulator(profile='2.0', username=USERNAME, password=PASSWORD, tls_cert=cert, tls_key=key) as emulator:
        args = {'url': emulator.url, 'username': USERNAME, 'password': PASSWORD, 'api_version': '2'}
        assert drive(SOURCE.build(dict(args, ca_path=ca)))[0] == []
        with pytest.raises(SOURCE.KestraSourceError) as info:
            drive(SOURCE.build(args))
        assert 'stopping' in str(info.value) and 'TLS verification of %s failed' % emulator.url in str(info.value)


def test_more_than_a_page(emulator):
    """55 executions ended since the floor: one poll reads both pages and emits each once, oldest first."""
    session = requests.Session()
    session.auth = (USERNAME, PASSWORD)
    started = [session.post('%s/api/v1/main/executions/%s/ok' % (emulator.url, NS)).json()['id'] for _count in range(55)]

    def all_ended():
        page = session.get(emulator.url + SEARCH, params={'size': 100}).json()['results']
        return sum(1 for e in page if e['state']['current'] == 'SUCCESS') == len(started)
    assert testing.wait_until(all_ended)
    source = poller(emulator, api_version='2' if emulator.profile == '2.0' else '1')
    events, _sleeps = drive(source)
    assert ids(events) == sorted(started) and source.requests == 2
    ends = [event['execution']['end_date'] for event in events]
    assert [parse_time(end) for end in ends] == sorted(parse_time(end) for end in ends)
    assert drive(source)[0] == []
