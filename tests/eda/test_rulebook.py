"""The example rulebook examples/rulebooks/restart_failed.yml run by the real ansible-rulebook against the emulator.

`make eda` runs this file with .venv's pytest and points EDA_BIN at .cache/venv-eda/bin (ansible-rulebook,
ansible-core, requests; Java 17 for its rule engine). Without EDA_BIN the test is skipped.

Executions that fail and succeed, in the watched namespace, a child namespace and another namespace; the
rulebook must restart each failed one of its namespace tree exactly once (its playbook records the restart
in KV), say "gave up" exactly once when the restarted run fails again, and do nothing for the others.
No timing assertion: the test waits (with generous upper bounds) for the effects, then for more polls of
the source, and counts what the actions did.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, REPO)

from tests.emulator.testing import Emulator, wait_until  # noqa: E402 pylint: disable=wrong-import-position

import requests  # noqa: E402 pylint: disable=wrong-import-position

EDA_BIN = os.environ.get('EDA_BIN')
USERNAME, PASSWORD = 'rulebook@kestra.io', 'Rulebook-Secret-2026'
NS = 'company.team'
FLOW = 'id: %s\nnamespace: %s\ntasks:\n  - id: t\n    type: %s\n'
FAIL, LOG = 'io.kestra.plugin.core.execution.Fail', 'io.kestra.plugin.core.log.Log'
# an upper bound for each wait, never an assertion on time: the JVM start alone can take 10 s on a busy machine
PATIENCE = 120

pytestmark = pytest.mark.skipif(not EDA_BIN, reason='EDA_BIN (the bin directory of the ansible-rulebook venv) is not set')


def _session():
    session = requests.Session()
    session.auth = (USERNAME, PASSWORD)
    return session


def _start(emulator, namespace, flow):
    return _session().post('%s/api/v1/main/executions/%s/%s' % (emulator.url, namespace, flow)).json()['id']


def _execution(emulator, execution_id):
    return _session().get('%s/api/v1/main/executions/%s' % (emulator.url, execution_id)).json()


def _ended(emulator, execution_id, histories=0):
    execution = _execution(emulator, execution_id)
    return execution['state']['current'] in ('SUCCESS', 'FAILED') and len(execution['state']['histories']) > histories


def _kv(emulator, namespace, key):
    response = _session().get('%s/api/v1/main/namespaces/%s/kv/%s' % (emulator.url, namespace, key))
    return response.json() if response.status_code == 200 else None


@pytest.fixture
def workdir():
    path = tempfile.mkdtemp(prefix='kestra-eda-')
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.parametrize('profile', ['1.x', '2.0'])
def test_example_rulebook_restarts_each_failed_execution_once(profile, workdir):
    collections = os.path.join(workdir, 'collections', 'ansible_collections', 'kestra_io')
    os.makedirs(collections)
    os.symlink(REPO, os.path.join(collections, 'kestra'))
    with open(os.path.join(workdir, 'vars.yml'), 'w') as handle:
        handle.write('kestra_namespace: %s\nkestra_poll_interval: 0.5\n' % NS)
    log_path = os.path.join(workdir, 'rulebook.log')
    with Emulator(profile=profile, username=USERNAME, password=PASSWORD) as emulator:
        for namespace in (NS, NS + '.child', 'other'):
            emulator.seed_flow(FLOW % ('ko', namespace, FAIL))
            emulator.seed_flow(FLOW % ('ok', namespace, LOG))
        env = dict(os.environ, KESTRA_URL=emulator.url, KESTRA_USERNAME=USERNAME, KESTRA_PASSWORD=PASSWORD,
                   PATH=EDA_BIN + os.pathsep + os.environ.get('PATH', ''),
                   ANSIBLE_COLLECTIONS_PATH=os.path.join(workdir, 'collections'), ANSIBLE_NOCOLOR='1',
                   ANSIBLE_LOCAL_TEMP=os.path.join(workdir, 'tmp'), ANSIBLE_HOME=os.path.join(workdir, 'home'))
        env.pop('VIRTUAL_ENV', None)
        env.pop('PYTHONPATH', None)
        command = [os.path.join(EDA_BIN, 'ansible-rulebook'), '--rulebook', 'restart_failed.yml',
                   '--inventory', 'inventory.yml', '--vars', os.path.join(workdir, 'vars.yml'), '-v']
        with open(log_path, 'w') as log:
            process = subprocess.Popen(command, cwd=os.path.join(REPO, 'examples', 'rulebooks'), env=env,
                                       stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            # the source is polling once it has sent a search
            assert wait_until(lambda: process.poll() is not None or any(
                r['path'].endswith('/executions/search') for r in emulator.requests()), timeout=PATIENCE), \
                _tail(log_path)
            assert process.poll() is None, _tail(log_path)
            failed = [_start(emulator, NS, 'ko'), _start(emulator, NS + '.child', 'ko')]
            ignored = [_start(emulator, NS, 'ok'), _start(emulator, NS + '.child', 'ok'), _start(emulator, 'other', 'ko')]
            for execution_id in failed + ignored:
                assert wait_until(lambda: _ended(emulator, execution_id), timeout=PATIENCE)
            # restarted by the playbook, failed again, then the second rule ran
            for execution_id in failed:
                assert wait_until(lambda: process.poll() is not None or 'gave up %s' % execution_id in _text(log_path),
                                  timeout=PATIENCE), _tail(log_path)
            # more polls after the last event: a duplicate would show now
            searches = _searches(emulator)
            assert wait_until(lambda: process.poll() is not None or _searches(emulator) >= searches + 4,
                              timeout=PATIENCE), _tail(log_path)
            assert process.poll() is None, _tail(log_path)
        finally:
            _stop(process)
        text = _text(log_path)
        for execution_id in failed:
            assert len(re.findall(r'restart %s \(' % execution_id, text)) == 1, text
            assert len(re.findall(r'gave up %s:' % execution_id, text)) == 1, text
            execution = _execution(emulator, execution_id)
            assert [h['state'] for h in execution['state']['histories']].count('RESTARTED') == 1
            restarts = [r for r in emulator.requests() if r['method'] == 'POST' and execution_id in r['path']]
            assert len(restarts) == 1 and restarts[0]['path'].endswith('restart')
            record = _kv(emulator, execution['namespace'], 'eda_restart_%s' % execution_id)
            assert record is not None and record['value']['execution_id'] == execution_id
        for execution_id in ignored:
            assert execution_id not in text
        assert PASSWORD not in text


def _searches(emulator):
    return sum(1 for r in emulator.requests() if r['path'].endswith('/executions/search'))


def _text(path):
    with open(path) as handle:
        return handle.read()


def _tail(path, lines=60):
    return '\n'.join(_text(path).splitlines()[-lines:])


def _stop(process):
    """SIGINT as Ctrl-C would (ansible-rulebook shuts down), then make sure the whole group is gone."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    # give the group's last processes (ansible-runner children) a moment to be reaped
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            os.killpg(process.pid, 0)
        except OSError:
            return
        time.sleep(0.1)
