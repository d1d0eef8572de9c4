# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Kestra Enterprise Edition's service accounts API (docs/dev/kestra-api/access-bindings-service-accounts.md).

The same routes on 1.x and 2.0 (spec subsets 1.3 and 2.0), in two forms:

tenant scope (a service account of the tenant; operations *ForTenant and updateServiceAccount)
- GET    /api/v1/{tenant}/service-accounts               paged list (id, name or username, description, groups)
- POST   /api/v1/{tenant}/service-accounts               {name, description, superAdmin, groups: [{id}]}
- GET    /api/v1/{tenant}/service-accounts/{id}          {id, name, description, groups: [{id}], superAdmin}
- PUT    /api/v1/{tenant}/service-accounts/{id}          the same body: replaces name, description and groups
- DELETE /api/v1/{tenant}/service-accounts/{id}

instance scope (superadmin only; operations listServiceAccounts, createServiceAccount, ...)
- GET    /api/v1/service-accounts                        paged {id, name, description, tenants: [{id, name}], superAdmin}
- POST   /api/v1/service-accounts                        {name, description, superAdmin, tenants: [ids]}
- GET    /api/v1/service-accounts/{id}
- PATCH  /api/v1/service-accounts/{id}                   {name, description}
- DELETE /api/v1/service-accounts/{id}

both: PATCH /api/v1/service-accounts/{id}/superadmin {superAdmin} (superadmin only).
Kestra OSS has none of these routes (404).
"""

import re

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.kestra_io.kestra.plugins.module_utils._access_names import list_all, not_found_error, record_key

TENANT, INSTANCE = 'tenant', 'instance'
# the name pattern of Kestra's service account requests (spec subsets 1.3 and 2.0)
NAME = re.compile(r'^[a-z0-9]+(?:-[a-z0-9]+)*$')


def _ids(values):
    found = []
    for value in values or ():
        if isinstance(value, dict) and value.get('id'):
            found.append(value['id'])
        elif isinstance(value, str):
            found.append(value)
    return found


def _names(values):
    found = {}
    for value in values or ():
        if isinstance(value, dict) and value.get('id') and value.get('name'):
            found[value['id']] = value['name']
    return found


class ServiceAccountApi(object):
    """The service accounts of the client's tenant (scope 'tenant') or of the instance (scope 'instance')."""

    def __init__(self, client, scope=TENANT):
        self.client = client
        self.scope = scope

    def _path(self, *segments):
        if self.scope == TENANT:
            return self.client.api_path('service-accounts', *segments)
        return '/api/v1/' + '/'.join(('service-accounts',) + tuple(self._quote(s) for s in segments))

    @staticmethod
    def _quote(segment):
        return quote(str(segment), safe='')

    def _needs_ee(self, method, path, response=None):
        return not_found_error(self.client, 'service accounts', method, path, response)

    def find(self, name):
        """The stored service accounts named name (normally one), from the listing (all pages).

        Each: {'id', 'name', 'description', 'group_names': {id: name}, 'superadmin', 'tenants'}.
        """
        records = list_all(self.client, 'service_account', tenant_scoped=self.scope == TENANT)
        return [self._record(item) for item in records if record_key('service_account', item) == name]

    @staticmethod
    def _record(item):
        return {
            'id': item.get('id'),
            'name': item.get('name') or item.get('username'),
            'description': item.get('description'),
            'groups': _ids(item.get('groups')) if 'groups' in item else None,
            'group_names': _names(item.get('groups')),
            'superadmin': bool(item.get('superAdmin')) if 'superAdmin' in item else None,
            'tenants': _ids(item.get('tenants')) if 'tenants' in item else None,
        }

    def read(self, account_id, name):
        """The service account by id (the same record shape); None when it is gone."""
        body = self.client.get_json(self._path(account_id), allow_missing=True,
                                    context='service account %s' % name)
        if body is None:
            return None
        record = self._record(body if isinstance(body, dict) else {})
        if record['superadmin'] is None:
            record['superadmin'] = False
        if record['groups'] is None and self.scope == TENANT:
            record['groups'] = []
        return record

    def create(self, name, description, superadmin, groups, tenants):
        """Create it; its id (None when the answer does not tell)."""
        body = {'name': name}
        if description is not None:
            body['description'] = description
        if superadmin is not None:
            body['superAdmin'] = superadmin
        if self.scope == TENANT:
            body['groups'] = [{'id': group_id} for group_id in groups or ()]
        elif tenants is not None:
            body['tenants'] = list(tenants)
        path = self._path()
        # always after the listing of the same server, which tells OSS apart: a 404 here is Kestra's own answer
        response = self.client.request('POST', path, json=body, context='service account %s' % name)
        try:
            created = response.json()
        except ValueError:
            return None
        return created.get('id') if isinstance(created, dict) else None

    def update(self, account_id, name, description, groups, superadmin):
        """Write name, description (and, in tenant scope, the groups): the whole request body is replaced."""
        context = 'service account %s' % name
        if self.scope == TENANT:
            body = {'name': name, 'description': description or '',
                    'groups': [{'id': group_id} for group_id in groups or ()]}
            if superadmin is not None:
                body['superAdmin'] = superadmin
            self.client.request('PUT', self._path(account_id), json=body, context=context)
        else:
            self.client.request('PATCH', self._path(account_id), json={'name': name, 'description': description or ''},
                                context=context)

    def set_superadmin(self, account_id, name, superadmin):
        path = '/api/v1/service-accounts/%s/superadmin' % self._quote(account_id)
        self.client.request('PATCH', path, json={'superAdmin': bool(superadmin)},
                            context='service account %s' % name)

    def delete(self, account_id, name):
        """Delete; one already gone (HTTP 404) is not an error."""
        self.client.request('DELETE', self._path(account_id), allow=(404,), context='service account %s' % name)
