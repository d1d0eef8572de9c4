"""Run examples/platform.yml twice against the Enterprise Edition emulator: the second run must change nothing.

    python .ci/platform_demo.py [ansible-playbook arguments...]

Run by `make demo` under .ci/with_emulator.sh (EMULATOR_ARGS="--edition ee"), which sets KESTRA_URL,
KESTRA_USERNAME and KESTRA_PASSWORD. The emulator's request log is cleared before the second run and read
after it: the converged run must send no write request (and its play recap must say changed=0).
Exits 1 otherwise.
"""

import json
import os
import re
import subprocess
import sys
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

from tests.emulator.testing import is_write  # noqa: E402  pylint: disable=wrong-import-position

PLAYBOOK = os.path.join(REPO, 'examples', 'platform.yml')


def control(method, path):
    request = urllib.request.Request(os.environ['KESTRA_URL'] + '/_emulator/' + path, method=method)
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read().decode('utf-8') or 'null')


def play(label, extra):
    print('=== %s: ansible-playbook examples/platform.yml' % label, flush=True)
    proc = subprocess.run(['ansible-playbook', PLAYBOOK] + extra, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    print(proc.stdout, flush=True)
    if proc.returncode != 0:
        sys.exit('examples/platform.yml failed (%s run, exit %d)' % (label, proc.returncode))
    return proc.stdout


def main(extra):
    play('first', extra)
    control('DELETE', 'requests')
    output = play('second', extra)
    changed = [int(count) for count in re.findall(r'\bchanged=(\d+)', output)]
    writes = [entry for entry in control('GET', 'requests') if is_write(entry)]
    print('second run: changed=%s, %d requests, %d writes' % (
        sum(changed), len(control('GET', 'requests')), len(writes)))
    problems = []
    if not changed or sum(changed) != 0:
        problems.append('the second run of examples/platform.yml reported changed=%s' % sum(changed))
    for entry in writes:
        problems.append('the second run wrote: %s %s' % (entry['method'], entry['path']))
    if problems:
        sys.exit('\n'.join(problems))
    print('examples/platform.yml converged: its second run changed nothing and sent no write')


if __name__ == '__main__':
    main(sys.argv[1:])
