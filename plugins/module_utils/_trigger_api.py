# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Kestra's trigger state API, 1.x and 2.0 (docs/dev/kestra-api/triggers.md; TriggerController).

1.x returns and takes whole Trigger objects ({abstractTrigger, triggerContext}
in searches) and creates a backfill through PUT /triggers; 2.0 returns
ApiTriggerState ({trigger, state} in searches), takes {namespace, flowId,
triggerId} and has PUT /triggers/backfill/create. Everything else in the
collection sees TriggerState objects.
"""

import datetime
import re

PAGE_SIZE = 100
# a guard against a server that keeps answering pages: 1000 pages of 100 triggers
MAX_PAGES = 1000
_INSTANT = re.compile(r'^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?'
                      r'(Z|[+-]\d{2}:?\d{2})?(?:\[[^\]]+\])?$')


UTC = datetime.timezone.utc


def parse_instant(text):
    """An aware datetime from an ISO-8601 date-time (no zone means UTC), or None if it is not one."""
    match = _INSTANT.match(str(text or '').strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or '0')[:6].ljust(6, '0'))
    moment = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro,
                               tzinfo=UTC)
    if zone and zone != 'Z':
        sign = -1 if zone[0] == '-' else 1
        digits = zone[1:].replace(':', '')
        moment -= sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return moment


def format_instant(moment):
    """An instant as Kestra reads it: UTC with Z."""
    text = moment.strftime('%Y-%m-%dT%H:%M:%S')
    if moment.microsecond:
        text += ('.%06d' % moment.microsecond).rstrip('0')
    return text + 'Z'


def _kind_of_type(trigger_type):
    if not trigger_type:
        return None
    return 'SCHEDULE' if str(trigger_type).endswith('.Schedule') else 'POLLING'


def labels_from_kestra(labels):
    if not labels:
        return {}
    if isinstance(labels, dict):
        return dict(labels)
    return dict((item.get('key'), item.get('value')) for item in labels if isinstance(item, dict))


class TriggerState(object):
    """One trigger's state, whatever the server version; raw is what 1.x wants sent back."""

    def __init__(self, namespace, flow_id, trigger_id, disabled=False, locked=False, execution_id=None,
                 next_execution_date=None, backfill=None, trigger_type=None, kind=None, raw=None):
        self.namespace = namespace
        self.flow_id = flow_id
        self.trigger_id = trigger_id
        self.disabled = bool(disabled)
        self.locked = bool(locked)
        self.execution_id = execution_id
        self.next_execution_date = next_execution_date
        self.backfill = backfill
        self.trigger_type = trigger_type
        # SCHEDULE or POLLING when the server says (2.0) or the declared type shows it (1.x search)
        self.kind = kind or _kind_of_type(trigger_type)
        self.raw = raw

    @property
    def name(self):
        return '%s/%s/%s' % (self.namespace, self.flow_id, self.trigger_id)

    @property
    def ids(self):
        return {'namespace': self.namespace, 'flowId': self.flow_id, 'triggerId': self.trigger_id}

    def as_result(self):
        result = {
            'namespace': self.namespace, 'flow_id': self.flow_id, 'trigger_id': self.trigger_id,
            'disabled': self.disabled, 'locked': self.locked, 'execution_id': self.execution_id,
            'next_execution_date': self.next_execution_date, 'backfill': self.backfill,
        }
        if self.trigger_type:
            result['type'] = self.trigger_type
        return result


def backfill_from_kestra(backfill):
    if not backfill:
        return None
    return {
        'start': backfill.get('start'),
        'end': backfill.get('end'),
        'current_date': backfill.get('currentDate'),
        'paused': bool(backfill.get('paused', False)),
        'inputs': backfill.get('inputs') or {},
        'labels': labels_from_kestra(backfill.get('labels')),
    }


def state_from_kestra(state, definition=None, trigger_type=None, kind=None):
    """A TriggerState from a 1.x Trigger or a 2.0 ApiTriggerState (and the declared trigger, if known)."""
    if 'locked' in state or 'nextEvaluationDate' in state or 'updatedAt' in state:
        locked = bool(state.get('locked'))
        next_date = state.get('nextEvaluationDate')
        raw = None
    else:
        # 1.x: locked while an execution it started runs, or while it is being evaluated
        locked = bool(state.get('executionId') or state.get('evaluateRunningDate'))
        next_date = state.get('nextExecutionDate')
        raw = state
    return TriggerState(
        state.get('namespace'), state.get('flowId'), state.get('triggerId'),
        disabled=state.get('disabled', False), locked=locked, execution_id=state.get('executionId'),
        next_execution_date=next_date, backfill=backfill_from_kestra(state.get('backfill')),
        trigger_type=(definition or {}).get('type') or trigger_type, kind=state.get('kind') or kind, raw=raw)


class TriggerApi(object):

    def __init__(self, client):
        self.client = client

    # ---- reading --------------------------------------------------------------------------

    def _pages(self, path, params, context):
        items = []
        for page in range(1, MAX_PAGES + 1):
            body = self.client.get_json(path, params=dict(params, page=page, size=PAGE_SIZE), context=context) or {}
            results = body.get('results') or []
            items.extend(results)
            if not results or len(items) >= int(body.get('total') or 0):
                break
        return items

    def of_flow(self, namespace, flow_id):
        """The state rows of one flow (GET /triggers/{namespace}/{flowId})."""
        items = self._pages(self.client.api_path('triggers', namespace, flow_id), {'sort': 'triggerId:asc'},
                            context='triggers of flow %s/%s' % (namespace, flow_id))
        return [state_from_kestra(item) for item in items]

    def of_namespace(self, namespace):
        """The triggers of a namespace (exactly: children namespaces are left out) via /triggers/search."""
        # filters[...] is read by 1.x (0.24+, beside the deprecated params) and 2.0 alike: no version
        # probe needed (docs/dev/kestra-api/requests-per-task.md)
        params = {'filters[namespace][EQUALS]': namespace, 'sort': ['flowId:asc', 'triggerId:asc']}
        items = self._pages(self.client.api_path('triggers', 'search'), params,
                            context='triggers of namespace %s' % namespace)
        found = []
        for item in items:
            state = item.get('state') if 'state' in item else item.get('triggerContext')
            definition = item.get('trigger') if 'trigger' in item else item.get('abstractTrigger')
            # the 2.0 search filters are known to regress (docs/dev/kestra-api/triggers.md): never trust them alone
            if state and state.get('namespace') == namespace:
                found.append(state_from_kestra(state, definition))
        return found

    # ---- writing --------------------------------------------------------------------------

    def _reference(self, trigger):
        """How a request names a trigger: 1.x the whole Trigger as read, 2.0 its ids."""
        if not self.client.is_v2 and trigger.raw is not None:
            return dict(trigger.raw)
        return trigger.ids

    def set_disabled(self, triggers, disabled):
        """One request for all: POST /triggers/set-disabled/by-triggers (setting a flag is safe to repeat)."""
        body = {'triggers': [self._reference(t) for t in triggers], 'disabled': disabled}
        context = '%s %d trigger(s)' % ('disable' if disabled else 'enable', len(triggers))
        self.client.send_json('POST', self.client.api_path('triggers', 'set-disabled', 'by-triggers'), json=body,
                              idempotent=True, context=context)

    def unlock(self, triggers):
        """POST /triggers/unlock/by-triggers: Kestra skips the ones that are not locked."""
        self.client.send_json('POST', self.client.api_path('triggers', 'unlock', 'by-triggers'),
                              json=[self._reference(t) for t in triggers], idempotent=True,
                              context='unlock %d trigger(s)' % len(triggers))

    def _state_answer(self, method, path, trigger, body, context):
        answer = self.client.send_json(method, path, json=body, context='%s %s' % (context, trigger.name))
        return state_from_kestra(answer or {}, trigger_type=trigger.trigger_type, kind=trigger.kind)

    def restart(self, trigger):
        path = self.client.api_path('triggers', trigger.namespace, trigger.flow_id, trigger.trigger_id, 'restart')
        return self._state_answer('POST', path, trigger, None, 'restart trigger')

    def create_backfill(self, trigger, backfill):
        """backfill: {start, end, inputs, labels} in Kestra's JSON form."""
        if self.client.is_v2:
            path = self.client.api_path('triggers', 'backfill', 'create')
            body = dict(trigger.ids, backfill=backfill)
        else:
            path = self.client.api_path('triggers')
            body = dict(self._reference(trigger), backfill=backfill)
        return self._state_answer('PUT', path, trigger, body, 'create a backfill for trigger')

    def set_backfill_paused(self, trigger, paused):
        action = 'pause' if paused else 'unpause'
        path = self.client.api_path('triggers', 'backfill', action)
        return self._state_answer('PUT', path, trigger, self._reference(trigger), '%s the backfill of trigger' % action)

    def delete_backfill(self, trigger):
        path = self.client.api_path('triggers', 'backfill', 'delete')
        return self._state_answer('POST', path, trigger, self._reference(trigger), 'delete the backfill of trigger')
