# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_worker_group: one Kestra Enterprise Edition worker group, on the resource base.

The key identifies it on both API lines (1.x: the 'key' beside a server id; 2.0: the 'id').
Only the options given are managed: description on both, name on 2.0, allowed_tenants on 1.x.
Requests: the version probe, then 2.0 one GET; 1.x one listing, plus one GET when allowed_tenants
is declared. A converged task writes nothing.
"""

import re

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import (
    EXACT,
    SET,
    Resource,
    ensure,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec
from ansible_collections.kestra_io.kestra.plugins.module_utils._whole_object import SettingField
from ansible_collections.kestra_io.kestra.plugins.module_utils._worker_group_api import WorkerGroupApi

ARGUMENT_SPEC = dict(
    key=dict(type='str', required=True, no_log=False),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    name=dict(type='str'),
    description=dict(type='str'),
    allowed_tenants=dict(type='list', elements='str'),
)
# a key that is a path segment and a worker's --worker-group value: no blanks, slashes or control characters
KEY = re.compile(r'^[^\s/\\\x00-\x1f\x7f]{1,255}$')
ONLY = {'name': ('2.0', 'the worker group of Kestra 1.x has no name'),
        'allowed_tenants': ('1.x', 'Kestra 2.0 restricts tenants on worker queues, not on worker groups')}


class WorkerGroupResource(Resource):
    kind = 'worker group'
    # an empty value and no value are the same, as for the tenant and namespace settings
    fields = (SettingField('name', EXACT), SettingField('description', EXACT), SettingField('allowed_tenants', SET))

    def __init__(self, api, with_tenants):
        self.api = api
        self.with_tenants = with_tenants

    def read(self, client, ident):
        return self.api.read(ident, with_tenants=self.with_tenants)

    def create(self, client, ident, declared):
        self.api.create(ident, declared)

    def update(self, client, ident, merged, stored, changed_fields):
        self.api.update(ident, merged)

    def delete(self, client, ident, stored):
        self.api.delete(ident)


def check_input(params):
    key = params['key']
    if not isinstance(key, str) or not KEY.match(key):
        raise KestraInputError('key %r is not a valid worker group key: it must be a non-empty name without blanks, '
                               'slashes or control characters' % (str(key)[:80],))
    if params.get('name') is not None and not params['name'].strip():
        raise KestraInputError('name must not be empty')
    for tenant in params.get('allowed_tenants') or ():
        if not tenant or not re.match(r'^[a-z0-9][a-z0-9_-]*$', tenant):
            raise KestraInputError('allowed_tenants: %r is not a valid Kestra tenant id' % (str(tenant)[:80],))


def run(params, client, ctx):
    check_input(params)
    present = params['state'] == 'present'
    values = {}
    if present:
        values = dict((name, params[name]) for name in ('name', 'description', 'allowed_tenants')
                      if params.get(name) is not None)
        version = '2.0' if client.is_v2 else '1.x'
        wrong = ['%s exists on Kestra %s only: %s' % (name, ONLY[name][0], ONLY[name][1])
                 for name in sorted(values) if name in ONLY and ONLY[name][0] != version]
        if wrong:
            raise KestraInputError('; '.join(wrong))
    resource = WorkerGroupResource(WorkerGroupApi(client), with_tenants='allowed_tenants' in values)
    result = ensure(resource, client, ctx, params['key'], values, state=params['state'], items_key='worker_group')
    group = result.get('worker_group')
    if group is not None:
        group['key'] = params['key']
        if client.is_v2 and result['action'] == 'created':
            group.setdefault('name', params['key'])
    result['key'] = params['key']
    return result


TASK = TaskSpec('kestra_worker_group', ARGUMENT_SPEC, run)
