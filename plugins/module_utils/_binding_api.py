# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Kestra Enterprise Edition's bindings API (docs/dev/kestra-api/access-bindings-service-accounts.md).

The same on 1.x and 2.0 (spec subsets 1.3 and 2.0, operations createBinding, searchBindings,
getBinding, deleteBinding, bulkCreateBinding):

- GET    /api/v1/{tenant}/bindings/search?type=USER|GROUP&id=<externalId>&page=&size=  paged ApiBindingDetail
- POST   /api/v1/{tenant}/bindings   {type, externalId, roleId, namespaceId?}  -> ApiBindingDetail
- DELETE /api/v1/{tenant}/bindings/{id}                                         204

A binding has no other field and no update: the (type, subject, role, namespace) tuple is what it is.
An ApiBindingDetail names the role as {id, name}, the subject as group {id, name} or user {id, username,
type} (a service account is a user of type SERVICE_ACCOUNT) and the namespace as 'namespace'.
Kestra OSS has none of these routes (404).
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._access_names import not_found_error

PAGE_SIZE = 100
USER, GROUP = 'USER', 'GROUP'


def _nested_id(detail, key):
    value = detail.get(key)
    if isinstance(value, dict):
        return value.get('id')
    return None


def normalise(detail):
    """{'id', 'type', 'external_id', 'role_id', 'namespace', 'role_name'} of an ApiBindingDetail (or a stored Binding)."""
    binding_type = detail.get('type')
    external_id = _nested_id(detail, 'group' if binding_type == GROUP else 'user') or detail.get('externalId')
    namespace = detail.get('namespace', detail.get('namespaceId'))
    return {
        'id': detail.get('id'),
        'type': binding_type,
        'external_id': external_id,
        'role_id': _nested_id(detail, 'role') or detail.get('roleId'),
        'namespace': namespace or None,
        'role_name': (detail.get('role') or {}).get('name') if isinstance(detail.get('role'), dict) else None,
    }


class BindingApi(object):
    """The bindings of the client's tenant."""

    def __init__(self, client):
        self.client = client

    def _needs_ee(self, method, path):
        return not_found_error(self.client, 'bindings', method, path)

    def search(self, binding_type=None, external_id=None):
        """Every binding (normalised) of the tenant, or of one subject when binding_type and external_id are given."""
        path = self.client.api_path('bindings', 'search')
        found = []
        page = 1
        while True:
            params = [('page', page), ('size', PAGE_SIZE)]
            if binding_type:
                params.append(('type', binding_type))
            if external_id:
                params.append(('id', external_id))
            body = self.client.get_json(path, params=params, allow_missing=True, context='bindings')
            if body is None:
                raise self._needs_ee('GET', path)
            results = body.get('results') if isinstance(body, dict) else None
            results = results if isinstance(results, list) else []
            for item in results:
                if isinstance(item, dict):
                    binding = normalise(item)
                    # the id filter is the server's: keep only the subject's own bindings whatever it matched
                    if binding_type and binding['type'] != binding_type:
                        continue
                    if external_id and binding['external_id'] != external_id:
                        continue
                    found.append(binding)
            total = body.get('total') if isinstance(body, dict) else None
            if not results or len(results) < PAGE_SIZE or (isinstance(total, int) and page * PAGE_SIZE >= total):
                return found
            page += 1

    def create(self, binding_type, external_id, role_id, namespace, context):
        path = self.client.api_path('bindings')
        body = {'type': binding_type, 'externalId': external_id, 'roleId': role_id}
        if namespace:
            body['namespaceId'] = namespace
        # always after a search of the same server, which tells OSS apart: a 404 here names what is missing
        response = self.client.request('POST', path, json=body, context=context)
        try:
            return normalise(response.json())
        except (ValueError, AttributeError):
            return None

    def delete(self, binding_id, context):
        """Delete one binding; one already gone (HTTP 404) is not an error."""
        self.client.request('DELETE', self.client.api_path('bindings', binding_id), allow=(404,), context=context)

    def group_has_member(self, group_id, subject_id):
        """Whether subject_id is a member of the group; None when the server does not tell (403, 404)."""
        path = self.client.api_path('groups', group_id, 'members')
        page = 1
        while True:
            response = self.client.request('GET', path, params=[('page', page), ('size', PAGE_SIZE)],
                                           allow=(403, 404), context='members of group %s' % group_id)
            if response.status_code != 200:
                return None
            try:
                body = response.json()
            except ValueError:
                return None
            results = body.get('results') if isinstance(body, dict) else None
            results = results if isinstance(results, list) else []
            if any(isinstance(item, dict) and item.get('id') == subject_id for item in results):
                return True
            total = body.get('total') if isinstance(body, dict) else None
            if not results or len(results) < PAGE_SIZE or (isinstance(total, int) and page * PAGE_SIZE >= total):
                return False
            page += 1
