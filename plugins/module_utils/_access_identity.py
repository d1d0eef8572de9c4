# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""The identity the task connects as (docs/dev/kestra-api/access-users-tokens.md).

Kestra Enterprise Edition answers GET /api/v1/me (operation getCurrentUser, schema MeController.ApiMe:
id, superAdmin, restricted, profile {email, username, firstName, lastName}, tenants, auths) for the
authenticated account: a user (basic auth or one of its API tokens) or a service account (its API
token; service accounts share the id space of users). Kestra OSS has no such route (404).

Modules use it for the `force` rule: deleting the connecting user or service account, or the binding
that gives it its access, needs force: true.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError

ME_PATH = '/api/v1/me'
TYPES = ('ROOT', 'USER', 'SERVICE_ACCOUNT')
_CACHE_ATTRIBUTE = '_kestra_current_identity'


def identity_of(body):
    """{'id', 'type', 'superAdmin', 'email'} of a GET /api/v1/me answer (pure).

    Kestra's ApiMe has no type: an answer without one is a USER (the emulator adds 'type' for its
    configured root account and for service accounts). 'email' is the profile's email or username (None
    for a service account).
    """
    if not isinstance(body, dict) or not body.get('id'):
        raise KestraError('GET %s answered %r, not the authenticated account' % (ME_PATH, str(body)[:80]))
    kind = str(body.get('type') or 'USER').upper()
    if kind not in TYPES:
        kind = 'USER'
    profile = body.get('profile') if isinstance(body.get('profile'), dict) else {}
    email = profile.get('email') or profile.get('username') or body.get('email') or body.get('username')
    return {'id': str(body['id']), 'type': kind, 'superAdmin': bool(body.get('superAdmin')),
            'email': str(email) if email else None}


def current_identity(client):
    """The account the client is authenticated as: {'id', 'type', 'superAdmin', 'email'}.

    One GET /api/v1/me per client (the answer is kept on the client). An OSS server (404/405) fails
    with 'needs Kestra Enterprise Edition'.
    """
    cached = getattr(client, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return dict(cached)
    response = client.request('GET', ME_PATH, allow=(404, 405), context='connecting account')
    if response.status_code in (404, 405):
        from ansible_collections.kestra_io.kestra.plugins.module_utils._access_names import not_found_error
        raise not_found_error(client, 'connecting account', 'GET', ME_PATH, response)
    try:
        body = response.json()
    except ValueError:
        raise KestraError('connecting account: GET %s answered something that is not JSON' % ME_PATH,
                          status=response.status_code)
    identity = identity_of(body)
    setattr(client, _CACHE_ATTRIBUTE, identity)
    return dict(identity)


def is_connecting(client, subject_id):
    """Whether subject_id is the account the client is authenticated as (one GET /api/v1/me at most)."""
    return subject_id is not None and current_identity(client)['id'] == str(subject_id)
