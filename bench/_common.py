"""Shared helpers for the benchmarks in bench/ (not part of the built collection).

    from _common import Emulator, collection_path, run_playbook, print_table

- collection_path(): a temporary dir holding ansible_collections/kestra_io/kestra -> this repo
  (a symlink is fine for ansible-playbook; created once per process, removed at exit).
- run_playbook(text, extra_vars=None, env=None): run a playbook text with ansible-playbook and
  return (wall_seconds, output); raises PlaybookFailed with the output when it exits non-zero.
- connection_vars(emulator): the extra vars a playbook needs to reach an emulator.
- request_log(emulator) / clear_request_log(emulator): the emulator's request log.
- print_table(headers, rows): an aligned plain-text table.
"""

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO not in sys.path:
    sys.path.insert(0, REPO)

from tests.emulator.testing import Emulator, is_write  # noqa: E402  pylint: disable=wrong-import-position

__all__ = ['Emulator', 'is_write', 'PlaybookFailed', 'collection_path', 'start_emulator', 'connection_vars',
           'run_playbook', 'request_log', 'clear_request_log', 'print_table', 'USERNAME', 'PASSWORD']

BIN = os.path.dirname(sys.executable)
USERNAME = 'admin@kestra.io'
PASSWORD = 'Kestra-Bench-1'

_collection_root = []


class PlaybookFailed(RuntimeError):
    def __init__(self, returncode, output):
        super(PlaybookFailed, self).__init__('ansible-playbook exited %d:\n%s' % (returncode, output[-4000:]))
        self.returncode = returncode
        self.output = output


# the start of a play on localhost whose tasks get the connection from connection_vars()
PLAY_HEADER = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/kestra_io.kestra.kestra:
      url: "{{ kestra_url }}"
      username: "{{ kestra_username }}"
      password: "{{ kestra_password }}"
  tasks:
"""


def collection_path():
    """A directory to use as ANSIBLE_COLLECTIONS_PATH, with this repo as kestra_io.kestra."""
    if not _collection_root:
        root = tempfile.mkdtemp(prefix='kestra-bench-')
        namespace_dir = os.path.join(root, 'ansible_collections', 'kestra_io')
        os.makedirs(namespace_dir)
        os.symlink(REPO, os.path.join(namespace_dir, 'kestra'))
        atexit.register(shutil.rmtree, root, True)
        _collection_root.append(root)
    return _collection_root[0]


def start_emulator(profile='1.x', time_scale=0.01, **kwargs):
    """An Emulator with the bench credentials (basic auth) unless other auth is given."""
    if 'token' not in kwargs and 'username' not in kwargs:
        kwargs.update(username=USERNAME, password=PASSWORD)
    return Emulator(profile=profile, time_scale=time_scale, **kwargs)


def connection_vars(emulator, username=USERNAME, password=PASSWORD):
    return {'kestra_url': emulator.url, 'kestra_username': username, 'kestra_password': password}


def run_playbook(text, extra_vars=None, env=None, check=True, args=()):
    """Run a playbook given as YAML text; returns (wall_seconds, combined output)."""
    work = tempfile.mkdtemp(prefix='kestra-bench-play-')
    try:
        playbook = os.path.join(work, 'playbook.yml')
        with open(playbook, 'w') as handle:
            handle.write(text)
        cmd = [os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', '-c', 'local', playbook] + list(args)
        if extra_vars:
            vars_file = os.path.join(work, 'vars.json')
            with open(vars_file, 'w') as handle:
                json.dump(extra_vars, handle)
            cmd += ['-e', '@' + vars_file]
        run_env = dict(os.environ)
        run_env.update({
            'ANSIBLE_COLLECTIONS_PATH': collection_path(),
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_HOST_KEY_CHECKING': 'False',
            'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
            'ANSIBLE_LOCALHOST_WARNING': 'False',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'False',
            'PATH': BIN + os.pathsep + os.environ.get('PATH', ''),
        })
        run_env.update(env or {})
        started = time.monotonic()
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=run_env,
                              universal_newlines=True, cwd=work, check=False)
        elapsed = time.monotonic() - started
        if check and proc.returncode != 0:
            raise PlaybookFailed(proc.returncode, proc.stdout)
        return elapsed, proc.stdout
    finally:
        shutil.rmtree(work, ignore_errors=True)


def request_log(emulator):
    return emulator.requests()


def clear_request_log(emulator):
    return emulator.clear_requests()


def print_table(headers, rows, title=None):
    """Print rows (sequences) under headers, columns padded; floats with 3 decimals."""
    def cell(value):
        return '%.3f' % value if isinstance(value, float) else str(value)

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(str(h))] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    if title:
        print(title)
    print('  '.join(str(h).ljust(w) for h, w in zip(headers, widths)).rstrip())
    print('  '.join('-' * w for w in widths))
    for row in cells:
        print('  '.join(v.rjust(w) if _numeric(v) else v.ljust(w) for v, w in zip(row, widths)).rstrip())
    sys.stdout.flush()


def _numeric(text):
    try:
        float(text)
        return True
    except ValueError:
        return False
