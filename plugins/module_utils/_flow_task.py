# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_flow: flows as desired state (one flow, many, or a whole namespace).

Order of work: read the desired documents and check them against the options
(no request yet); read what Kestra stores (one GET for a lone flow, else one
export per namespace); compare sources as Kestra compares them; validate the
flows to write with Kestra (one request; nothing is written if one is refused);
write only what differs; prune last.
"""

import re

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._flow_api import FlowApi
from ansible_collections.kestra_io.kestra.plugins.module_utils._flow_source import (
    documents_from_definition,
    documents_from_source,
    same_source,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec

ARGUMENT_SPEC = dict(
    namespace=dict(type='str'),
    id=dict(type='str'),
    source=dict(type='str'),
    definition=dict(type='raw'),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    prune=dict(type='bool', default=False),
)

CREATED, UPDATED, UNCHANGED, DELETED = 'created', 'updated', 'unchanged', 'deleted'
# from this many flows to write, one import request replaces one request per flow
IMPORT_FROM = 2


class Change(object):
    """One flow's fate: action, texts before/after (None when absent), stored and resulting revision."""

    def __init__(self, namespace, flow_id, action, before=None, after=None, stored_revision=None):
        self.namespace = namespace
        self.id = flow_id
        self.action = action
        self.before = before
        self.after = after
        self.stored_revision = stored_revision
        self.revision = None

    @property
    def key(self):
        return (self.namespace, self.id)

    @property
    def name(self):
        return '%s/%s' % (self.namespace, self.id)

    def settle_revision(self, check_mode):
        """The revision to report: Kestra's answer for writes, else the stored (or predicted) one."""
        if self.action in (UNCHANGED, DELETED):
            self.revision = self.stored_revision
        elif check_mode and self.action == UPDATED and self.stored_revision is not None:
            self.revision = self.stored_revision + 1

    def as_result(self):
        return {'namespace': self.namespace, 'id': self.id, 'revision': self.revision, 'action': self.action}

    def as_diff(self):
        if self.before is None:
            before_header = '%s (absent)' % self.name
        elif self.stored_revision is not None:
            before_header = '%s (revision %s)' % (self.name, self.stored_revision)
        else:
            before_header = self.name
        return {
            'before': self.before or '',
            'after': self.after or '',
            'before_header': before_header,
            'after_header': '%s (deleted)' % self.name if self.after is None else self.name,
        }


# ---- desired state, checked before any request ---------------------------------------------

def _desired(params):
    if params.get('source') is not None:
        return documents_from_source(params['source'])
    if params.get('definition') is not None:
        return documents_from_definition(params['definition'])
    return None


def _check_options(params, documents):
    if params['prune'] and params['state'] != 'present':
        raise KestraInputError('prune only applies with state=present')
    if params['prune'] and not params.get('namespace'):
        raise KestraInputError('prune needs namespace: it deletes the flows of that exact namespace that the task '
                               'does not declare')
    if documents is None:
        if not (params.get('namespace') and params.get('id')):
            raise KestraInputError('give source or definition, or (with state=absent) both namespace and id')
        return
    seen = {}
    for document in documents:
        for option in ('namespace', 'id'):
            wanted, declared = params.get(option), getattr(document, option)
            if wanted is not None and wanted != declared:
                raise KestraInputError('%s is %r but %s declares %s %r' % (
                    option, wanted, document.origin, option, declared))
        if document.key in seen:
            raise KestraInputError('%s and %s both declare flow %s/%s' % (seen[document.key].place, document.place,
                                                                          document.namespace, document.id))
        seen[document.key] = document


# ---- what Kestra stores ----------------------------------------------------------------------------

class CurrentState(object):
    """Stored flows per namespace, read with as few requests as possible."""

    def __init__(self, api):
        self.api = api
        self.flows = {}
        self._bulk = set()

    def load(self, namespace, flow_ids, whole_namespace=False):
        if namespace in self.flows:
            return
        if len(flow_ids) == 1 and not whole_namespace:
            stored = self.api.get(namespace, flow_ids[0])
            self.flows[namespace] = {flow_ids[0]: stored} if stored is not None else {}
        else:
            self.flows[namespace] = self.api.namespace_sources(namespace)
            self._bulk.add(namespace)

    def get(self, namespace, flow_id):
        return self.flows.get(namespace, {}).get(flow_id)

    def fill_revisions(self, changes, check_mode):
        """Revisions the export does not carry, when the result needs them: one list request per namespace."""
        reported = (UNCHANGED, DELETED, UPDATED) if check_mode else (UNCHANGED, DELETED)
        wanting = set(c.namespace for c in changes if c.action in reported and c.stored_revision is None
                      and c.namespace in self._bulk)
        revisions = _revisions(self.api, wanting)
        for change in changes:
            if change.namespace in wanting and change.stored_revision is None:
                change.stored_revision = revisions.get(change.key)


def _revisions(api, namespaces):
    """{(namespace, id): revision} of the live flows of these namespaces: one list request per namespace."""
    found = {}
    for namespace in sorted(set(namespaces)):
        found.update(((namespace, flow_id), revision) for flow_id, revision in api.namespace_revisions(namespace).items())
    return found


def _group_ids(keys):
    grouped = {}
    for namespace, flow_id in keys:
        grouped.setdefault(namespace, []).append(flow_id)
    return grouped


# ---- planning --------------------------------------------------------------------------------------

def _plan_present(current, documents, prune_namespace):
    changes = []
    for document in documents:
        stored = current.get(document.namespace, document.id)
        if stored is None:
            changes.append(Change(document.namespace, document.id, CREATED, after=document.text))
        elif same_source(stored.source, document.text):
            changes.append(Change(document.namespace, document.id, UNCHANGED, stored_revision=stored.revision))
        else:
            changes.append(Change(document.namespace, document.id, UPDATED, stored.source, document.text,
                                  stored.revision))
    if prune_namespace is not None:
        declared = set(d.id for d in documents if d.namespace == prune_namespace)
        for flow_id in sorted(current.flows.get(prune_namespace, {})):
            if flow_id not in declared:
                stored = current.get(prune_namespace, flow_id)
                changes.append(Change(prune_namespace, flow_id, DELETED, before=stored.source,
                                      stored_revision=stored.revision))
    return changes


def _plan_absent(current, keys):
    changes = []
    for namespace, flow_id in keys:
        stored = current.get(namespace, flow_id)
        if stored is None:
            changes.append(Change(namespace, flow_id, UNCHANGED))
        else:
            changes.append(Change(namespace, flow_id, DELETED, before=stored.source, stored_revision=stored.revision))
    return changes


# ---- validation by Kestra ----------------------------------------------------------------------------

# Kestra's FlowService.checkValidSubflows, reported by the validate endpoint as a warning
_MISSING_SUBFLOW = re.compile(r"^The subflow '(?P<id>[^']+)' not found in namespace '(?P<namespace>[^']+)'\.?$")


def _validation_warnings(change, answer, batch):
    """The warnings to show for one flow: Kestra's, without 'subflow not found' for a flow of the same task,
    and its deprecations with the replacements Kestra suggests ('infos')."""
    found = []
    for warning in answer.get('warnings') or []:
        missing = _MISSING_SUBFLOW.match(str(warning))
        if missing and (missing.group('namespace'), missing.group('id')) in batch:
            # the subflow is deployed by this same task: it exists once the task has written it
            continue
        found.append('flow %s: %s' % (change.name, warning))
    paths = [str(p) for p in answer.get('deprecationPaths') or []]
    infos = [str(i) for i in answer.get('infos') or []]
    if paths:
        found.append('flow %s uses deprecated properties: %s%s' % (
            change.name, ', '.join(paths), ''.join('; %s' % info for info in infos)))
    elif infos:
        found.append('flow %s: %s' % (change.name, '; '.join(infos)))
    return found


def _validate(api, changes, ctx, batch):
    """Kestra's verdict on the flows to write; batch holds the (namespace, id) of every flow the task declares."""
    to_write = [c for c in changes if c.action in (CREATED, UPDATED)]
    answers = api.validate([c.after for c in to_write])
    refused = []
    for change, answer in zip(to_write, answers):
        if answer.get('constraints'):
            refused.append('flow %s: %s' % (change.name, answer['constraints']))
        for warning in _validation_warnings(change, answer, batch):
            ctx.warn(warning)
    if refused:
        raise KestraError('Kestra refused %d of %d flow(s); nothing was written. %s' % (
            len(refused), len(to_write), '; '.join(refused)),
            result={'flows': [c.as_result() for c in changes if c.action == UNCHANGED]})


# ---- writing ------------------------------------------------------------------------------------------

def _import(api, writes, done):
    """Write many flows with one import request, then read their new revisions (one list per namespace).

    The flows Kestra imported go into done as soon as it answered, before the
    revisions are read: if that read fails, the failed task still reports them.
    Returns the flows Kestra did not import (marked unchanged).
    """
    by_name = dict(('%s/%s.yml' % (c.namespace, c.id), c) for c in writes)
    failed = set(api.import_sources([(name, c.after) for name, c in by_name.items()]))
    refused = [by_name[name] for name in sorted(failed) if name in by_name]
    for change in refused:
        change.action = UNCHANGED
    imported = [c for c in writes if c.action != UNCHANGED]
    done.extend(imported)
    try:
        revisions = _revisions(api, (c.namespace for c in imported))
    except KestraError as exc:
        exc.message = 'Kestra imported %d flow(s) (%s), then reading their revisions failed: %s' % (
            len(imported), ', '.join(c.name for c in imported), exc.message)
        raise
    for change in imported:
        change.revision = revisions.get(change.key)
    return refused


def _write_one(api, change):
    if change.action == CREATED:
        change.revision = api.create(change.namespace, change.id, change.after)
    elif change.action == UPDATED:
        change.revision = api.update(change.namespace, change.id, change.after)
    elif change.action == DELETED and not api.delete(change.namespace, change.id):
        change.action = UNCHANGED


def _apply(api, changes):
    """Write what differs: one import for several flows, else one request per flow; deletions last."""
    writes = [c for c in changes if c.action in (CREATED, UPDATED)]
    pending = [c for c in changes if c.action == DELETED]
    if len(writes) >= IMPORT_FROM:
        batch, writes = writes, []
    else:
        batch = []
    done = []
    try:
        if batch:
            refused = _import(api, batch, done)
            if refused:
                raise KestraError('Kestra did not import %d of %d flow(s): %s' % (
                    len(refused), len(batch), ', '.join(c.name for c in refused)))
        for change in writes + pending:
            _write_one(api, change)
            done.append(change)
    except KestraError as exc:
        exc.result.update(changed=any(c.action != UNCHANGED for c in done),
                          flows=[c.as_result() for c in done if c.action != UNCHANGED])
        raise


def run(params, client, ctx):
    documents = _desired(params)
    _check_options(params, documents)
    api = FlowApi(client)
    current = CurrentState(api)
    keys = [d.key for d in documents] if documents is not None else [(params['namespace'], params['id'])]
    prune_namespace = params['namespace'] if params['prune'] else None
    grouped = _group_ids(keys)
    if prune_namespace is not None:
        grouped.setdefault(prune_namespace, [])
    for namespace in sorted(grouped):
        current.load(namespace, grouped[namespace], whole_namespace=namespace == prune_namespace)

    if params['state'] == 'absent':
        changes = _plan_absent(current, keys)
    else:
        changes = _plan_present(current, documents, prune_namespace)
    current.fill_revisions(changes, ctx.check_mode)
    for change in changes:
        change.settle_revision(ctx.check_mode)
    if any(c.action in (CREATED, UPDATED) for c in changes):
        _validate(api, changes, ctx, set(keys))
    if not ctx.check_mode:
        _apply(api, changes)

    result = {'changed': any(c.action != UNCHANGED for c in changes), 'flows': [c.as_result() for c in changes]}
    if ctx.diff:
        result['diff'] = [c.as_diff() for c in changes if c.action != UNCHANGED]
    return result


TASK = TaskSpec(
    'kestra_flow',
    ARGUMENT_SPEC,
    run,
    mutually_exclusive=[('source', 'definition')],
    required_if=[('state', 'present', ('source', 'definition'), True)],
)
