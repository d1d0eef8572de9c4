"""Kestra's own test flows against the emulator: every valid one accepted, every invalid one refused.

The corpus is read from a local git clone of kestra-io/kestra and never copied
here: set KESTRA_SOURCE to its git directory (a bare mirror or a checkout's .git)
and optionally KESTRA_REF (default HEAD). Skipped when it is not set.

  KESTRA_SOURCE=/path/to/kestra/.git .venv/bin/python -m pytest -q tests/emulator/tests/test_kestra_corpus.py

Valid flows that use plugins living only in Kestra's test classpath
(io.kestra.core.runners.test.*) are left out: a Kestra server refuses them too.
"""

import os
import subprocess

import pytest

SOURCE = os.environ.get('KESTRA_SOURCE')
REF = os.environ.get('KESTRA_REF', 'HEAD')
VALID_DIR = 'core/src/test/resources/flows/valids'
INVALID_DIR = 'core/src/test/resources/flows/invalids'
TEST_ONLY_PLUGINS = 'io.kestra.core.runners.test.'
YAML = {'Content-Type': 'application/x-yaml'}

pytestmark = pytest.mark.skipif(not SOURCE, reason='KESTRA_SOURCE (a kestra-io/kestra git directory) is not set')


def _git(*args):
    return subprocess.run(['git', '--git-dir', SOURCE] + list(args), check=True, capture_output=True,
                          text=True).stdout


def _flows(directory):
    names = [n for n in _git('ls-tree', '-r', '--name-only', REF, directory).split('\n')
             if n.endswith(('.yml', '.yaml'))]
    return [(n.rsplit('/', 1)[-1], _git('show', '%s:%s' % (REF, n))) for n in names]


def _refusal(http, emulator, source):
    """The constraints of validate and the status of create for one source (the flow is deleted after)."""
    base = emulator.url + '/api/v1/main/flows'
    answer = http.post(base + '/validate', data=source.encode('utf-8'), headers=YAML).json()[0]
    created = http.post(base, data=source.encode('utf-8'), headers=YAML)
    if created.status_code == 200:
        body = created.json()
        http.delete('%s/%s/%s' % (base, body['namespace'], body['id']))
    return answer.get('constraints'), created.status_code, created.text


def test_every_valid_flow_is_accepted(emulator, http):
    flows = [(name, source) for name, source in _flows(VALID_DIR) if TEST_ONLY_PLUGINS not in source]
    assert flows
    refused = []
    for name, source in flows:
        constraints, status, text = _refusal(http, emulator, source)
        if constraints or status != 200:
            refused.append((name, constraints, status, text[:300]))
    print('%s: %d valid flows, %d refused' % (emulator.profile, len(flows), len(refused)))
    assert refused == []


def test_every_invalid_flow_is_refused(emulator, http):
    flows = _flows(INVALID_DIR)
    assert flows
    accepted = []
    for name, source in flows:
        constraints, status, _text = _refusal(http, emulator, source)
        if not constraints or status != 422:
            accepted.append((name, constraints, status))
    print('%s: %d invalid flows, %d accepted' % (emulator.profile, len(flows), len(accepted)))
    assert accepted == []
