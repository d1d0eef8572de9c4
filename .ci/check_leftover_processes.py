"""Fail when a process the test suite started is still alive, and list it.

A process counts when its command line mentions the checkout, the emulator (`tests.emulator`) or the
temporary collection copies the suite works in (`kestra-collection.`, `kestra-integration-`).
This process and its ancestors (make, the shell running the suite) are left out. With
KESTRA_TEST_STARTED (seconds since the epoch, exported by `make test`) only processes started since
then count, so that a run is not blamed for processes it did not start. Processes that are still
exiting get up to 10 s.

    python .ci/check_leftover_processes.py
"""

import os
import re
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKERS = (REPO + os.sep, 'tests.emulator', '/kestra-collection.', '/kestra-integration-')
SECRET_FLAG = re.compile(r'(--(?:password|token)[= ])\S+')


def _seconds(etime):
    """ps elapsed time [[dd-]hh:]mm:ss -> seconds."""
    days, dash, rest = etime.strip().rpartition('-')
    parts = [int(part) for part in rest.split(':')]
    while len(parts) < 3:
        parts.insert(0, 0)
    hours, minutes, seconds = parts
    return ((int(days if dash else 0) * 24 + hours) * 60 + minutes) * 60 + seconds


def processes():
    """(pid, ppid, age in seconds, command line) of every process."""
    out = subprocess.run(['ps', '-A', '-o', 'pid=', '-o', 'ppid=', '-o', 'etime=', '-o', 'args='],
                         stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout
    for line in out.splitlines():
        fields = line.split(None, 3)
        if len(fields) == 4:
            yield int(fields[0]), int(fields[1]), _seconds(fields[2]), fields[3]


def leftovers(since=None):
    table = list(processes())
    parents = {pid: ppid for pid, ppid, _age, _args in table}
    mine = set()
    pid = os.getpid()
    while pid and pid not in mine:
        mine.add(pid)
        pid = parents.get(pid, 0)
    now = time.time()
    found = []
    for pid, ppid, age, args in table:
        if pid in mine or parents.get(pid) == os.getpid():  # ourselves, our ancestors, our ps
            continue
        if since is not None and now - age < since - 1:
            continue
        if any(marker in args or args.endswith(REPO) for marker in MARKERS):
            found.append((pid, ppid, age, args))
    return found


def main():
    since = os.environ.get('KESTRA_TEST_STARTED')
    since = float(since) if since else None
    deadline = time.monotonic() + 10
    found = leftovers(since)
    while found and time.monotonic() < deadline:
        time.sleep(0.5)
        found = leftovers(since)
    if not found:
        print('no process started by the test suite is left running')
        return 0
    print('%d process(es) started by the test suite are still running:' % len(found))
    for pid, ppid, age, args in found:
        print('  pid %d (parent %d, %ds old): %s' % (pid, ppid, age, SECRET_FLAG.sub(r'\1***', args)[:300]))
    print('stop them with: kill %s' % ' '.join(str(entry[0]) for entry in found))
    return 1


if __name__ == '__main__':
    sys.exit(main())
