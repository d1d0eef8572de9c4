# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Kestra Enterprise Edition's worker group API, instance-level (docs/dev/kestra-api/access-tenants-worker-groups.md).

Kestra 1.x: /api/v1/instance/workergroups
- GET    (list)  {workerGroups: [{id, key, description, activeWorkers}]}: no allowedTenants
- POST           body {key, description, allowedTenants}: the server makes the 'id'
- GET    /{id}   {id, key, description, allowedTenants, workers}
- PUT    /{id}   body {key, description, allowedTenants}: replaces them
- DELETE /{id}

Kestra 2.0: /api/v1/instance/worker-groups; the user's 'id' is the key
- GET    /{id}   ApiWorkerGroup {id, name, description, subscriptions, tokens, ...}; 404 when missing
- POST           body {id, name, description, subscriptions} (id, name and subscriptions required)
- PUT    /{id}   body {name, description, subscriptions}: replaces them (a subscription not sent is dropped)
- DELETE /{id}   204; 400 for the default group; 409 while workers are connected

Superadmin only on both. OSS has no such route (404).

Each operation branches on client.is_v2 here only.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError
from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_api import NamespaceApi
from ansible_collections.kestra_io.kestra.plugins.module_utils._tenant_api import quote_segment

NEEDS_EE = 'needs Kestra Enterprise Edition'
V1_PATH = '/api/v1/instance/workergroups'
V2_PATH = '/api/v1/instance/worker-groups'


class WorkerGroupApi(object):
    """Worker groups by key, as {name, description, allowed_tenants} (the fields the version has)."""

    def __init__(self, client):
        self.client = client
        # key -> the stored JSON as read (2.0: its subscriptions are sent back on update; 1.x: its server id)
        self.stored = {}

    @staticmethod
    def _context(key):
        return 'worker group %s' % key

    def _needs_ee(self, key, method, path, status):
        return KestraError('worker group %s: managing worker groups %s; %s %s answered HTTP %d, as Kestra OSS does '
                           '(it has no worker groups API)' % (key, NEEDS_EE, method, path, status), status=status)

    # ---- read ------------------------------------------------------------------------

    def read(self, key, with_tenants=False):
        """The stored worker group as option values, or None. 1.x reads the allowed tenants only when asked."""
        if self.client.is_v2:
            path = '%s/%s' % (V2_PATH, quote_segment(key))
            body = self.client.get_json(path, allow_missing=True, context=self._context(key))
            if body is None:
                # OSS answers 404 too (no such route): tell them apart before a write is planned
                if NamespaceApi(self.client).edition() == 'OSS':
                    raise KestraError('worker group %s: managing worker groups %s; GET /api/v1/configs says this '
                                      'server is edition OSS' % (key, NEEDS_EE))
                return None
            self.stored[key] = body
            return {'name': body.get('name'), 'description': body.get('description')}
        response = self.client.request('GET', V1_PATH, allow=(404, 405), context=self._context(key))
        if response.status_code in (404, 405):
            raise self._needs_ee(key, 'GET', V1_PATH, response.status_code)
        body = response.json()
        items = body.get('workerGroups') if isinstance(body, dict) else None
        found = [item for item in items or () if isinstance(item, dict) and item.get('key') == key]
        if not found:
            return None
        self.stored[key] = found[0]
        values = {'description': found[0].get('description')}
        if with_tenants:
            values['allowed_tenants'] = self._v1_tenants(key)
        return values

    def _v1_tenants(self, key):
        path = '%s/%s' % (V1_PATH, quote_segment(self.stored[key]['id']))
        detail = self.client.get_json(path, context=self._context(key))
        return list(detail.get('allowedTenants') or []) if isinstance(detail, dict) else []

    # ---- write -----------------------------------------------------------------------

    def create(self, key, values):
        if self.client.is_v2:
            path = V2_PATH
            body = {'id': key, 'name': values.get('name') or key, 'description': values.get('description'),
                    'subscriptions': []}
        else:
            path = V1_PATH
            body = {'key': key, 'description': values.get('description'),
                    'allowedTenants': list(values.get('allowed_tenants') or [])}
        response = self.client.request('POST', path, json=body, allow=(404, 405), context=self._context(key))
        if response.status_code in (404, 405):
            raise self._needs_ee(key, 'POST', path, response.status_code)

    def update(self, key, merged):
        stored = self.stored.get(key, {})
        if self.client.is_v2:
            path = '%s/%s' % (V2_PATH, quote_segment(key))
            # the PUT replaces the subscriptions: send the stored ones back
            subscriptions = []
            for item in stored.get('subscriptions') or ():
                queue = item.get('queue') or {}
                if queue.get('id'):
                    subscriptions.append(dict((k, v) for k, v in (
                        ('workerQueueId', queue['id']), ('mode', item.get('mode')),
                        ('reservedPercent', item.get('reservedPercent'))) if v is not None))
            body = {'name': merged.get('name') or stored.get('name') or key,
                    'description': merged.get('description'), 'subscriptions': subscriptions}
        else:
            path = '%s/%s' % (V1_PATH, quote_segment(stored.get('id')))
            tenants = merged.get('allowed_tenants')
            if tenants is None:
                # not declared: the PUT would clear them, so send the stored ones
                tenants = self._v1_tenants(key)
            body = {'key': key, 'description': merged.get('description'), 'allowedTenants': list(tenants)}
        response = self.client.request('PUT', path, json=body, allow=(404,), context=self._context(key))
        if response.status_code == 404:
            raise KestraError('worker group %s: PUT %s answered HTTP 404: the worker group was deleted while the '
                              'task ran' % (key, path), status=404)

    def delete(self, key):
        if self.client.is_v2:
            path = '%s/%s' % (V2_PATH, quote_segment(key))
        else:
            path = '%s/%s' % (V1_PATH, quote_segment(self.stored.get(key, {}).get('id')))
        try:
            self.client.request('DELETE', path, allow=(404,), context=self._context(key))
        except KestraError as exc:
            if exc.status == 400:
                raise KestraError('%s. Kestra does not delete its default worker group' % exc, status=400,
                                  result=exc.result)
            if exc.status == 409:
                raise KestraError('%s. Workers are still connected to this worker group: stop them first'
                                  % exc, status=409, result=exc.result)
            raise
