# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Kestra Enterprise Edition's API tokens of users and service accounts (docs/dev/kestra-api/access-users-tokens.md).

The same requests on 1.x and 2.0:
- user:            GET|POST /api/v1/users/{id}/api-tokens, DELETE /api/v1/users/{id}/api-tokens/{tokenId}
- service account: GET|POST /api/v1/{tenant}/service-accounts/{id}/api-tokens,
                   DELETE /api/v1/{tenant}/service-accounts/{id}/api-tokens/{tokenId}
Listings answer ApiTokenList {results: [ApiToken {id, name, description, prefix, iat, exp, lastUsed, extended,
expired}]}, never a value. Creating answers CreateApiTokenResponse {id, name, fullToken}: the only time the
value is given. There is no update: a token is created, or deleted.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._access_names import not_found_error
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError

USER, SERVICE_ACCOUNT = 'user', 'service_account'


def _quote(segment):
    try:
        from urllib.parse import quote
    except ImportError:  # pragma: no cover
        from urllib import quote
    return quote(str(segment), safe='')


class ApiTokenApi(object):
    """The API tokens of one owner (a user or a service account, by id)."""

    def __init__(self, client, owner_kind, owner_id, owner_label):
        self.client = client
        self.owner_kind = owner_kind
        self.owner_id = owner_id
        self.context = 'API tokens of %s' % owner_label

    @property
    def path(self):
        if self.owner_kind == USER:
            return '/api/v1/users/%s/api-tokens' % _quote(self.owner_id)
        return self.client.api_path('service-accounts', self.owner_id, 'api-tokens')

    def list(self):
        response = self.client.request('GET', self.path, allow=(404, 405), context=self.context)
        if response.status_code in (404, 405):
            raise not_found_error(self.client, self.context, 'GET', self.path, response)
        try:
            body = response.json()
        except ValueError:
            raise KestraError('%s: GET %s answered something that is not JSON' % (self.context, self.path),
                              status=response.status_code)
        results = body.get('results') if isinstance(body, dict) else body
        return [item for item in results or () if isinstance(item, dict)]

    def create(self, body):
        """CreateApiTokenResponse {id, name, fullToken}."""
        response = self.client.request('POST', self.path, json=body, context=self.context)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict) or not answer.get('fullToken'):
            # never print the answer: it may hold a token value
            raise KestraError('%s: POST %s answered HTTP %d without the token value (fullToken)' % (
                self.context, self.path, response.status_code), status=response.status_code)
        return answer

    def delete(self, token_id):
        path = '%s/%s' % (self.path, _quote(token_id))
        self.client.request('DELETE', path, allow=(404,), context=self.context)
