# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Kestra Enterprise Edition's users API (docs/dev/kestra-api/access-users-tokens.md).

Users are instance-level (no tenant in the path); their group memberships are per tenant.
The same requests on 1.x and 2.0:
- GET    /api/v1/users?filters[q][EQUALS]=TEXT  listUsers, a 'contains' search (the 1.x listing reads it too);
                                                 summaries have 'username' (the email), not 'email'
- GET    /api/v1/users/{id}                      getUser: ApiUser {id, email, firstName, lastName, superAdmin,
                                                 restricted, tenants, groups: [{id, tenantId}]}
- POST   /api/v1/users                           createUser {email, firstName, lastName, password, superAdmin,
                                                 restricted, tenants, groups}: 201 ApiUser
- PATCH  /api/v1/users/{id}                      patchUser {firstName, lastName}: only the fields sent
- PATCH  /api/v1/users/{id}/password             {password}
- PATCH  /api/v1/users/{id}/superadmin           {superAdmin}
- PATCH  /api/v1/users/{id}/restricted           {restricted}
- PUT    /api/v1/{tenant}/users/{id}/groups      updateUserGroups {groupIds}: the user's groups of that tenant
- DELETE /api/v1/users/{id}                      204
PUT /api/v1/users/{id} replaces the whole user and is not used.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._access_names import PAGE_SIZE, next_page, not_found_error
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError

USERS = '/api/v1/users'


def _json(response, method, path, context):
    try:
        return response.json() if response.text.strip() else None
    except ValueError:
        raise KestraError('%s: %s %s answered something that is not JSON' % (context, method, path),
                          status=response.status_code, method=method, path=path)


def _quote(segment):
    try:
        from urllib.parse import quote
    except ImportError:  # pragma: no cover
        from urllib import quote
    return quote(str(segment), safe='')


class UserApi(object):
    """The users of the instance, and their groups in the client's tenant."""

    def __init__(self, client):
        self.client = client

    def _path(self, user_id, *rest):
        return '/'.join([USERS, _quote(user_id)] + list(rest))

    @staticmethod
    def _context(email):
        return 'user %s' % email

    def _missing_route(self, email, method, path, response):
        raise not_found_error(self.client, self._context(email), method, path, response)

    def find_id(self, email):
        """The id of the user with this email (compared without case), or None."""
        context = self._context(email)
        page = 1
        fetched = 0
        while True:
            params = [('page', page), ('size', PAGE_SIZE), ('filters[q][EQUALS]', email)]
            response = self.client.request('GET', USERS, params=params, allow=(404, 405), context=context)
            if response.status_code in (404, 405):
                self._missing_route(email, 'GET', USERS, response)
            body = _json(response, 'GET', USERS, context)
            results = body.get('results') if isinstance(body, dict) else body
            results = [item for item in results or () if isinstance(item, dict)]
            fetched += len(results)
            for item in results:
                key = item.get('email') or item.get('username')
                if item.get('id') and isinstance(key, str) and key.lower() == email.lower():
                    return str(item['id'])
            if not isinstance(body, dict) or not next_page(results, body.get('total'), fetched, PAGE_SIZE):
                return None
            page += 1

    def get(self, user_id, email):
        """The ApiUser, or None when it is gone."""
        return self.client.get_json(self._path(user_id), allow_missing=True, context=self._context(email))

    def create(self, email, body):
        response = self.client.request('POST', USERS, json=body, allow=(404, 405), context=self._context(email))
        if response.status_code == 405:
            self._missing_route(email, 'POST', USERS, response)
        if response.status_code == 404:
            raise KestraError('%s: POST %s answered HTTP 404: the tenant or one of the groups was not found' % (
                self._context(email), USERS), status=404, method='POST', path=USERS)
        return _json(response, 'POST', USERS, self._context(email))

    def patch(self, user_id, email, body, *rest):
        path = self._path(user_id, *rest)
        self.client.request('PATCH', path, json=body, context=self._context(email))

    def set_groups(self, user_id, email, group_ids):
        path = self.client.api_path('users', user_id, 'groups')
        response = self.client.request('PUT', path, json={'groupIds': list(group_ids)}, allow=(404,),
                                       context=self._context(email))
        if response.status_code == 404:
            raise KestraError(
                '%s: PUT %s answered HTTP 404: Kestra found no such user in tenant %s, or one of the groups is '
                'gone; a user needs access to a tenant before joining its groups' % (
                    self._context(email), path, self.client.tenant), status=404, method='PUT', path=path)

    def delete(self, user_id, email):
        self.client.request('DELETE', self._path(user_id), allow=(404,), context=self._context(email))
