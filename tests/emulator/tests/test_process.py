"""The emulator as a process: a clear error when its port is taken, and no emulator outliving its starter."""

import os
import re
import socket
import subprocess
import sys
import time

import pytest

from tests.emulator.testing import REPO_ROOT, Emulator


def _alive(pid):
    """True while pid runs (a zombie not reaped yet counts as gone)."""
    if os.path.isdir('/proc/self'):
        try:
            with open('/proc/%d/stat' % pid) as stat:
                return stat.read().rsplit(')', 1)[1].split()[0] != 'Z'
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _gone_within(pid, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_port_in_use_is_one_clear_line_and_a_failure():
    with socket.socket() as taken:
        taken.bind(('127.0.0.1', 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run([sys.executable, '-m', 'tests.emulator', '--port', str(port)], cwd=REPO_ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                              timeout=60, check=False)
    assert proc.returncode == 3
    assert proc.stdout == ''
    assert proc.stderr == ('kestra-emulator: port %d on 127.0.0.1 is already in use (another Kestra or emulator?): '
                           'choose another with --port N, or --port 0 for a free one\n' % port)
    assert 'Traceback' not in proc.stderr


def test_port_zero_picks_a_free_port_and_prints_it():
    with Emulator() as emulator:
        assert emulator.url.startswith('http://127.0.0.1:')
        assert int(emulator.url.rsplit(':', 1)[1]) > 0


def test_stop_ends_the_emulator():
    emulator = Emulator()
    pid = emulator.process.pid
    emulator.stop()
    emulator.stop()  # twice is harmless
    assert not _alive(pid)


@pytest.mark.skipif(not hasattr(os, 'fork'), reason='needs fork')
def test_an_emulator_does_not_outlive_a_starter_that_skips_its_finalizers():
    """What ansible-test does to every unit test: run it in a fork that ends with os._exit()."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the fork
        try:
            os.close(read_end)
            emulator = Emulator()
            os.write(write_end, str(emulator.process.pid).encode())
        finally:
            os._exit(0)  # no atexit, no finalizer, no stop()
    os.close(write_end)
    with os.fdopen(read_end) as reader:
        pid = int(reader.read())
    os.waitpid(child, 0)
    assert _gone_within(pid), 'emulator %d outlived the process that started it' % pid


def test_an_emulator_does_not_outlive_a_killed_starter():
    script = ('import sys, time; sys.path.insert(0, %r)\n'
              'from tests.emulator.testing import Emulator\n'
              'print(Emulator().process.pid, flush=True)\n'
              'time.sleep(600)\n' % REPO_ROOT)
    starter = subprocess.Popen([sys.executable, '-c', script], stdout=subprocess.PIPE, universal_newlines=True)
    try:
        pid = int(starter.stdout.readline())
    finally:
        starter.kill()
        starter.wait()
        starter.stdout.close()
    assert _gone_within(pid), 'emulator %d outlived its SIGKILLed starter' % pid


def test_an_emulator_stops_when_its_starter_exits_without_stopping_it():
    script = ('import sys; sys.path.insert(0, %r)\n'
              'from tests.emulator.testing import Emulator\n'
              'print(Emulator().process.pid, flush=True)\n' % REPO_ROOT)
    proc = subprocess.run([sys.executable, '-c', script], stdout=subprocess.PIPE, universal_newlines=True,
                          timeout=60, check=True)
    assert _gone_within(int(proc.stdout))


def _with_emulator(port, *command):
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''),
               PORT_HINT='choose another port: make demo DEMO_PORT=<port>')
    return subprocess.run([os.path.join(REPO_ROOT, '.ci', 'with_emulator.sh'), str(port), 'admin@kestra.io',
                           'Kestra-Demo-2026'] + list(command), cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True, timeout=120, check=False)


def test_with_emulator_on_a_free_port_gives_the_command_its_url():
    proc = _with_emulator(0, 'sh', '-c', 'echo "url=$KESTRA_URL user=$KESTRA_USERNAME"')
    assert proc.returncode == 0, proc.stdout
    url = re.search(r'listening on (\S+)', proc.stdout).group(1)
    assert 'url=%s user=admin@kestra.io' % url in proc.stdout
    assert not url.endswith(':0')


def test_with_emulator_on_a_taken_port_says_how_to_choose_another():
    with socket.socket() as taken:
        taken.bind(('127.0.0.1', 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _with_emulator(port, 'sh', '-c', 'echo the command ran')
    assert proc.returncode == 1
    assert 'port %d on 127.0.0.1 is already in use' % port in proc.stdout
    assert 'choose another port: make demo DEMO_PORT=<port>' in proc.stdout
    assert 'the command ran' not in proc.stdout
    assert 'Traceback' not in proc.stdout
