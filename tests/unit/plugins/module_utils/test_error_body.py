# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kestra's error bodies turned into one sentence (pure logic)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.kestra_io.kestra.plugins.module_utils._error_body import kestra_message, looks_like_html


def test_json_error_with_embedded_list():
    body = {'message': 'Invalid entity: flow.id: Flow id already exists',
            '_links': {'self': {'href': '/api/v1/main/flows', 'templated': False}},
            '_embedded': {'errors': [{'message': 'Flow id already exists', 'path': 'flow.id'}]}}
    # the detail already in the message is not repeated
    assert kestra_message(json.dumps(body)) == 'Invalid entity: flow.id: Flow id already exists'


def test_json_error_with_embedded_single_object_adds_new_detail():
    body = {'message': 'Invalid json', '_embedded': {'errors': {'message': 'Unexpected character', 'path': 'body'}}}
    assert kestra_message(json.dumps(body)) == 'Invalid json (body: Unexpected character)'


def test_json_error_message_only():
    assert kestra_message('{"message": "Not Found", "_links": {}}') == 'Not Found'


def test_problem_json_body():
    body = {'type': 'about:blank', 'title': 'Unprocessable Entity', 'status': 422,
            'detail': 'Invalid flow', 'errors': [{'pointer': '/tasks/0/type', 'detail': 'unknown type'}]}
    assert kestra_message(json.dumps(body), 'application/problem+json') == \
        'Unprocessable Entity; Invalid flow; /tasks/0/type: unknown type'


def test_plain_text_is_kept_and_truncated():
    assert kestra_message('upstream timeout') == 'upstream timeout'
    long_text = 'x' * 800
    message = kestra_message(long_text)
    assert message.endswith('...') and len(message) == 503


def test_json_string_body():
    assert kestra_message('"Locked"') == 'Locked'


def test_html_and_empty_bodies_give_nothing():
    assert kestra_message('<!DOCTYPE html><html><body>Login</body></html>', 'text/html') is None
    assert kestra_message('') is None


def test_html_detection():
    assert looks_like_html('', 'text/html; charset=utf-8')
    assert looks_like_html('  <html><head>', '')
    assert not looks_like_html('{"message": "x"}', 'application/json')
