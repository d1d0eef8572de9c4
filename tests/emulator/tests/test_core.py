"""The emulator's general behaviour, driven over HTTP: auth, version probe, tenants,
request log, fault injection, reset, time scale, errors, command line, TLS, concurrency."""

import base64
import concurrent.futures
import subprocess
import sys
import time

import pytest
import requests

from tests.emulator.testing import REPO_ROOT, TEST_PASSWORD as PASSWORD, TEST_TOKEN as TOKEN, TEST_USERNAME as USERNAME, Emulator, wait_until

FLOW = """id: hello
namespace: company.team
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: hi
"""
SEARCH = '/api/v1/main/flows/search'


def basic(user=USERNAME, password=PASSWORD):
    return 'Basic ' + base64.b64encode(('%s:%s' % (user, password)).encode()).decode()


# ---- authentication ----------------------------------------------------------------------

def test_basic_auth_accepts_the_right_credentials(basic_emulator, http):
    response = http.get(basic_emulator.url + SEARCH, headers={'Authorization': basic()})
    assert response.status_code == 200
    assert response.json() == {'results': [], 'total': 0}


@pytest.mark.parametrize('header', [None, basic(password='wrong'), 'Bearer ' + TOKEN])
def test_basic_auth_rejects_others_with_401_and_challenge(basic_emulator, http, header):
    response = http.get(basic_emulator.url + SEARCH, headers={'Authorization': header} if header else {})
    assert response.status_code == 401
    assert response.headers['WWW-Authenticate'] == 'Basic'
    assert response.content == b''


def test_basic_auth_cookie_is_accepted(basic_emulator, http):
    cookie = base64.b64encode(('%s:%s' % (USERNAME, PASSWORD)).encode()).decode()
    assert http.get(basic_emulator.url + SEARCH, cookies={'BASIC_AUTH': cookie}).status_code == 200


def test_no_challenge_when_coming_from_the_login_page(basic_emulator, http):
    response = http.get(basic_emulator.url + SEARCH, headers={'Referer': basic_emulator.url + '/ui/login?from=x'})
    assert response.status_code == 401
    assert 'WWW-Authenticate' not in response.headers


def test_bearer_token(token_emulator, http):
    url = token_emulator.url + SEARCH
    assert http.get(url, headers={'Authorization': 'Bearer ' + TOKEN}).status_code == 200
    refused = http.get(url, headers={'Authorization': 'Bearer nope'})
    assert refused.status_code == 401 and refused.headers['WWW-Authenticate'] == 'Bearer'


def test_open_mode_needs_nothing(emulator, http):
    assert http.get(emulator.url + SEARCH).status_code == 200


def test_health_is_open(basic_emulator, http):
    assert http.get(basic_emulator.url + '/health').json() == {'status': 'UP'}


# ---- version probe -------------------------------------------------------------------------

def test_configs_1x_is_open_and_reports_1x(basic_emulator, http):
    body = http.get(basic_emulator.url + '/api/v1/configs').json()
    assert body['version'].startswith('1.')
    assert body['edition'] == 'OSS' and body['isBasicAuthInitialized'] is True
    assert 'url' not in body  # nulls are omitted


def test_configs_2x_needs_auth(token_emulator, http):
    assert http.get(token_emulator.url + '/api/v1/configs').status_code == 401
    body = http.get(token_emulator.url + '/api/v1/configs', headers={'Authorization': 'Bearer ' + TOKEN}).json()
    assert body['version'].startswith('2.')
    assert http.get(token_emulator.url + '/api/v1/configs/login').status_code == 200


def test_each_profile_reports_its_version(emulator, http):
    major = http.get(emulator.url + '/api/v1/configs').json()['version'].split('.')[0]
    assert major == emulator.profile.split('.')[0]


# ---- tenants, reset --------------------------------------------------------------------------

def test_tenants_are_isolated(emulator, http):
    emulator.seed_flow(FLOW, tenant='acme')
    assert http.get(emulator.url + '/api/v1/acme/flows/company.team/hello').status_code == 200
    assert http.get(emulator.url + '/api/v1/main/flows/company.team/hello').status_code == 404
    assert http.get(emulator.url + '/api/v1/acme/flows/search').json()['total'] == 1
    assert http.get(emulator.url + '/api/v1/other/flows/search').json()['total'] == 0


def test_reset_empties_every_tenant_log_and_fault(emulator, http):
    emulator.seed_flow(FLOW, tenant='main')
    emulator.seed_flow(FLOW, tenant='acme')
    emulator.control('POST', 'faults', {'count': 5, 'status': 503})
    http.get(emulator.url + '/api/v1/main/flows/company.team/hello')
    assert emulator.reset() == {'reset': True}
    assert emulator.requests() == [] and emulator.control('GET', 'faults') == []
    for tenant in ('main', 'acme'):
        assert http.get(emulator.url + '/api/v1/%s/flows/company.team/hello' % tenant).status_code == 404


# ---- errors ------------------------------------------------------------------------------------

def test_unknown_route_is_a_kestra_404(emulator, http):
    response = http.get(emulator.url + '/api/v1/main/nothing-here?x=1')
    assert response.status_code == 404
    assert response.json() == {'message': 'Not Found',
                               '_links': {'self': {'href': '/api/v1/main/nothing-here?x=1', 'templated': False}}}


def test_wrong_method_is_405(emulator, http):
    assert http.patch(emulator.url + SEARCH).status_code == 405


# ---- request log -------------------------------------------------------------------------------

def test_request_log_in_arrival_order_without_control_calls(emulator, http):
    http.get(emulator.url + SEARCH + '?namespace=a&page=1')
    http.delete(emulator.url + '/api/v1/main/flows/company.team/missing')
    log = emulator.requests()
    assert [(r['method'], r['path'], r['query'], r['status']) for r in log] == [
        ('GET', SEARCH, 'namespace=a&page=1', 200),
        ('DELETE', '/api/v1/main/flows/company.team/missing', '', 404),
    ]
    assert all(isinstance(r['duration_ms'], (int, float)) and r['duration_ms'] >= 0 for r in log)
    assert emulator.clear_requests() == {'cleared': True}
    assert emulator.requests() == []


def test_unauthorized_requests_are_logged(basic_emulator, http):
    http.get(basic_emulator.url + SEARCH)
    assert [(r['path'], r['status']) for r in basic_emulator.requests()] == [(SEARCH, 401)]


# ---- faults ------------------------------------------------------------------------------------

def test_status_fault_with_retry_after_for_the_next_n_matching(emulator, http):
    emulator.control('POST', 'faults', {'count': 2, 'method': 'GET', 'path': '/api/v1/main/flows', 'status': 503,
                                        'retry_after': 2})
    assert http.post(emulator.url + '/api/v1/main/flows/validate', data=FLOW,
                     headers={'Content-Type': 'application/x-yaml'}).status_code == 200  # other method
    assert http.get(emulator.url + '/api/v1/main/kv').status_code != 503  # other path
    first = http.get(emulator.url + SEARCH)
    assert first.status_code == 503 and first.headers['Retry-After'] == '2'
    assert first.json()['message'] == 'Injected fault'
    assert http.get(emulator.url + SEARCH).status_code == 503
    assert http.get(emulator.url + SEARCH).status_code == 200
    assert emulator.control('GET', 'faults') == []


def test_status_fault_without_retry_after(emulator, http):
    emulator.control('POST', 'faults', {'status': 502})
    response = http.get(emulator.url + SEARCH)
    assert response.status_code == 502 and 'Retry-After' not in response.headers


def test_delay_fault(emulator, http):
    emulator.control('POST', 'faults', {'count': 1, 'path': SEARCH, 'delay': 0.4})
    started = time.monotonic()
    assert http.get(emulator.url + SEARCH).status_code == 200
    assert time.monotonic() - started >= 0.4
    assert emulator.control('GET', 'faults') == []  # used up: the next request is not delayed


def test_drop_fault_closes_the_connection(emulator, http):
    emulator.control('POST', 'faults', {'count': 1, 'drop': True})
    with pytest.raises(requests.exceptions.ConnectionError):
        http.get(emulator.url + SEARCH)
    assert http.get(emulator.url + SEARCH).status_code == 200


def test_clear_faults(emulator, http):
    emulator.control('POST', 'faults', {'count': 3, 'status': 500})
    assert emulator.control('DELETE', 'faults') == {'cleared': True}
    assert http.get(emulator.url + SEARCH).status_code == 200


def test_faults_never_hit_control_endpoints(emulator):
    emulator.control('POST', 'faults', {'count': 1, 'status': 503})
    assert emulator.requests() == []
    assert len(emulator.control('GET', 'faults')) == 1


def test_unknown_fault_field_is_rejected(emulator, http):
    response = http.post(emulator.url + '/_emulator/faults', json={'status': 503, 'statsu': 1})
    assert response.status_code == 400 and 'statsu' in response.json()['message']


# ---- time scale ----------------------------------------------------------------------------------

def test_time_scale(emulator, http):
    assert emulator.control('POST', 'time-scale', {'factor': 0.25}) == {'factor': 0.25}
    assert emulator.control('GET', 'state')['time_scale'] == 0.25
    assert http.post(emulator.url + '/_emulator/time-scale', json={'factor': 0}).status_code == 400


# ---- concurrency ---------------------------------------------------------------------------------

def test_a_slow_request_does_not_stall_others(emulator):
    emulator.control('POST', 'faults', {'count': 1, 'path': '/api/v1/main/flows/slow', 'delay': 3})
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        slow = pool.submit(requests.get, emulator.url + '/api/v1/main/flows/slow/one', timeout=10)
        wait_until(lambda: emulator.control('GET', 'faults') == [])  # the slow request is being served
        fast = requests.get(emulator.url + SEARCH, timeout=10)
        assert fast.status_code == 200
        assert not slow.done()
        assert slow.result().status_code == 404


def test_concurrent_clients(emulator):
    def search(_client):
        with requests.Session() as session:
            return [session.get(emulator.url + SEARCH, timeout=10).status_code for _request in range(20)]

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        statuses = [s for batch in pool.map(search, range(4)) for s in batch]
    assert statuses == [200] * 80
    assert len(emulator.requests()) == 80


# ---- command line, TLS (start-up time: bench/emulator_throughput.py) -------------------------------------------------------------------

@pytest.mark.parametrize('args, message', [
    (['--token', 't', '--username', 'u@x.io', '--password', 'p'], 'exclusive'),
    (['--username', 'u@x.io'], 'together'),
    (['--tls-cert', 'c.pem'], 'together'),
    (['--profile', '3.0'], 'invalid choice'),
])
def test_command_line_rejects_bad_combinations(args, message):
    proc = subprocess.run([sys.executable, '-m', 'tests.emulator', '--port', '0'] + args, cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=30, check=False)
    assert proc.returncode == 2 and message in proc.stderr


def test_https(tmp_path):
    trustme = pytest.importorskip('trustme')
    authority = trustme.CA()
    cert = authority.issue_cert('127.0.0.1')
    cert.private_key_and_cert_chain_pem.write_to_path(str(tmp_path / 'cert.pem'))
    cert.private_key_pem.write_to_path(str(tmp_path / 'key.pem'))
    authority.cert_pem.write_to_path(str(tmp_path / 'ca.pem'))
    with Emulator(tls_cert=str(tmp_path / 'cert.pem'), tls_key=str(tmp_path / 'key.pem')) as emulator:
        assert emulator.url.startswith('https://')
        assert requests.get(emulator.url + '/health', verify=str(tmp_path / 'ca.pem'), timeout=5).status_code == 200
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(emulator.url + '/health', verify=True, timeout=5)
        assert [r['status'] for r in emulator.requests()] == [200]  # the failed handshake never reached HTTP


@pytest.mark.parametrize('body', [{'count': 0, 'status': 503}, {'status': 'abc'}, {'status': 42}, {'delay': -1}])
def test_invalid_fault_values_are_rejected(emulator, http, body):
    assert http.post(emulator.url + '/_emulator/faults', json=body).status_code == 400
    assert emulator.control('GET', 'faults') == []
