"""Every route Kestra has is either emulated or answered 501 'not emulated', never by a neighbouring pattern.

The routes come from tests/emulator/kestra_routes.py (taken from Kestra's OpenAPI
documents for 1.3 and 2.0). Each is requested with a concrete example; a route
with an emulator handler of the same pattern must get that handler's answer,
any other route a 501 naming it.
"""

import os
import re

import pytest

from tests.emulator.app import create_app
from tests.emulator.kestra_routes import ROUTES
from tests.emulator.middleware import _segments
from tests.emulator.state import EmulatorState

_PARAM = re.compile(r'\{([^}:]*)[^}]*\}')


def _example(template):
    """A concrete path: {tenant} is main, every other parameter a value no literal segment uses."""
    return _PARAM.sub(lambda m: 'main' if m.group(1) == 'tenant' else 'sample-%s' % m.group(1).lower(), template)


def _emulated(profile):
    """(method, segments) of every route an emulator of this profile registers."""
    app = create_app(EmulatorState(profile=profile))
    served = set()
    for route in app.router.routes():
        if route.resource is not None:
            served.add((route.method, _segments(route.resource.canonical)))
    return served


def _routes(profile):
    return [(method, template) for method, template, versions in ROUTES if profile in versions]


def test_every_kestra_route_is_emulated_or_501(emulator, http):
    served = _emulated(emulator.profile)
    wrong = []
    counts = {'emulated': 0, 'not emulated': 0}
    for method, template in _routes(emulator.profile):
        # stream: a follow (SSE) route answers headers and then keeps the connection open
        with http.request(method, emulator.url + _example(template), data=b'', timeout=10, stream=True) as response:
            status = response.status_code
            body = response.json() if status in (500, 501) else None
        if (method, _segments(template)) in served:
            counts['emulated'] += 1
            if status in (500, 501):
                wrong.append((method, template, status, body))
        else:
            counts['not emulated'] += 1
            if status != 501 or body.get('route') != '%s %s' % (method, template):
                wrong.append((method, template, status, body))
    print('%s: %s' % (emulator.profile, counts))
    assert wrong == []


@pytest.mark.parametrize('method, path, route', [
    ('GET', '/api/v1/main/flows/source', 'GET /api/v1/{tenant}/flows/source'),
    ('POST', '/api/v1/main/executions/restart/by-ids', 'POST /api/v1/{tenant}/executions/restart/by-ids'),
    ('DELETE', '/api/v1/main/flows/delete/by-ids', 'DELETE /api/v1/{tenant}/flows/delete/by-ids'),
])
def test_a_neighbouring_pattern_does_not_answer(emulator, http, method, path, route):
    response = http.request(method, emulator.url + path, json=[])
    assert response.status_code == 501
    body = response.json()
    assert body['route'] == route
    assert body['message'] == 'Not emulated: the Kestra emulator does not implement %s' % route
    assert body['_links']['self']['href'] == path


def test_emulated_neighbours_still_answer(emulator, http):
    flows = emulator.url + '/api/v1/main/flows/'
    assert http.get(flows + 'company.team').json() == []
    assert http.get(flows + 'search').status_code == 200
    assert http.get(flows + 'company.team/missing').status_code == 404


def test_unknown_paths_outside_kestra_stay_404(emulator, http):
    assert http.get(emulator.url + '/api/v1/main/no-such-thing/at-all').status_code == 404


def test_the_route_table_matches_kestras_openapi_documents():
    """Only when KESTRA_OPENAPI_DIR holds openapi-subset.yml (2.0) and openapi-subset-1.3.yml (1.3)."""
    directory = os.environ.get('KESTRA_OPENAPI_DIR')
    if not directory:
        pytest.skip('KESTRA_OPENAPI_DIR is not set')
    import yaml
    for profile, name in (('2.0', 'openapi-subset.yml'), ('1.x', 'openapi-subset-1.3.yml')):
        with open(os.path.join(directory, name)) as handle:
            paths = yaml.safe_load(handle)['paths']
        spec = set((method.upper(), path) for path, item in paths.items() for method in item
                   if method in ('get', 'post', 'put', 'delete', 'patch'))
        assert set(_routes(profile)) == spec
