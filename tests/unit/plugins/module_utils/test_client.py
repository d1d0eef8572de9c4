# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""KestraClient: auth, paths, TLS, version probe, retries and error messages.

The network tests talk to a real emulator process (tests/emulator) on 127.0.0.1
and arm its fault injection; nothing is mocked there.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import os

import pytest
import requests

from ansible_collections.kestra_io.kestra.plugins.module_utils._client import KestraClient
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import (
    KestraConnectionError,
    KestraError,
    KestraInputError,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._retry import RetryPolicy
from tests.emulator.testing import Emulator

USERNAME = 'admin@kestra.io'
PASSWORD = 'S3cret-Pass-XYZ'
TOKEN = 'tok-SECRET-123456'
SECRETS = (PASSWORD, TOKEN, base64.b64encode(('%s:%s' % (USERNAME, PASSWORD)).encode()).decode())
FLOWS = '/api/v1/main/flows/search'


def assert_no_secret(*texts):
    for text in texts:
        for secret in SECRETS:
            assert secret not in str(text)


class Recorder(object):
    """Collects sleeps and warnings instead of waiting."""

    def __init__(self):
        self.sleeps = []
        self.warnings = []


def make_client(url, recorder=None, **kwargs):
    recorder = recorder or Recorder()
    kwargs.setdefault('username', USERNAME)
    kwargs.setdefault('password', PASSWORD)
    kwargs.setdefault('retry_policy', RetryPolicy(retries=3, base=0.01))
    return KestraClient(url, warn=recorder.warnings.append, sleep=recorder.sleeps.append, **kwargs)


@pytest.fixture(scope='module')
def basic_1x():
    with Emulator(profile='1.x', username=USERNAME, password=PASSWORD) as emulator:
        yield emulator


@pytest.fixture(scope='module')
def token_2x():
    with Emulator(profile='2.0', token=TOKEN) as emulator:
        yield emulator


@pytest.fixture
def emulator(basic_1x):
    basic_1x.reset()
    return basic_1x


# ---- offline: construction, headers, paths -----------------------------------------------

def prepared_headers(client):
    request = client.session.prepare_request(requests.Request('GET', client.url + '/x'))
    return request.headers


def test_basic_auth_header():
    headers = prepared_headers(make_client('http://127.0.0.1:1'))
    assert headers['Authorization'] == 'Basic ' + SECRETS[2]


def test_bearer_auth_header():
    headers = prepared_headers(make_client('http://127.0.0.1:1', username=None, password=None, token=TOKEN))
    assert headers['Authorization'] == 'Bearer ' + TOKEN


def test_no_credentials_no_header():
    headers = prepared_headers(make_client('http://127.0.0.1:1', username=None, password=None))
    assert 'Authorization' not in headers


def test_user_agent_names_the_collection():
    assert make_client('http://127.0.0.1:1').session.headers['User-Agent'].startswith('kestra_io.kestra/0.1.0 ')


def test_token_and_password_are_exclusive():
    with pytest.raises(KestraInputError) as info:
        make_client('http://127.0.0.1:1', token=TOKEN)
    assert 'mutually exclusive' in str(info.value)
    assert_no_secret(info.value)


def test_username_without_password_is_rejected():
    with pytest.raises(KestraInputError, match='together'):
        make_client('http://127.0.0.1:1', password=None)


@pytest.mark.parametrize('url, fragment', [
    ('http://admin:%s@kestra.local:8080' % PASSWORD, 'must not contain credentials'),
    ('http://kestra.local:8080/api/v1', 'without /api/v1'),
    ('kestra.local:8080', 'http:// or https://'),
    ('admin:%s@kestra.local:8080' % PASSWORD, 'http:// or https://'),
])
def test_bad_urls(url, fragment):
    with pytest.raises(KestraInputError) as info:
        make_client(url, username=None, password=None)
    assert fragment in str(info.value)
    assert_no_secret(info.value)


@pytest.mark.parametrize('tenant, segments, path', [
    ('main', ('flows', 'company.team', 'hello'), '/api/v1/main/flows/company.team/hello'),
    ('acme', ('namespaces', 'a.b', 'kv', 'my key/x'), '/api/v1/acme/namespaces/a.b/kv/my%20key%2Fx'),
    (None, ('executions', 'abc'), '/api/v1/main/executions/abc'),
])
def test_tenant_paths(tenant, segments, path):
    assert make_client('http://127.0.0.1:1', tenant=tenant).api_path(*segments) == path


def test_verify_setting(tmp_path):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text(u'-----BEGIN CERTIFICATE-----\n')
    assert make_client('https://k:1', validate_certs=False).verify is False
    assert make_client('https://k:1', ca_path=str(bundle)).verify == str(bundle)
    assert make_client('https://k:1').verify is True
    with pytest.raises(KestraInputError, match='ca_path'):
        make_client('https://k:1', ca_path=str(tmp_path / 'missing.pem'))


def test_disabled_validation_warns():
    recorder = Recorder()
    make_client('https://k:1', recorder, validate_certs=False)
    assert any('not verified' in w for w in recorder.warnings)


# ---- against the emulator ----------------------------------------------------------------

def paths_of(emulator, method, path):
    return [r['status'] for r in emulator.requests() if r['method'] == method and r['path'] == path]


def test_retry_on_503_then_success(emulator):
    emulator.control('POST', 'faults', {'count': 2, 'method': 'GET', 'path': FLOWS, 'status': 503})
    recorder = Recorder()
    body = make_client(emulator.url, recorder).get_json(FLOWS)
    assert body['total'] == 0
    assert paths_of(emulator, 'GET', FLOWS) == [503, 503, 200]
    assert recorder.sleeps == [0.01, 0.02]
    assert len(recorder.warnings) == 2 and 'HTTP 503' in recorder.warnings[0]


def test_retry_after_header_sets_the_wait(emulator):
    emulator.control('POST', 'faults', {'count': 1, 'path': FLOWS, 'status': 429, 'retry_after': 3})
    recorder = Recorder()
    make_client(emulator.url, recorder).get_json(FLOWS)
    assert recorder.sleeps == [3.0]


def test_retries_give_up_with_the_last_status(emulator):
    emulator.control('POST', 'faults', {'count': 10, 'path': FLOWS, 'status': 502, 'message': 'Bad Gateway'})
    with pytest.raises(KestraError) as info:
        make_client(emulator.url).get_json(FLOWS, context='flow search')
    assert info.value.status == 502
    assert len(paths_of(emulator, 'GET', FLOWS)) == 4
    assert str(info.value).startswith('flow search: GET %s failed with HTTP 502' % FLOWS)


def test_execution_post_is_never_retried(emulator):
    path = '/api/v1/main/executions/company.team/hello'
    emulator.control('POST', 'faults', {'count': 1, 'method': 'POST', 'path': path, 'status': 503})
    recorder = Recorder()
    with pytest.raises(KestraError) as info:
        make_client(emulator.url, recorder).request('POST', path)
    assert info.value.status == 503
    assert paths_of(emulator, 'POST', path) == [503]
    assert recorder.sleeps == []


def test_dropped_connection_on_post_is_not_retried(emulator):
    path = '/api/v1/main/executions/company.team/hello'
    emulator.control('POST', 'faults', {'count': 1, 'method': 'POST', 'path': path, 'drop': True})
    with pytest.raises(KestraConnectionError) as info:
        make_client(emulator.url).request('POST', path)
    assert info.value.status is None
    assert len(paths_of(emulator, 'POST', path)) == 1


def test_dropped_connection_on_get_is_retried(emulator):
    emulator.control('POST', 'faults', {'count': 1, 'method': 'GET', 'path': FLOWS, 'drop': True})
    recorder = Recorder()
    assert make_client(emulator.url, recorder).get_json(FLOWS)['total'] == 0
    assert len(paths_of(emulator, 'GET', FLOWS)) == 2
    assert len(recorder.sleeps) == 1


def test_read_timeout_names_the_server(emulator):
    emulator.control('POST', 'faults', {'count': 10, 'path': FLOWS, 'delay': 1.0})
    with pytest.raises(KestraConnectionError) as info:
        make_client(emulator.url, timeout=0.2, retry_policy=RetryPolicy(retries=0)).get_json(FLOWS)
    assert 'no answer from Kestra at %s within 0.2s' % emulator.url in str(info.value)


def test_wrong_password_says_which_auth_failed(emulator):
    with pytest.raises(KestraError) as info:
        make_client(emulator.url, password='Wrong-Pass-999').get_json(FLOWS)
    assert info.value.status == 401
    assert 'authentication failed using HTTP basic auth' in str(info.value)
    assert 'Wrong-Pass-999' not in str(info.value)


def test_wrong_token_says_bearer(token_2x):
    with pytest.raises(KestraError) as info:
        make_client(token_2x.url, username=None, password=None, token='not-' + TOKEN).get_json(FLOWS)
    assert info.value.status == 401 and 'a bearer token' in str(info.value)
    assert TOKEN not in str(info.value)


def test_kestra_message_is_in_the_error(emulator):
    with pytest.raises(KestraError) as info:
        make_client(emulator.url).get_json('/api/v1/main/flows/company.team/missing', context='flow company.team/missing')
    assert info.value.status == 404
    assert 'flow company.team/missing: GET /api/v1/main/flows/company.team/missing failed with HTTP 404' in str(info.value)
    assert info.value.kestra_message.startswith('Not Found')


def test_missing_is_none_when_allowed(emulator):
    assert make_client(emulator.url).get_json('/api/v1/main/flows/company.team/missing', allow_missing=True) is None


def test_version_probe_1x_once(emulator):
    client = make_client(emulator.url)
    assert (client.version, client.is_v2, client.is_v2) == ('1.3.7', False, False)
    assert len(paths_of(emulator, 'GET', '/api/v1/configs')) == 1


def test_version_probe_2x_with_token(token_2x):
    client = make_client(token_2x.url, username=None, password=None, token=TOKEN)
    assert client.is_v2 and client.major_version == 2


def test_version_probe_2x_needs_auth(token_2x):
    # 2.0 protects /api/v1/configs: no credentials is an authentication error, not a silent 1.x guess
    with pytest.raises(KestraError) as info:
        make_client(token_2x.url, username=None, password=None).is_v2
    assert info.value.status == 401 and 'no credentials' in str(info.value)


def test_unreachable_server():
    with Emulator() as emulator:
        url = emulator.url
    recorder = Recorder()
    with pytest.raises(KestraConnectionError) as info:
        make_client(url, recorder, retry_policy=RetryPolicy(retries=1, base=0.01)).get_json(FLOWS)
    assert 'cannot reach Kestra at %s' % url in str(info.value)
    assert 'Connection refused' in str(info.value)
    assert len(recorder.sleeps) == 1


def test_secrets_absent_from_every_error(emulator, token_2x):
    errors = []
    for kwargs in ({'password': 'Wrong-' + PASSWORD}, {}):
        try:
            make_client(emulator.url, **kwargs).get_json('/api/v1/main/flows/x/y')
        except KestraError as exc:
            errors.append(exc)
    try:
        make_client(token_2x.url, username=None, password=None, token=TOKEN + 'x').get_json(FLOWS)
    except KestraError as exc:
        errors.append(exc)
    emulator.control('POST', 'faults', {'count': 1, 'method': 'POST', 'drop': True})
    try:
        make_client(emulator.url).request('POST', '/api/v1/main/executions/a/b')
    except KestraError as exc:
        errors.append(exc)
    assert len(errors) == 4
    for exc in errors:
        assert_no_secret(str(exc), repr(exc.result_fields()), repr(vars(exc)))


# ---- TLS ---------------------------------------------------------------------------------

@pytest.fixture(scope='module')
def tls_emulator(tmp_path_factory):
    trustme = pytest.importorskip('trustme')
    folder = tmp_path_factory.mktemp('tls')
    authority = trustme.CA()
    server_cert = authority.issue_cert(u'127.0.0.1')
    cert, key, ca = (str(folder / name) for name in ('cert.pem', 'key.pem', 'ca.pem'))
    server_cert.private_key_and_cert_chain_pem.write_to_path(cert)
    server_cert.private_key_pem.write_to_path(key)
    authority.cert_pem.write_to_path(ca)
    with Emulator(profile='1.x', username=USERNAME, password=PASSWORD, tls_cert=cert, tls_key=key) as emulator:
        yield emulator, ca


def test_tls_with_ca_path(tls_emulator):
    emulator, ca = tls_emulator
    assert make_client(emulator.url, ca_path=ca).is_v2 is False


def test_tls_failure_is_explained(tls_emulator):
    emulator, _ca = tls_emulator
    with pytest.raises(KestraConnectionError) as info:
        make_client(emulator.url).get_json(FLOWS)
    assert 'TLS verification of %s failed' % emulator.url in str(info.value)
    assert 'ca_path' in str(info.value)


def test_tls_validation_off_ignores_env_bundle(tls_emulator, monkeypatch):
    # requests lets REQUESTS_CA_BUNDLE override a session-level verify=False; the client must not
    emulator, _ca = tls_emulator
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', os.devnull)
    assert make_client(emulator.url, validate_certs=False).get_json(FLOWS)['total'] == 0


# ---- answers no Kestra gives, but proxies and SSO pages do -------------------------------------

class CannedSession(requests.Session):
    """A session that answers every request with one canned response (no network)."""

    def __init__(self, status, body, content_type):
        super(CannedSession, self).__init__()
        self.canned = (status, body, content_type)

    def request(self, method, url, **kwargs):  # pylint: disable=arguments-differ
        response = requests.Response()
        response.status_code, body, content_type = self.canned
        response._content = body.encode('utf-8')  # pylint: disable=protected-access
        response.headers['Content-Type'] = content_type
        response.url = url
        return response


LOGIN_PAGE = '<!DOCTYPE html><html><body><form action="/login">Sign in</form></body></html>'


def test_html_login_page_with_200_is_explained():
    client = make_client('http://kestra.local', session=CannedSession(200, LOGIN_PAGE, 'text/html'))
    with pytest.raises(KestraError) as info:
        client.get_json(FLOWS)
    assert 'HTML page instead of JSON' in str(info.value) and 'login page' in str(info.value)
    assert_no_secret(info.value)


def test_html_error_page_is_explained():
    client = make_client('http://kestra.local', session=CannedSession(502, LOGIN_PAGE, 'text/html'),
                         retry_policy=RetryPolicy(retries=0))
    with pytest.raises(KestraError) as info:
        client.get_json(FLOWS)
    assert info.value.status == 502 and 'HTML page' in str(info.value)


def test_problem_json_error_is_mapped():
    body = '{"type":"about:blank","title":"Conflict","status":409,"detail":"Execution is already finished"}'
    client = make_client('http://kestra.local', session=CannedSession(409, body, 'application/problem+json'))
    with pytest.raises(KestraError) as info:
        client.request('POST', '/api/v1/main/executions/abc/kill')
    assert str(info.value) == ('POST /api/v1/main/executions/abc/kill failed with HTTP 409: '
                               'Conflict; Execution is already finished')
    assert info.value.kestra_message == 'Conflict; Execution is already finished'


# ---- issue 13: unreachable servers, missing credentials, the version probe, plain HTTP ----------

def test_refused_connection_is_tried_once_more_without_a_warning():
    with Emulator() as emulator:
        url = emulator.url
    recorder = Recorder()
    with pytest.raises(KestraConnectionError) as info:
        make_client(url, recorder).get_json(FLOWS)
    assert 'cannot reach Kestra at %s' % url in str(info.value) and 'Connection refused' in str(info.value)
    assert recorder.sleeps == [0.01]
    assert recorder.warnings == []


def test_unknown_host_is_tried_once_more_without_a_warning():
    recorder = Recorder()
    with pytest.raises(KestraConnectionError) as info:
        make_client('http://kestra.invalid:8080', recorder).get_json(FLOWS)
    assert 'cannot reach Kestra at http://kestra.invalid:8080' in str(info.value)
    assert len(recorder.sleeps) == 1
    assert recorder.warnings == []


def test_dropped_connection_keeps_its_retries_and_warnings(emulator):
    emulator.control('POST', 'faults', {'count': 2, 'method': 'GET', 'path': FLOWS, 'drop': True})
    recorder = Recorder()
    assert make_client(emulator.url, recorder).get_json(FLOWS)['total'] == 0
    assert len(recorder.sleeps) == 2 and len(recorder.warnings) == 2


def test_missing_credentials_name_the_options_and_variables(token_2x):
    with pytest.raises(KestraError) as info:
        make_client(token_2x.url, username=None, password=None).get_json(FLOWS)
    message = str(info.value)
    assert info.value.status == 401 and 'no credentials' in message
    for name in ('username and password', 'token', 'KESTRA_USERNAME', 'KESTRA_PASSWORD', 'KESTRA_API_TOKEN'):
        assert name in message


@pytest.mark.parametrize('api_version, is_v2', [('1', False), ('2', True)])
def test_stated_api_version_is_not_probed(emulator, api_version, is_v2):
    client = make_client(emulator.url, api_version=api_version)
    assert client.is_v2 is is_v2 and client.major_version == int(api_version)
    assert paths_of(emulator, 'GET', '/api/v1/configs') == []


def test_bad_api_version_is_refused():
    with pytest.raises(KestraInputError, match='api_version'):
        make_client('http://127.0.0.1:1', api_version='3')


@pytest.mark.parametrize('path', ['/ui/main/flows', '/ui', '/kestra/ui/main/namespaces/'])
def test_a_ui_url_is_refused_before_any_request(path):
    with pytest.raises(KestraInputError) as info:
        make_client('http://kestra.local:8080' + path)
    assert 'web UI' in str(info.value) and 'http://kestra.local:8080' in str(info.value)


def test_probe_404_says_the_url_is_not_an_api_root(emulator):
    recorder = Recorder()
    client = make_client(emulator.url + '/kestra', recorder)
    with pytest.raises(KestraError) as info:
        client.is_v2
    message = str(info.value)
    assert info.value.status == 404
    assert 'is not the root of a Kestra API' in message and 'the path /kestra' in message
    assert 'api_version' in message and 'KESTRA_API_VERSION' in message


def test_probe_forbidden_warns_and_says_which_api(emulator):
    emulator.control('POST', 'faults', {'count': 1, 'method': 'GET', 'path': '/api/v1/configs', 'status': 403})
    recorder = Recorder()
    client = make_client(emulator.url, recorder)
    assert client.is_v2 is False and client.version == 'unknown'
    assert len(recorder.warnings) == 1
    assert 'HTTP 403' in recorder.warnings[0] and 'the Kestra 1.x API is assumed' in recorder.warnings[0]
    assert 'api_version' in recorder.warnings[0]


def test_probe_html_page_fails():
    client = make_client('http://kestra.local', session=CannedSession(200, LOGIN_PAGE, 'text/html'))
    with pytest.raises(KestraError) as info:
        client.is_v2
    assert 'an HTML page' in str(info.value) and 'is not the root of a Kestra API' in str(info.value)


def test_probe_without_a_version_number_warns():
    recorder = Recorder()
    client = make_client('http://kestra.local', recorder,
                         session=CannedSession(200, '{"version": "Snapshot"}', 'application/json'))
    assert client.is_v2 is False
    assert len(recorder.warnings) == 1 and 'no version number' in recorder.warnings[0]


def test_https_to_a_plain_http_port_says_it_is_not_tls(emulator):
    url = 'https://' + emulator.url.split('://', 1)[1]
    for validate_certs in (False, True):
        with pytest.raises(KestraConnectionError) as info:
            make_client(url, validate_certs=validate_certs).get_json(FLOWS)
        message = str(info.value)
        assert 'does not speak TLS' in message and 'use an http:// url' in message
        assert 'validate_certs' not in message


def test_a_404_through_a_url_with_a_path_questions_the_url(emulator):
    client = make_client(emulator.url + '/kestra', api_version='1')
    with pytest.raises(KestraError) as info:
        client.request('PUT', client.api_path('namespaces', 'a.b', 'kv', 'k'), json='v', context='kv a.b/k')
    assert info.value.status == 404
    assert 'url %s/kestra has a path: check that it is the root of the Kestra server' % emulator.url in str(info.value)
