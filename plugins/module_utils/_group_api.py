# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Kestra Enterprise Edition's groups API (docs/dev/kestra-api/access-groups-roles.md).

- GET    /api/v1/{t}/groups/search?page=&size=            {results: [{id, name, description}], total}
- POST   /api/v1/{t}/groups          {name, description}  -> {id, name, description}; 409 for a name in use
- PUT    /api/v1/{t}/groups/{id}     {name, description}  replaces both
- DELETE /api/v1/{t}/groups/{id}
- GET    /api/v1/{t}/groups/{id}/members?page=&size=      {results: [{id, username, displayName}], total}
- PUT    /api/v1/{t}/groups/{id}/members/{userId}         add one member (409 when it already is one)
- DELETE /api/v1/{t}/groups/{id}/members/{userId}         remove one member (409 when it is not one)
The same routes and bodies on 1.x and 2.0: no version probe. Kestra OSS has none of them (404).
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._access_names import (
    PAGE_SIZE,
    list_all,
    next_page,
    not_found_error,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError


class GroupApi(object):
    """The groups of the client's tenant."""

    def __init__(self, client):
        self.client = client

    def _path(self, *segments):
        return self.client.api_path('groups', *segments)

    @staticmethod
    def _context(name):
        return 'group %s' % name

    def list(self):
        """Every group of the tenant: [{id, name, description}]."""
        return list_all(self.client, 'group')

    def members(self, group_id, name):
        """The ids of the group's members (users and service accounts), all pages."""
        path = self._path(group_id, 'members')
        found = []
        page = 1
        while True:
            body = self.client.get_json(path, params=[('page', page), ('size', PAGE_SIZE)], allow_missing=True,
                                        context=self._context(name))
            if body is None:
                raise KestraError('%s: GET %s answered HTTP 404: the group was deleted while the task ran' % (
                    self._context(name), path), status=404)
            results = body.get('results') if isinstance(body, dict) else None
            results = [item for item in results if isinstance(item, dict)] if isinstance(results, list) else []
            found.extend(str(item['id']) for item in results if item.get('id'))
            if not next_page(results, body.get('total'), len(found), PAGE_SIZE):
                return found
            page += 1

    def _write(self, method, path, name, body=None, allow=()):
        response = self.client.request(method, path, json=body, allow=(404, 405) + tuple(allow),
                                       context=self._context(name))
        if response.status_code in (404, 405) and response.status_code not in allow:
            raise not_found_error(self.client, self._context(name), method, path, response)
        return response

    def create(self, name, description):
        """The new group's id."""
        path = self._path()
        response = self._write('POST', path, name, {'name': name, 'description': description})
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not body.get('id'):
            raise KestraError('%s: POST %s answered no group id' % (self._context(name), path),
                              result={'changed': True})
        return str(body['id'])

    def update(self, group_id, name, description):
        self._write('PUT', self._path(group_id), name, {'name': name, 'description': description})

    def delete(self, group_id, name):
        """Delete; a group already gone (HTTP 404) is not an error."""
        self._write('DELETE', self._path(group_id), name, allow=(404,))

    def add_member(self, group_id, name, subject_id):
        """Add one member; one that already is (HTTP 409) is not an error."""
        self._write('PUT', self._path(group_id, 'members', subject_id), name, allow=(409,))

    def remove_member(self, group_id, name, subject_id):
        """Remove one member; one that already is not (HTTP 409) is not an error."""
        self._write('DELETE', self._path(group_id, 'members', subject_id), name, allow=(409,))
