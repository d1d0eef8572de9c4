# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Retry decisions and delays (pure logic)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils._retry import RetryPolicy, parse_retry_after


@pytest.mark.parametrize('method, allowed', [('GET', True), ('HEAD', True), ('PUT', True), ('DELETE', True),
                                             ('POST', False), ('PATCH', False)])
def test_only_idempotent_methods_are_retried_by_default(method, allowed):
    assert RetryPolicy().may_retry(method, 0) is allowed


def test_explicit_idempotent_flag_overrides_the_method():
    policy = RetryPolicy()
    assert policy.may_retry('POST', 0, idempotent=True)
    assert not policy.may_retry('PUT', 0, idempotent=False)


def test_retries_stop_after_the_budget():
    policy = RetryPolicy(retries=2)
    assert policy.may_retry('GET', 1)
    assert not policy.may_retry('GET', 2)


def test_backoff_doubles_and_is_capped():
    policy = RetryPolicy(base=0.5, cap=3.0)
    assert [policy.delay(n) for n in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_retry_after_seconds_win_over_backoff():
    assert RetryPolicy(base=0.5).delay(0, '7') == 7.0


def test_retry_after_is_capped():
    assert RetryPolicy(max_retry_after=10).delay(0, '3600') == 10


def test_retry_after_http_date():
    now = 1700000000.0
    header = email.utils.formatdate(now + 4, usegmt=True)
    assert parse_retry_after(header, now=now) == pytest.approx(4, abs=1)


@pytest.mark.parametrize('value', [None, '', 'soon'])
def test_unusable_retry_after_falls_back_to_backoff(value):
    assert parse_retry_after(value) is None
    assert RetryPolicy(base=0.25).delay(1, value) == 0.5


def test_negative_retry_after_means_now():
    assert parse_retry_after('-3') == 0.0


def test_an_unreachable_server_is_retried_once_whatever_the_method():
    policy = RetryPolicy(retries=4)
    assert policy.may_retry_unreachable(0, 0)
    assert not policy.may_retry_unreachable(1, 1)
    assert not RetryPolicy(retries=0).may_retry_unreachable(0, 0)
    assert not RetryPolicy(unreachable_retries=0).may_retry_unreachable(0, 0)
