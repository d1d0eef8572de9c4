"""Fixtures: one emulator process per profile and auth mode, reset before each test."""

import pytest
import requests

from tests.emulator.testing import TEST_PASSWORD as PASSWORD
from tests.emulator.testing import TEST_TOKEN as TOKEN
from tests.emulator.testing import TEST_USERNAME as USERNAME
from tests.emulator.testing import Emulator


@pytest.fixture(scope='session')
def _emulators():
    started = {}
    yield started
    for emulator in started.values():
        emulator.stop()


def _get(started, profile, auth, edition='oss'):
    key = (profile, auth) if edition == 'oss' else (profile, auth, edition)
    if key not in started:
        kwargs = {'profile': profile, 'time_scale': 0.05, 'edition': edition}
        if auth == 'basic':
            kwargs.update(username=USERNAME, password=PASSWORD)
        elif auth == 'token':
            kwargs.update(token=TOKEN)
        started[key] = Emulator(**kwargs)
    emulator = started[key]
    emulator.reset()
    emulator.control('POST', 'time-scale', {'factor': 0.05})
    return emulator


@pytest.fixture(params=['1.x', '2.0'])
def emulator(request, _emulators):
    """An open (no auth) emulator of each profile, freshly reset."""
    return _get(_emulators, request.param, 'open')


@pytest.fixture(params=['1.x', '2.0'])
def ee_emulator(request, _emulators):
    """An open emulator of each profile with --edition ee (Enterprise-only APIs), freshly reset."""
    return _get(_emulators, request.param, 'open', 'ee')


@pytest.fixture(params=[('1.x', 'oss'), ('2.0', 'oss'), ('1.x', 'ee'), ('2.0', 'ee')], ids='-'.join)
def any_emulator(request, _emulators):
    """An open emulator of each profile and edition, freshly reset."""
    profile, edition = request.param
    return _get(_emulators, profile, 'open', edition)


@pytest.fixture
def emulator_1x(_emulators):
    return _get(_emulators, '1.x', 'open')


@pytest.fixture
def emulator_2x(_emulators):
    return _get(_emulators, '2.0', 'open')


@pytest.fixture
def basic_emulator(_emulators):
    return _get(_emulators, '1.x', 'basic')


@pytest.fixture
def token_emulator(_emulators):
    return _get(_emulators, '2.0', 'token')


@pytest.fixture
def http():
    """A plain requests session for driving the emulator over HTTP."""
    with requests.Session() as session:
        yield session
