# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_trigger: select triggers, then enable/disable, unlock, restart and backfill them.

Every action reads first and writes only what differs (a restart is always
written); in check mode nothing is written and the result shows the state each
trigger would have.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._labels import labels_to_kestra, normalize_labels
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec
from ansible_collections.kestra_io.kestra.plugins.module_utils._trigger_api import (
    TriggerApi,
    backfill_from_kestra,
    format_instant,
    parse_instant,
)

ARGUMENT_SPEC = dict(
    namespace=dict(type='str', required=True),
    flow_id=dict(type='str'),
    trigger_id=dict(type='str'),
    enabled=dict(type='bool'),
    unlock=dict(type='bool', default=False),
    restart=dict(type='bool', default=False),
    backfill=dict(type='dict', options=dict(
        start=dict(type='str', required=True),
        end=dict(type='str'),
        inputs=dict(type='dict'),
        labels=dict(type='raw'),
    )),
    backfill_state=dict(type='str', choices=['paused', 'running', 'absent']),
    allow_empty=dict(type='bool', default=False),
)


# ---- input ------------------------------------------------------------------------------

def _instant(value, option):
    moment = parse_instant(value)
    if moment is None:
        raise KestraInputError('%s must be an ISO-8601 date-time such as 2026-01-31T00:00:00Z, got %r' % (option, value))
    return moment


def desired_backfill(spec):
    """The backfill option checked and in Kestra's JSON form; dates as instants for comparing."""
    if spec is None:
        return None
    start = _instant(spec['start'], 'backfill.start')
    end = _instant(spec['end'], 'backfill.end') if spec.get('end') else None
    if end is not None and end <= start:
        raise KestraInputError('backfill.end (%s) must be after backfill.start (%s)' % (spec['end'], spec['start']))
    body = {'start': format_instant(start)}
    if end is not None:
        body['end'] = format_instant(end)
    if spec.get('inputs'):
        body['inputs'] = spec['inputs']
    labels = normalize_labels(spec.get('labels'), 'backfill.labels')
    if labels:
        body['labels'] = labels_to_kestra(labels)
    return {'start': start, 'end': end, 'body': body}


def same_window(existing, desired):
    """An existing backfill covers the desired one when the start (and the end, if asked) are the same instants."""
    if not existing:
        return False
    if parse_instant(existing.get('start')) != desired['start']:
        return False
    return desired['end'] is None or parse_instant(existing.get('end')) == desired['end']


def check_options(params):
    if params['backfill'] is not None and params['backfill_state'] == 'absent':
        raise KestraInputError('backfill and backfill_state=absent contradict each other: give one of them')


# ---- selection ---------------------------------------------------------------------------

def _selection_text(params):
    text = 'namespace %s' % params['namespace']
    if params['flow_id']:
        text = 'flow %s/%s' % (params['namespace'], params['flow_id'])
    if params['trigger_id']:
        text = 'trigger %s of %s' % (params['trigger_id'], text)
    return text


def _nothing_found_hint(found, flow_id):
    known = ', '.join(sorted(set(t.trigger_id for t in found)))
    if known:
        return ' (its triggers with a state: %s)' % known
    if flow_id:
        return (': no Schedule or polling trigger found; check that the flow exists and declares one '
                '(Webhook, Flow and realtime triggers have no state in Kestra)')
    return ': no Schedule or polling trigger found in this namespace'


def select(api, params):
    namespace, flow_id, trigger_id = params['namespace'], params['flow_id'], params['trigger_id']
    if flow_id:
        # kept exact whatever the server answers, as for the namespace search
        found = [t for t in api.of_flow(namespace, flow_id) if t.namespace == namespace and t.flow_id == flow_id]
    else:
        found = api.of_namespace(namespace)
    selected = [t for t in found if not trigger_id or t.trigger_id == trigger_id]
    if selected or params['allow_empty']:
        return selected
    raise KestraError('no trigger matches %s%s' % (_selection_text(params), _nothing_found_hint(found, flow_id)))


# ---- actions -------------------------------------------------------------------------------

class Plan(object):
    """Applies actions to the selected triggers; in check mode only to the local copies."""

    def __init__(self, api, triggers, check_mode):
        self.api = api
        self.triggers = triggers
        self.check_mode = check_mode
        self.actions = dict((t.name, []) for t in triggers)

    @property
    def changed(self):
        return any(self.actions.values())

    def _record(self, trigger, action):
        self.actions[trigger.name].append(action)

    def _replace(self, old, new):
        """Puts a write's answer in place of old (TriggerApi already carried old's type and kind over)."""
        if new.raw is None:
            new.raw = old.raw
        self.triggers[self.triggers.index(old)] = new
        return new

    def set_enabled(self, enabled):
        to_change = [t for t in self.triggers if t.disabled == enabled]
        if not to_change:
            return
        if not self.check_mode:
            self.api.set_disabled(to_change, not enabled)
        for trigger in to_change:
            trigger.disabled = not enabled
            if trigger.raw is not None:
                trigger.raw = dict(trigger.raw, disabled=not enabled)
            if not enabled:
                # Kestra clears the next date of a disabled trigger and computes it again on enable
                trigger.next_execution_date = None
            self._record(trigger, 'enabled' if enabled else 'disabled')

    def unlock(self):
        locked = [t for t in self.triggers if t.locked]
        if not locked:
            return
        if not self.check_mode:
            self.api.unlock(locked)
        for trigger in locked:
            trigger.locked = False
            trigger.execution_id = None
            if trigger.raw is not None:
                trigger.raw = dict(trigger.raw, executionId=None, evaluateRunningDate=None, workerId=None)
            self._record(trigger, 'unlocked')

    def restart(self):
        for trigger in list(self.triggers):
            if not self.check_mode:
                trigger = self._replace(trigger, self.api.restart(trigger))
            self._record(trigger, 'restarted')

    def backfill(self, desired, backfill_state):
        if desired is not None:
            for trigger in list(self.triggers):
                self._create_backfill(trigger, desired)
        if backfill_state == 'absent':
            for trigger in [t for t in self.triggers if t.backfill]:
                self._write_backfill(trigger, 'backfill_deleted', self.api.delete_backfill, None)
        elif backfill_state in ('paused', 'running'):
            self._set_backfill_paused(backfill_state == 'paused', explicit=desired is None)

    def _create_backfill(self, trigger, desired):
        if trigger.kind == 'POLLING':
            raise KestraError('%s is a polling trigger (%s): backfills apply to Schedule triggers only'
                              % (trigger.name, trigger.trigger_type or trigger.kind))
        if same_window(trigger.backfill, desired):
            return
        predicted = backfill_from_kestra(dict(desired['body'], currentDate=desired['body']['start'], paused=False))
        self._write_backfill(trigger, 'backfill_created',
                             lambda t: self.api.create_backfill(t, desired['body']), predicted)

    def _set_backfill_paused(self, paused, explicit):
        with_backfill = [t for t in self.triggers if t.backfill]
        if explicit and not with_backfill:
            raise KestraError('backfill_state=%s: none of the selected triggers (%s) has a backfill to %s; '
                              'create one with the backfill option' % (
                                  'paused' if paused else 'running', ', '.join(t.name for t in self.triggers),
                                  'pause' if paused else 'resume'))
        for trigger in with_backfill:
            if trigger.backfill.get('paused', False) == paused:
                continue
            predicted = dict(trigger.backfill, paused=paused)
            self._write_backfill(trigger, 'backfill_paused' if paused else 'backfill_resumed',
                                 lambda t: self.api.set_backfill_paused(t, paused), predicted)

    def _write_backfill(self, trigger, action, write, predicted):
        if self.check_mode:
            trigger.backfill = predicted
        else:
            trigger = self._replace(trigger, write(trigger))
        self._record(trigger, action)


# ---- result ---------------------------------------------------------------------------------

def _diff_view(trigger):
    return {'disabled': trigger.disabled, 'locked': trigger.locked, 'execution_id': trigger.execution_id,
            'backfill': trigger.backfill}


def _results(plan):
    results = []
    for trigger in plan.triggers:
        item = trigger.as_result()
        item['actions'] = plan.actions[trigger.name]
        results.append(item)
    return results


def run(params, client, ctx):
    check_options(params)
    desired = desired_backfill(params['backfill'])
    api = TriggerApi(client)
    triggers = select(api, params)
    before = dict((t.name, _diff_view(t)) for t in triggers)

    plan = Plan(api, triggers, ctx.check_mode)
    try:
        if params['enabled'] is not None:
            plan.set_enabled(params['enabled'])
        if params['unlock']:
            plan.unlock()
        if params['restart']:
            plan.restart()
        plan.backfill(desired, params['backfill_state'])
    except KestraError as exc:
        # what was done before the failure: the selected triggers with the actions applied to them so far
        exc.result.setdefault('triggers', _results(plan))
        exc.result.setdefault('changed', plan.changed)
        raise

    result = {'changed': plan.changed, 'triggers': _results(plan)}
    if ctx.diff:
        result['diff'] = {'before': before, 'after': dict((t.name, _diff_view(t)) for t in plan.triggers)}
    return result


TASK = TaskSpec(name='kestra_trigger', argument_spec=ARGUMENT_SPEC, run=run)
