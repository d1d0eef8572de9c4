# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Kestra Enterprise Edition's roles API (docs/dev/kestra-api/access-groups-roles.md).

- GET    /api/v1/{t}/roles/search?page=&size=   {results: [{id, name, isDefault, isManaged}], total}
                                                 (no description, no permissions: read one role for them)
- GET    /api/v1/{t}/roles/{id}                 {id, name, description, permissions: {RESOURCE: [ACTION]},
                                                  isDefault, isManaged}
- POST   /api/v1/{t}/roles                      {name, description, permissions, isDefault}
- PUT    /api/v1/{t}/roles/{id}                 the same body: the whole role is replaced
- DELETE /api/v1/{t}/roles/{id}                 204
Routes and bodies are the same on 1.x and 2.0; the permission names are not: 1.x has the resources
below and the actions CREATE, READ, UPDATE, DELETE; 2.0 renamed and split resources and has finer
actions (VIEW, LIST, EXECUTE, ...). A 2.0 server answers 422 for a resource it does not know.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._access_names import list_all, not_found_error
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError

# the Permission enum of the 1.3 API (UNKNOWN left out: it is the enum's fallback, not a permission)
RESOURCES_V1 = (
    'FLOW', 'BLUEPRINT', 'TEMPLATE', 'NAMESPACE', 'EXECUTION', 'USER', 'GROUP', 'ROLE', 'BINDING', 'AUDITLOG',
    'SECRET', 'KVSTORE', 'IMPERSONATE', 'SETTING', 'APP', 'ASSET', 'APPEXECUTION', 'TEST', 'DASHBOARD',
    'TENANT_ACCESS', 'SERVICE_ACCOUNT', 'INVITATION', 'GROUP_MEMBERSHIP', 'CREDENTIAL', 'AI_COPILOT',
)
ACTIONS_V1 = ('CREATE', 'READ', 'UPDATE', 'DELETE')
# the Resource enum of the 2.0 API (UNKNOWN left out)
RESOURCES_V2 = (
    'FLOW', 'EXECUTION', 'TRIGGER', 'NAMESPACE', 'KVSTORE', 'REUSABLE_INPUTS', 'DASHBOARD', 'SECRET', 'CREDENTIAL',
    'BLUEPRINT', 'APP', 'AUDITLOG', 'SYSTEM_SETTINGS', 'TENANT_SETTINGS', 'TESTSUITE', 'ASSET', 'USER', 'GROUP',
    'ROLE', 'BINDING', 'SERVICE_ACCOUNT', 'INVITATION', 'COPILOT', 'MCP_SERVER', 'SUPPORT', 'POLICY',
    'APP_EXECUTION', 'NAMESPACE_FILE', 'TESTSUITE_RUN', 'TENANT_ACCESS', 'SECURITY_INTEGRATION', 'KILL_SWITCH',
    'TENANT', 'VERSIONED_PLUGIN', 'WORKER_GROUP', 'WORKER_QUEUE', 'INSTANCE',
)
# the 2.0 actions (what 1.x CREATE/READ/UPDATE/DELETE became, per resource, in Kestra's migration)
ACTIONS_V2 = (
    'VIEW', 'LIST', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'IMPORT', 'EXECUTE', 'DISABLE', 'ENABLE', 'VALIDATE',
    'FOLLOW', 'ACCESS_LOGS', 'ACCESS_OUTPUTS', 'ACCESS_FILES', 'MANAGE_FILES', 'RESTART', 'KILL', 'REPLAY',
    'PAUSE', 'RESUME', 'CHANGE_LABELS', 'UNQUEUE', 'FORCE_RUN', 'UNLOCK', 'BACKFILL', 'USE', 'MANAGE_MEMBERS',
    'MANAGE_GROUP_MEMBERSHIP', 'EXPORT_PLUGIN_DEFAULTS', 'IMPORT_PLUGIN_DEFAULTS',
)
# 1.x resource names and what 2.0 calls them (Kestra's permission migration)
RENAMED_V2 = {
    'SETTING': 'SYSTEM_SETTINGS, TENANT_SETTINGS', 'AI_COPILOT': 'COPILOT', 'APPEXECUTION': 'APP_EXECUTION or APP',
    'GROUP_MEMBERSHIP': 'GROUP (action MANAGE_MEMBERS)', 'TEST': 'TESTSUITE',
}


def catalog(is_v2):
    """(resources, actions) a server of that line accepts."""
    return (RESOURCES_V2, ACTIONS_V2) if is_v2 else (RESOURCES_V1, ACTIONS_V1)


def unknown_names(permissions, is_v2):
    """The problems of {RESOURCE: [ACTION]} for a server of that line (pure): a list of messages."""
    resources, actions = catalog(is_v2)
    line = 'Kestra 2.x' if is_v2 else 'Kestra 1.x'
    problems = []
    for resource in sorted(permissions):
        if resource not in resources:
            hint = ''
            if is_v2 and resource in RENAMED_V2:
                hint = ' (a Kestra 1.x name; 2.x has %s)' % RENAMED_V2[resource]
            elif not is_v2 and resource in RESOURCES_V2:
                hint = ' (a Kestra 2.x name)'
            problems.append('resource %s is not one of %s%s' % (resource, line, hint))
            continue
        wrong = [action for action in permissions[resource] if action not in actions]
        if wrong:
            hint = ''
            if is_v2 and 'READ' in wrong:
                hint = ' (READ is Kestra 1.x; 2.x splits it into VIEW, LIST and more)'
            elif not is_v2 and any(a in ACTIONS_V2 for a in wrong):
                hint = ' (Kestra 2.x actions; 1.x has %s)' % ', '.join(ACTIONS_V1)
            problems.append('%s: action %s not one of %s%s' % (resource, ', '.join(wrong), line, hint))
    if problems:
        problems.append('%s resources: %s; actions: %s' % (line, ', '.join(resources), ', '.join(actions)))
    return problems


class RoleApi(object):
    """The roles of the client's tenant."""

    def __init__(self, client):
        self.client = client

    def _path(self, *segments):
        return self.client.api_path('roles', *segments)

    @staticmethod
    def _context(name):
        return 'role %s' % name

    def list(self):
        """Every role of the tenant: [{id, name, isDefault, isManaged}]."""
        return list_all(self.client, 'role')

    def get(self, role_id, name):
        """The role's details, or None when it is gone."""
        path = self._path(role_id)
        body = self.client.get_json(path, allow_missing=True, context=self._context(name))
        if body is not None and not isinstance(body, dict):
            raise KestraError('%s: GET %s answered %r, not a role' % (self._context(name), path, str(body)[:80]))
        return body

    def _write(self, method, path, name, body=None, allow=()):
        response = self.client.request(method, path, json=body, allow=(404, 405), context=self._context(name))
        if response.status_code in (404, 405) and response.status_code not in allow:
            raise not_found_error(self.client, self._context(name), method, path, response)
        return response

    @staticmethod
    def body(name, description, permissions, is_default):
        return {'name': name, 'description': description or None, 'permissions': permissions,
                'isDefault': bool(is_default)}

    def create(self, body):
        path = self._path()
        response = self._write('POST', path, body['name'], body)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict) or not answer.get('id'):
            raise KestraError('%s: POST %s answered no role id' % (self._context(body['name']), path))
        return str(answer['id'])

    def update(self, role_id, body):
        self._write('PUT', self._path(role_id), body['name'], body)

    def delete(self, role_id, name):
        """Delete; a role already gone (HTTP 404) is not an error."""
        self._write('DELETE', self._path(role_id), name, allow=(404,))
