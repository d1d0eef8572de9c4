# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Turn a Kestra error answer into one readable sentence."""

import json

_MAX_TEXT = 500


def _decode(text):
    try:
        return json.loads(text)
    except ValueError:
        return None


def _embedded_details(body):
    """Messages of a Micronaut JsonError's _embedded.errors (a list or a single object)."""
    embedded = body.get('_embedded') or {}
    errors = embedded.get('errors') or []
    if isinstance(errors, dict):
        errors = [errors]
    details = []
    for error in errors:
        if not isinstance(error, dict) or not error.get('message'):
            continue
        path = error.get('path')
        details.append('%s: %s' % (path, error['message']) if path else error['message'])
    return details


def kestra_message(text, content_type=''):
    """Kestra's own error text from a response body, or None.

    Understands the Micronaut JsonError of Kestra 0.x-2.x
    ({"message", "_embedded": {"errors": [...]}}) and RFC 7807 problem
    details ({"title", "detail", "errors"}) of newer servers.
    """
    if not text:
        return None
    body = _decode(text)
    if isinstance(body, dict):
        if 'detail' in body or 'title' in body:
            parts = [p for p in (body.get('title'), body.get('detail')) if p]
            for error in body.get('errors') or []:
                if isinstance(error, dict):
                    where = error.get('pointer') or error.get('path') or error.get('field')
                    what = error.get('detail') or error.get('message')
                    if what:
                        parts.append('%s: %s' % (where, what) if where else what)
            return '; '.join(str(p) for p in parts) or None
        message = body.get('message')
        details = [d for d in _embedded_details(body) if not message or d not in message]
        if message and details:
            return '%s (%s)' % (message, '; '.join(details))
        return message or ('; '.join(details) if details else None)
    if isinstance(body, str):
        return body
    if looks_like_html(text, content_type):
        return None
    text = text.strip()
    return text[:_MAX_TEXT] + ('...' if len(text) > _MAX_TEXT else '') if text else None


def looks_like_html(text, content_type=''):
    if 'html' in (content_type or '').lower():
        return True
    start = (text or '').lstrip()[:100].lower()
    return start.startswith('<!doctype html') or start.startswith('<html')
