"""Start an emulator process for tests and benchmarks, and talk to its control API."""

import atexit
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import weakref

# credentials of the emulators the pytest fixtures start (tests/emulator/tests/conftest.py)
TEST_USERNAME = 'admin@kestra.io'
TEST_PASSWORD = 'Kestra-Test-1'
TEST_TOKEN = 'emulator-test-token'

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# every emulator started by this process and not stopped yet: stopped at interpreter exit
_RUNNING = weakref.WeakSet()


@atexit.register
def _stop_all():
    for emulator in list(_RUNNING):
        if emulator.owner == os.getpid():  # not one a forked child inherited from its parent
            emulator.stop()


class Emulator(object):
    """A running emulator process; use as a context manager or call stop().

    It cannot outlive the process that started it: its stdin is a pipe whose write end only that
    process holds (plus --exit-with-parent, so the emulator stops when the pipe reaches end of file
    or it is re-parented), because a finalizer does not always run: ansible-test runs each unit test
    in a fork that ends with os._exit(), and pytest-xdist workers can be torn down. It runs in a
    process group of its own, which stop() ends as a whole.
    """

    def __init__(self, profile='1.x', username=None, password=None, token=None,
                 time_scale=None, tls_cert=None, tls_key=None, port=0, edition='oss'):
        cmd = [sys.executable, '-m', 'tests.emulator', '--port', str(port), '--profile', profile,
               '--edition', edition, '--exit-with-parent']
        for flag, value in (('--username', username), ('--password', password), ('--token', token),
                            ('--time-scale', time_scale), ('--tls-cert', tls_cert), ('--tls-key', tls_key)):
            if value is not None:
                cmd += [flag, str(value)]
        self.profile = profile
        self.edition = edition
        # stderr goes to a file: an undrained pipe would block a long-running emulator once full
        self._stderr = tempfile.TemporaryFile(mode='w+')
        self.process = subprocess.Popen(cmd, cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self._stderr, universal_newlines=True,
                                        start_new_session=os.name == 'posix')
        self.owner = os.getpid()
        _RUNNING.add(self)
        line = self.process.stdout.readline()
        match = re.search(r'listening on (\S+)', line)
        if not match:
            text = self.stderr_text()
            self.stop()
            raise RuntimeError('emulator did not start: %r %s' % (line, text))
        self.url = match.group(1)
        self.control_url = self.url

    def control(self, method, path, body=None):
        """Call a /_emulator/ control endpoint; returns the decoded JSON."""
        data = None if body is None else json.dumps(body).encode('utf-8')
        req = urllib.request.Request(self.url + '/_emulator/' + path.lstrip('/'), data=data, method=method,
                                     headers={'Content-Type': 'application/json'})
        context = None
        if self.url.startswith('https'):
            import ssl
            context = ssl._create_unverified_context()  # pylint: disable=protected-access
        with urllib.request.urlopen(req, timeout=10, context=context) as resp:
            return json.loads(resp.read().decode('utf-8') or 'null')

    def reset(self):
        return self.control('POST', 'reset')

    def requests(self):
        return self.control('GET', 'requests')

    def clear_requests(self):
        return self.control('DELETE', 'requests')

    def write_requests(self):
        """Requests that could change state (anything but GET/HEAD and read-only POSTs)."""
        return [r for r in self.requests() if is_write(r)]

    def seed_flow(self, source, tenant='main'):
        """Store a flow source directly through the control endpoint (no validation)."""
        return self.control('POST', 'flows', {'tenant': tenant, 'source': source})

    def stop(self):
        """Stop the emulator and whatever it started (its process group); safe to call twice."""
        _RUNNING.discard(self)
        if self.process.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL if hasattr(signal, 'SIGKILL') else signal.SIGTERM)
                self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self._stderr):
            if stream:
                stream.close()

    def _signal(self, signum):
        """Signal the emulator's whole process group (the emulator and what it forked)."""
        if os.name == 'posix':
            try:
                os.killpg(self.process.pid, signum)
            except OSError:  # already gone
                pass
        else:
            self.process.send_signal(signum)

    def stderr_text(self):
        """What the emulator wrote to stderr so far (tracebacks of handler errors)."""
        if self._stderr.closed:
            return ''
        self._stderr.seek(0)
        return self._stderr.read()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


READ_ONLY_POSTS = re.compile(r'/flows/validate|/executions/[^/]+/[^/]+/validate$|/search$')


def is_write(entry):
    method = entry['method'].upper()
    if method in ('GET', 'HEAD', 'OPTIONS'):
        return False
    if method == 'POST' and READ_ONLY_POSTS.search(entry['path']):
        return False
    return True


def wait_until(predicate, timeout=10.0, interval=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError('condition not met within %.1fs' % timeout)


def env_flag(name):
    return os.environ.get(name, '').lower() in ('1', 'true', 'yes')
