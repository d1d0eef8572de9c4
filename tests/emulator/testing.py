"""Start an emulator process for tests and benchmarks, and talk to its control API."""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

# credentials of the emulators the pytest fixtures start (tests/emulator/tests/conftest.py)
TEST_USERNAME = 'admin@kestra.io'
TEST_PASSWORD = 'Kestra-Test-1'
TEST_TOKEN = 'emulator-test-token'

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Emulator(object):
    """A running emulator process; use as a context manager or call stop()."""

    def __init__(self, profile='1.x', username=None, password=None, token=None,
                 time_scale=None, tls_cert=None, tls_key=None, port=0, edition='oss'):
        cmd = [sys.executable, '-m', 'tests.emulator', '--port', str(port), '--profile', profile,
               '--edition', edition]
        for flag, value in (('--username', username), ('--password', password), ('--token', token),
                            ('--time-scale', time_scale), ('--tls-cert', tls_cert), ('--tls-key', tls_key)):
            if value is not None:
                cmd += [flag, str(value)]
        self.profile = profile
        self.edition = edition
        # stderr goes to a file: an undrained pipe would block a long-running emulator once full
        self._stderr = tempfile.TemporaryFile(mode='w+')
        self.process = subprocess.Popen(cmd, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=self._stderr,
                                        universal_newlines=True)
        line = self.process.stdout.readline()
        match = re.search(r'listening on (\S+)', line)
        if not match:
            self.process.kill()
            self.process.wait()
            raise RuntimeError('emulator did not start: %r %s' % (line, self.stderr_text()))
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
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()
        self._stderr.close()

    def stderr_text(self):
        """What the emulator wrote to stderr so far (tracebacks of handler errors)."""
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
