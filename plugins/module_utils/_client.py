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


# what requests/urllib3 say when the connection could not be opened (refused, unknown host)
_UNREACHABLE = re.compile(r'NewConnectionError|NameResolutionError|Connection refused|Failed to resolve|'
                          r'Name or service not known|nodename nor servname|Temporary failure in name resolution|'
                          r'getaddrinfo failed')
# certificate problems, as opposed to a handshake that failed before any certificate was seen
_CERTIFICATE = re.compile(r'CERTIFICATE_VERIFY_FAILED|certificate verify failed|Hostname mismatch|'
                          r"doesn't match|not valid for|self[- ]signed certificate", re.IGNORECASE)
# what OpenSSL says when the other end answered, but not with TLS (e.g. plain HTTP)
_NOT_TLS = re.compile(r'WRONG_VERSION_NUMBER|wrong version number|record layer failure|RECORD_LAYER_FAILURE|'
                      r'packet length too long|unknown protocol|http request|EOF occurred in violation of protocol',
                      re.IGNORECASE)


def _never_sent(exc):
    """True when the connection could not be opened, so the server saw nothing."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    return not isinstance(exc, requests.exceptions.SSLError) and bool(_UNREACHABLE.search(repr(exc)))


def _path_of(url):
    return urlsplit(url).path.rstrip('/')


class KestraClient(object):
    """One requests.Session to one Kestra server, tenant and identity."""

    def __init__(self, url, username=None, password=None, token=None, tenant='main',
                 validate_certs=True, ca_path=None, timeout=30, warn=None,
                 retry_policy=None, session=None, sleep=time.sleep, api_version='auto'):
        if not HAS_REQUESTS and session is None:
            raise KestraMissingLibraryError('the Python library "requests" is required by kestra_io.kestra '
                                            '(pip install requests)')
        self._check_url(url)
        if str(api_version or 'auto') not in ('auto', '1', '2'):
            raise KestraInputError('api_version must be auto, 1 or 2, got %r' % (api_version,))
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
        # 'auto': probe GET /api/v1/configs the first time the version matters; '1'/'2': never probe
        self.api_version = str(api_version or 'auto')
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
        if re.search(r'(^|/)ui(/|$)', parts.path):
            # Kestra serves its web UI under /ui/ (after the server's context path, if any)
            raise KestraInputError('url %s is a page of the Kestra web UI: give the root of the server (the part '
                                   'before /ui), e.g. %s://%s' % (_without_userinfo(url), parts.scheme, parts.netloc))

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
        """The server's version string, probed once per client from /api/v1/configs;
        'unknown' when the probe could not tell, 'api_version N' when the user stated it."""
        if self._version is None:
            if self.api_version != 'auto':
                self._version = 'api_version %s' % self.api_version
            else:
                self._version = self._probe_version()
        return self._version

    @property
    def major_version(self):
        if self.api_version != 'auto':
            return int(self.api_version)
        match = re.match(r'^v?(\d+)\.', self.version)
        return int(match.group(1)) if match else 1

    def _probe_version(self):
        """GET /api/v1/configs: every Kestra answers it (2.x only to an authenticated user)."""
        path = '/api/v1/configs'
        context = 'server version probe'
        response = self.request('GET', path, allow=(403, 404, 405), context=context)
        if response.status_code == 404:
            raise KestraError(self._not_kestra_root('GET %s answered HTTP 404' % path), status=404, method='GET',
                              path=path)
        if response.status_code in (403, 405):
            return self._unknown_version('GET %s answered HTTP %d' % (path, response.status_code))
        try:
            body = self._json(response, 'GET', path)
        except KestraError:
            raise KestraError(self._not_kestra_root('GET %s answered %s' % (
                path, 'an HTML page' if looks_like_html(response.text, response.headers.get('Content-Type', ''))
                else 'something that is not JSON')), status=response.status_code, method='GET', path=path)
        version = body.get('version') if isinstance(body, dict) else None
        if not version or not re.match(r'^v?\d+\.', str(version)):
            return self._unknown_version('GET %s gave no version number%s' % (
                path, ' (%r)' % _clip(version, 40) if version else ''))
        return str(version)

    def _not_kestra_root(self, what):
        message = '%s: url %s is not the root of a Kestra API (Kestra answers this request on every version)' % (
            what, self.url)
        if _path_of(self.url):
            message += '; the url has the path %s: give the root of the server, e.g. %s' % (
                _clip(_path_of(self.url), 80), self.url[:len(self.url) - len(_path_of(self.url))])
        return 'server version probe: %s. If it is Kestra behind a proxy that blocks this request, set api_version ' \
            '(or the environment variable KESTRA_API_VERSION) to 1 or 2 so that it is not probed' % message

    def _unknown_version(self, why):
        self.warn('The Kestra version of %s is unknown (%s): the Kestra 1.x API is assumed. Set api_version (or the '
                  'environment variable KESTRA_API_VERSION) to 1 or 2 to state it' % (self.url, why))
        return 'unknown'

    @property
    def is_v2(self):
        """True for Kestra 2.x, whose API differs from 1.x (docs/dev/kestra-api/versions.md)."""
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
        unreachable = 0
        while True:
            try:
                response = self.session.request(
                    method, self.url + path, params=params, json=json, data=data, headers=headers,
                    files=files, stream=stream, timeout=timeout or self.timeout, verify=self.verify)
            except requests.exceptions.RequestException as exc:
                if _never_sent(exc):
                    # the server saw nothing, so any request may be repeated; but a server that
                    # cannot be reached rarely can a second later: once, without a warning
                    if not self.retry_policy.may_retry_unreachable(attempt, unreachable):
                        raise self._connection_error(exc, method, path, context)
                    unreachable += 1
                    self._rewind(files)
                    self._sleep(self.retry_policy.delay(0))
                    attempt += 1
                    continue
                if isinstance(exc, requests.exceptions.SSLError) or \
                        not self.retry_policy.may_retry(method, attempt, idempotent):
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
                          r"Read timed out|timed out|Name or service not known|Temporary failure in name resolution|"
                          r"nodename nor servname provided, or not known|Failed to resolve '[^']*'|"
                          r"certificate verify failed[^)']*|\[SSL: [A-Z_]+\][^(')]*)", text)
        return match.group(1).strip() if match else exc.__class__.__name__

    def _connection_error(self, exc, method, path, context):
        if isinstance(exc, requests.exceptions.SSLError) and _NOT_TLS.search(str(exc)) and \
                not _CERTIFICATE.search(str(exc)):
            message = ('%s does not speak TLS: the TLS handshake failed (%s). If the server serves plain HTTP on '
                       'this port, use an http:// url' % (self.url, self._short_reason(exc)))
        elif isinstance(exc, requests.exceptions.SSLError) and (self.verify is False or not _CERTIFICATE.search(str(exc))):
            message = 'the TLS handshake with %s failed (%s)' % (self.url, self._short_reason(exc))
        elif isinstance(exc, requests.exceptions.SSLError):
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
        if status == 401 and self.auth_kind == 'no credentials':
            message = ('%s: the server requires authentication and no credentials were given: set username and '
                       'password (environment variables KESTRA_USERNAME and KESTRA_PASSWORD) or token (environment '
                       'variable KESTRA_API_TOKEN); the lookup also reads the variables kestra_username and '
                       'kestra_password, or kestra_token' % base)
        elif status == 401:
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
        if status == 404 and _path_of(self.url):
            message += ' (url %s has a path: check that it is the root of the Kestra server, where /api/v1 is)' % (
                self.url)
        return KestraError(self._prefix(context) + message, status=status, method=method, path=path,
                           kestra_message=detail)
