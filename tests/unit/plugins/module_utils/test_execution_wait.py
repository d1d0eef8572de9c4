"""Waiting for an execution: event stream, reconnects, polling fallback, timeouts (fake API and clock)."""

import json

import pytest
import requests

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraConnectionError, KestraError
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_wait import Backoff, Waiter, WaitTimeout


def execution(state):
    return {'id': 'e1', 'namespace': 'ns', 'flowId': 'f', 'state': {'current': state}}


def event(name, state):
    return [('id:%s' % name).encode(), ('data:%s' % json.dumps(execution(state))).encode(), b'']


class Clock(object):
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


class Stream(object):
    def __init__(self, lines, error=None, clock=None, seconds=0.0):
        self.lines, self.error, self.clock, self.seconds = lines, error, clock, seconds
        self.closed = False

    def iter_lines(self):
        yield from self.lines
        if self.clock is not None:
            self.clock.now += self.seconds
        if self.error is not None:
            raise self.error

    def close(self):
        self.closed = True


class Api(object):
    def __init__(self, streams=(), states=()):
        self.streams = list(streams)
        self.states = list(states)
        self.follows = []
        self.gets = 0

    def follow(self, execution_id, read_timeout):
        self.follows.append(read_timeout)
        item = self.streams.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    def get(self, execution_id):
        self.gets += 1
        item = self.states.pop(0) if len(self.states) > 1 else self.states[0]
        if isinstance(item, Exception):
            raise item
        return execution(item)


def waiter(api, clock, **kwargs):
    return Waiter(api, clock=clock, sleep=clock.sleep, **kwargs)


def test_the_end_event_ends_the_wait_with_one_stream_and_one_read():
    clock = Clock()
    api = Api([Stream(event('progress', 'RUNNING') + event('progress', 'RUNNING') + event('end', 'SUCCESS'))],
              ['SUCCESS'])
    assert waiter(api, clock).wait('e1', 60)['state']['current'] == 'SUCCESS'
    assert len(api.follows) == 1 and api.gets == 1 and clock.sleeps == []


def test_a_paused_execution_is_not_the_end():
    clock = Clock()
    api = Api([Stream(event('progress', 'PAUSED') + event('progress', 'RUNNING') + event('progress', 'WARNING'))],
              ['WARNING'])
    assert waiter(api, clock).wait('e1', 60)['state']['current'] == 'WARNING'


def test_an_idle_or_cut_stream_reconnects_and_the_read_timeout_is_bounded():
    clock = Clock()
    cut = requests.exceptions.ConnectionError('Read timed out')
    api = Api([Stream(event('progress', 'RUNNING'), error=cut, clock=clock, seconds=10),
               Stream(event('progress', 'RUNNING'), error=cut, clock=clock, seconds=10),
               Stream(event('end', 'FAILED'))], ['FAILED'])
    assert waiter(api, clock, idle_timeout=10).wait('e1', 3600)['state']['current'] == 'FAILED'
    assert api.follows == [10, 10, 10]
    assert clock.sleeps == []  # events came: reconnect at once


def test_a_stream_that_closes_without_news_backs_off():
    clock = Clock()
    api = Api([Stream([]), Stream([]), Stream(event('end', 'SUCCESS'))], ['SUCCESS'])
    waiter(api, clock).wait('e1', 60)
    assert clock.sleeps == [0.1, pytest.approx(0.16)]


def test_no_follow_endpoint_falls_back_to_polling_with_backoff():
    clock = Clock()
    api = Api([None], ['RUNNING', 'RUNNING', 'RUNNING', 'SUCCESS'])
    assert waiter(api, clock).wait('e1', 60)['state']['current'] == 'SUCCESS'
    assert api.gets == 4 and len(clock.sleeps) == 3 and clock.sleeps[0] == 0.1


def test_transient_errors_are_retried_until_the_deadline():
    clock = Clock()
    api = Api([KestraConnectionError('cannot reach Kestra'), KestraError('busy', status=503),
               Stream(event('end', 'SUCCESS'))], ['SUCCESS'])
    warnings = []
    assert waiter(api, clock, warn=warnings.append).wait('e1', 60)['state']['current'] == 'SUCCESS'
    assert len(warnings) == 2 and 'trying again' in warnings[0]


def test_other_errors_end_the_wait():
    clock = Clock()
    api = Api([KestraError('not found', status=404)], ['RUNNING'])
    with pytest.raises(KestraError) as raised:
        waiter(api, clock).wait('e1', 60)
    assert raised.value.status == 404


def test_timeout_returns_the_current_state():
    clock = Clock()
    cut = requests.exceptions.ConnectionError('Read timed out')
    api = Api([Stream(event('progress', 'RUNNING'), error=cut, clock=clock, seconds=5)] * 3, ['RUNNING'])
    with pytest.raises(WaitTimeout) as raised:
        waiter(api, clock, idle_timeout=30).wait('e1', 5)
    assert raised.value.execution['state']['current'] == 'RUNNING'
    assert api.follows == [5]


def test_a_stream_is_closed_after_its_lifetime_even_when_events_keep_coming():
    clock = Clock()

    class Busy(Stream):
        def iter_lines(self):
            while True:
                clock.now += 1
                yield from event('progress', 'RUNNING')

    api = Api([Busy([]), Stream(event('end', 'SUCCESS'))], ['SUCCESS'])
    waiter(api, clock, stream_lifetime=5).wait('e1', 60)
    assert len(api.follows) == 2 and clock.now == 5


def test_backoff_grows_to_its_cap_and_resets():
    backoff = Backoff(initial=0.5, factor=2, cap=1.5)
    assert [backoff.next() for _step in range(4)] == [0.5, 1.0, 1.5, 1.5]
    backoff.reset()
    assert backoff.next() == 0.5
