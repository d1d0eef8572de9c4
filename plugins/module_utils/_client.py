# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""KestraClient: the one HTTP client of the collection (modules, lookup, action plugins).

It needs no AnsibleModule: build it from plain, already resolved connection
options (see _connection.resolve_connection).
"""

import os
import re
import time
import traceback

from ansible_collections.kestra_io.kestra.plugins.module_utils._error_body import kestra_message, looks_like_html
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import (
    KestraConnectionError,
    KestraError,
    KestraInputError,
    KestraMissingLibraryError,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._retry import RETRY_STATUSES, RetryPolicy
from ansible_collections.kestra_io.kestra.plugins.module_utils._version import COLLECTION_NAME, COLLECTION_VERSION

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.utils import quote
    HAS_REQUESTS = True
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover
    from urlparse import urlsplit  # type: ignore

V2_MAJOR = 2
# a 2xx answer to one of these means the server may have changed something (see KestraClient.wrote)
WRITE_METHODS = frozenset(['POST', 'PUT', 'PATCH', 'DELETE'])


def _without_userinfo(url):
    parts = urlsplit(url)
    if not parts.netloc:
        # without "scheme://", "user:password@host" parses as scheme "user" and path "password@host"
        return url.rpartition('@')[2]
    host = parts.hostname or ''
    if parts.port:
        host = '%s:%s' % (host, parts.port)
    return '%s://%s%s' % (parts.scheme, host, parts.path)


def _clip(text, limit=240):
    """Text for an error message, shortened when huge (a 20 kB key must not make a 40 kB message)."""
    text = str(text)
    return text if len(text) <= limit else '%s...(%d characters)' % (text[:limit], len(text))


def _auth_kind(username, token):
    """How the client authenticates, for error messages (never the credential itself)."""
    if token:
        return 'a bearer token'
    if username:
        return 'HTTP basic auth (username/password)'
    return 'no credentials'


def _never_sent(exc):
    """True when the connection could not be opened, so the server saw nothing."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    return 'NewConnectionError' in repr(exc) or 'Connection refused' in str(exc)


class KestraClient(object):
    """One requests.Session to one Kestra server, tenant and identity."""

    def __init__(self, url, username=None, password=None, token=None, tenant='main',
                 validate_certs=True, ca_path=None, timeout=30, warn=None,
                 retry_policy=None, session=None, sleep=time.sleep):
        if not HAS_REQUESTS and session is None:
            raise KestraMissingLibraryError('the Python library "requests" is required by kestra_io.kestra '
                                            '(pip install requests)')
        self._check_url(url)
        if token and (username or password):
            raise KestraInputError('token and username/password are mutually exclusive: use one kind of authentication')
        if bool(username) != bool(password):
            raise KestraInputError('username and password must be given together')
        self.url = url.rstrip('/')
        self.tenant = tenant or 'main'
        self.timeout = float(timeout)
        self.warn = warn or (lambda message: None)
        self.retry_policy = retry_policy or RetryPolicy()
        self._sleep = sleep
        self.auth_kind = _auth_kind(username, token)
        self._version = None
        # set once a write was answered with 2xx: a task that fails afterwards still changed something
        self.wrote = False
        self.session = session if session is not None else requests.Session()
        self.session.headers['User-Agent'] = '%s/%s (Ansible collection; python-requests/%s)' % (
            COLLECTION_NAME, COLLECTION_VERSION, getattr(requests, '__version__', '?') if HAS_REQUESTS else '?')
        self.session.headers['Accept'] = 'application/json'
        if token:
            self.session.headers['Authorization'] = 'Bearer %s' % token
        elif username:
            self.session.auth = (username, password)
        self.verify = self._verify_setting(validate_certs, ca_path)
        self.session.verify = self.verify
        if not validate_certs and self.url.startswith('https'):
            self.warn('validate_certs is false: the TLS certificate of %s is not verified' % self.url)
            try:
                import urllib3
                urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
            except (ImportError, AttributeError):  # pragma: no cover
                pass

    @staticmethod
    def _verify_setting(validate_certs, ca_path):
        """requests' verify value. It is passed with every request too: a session-level
        value alone loses to REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE in the environment."""
        if not validate_certs:
            return False
        if ca_path:
            if not os.path.isfile(ca_path):
                raise KestraInputError('ca_path %s is not a readable file' % ca_path)
            return ca_path
        return True

    @staticmethod
    def _check_url(url):
        if not url or not re.match(r'^https?://[^/]+', str(url)):
            raise KestraInputError('url must be the http:// or https:// root of the Kestra server, got %r'
                                   % _without_userinfo(str(url or '')) if url else 'url is required')
        parts = urlsplit(url)
        if parts.username or parts.password:
            raise KestraInputError('url must not contain credentials: use username/password or token '
                                   '(url given: %s)' % _without_userinfo(url))
        if parts.path.rstrip('/').endswith('/api/v1') or '/api/v1/' in parts.path:
            raise KestraInputError('url must be the server root without /api/v1 (e.g. http://localhost:8080), '
                                   'got %s' % _without_userinfo(url))

    # ---- paths -------------------------------------------------------------------

    def api_path(self, *segments):
        """/api/v1/{tenant}/seg1/seg2..., each segment URL-quoted."""
        for segment in (self.tenant,) + segments:
            # quoting keeps '.' and '..', which URL normalisation would resolve to another resource
            if str(segment) in ('', '.', '..'):
                raise KestraInputError('%r is not a valid namespace, id, key or tenant' % str(segment))
        quoted = [quote(str(self.tenant), safe='')] + [quote(str(s), safe='') for s in segments]
        return '/api/v1/' + '/'.join(quoted)

    # ---- server version ----------------------------------------------------------

    @property
    def version(self):
        """The server's version string, probed once per client from /api/v1/configs."""
        if self._version is None:
            body = self.get_json('/api/v1/configs', allow_missing=True, context='server version probe')
            version = str(body.get('version') or '') if isinstance(body, dict) else ''
            self._version = version or 'unknown'
        return self._version

    @property
    def major_version(self):
        match = re.match(r'^v?(\d+)', self.version)
        return int(match.group(1)) if match else 1

    @property
    def is_v2(self):
        """True for Kestra 2.x, whose API differs from 1.x (REFERENCE.md section 9)."""
        return self.major_version >= V2_MAJOR

    # ---- requests ----------------------------------------------------------------

    def request(self, method, path, params=None, json=None, data=None, headers=None, files=None,
                allow=(), idempotent=None, stream=False, timeout=None, context=None, read_only=False):
        """Send one request with retries; return the response or raise KestraError.

        Any 2xx status and the statuses in 'allow' are returned. Retries (connection
        errors, 429/502/503/504) happen only for idempotent methods, or when
        'idempotent' says the request may safely be repeated. read_only marks a POST
        that changes nothing (a validation, a search), so that it does not set 'wrote'.
        """
        method = method.upper()
        attempt = 0
        while True:
            try:
                response = self.session.request(
                    method, self.url + path, params=params, json=json, data=data, headers=headers,
                    files=files, stream=stream, timeout=timeout or self.timeout, verify=self.verify)
            except requests.exceptions.RequestException as exc:
                # a request that never reached the server may be repeated whatever it does
                retryable = True if _never_sent(exc) else idempotent
                if isinstance(exc, requests.exceptions.SSLError) or \
                        not self.retry_policy.may_retry(method, attempt, retryable):
                    raise self._connection_error(exc, method, path, context)
                self._wait_to_retry(method, path, self._short_reason(exc), self.retry_policy.delay(attempt), attempt, files)
                attempt += 1
                continue
            if response.status_code in RETRY_STATUSES and self.retry_policy.may_retry(method, attempt, idempotent):
                response.close()
                delay = self.retry_policy.delay(attempt, response.headers.get('Retry-After'))
                self._wait_to_retry(method, path, 'HTTP %d from Kestra' % response.status_code, delay, attempt, files)
                attempt += 1
                continue
            if 200 <= response.status_code < 300 or response.status_code in allow:
                if 200 <= response.status_code < 300 and method in WRITE_METHODS and not read_only:
                    self.wrote = True
                return response
            raise self._http_error(response, method, path, context)

    def get_json(self, path, params=None, allow_missing=False, context=None):
        """GET a JSON document; None for a 404 when allow_missing."""
        response = self.request('GET', path, params=params, allow=(404,) if allow_missing else (), context=context)
        if response.status_code == 404:
            return None
        return self._json(response, 'GET', path, context)

    def send_json(self, method, path, params=None, json=None, data=None, headers=None, allow=(),
                  idempotent=None, context=None, read_only=False):
        """Send a request and decode its JSON answer (None for an empty body)."""
        response = self.request(method, path, params=params, json=json, data=data, headers=headers,
                                allow=allow, idempotent=idempotent, context=context, read_only=read_only)
        return self._json(response, method, path, context)

    # ---- helpers -----------------------------------------------------------------

    def _wait_to_retry(self, method, path, reason, delay, attempt, files):
        self.warn('%s %s: %s; retrying in %.1fs (retry %d of %d)' % (
            method, path, reason, delay, attempt + 1, self.retry_policy.retries))
        self._rewind(files)
        self._sleep(delay)

    @staticmethod
    def _rewind(files):
        for value in (files or {}).values():
            handle = value[1] if isinstance(value, tuple) else value
            if hasattr(handle, 'seek'):
                handle.seek(0)

    def _json(self, response, method, path, context=None):
        text = response.text
        if not text.strip():
            return None
        if looks_like_html(text, response.headers.get('Content-Type', '')):
            raise KestraError(self._prefix(context) + (
                '%s %s: the server answered with an HTML page instead of JSON. Check that url (%s) is the '
                'root of the Kestra server and not a login page or proxy, and that authentication is '
                'configured' % (method, path, self.url)), status=response.status_code, method=method, path=path)
        try:
            return response.json()
        except ValueError:
            raise KestraError(self._prefix(context) + '%s %s: the answer is not JSON: %s' % (
                method, path, text[:200]), status=response.status_code, method=method, path=path)

    @staticmethod
    def _prefix(context):
        return '%s: ' % _clip(context) if context else ''

    @staticmethod
    def _short_reason(exc):
        text = str(exc)
        match = re.search(r"(Connection refused|Connection aborted|RemoteDisconnected[^)']*|"
                          r"Read timed out|timed out|Name or service not known|certificate verify failed[^)']*)", text)
        return match.group(1) if match else exc.__class__.__name__

    def _connection_error(self, exc, method, path, context):
        if isinstance(exc, requests.exceptions.SSLError):
            message = ('TLS verification of %s failed (%s). Set ca_path to the PEM bundle of the CA that signed '
                       'the server certificate, or validate_certs: false to skip verification (not recommended)'
                       % (self.url, self._short_reason(exc)))
        elif isinstance(exc, requests.exceptions.Timeout):
            message = 'no answer from Kestra at %s within %gs (%s %s)' % (self.url, self.timeout, method, _clip(path))
        else:
            message = 'cannot reach Kestra at %s (%s %s): %s' % (self.url, method, _clip(path), self._short_reason(exc))
        return KestraConnectionError(self._prefix(context) + message, method=method, path=path)

    def _http_error(self, response, method, path, context):
        status = response.status_code
        text = response.text
        content_type = response.headers.get('Content-Type', '')
        detail = kestra_message(text, content_type)
        reason = response.reason or ''
        base = '%s %s failed with HTTP %d%s' % (method, _clip(path), status, ' ' + reason if reason else '')
        if status == 401:
            message = '%s: authentication failed using %s; check the credentials' % (base, self.auth_kind)
        elif status == 403:
            message = '%s: authorisation failed: the identity used (%s) may not do this' % (base, self.auth_kind)
        elif detail is None and looks_like_html(text, content_type):
            message = '%s: the server answered with an HTML page (a login page or a proxy?); check url %s' % (
                base, self.url)
        else:
            message = base
        if detail:
            message = '%s: %s' % (message, detail)
        return KestraError(self._prefix(context) + message, status=status, method=method, path=path,
                           kestra_message=detail)
