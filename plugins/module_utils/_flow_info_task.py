# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_flow_info: one flow (optionally its revisions), a namespace's flows, or a search."""

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_api import label_pairs
from ansible_collections.kestra_io.kestra.plugins.module_utils._flow_api import FlowApi
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_values import check_namespace
from ansible_collections.kestra_io.kestra.plugins.module_utils._labels import normalize_labels
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec

ARGUMENT_SPEC = dict(
    namespace=dict(type='str'),
    flow_id=dict(type='str'),
    include_child_namespaces=dict(type='bool', default=False),
    query=dict(type='str'),
    labels=dict(type='raw'),
    revisions=dict(type='bool', default=False),
    source=dict(type='bool', default=True),
    limit=dict(type='int', default=0),
)


def shape(flow, source=None):
    """A flow as the module returns it: stable snake_case keys, labels as a dict."""
    result = {
        'namespace': flow.get('namespace'),
        'id': flow.get('id'),
        'revision': flow.get('revision'),
        'description': flow.get('description'),
        'disabled': bool(flow.get('disabled', False)),
        'labels': label_pairs(flow.get('labels')),
        'inputs': flow.get('inputs') or [],
        'outputs': flow.get('outputs') or [],
        'triggers': flow.get('triggers') or [],
        'task_ids': [task.get('id') for task in flow.get('tasks') or [] if isinstance(task, dict)],
        'updated': flow.get('updated'),
    }
    if source is not None:
        result['source'] = source
    return result


def _check(params):
    if params.get('namespace') is not None:
        check_namespace(params['namespace'])
    if params.get('flow_id') is not None:
        if not params['flow_id'].strip():
            raise KestraInputError('flow_id is empty')
        if params.get('namespace') is None:
            raise KestraInputError('flow_id needs namespace')
        given = [name for name in ('include_child_namespaces', 'query', 'labels', 'limit')
                 if params.get(name) not in (None, False, '', [], {}, 0)]
        if given:
            raise KestraInputError('flow_id reads one flow: it cannot be combined with %s' % ', '.join(given))
    elif params.get('revisions'):
        raise KestraInputError('revisions needs namespace and flow_id (the history of one flow)')
    if params.get('include_child_namespaces') and params.get('namespace') is None:
        raise KestraInputError('include_child_namespaces needs namespace')
    if params.get('limit') is not None and params['limit'] < 0:
        raise KestraInputError('limit must be 0 (no limit) or a positive number of flows')
    return normalize_labels(params.get('labels'))


def _one(params, api):
    namespace, flow_id, with_source = params['namespace'], params['flow_id'], params['source']
    flow = api.read(namespace, flow_id, source=with_source)
    flows = [shape(flow, flow.get('source', '') if with_source else None)] if flow else []
    result = {'changed': False, 'flows': flows, 'total': len(flows)}
    if params.get('revisions'):
        history = api.revisions(namespace, flow_id) if flow else []
        result['revisions'] = [shape(item, item.get('source', '') if with_source else None) for item in history]
    return result


def run(params, client, ctx):
    labels = _check(params)
    api = FlowApi(client)
    if params.get('flow_id') is not None:
        return _one(params, api)
    namespace, children, query = params.get('namespace'), params.get('include_child_namespaces'), params.get('query')
    limit = params.get('limit') or None
    if namespace is not None and not children and not query and not labels:
        listed = sorted(api.list_namespace(namespace), key=lambda item: item.get('id') or '')
        total = len(listed)
        listed = listed[:limit] if limit else listed
    else:
        listed, total = api.search(namespace, children, query, labels, limit)
    sources = {}
    if params['source'] and listed:
        sources = api.sources_by_query(namespace, children, query, labels)
    flows = []
    for item in listed:
        source = None
        if params['source']:
            source = sources.get((item.get('namespace'), item.get('id')))
            if source is None:
                # saved after the export was taken: read it alone
                fresh = api.read(item.get('namespace'), item.get('id'), source=True)
                source = (fresh or {}).get('source', '')
        flows.append(shape(item, source))
    return {'changed': False, 'flows': flows, 'total': total}


TASK = TaskSpec('kestra_flow_info', ARGUMENT_SPEC, run)
