# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""The polling logic of the event source kestra_io.kestra.kestra_executions (docs/events.md).

No asyncio here: the event source runs ExecutionPoller.poll() in a thread and
puts the events it returns on ansible-rulebook's queue, calling commit() after
each put. Everything else (options, the search request, the cursor) lives here.

How a poll finds what is new: one search of the executions currently in one of
the wanted states, newest state change first (sort state.endDate:desc; Kestra
maps it to its end_date column), read page by page until an execution changed
state before the floor. The floor is LOOKBACK before the newest change already
emitted (the watermark), and never before where the source started (not_before).
An execution is identified by its id and the date of its last state change, so
a run that is restarted and ends again gives a new event, and one that stays in
its state is never emitted twice. The cursor (not_before, watermark, the keys
emitted since the floor) can be kept in a JSON file (cursor_path): a restart
resumes from it; an event is put on the queue before the cursor records it, so
delivery across restarts is at least once.
"""

import datetime
import email.utils
import json
import os
import re
import tempfile

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.kestra_io.kestra.plugins.module_utils._connection import CONNECTION_OPTIONS, resolve_connection
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_api import TERMINAL_STATES, label_pairs
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_result import summarize
from ansible_collections.kestra_io.kestra.plugins.module_utils._time_window import parse_kestra_date, parse_moment

# every State.Type of Kestra (docs/dev/kestra-api/executions.md)
KNOWN_STATES = TERMINAL_STATES + ('CREATED', 'SUBMITTED', 'RUNNING', 'PAUSED', 'RESTARTED', 'KILLING', 'QUEUED',
                                  'RETRYING', 'BREAKPOINT', 'CANCELED')
# states whose executions carry an endDate (the date they reached it): a search sorted by it is in change order
ENDING_STATES = frozenset(TERMINAL_STATES + ('PAUSED', 'CANCELED'))
DEFAULT_INTERVAL = 10.0
# how far before the newest emitted change a poll still looks: covers a search index that shows an
# execution later than a newer one (Elasticsearch refresh, several executors' clocks)
LOOKBACK = datetime.timedelta(seconds=60)
PAGE_SIZE = 50
CURSOR_VERSION = 1
CLOCK_TOLERANCE = datetime.timedelta(seconds=3)
_TLS_FAILURE = re.compile(r'TLS verification of |the TLS handshake with |does not speak TLS')
EVENT_OPTIONS = ('namespace', 'include_child_namespaces', 'flow_id', 'states', 'labels', 'interval', 'since',
                 'cursor_path')
UTC = datetime.timezone.utc


def utcnow():
    return datetime.datetime.now(UTC)


def parse_time(text):
    """A date Kestra wrote (ISO 8601 with Z or an offset) as an aware UTC datetime, or None."""
    return parse_kestra_date(text)


def format_time(moment):
    return moment.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')


def parse_since(text, now):
    """'since': 'now', or what kestra_execution_info reads (an age such as 30m, 24h, 7d or PT24H, an ISO
    8601 date-time or a date)."""
    if str(text).strip().lower() == 'now':
        return now
    return parse_moment(str(text), 'since', now)


def _text(args, name):
    value = args.get(name)
    if value is None or value == '':
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise KestraInputError('%s must be a string, got %s' % (name, type(value).__name__))
    return str(value)


def event_options(args):
    """The validated options of the source (the connection options are resolved by connection_options)."""
    args = args or {}
    known = set(EVENT_OPTIONS) | set(CONNECTION_OPTIONS)
    # ansible-rulebook adds eda_feedback_queue (and may add other eda_* arguments)
    unknown = sorted(name for name in args if name not in known and not str(name).startswith('eda_'))
    if unknown:
        raise KestraInputError('unknown option(s) %s; the options are: %s' % (
            ', '.join(unknown), ', '.join(sorted(known))))
    options = {
        'namespace': _text(args, 'namespace'),
        'flow_id': _text(args, 'flow_id'),
        'since': _text(args, 'since'),
        'cursor_path': _text(args, 'cursor_path'),
    }
    try:
        options['include_child_namespaces'] = boolean(args.get('include_child_namespaces') or False, strict=True)
    except TypeError as exc:
        raise KestraInputError('include_child_namespaces: %s' % exc)
    if options['flow_id'] and not options['namespace']:
        raise KestraInputError('flow_id needs namespace: a flow is identified by its namespace and id')
    if options['include_child_namespaces'] and not options['namespace']:
        raise KestraInputError('include_child_namespaces needs namespace')
    states = args.get('states')
    if states is None or states == '' or states == []:
        states = list(TERMINAL_STATES)
    if isinstance(states, str):
        states = [part for part in re.split(r'[,\s]+', states) if part]
    if not isinstance(states, (list, tuple)):
        raise KestraInputError('states must be a list of state names, e.g. [FAILED, KILLED]')
    states = [str(state).strip().upper() for state in states]
    wrong = [state for state in states if state not in KNOWN_STATES]
    if wrong:
        raise KestraInputError('unknown state(s) %s; Kestra\'s states are: %s' % (
            ', '.join(wrong), ', '.join(KNOWN_STATES)))
    options['states'] = sorted(set(states), key=states.index)
    labels = args.get('labels') or {}
    if isinstance(labels, list):
        # Kestra's own form, [{key, value}]
        if not all(isinstance(item, dict) and 'key' in item for item in labels):
            raise KestraInputError('labels must be a mapping of label keys to values')
        labels = label_pairs(labels)
    if not isinstance(labels, dict):
        raise KestraInputError('labels must be a mapping of label keys to values')
    options['labels'] = dict((str(key), '' if value is None else str(value)) for key, value in labels.items())
    interval = args.get('interval')
    try:
        interval = DEFAULT_INTERVAL if interval is None or interval == '' else float(interval)
    except (TypeError, ValueError):
        raise KestraInputError('interval must be a number of seconds, got %r' % (interval,))
    if interval <= 0:
        raise KestraInputError('interval must be more than 0 seconds, got %s' % interval)
    options['interval'] = interval
    if options['since'] is not None:
        parse_since(options['since'], utcnow())
    if options['cursor_path']:
        options['cursor_path'] = os.path.abspath(os.path.expanduser(os.path.expandvars(options['cursor_path'])))
    return options


def connection_options(args):
    """The connection options as the modules resolve them (task values, then environment, then defaults)."""
    return resolve_connection(dict((name, (args or {}).get(name)) for name in CONNECTION_OPTIONS))


def search_params(v2, options, page, size=PAGE_SIZE):
    """The query of GET /executions/search: filters[...] on Kestra 2.x, the legacy parameters on 1.x
    (which every 1.x and 0.2x reads; docs/dev/kestra-api/executions.md)."""
    states = options['states']
    ending = all(state in ENDING_STATES for state in states)
    sort = 'state.endDate:desc' if ending else 'state.startDate:desc'
    namespace, flow_id = options['namespace'], options['flow_id']
    params = []
    if v2:
        if namespace:
            op = 'PREFIX' if options['include_child_namespaces'] else 'EQUALS'
            params.append(('filters[namespace][%s]' % op, namespace))
        if flow_id:
            params.append(('filters[flowId][EQUALS]', flow_id))
        params.append(('filters[state][IN]', ','.join(states)))
        for key, value in sorted(options['labels'].items()):
            params.append(('filters[labels][EQUALS][%s]' % key, value))
    else:
        if namespace:
            # a prefix in 1.x: the namespace and its children; exact matches are kept in matches()
            params.append(('namespace', namespace))
        if flow_id:
            params.append(('flowId', flow_id))
        params.extend(('state', state) for state in states)
        params.extend(('labels', '%s:%s' % (key, value)) for key, value in sorted(options['labels'].items()))
    params.extend([('sort', sort), ('page', str(page)), ('size', str(size))])
    return params


def reached_at(execution):
    """When the execution entered its current state: the date of its last state change."""
    state = execution.get('state') or {}
    histories = state.get('histories') or []
    for candidate in ([histories[-1].get('date')] if histories else []) + [state.get('endDate'),
                                                                           state.get('startDate')]:
        moment = parse_time(candidate)
        if moment is not None:
            return moment
    return None


def matches(execution, options):
    """The filters again on the client: 1.x namespace is a prefix, and a server may ignore a filter."""
    namespace = execution.get('namespace') or ''
    wanted = options['namespace']
    child = bool(wanted) and options['include_child_namespaces'] and namespace.startswith(wanted + '.')
    if wanted and namespace != wanted and not child:
        return False
    if options['flow_id'] and execution.get('flowId') != options['flow_id']:
        return False
    if ((execution.get('state') or {}).get('current')) not in options['states']:
        return False
    labels = label_pairs(execution.get('labels'))
    return all(labels.get(key) == value for key, value in options['labels'].items())


def event_key(execution, moment):
    return '%s@%s' % (execution.get('id'), format_time(moment))


def to_event(execution, server_url, tenant):
    """The event: {'execution': {...}}; ansible-rulebook adds 'meta' (source name and type, received_at, uuid)."""
    summary = summarize(execution, server_url, tenant)
    # a search result has no task runs: these would always be empty here
    summary.pop('task_outputs', None)
    summary.pop('task_runs', None)
    histories = [item.get('state') for item in (execution.get('state') or {}).get('histories') or []]
    summary['flowId'] = execution.get('flowId')
    summary['tenant'] = tenant
    summary['restarted'] = 'RESTARTED' in histories
    return {'execution': summary}


class Cursor(object):
    """Where the source is: not_before (no change before it is emitted), watermark (the newest change
    emitted) and the keys emitted since the floor. Kept in a JSON file when a path is given."""

    def __init__(self, path=None):
        self.path = path
        self.not_before = None
        self.watermark = None
        self.seen = {}

    def load(self):
        """True when a cursor file was read."""
        if not self.path or not os.path.exists(self.path):
            return False
        try:
            with open(self.path) as handle:
                data = json.load(handle)
            if data.get('version') != CURSOR_VERSION:
                raise ValueError('unknown version %r' % data.get('version'))
            self.not_before = parse_time(data['not_before'])
            self.watermark = parse_time(data.get('watermark')) or self.not_before
            self.seen = dict((key, parse_time(value)) for key, value in (data.get('seen') or {}).items())
            if self.not_before is None or any(value is None for value in self.seen.values()):
                raise ValueError('a date cannot be read')
        except (IOError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KestraInputError('cursor_path %s is not a cursor this source wrote (%s): move it away to start '
                                   'again from since' % (self.path, exc))
        return True

    def floor(self):
        if self.watermark is None:
            return self.not_before
        return max(self.not_before, self.watermark - LOOKBACK)

    def record(self, key, moment):
        self.seen[key] = moment
        if self.watermark is None or moment > self.watermark:
            self.watermark = moment
        floor = self.floor()
        for old in [name for name, value in self.seen.items() if value < floor]:
            del self.seen[old]

    def save(self):
        if not self.path:
            return
        data = {'version': CURSOR_VERSION, 'not_before': format_time(self.not_before),
                'watermark': format_time(self.watermark) if self.watermark else None,
                'seen': dict((key, format_time(value)) for key, value in sorted(self.seen.items()))}
        folder = os.path.dirname(self.path) or '.'
        handle, temporary = tempfile.mkstemp(prefix='.kestra-cursor-', dir=folder)
        try:
            with os.fdopen(handle, 'w') as stream:
                json.dump(data, stream, indent=1, sort_keys=True)
            os.replace(temporary, self.path)
        except Exception:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise


class ExecutionPoller(object):
    """One search per poll (more pages only when many executions changed state since the floor)."""

    def __init__(self, client, options, now=utcnow):
        self.client = client
        self.options = options
        self.cursor = Cursor(options.get('cursor_path'))
        self.now = now
        # search requests sent, and polls done (for figures: bench/eda_latency.py)
        self.requests = 0
        self.polls = 0
        self._saved = False
        self.resumed = self.cursor.load()
        if not self.resumed and options.get('since'):
            self.cursor.not_before = parse_since(options['since'], now())

    def _search(self, page):
        path = self.client.api_path('executions', 'search')
        started = self.now()
        response = self.client.request('GET', path, params=search_params(self.client.is_v2, self.options, page),
                                       context='search for executions')
        self.requests += 1
        if self.cursor.not_before is None:
            # first start without since: from now, by the server's clock (its Date header, to the second)
            # (the Date header has whole seconds: it wins only when the clocks differ by more than that)
            server_now = parse_http_date(response.headers.get('Date'))
            skewed = server_now is not None and abs(server_now - started) > CLOCK_TOLERANCE
            self.cursor.not_before = server_now - datetime.timedelta(seconds=1) if skewed else started
        body = self.client._json(response, 'GET', path, 'search for executions')  # pylint: disable=protected-access
        if not isinstance(body, dict) or not isinstance(body.get('results'), list):
            raise KestraError('search for executions: GET %s answered something that is not a page of results'
                              % path, status=response.status_code, method='GET', path=path)
        return body['results'], body.get('total')

    def poll(self):
        """The new events, oldest change first: a list of (key, change date, event)."""
        self.polls += 1
        fresh = {}
        page = 1
        by_end_date = all(state in ENDING_STATES for state in self.options['states'])
        while True:
            results, total = self._search(page)
            floor = self.cursor.floor()
            older = False
            for execution in results:
                moment = reached_at(execution)
                if moment is None:
                    continue
                # the search is sorted by end date (ending states) or by start date (others): an item
                # older than the floor in that order ends the reading
                order = moment if by_end_date else parse_time((execution.get('state') or {}).get('startDate'))
                if order is not None and order < floor:
                    older = True
                if moment < floor:
                    continue
                if not matches(execution, self.options):
                    continue
                key = event_key(execution, moment)
                if key not in self.cursor.seen:
                    fresh[key] = (moment, execution)
            # no page limit: a page the poll does not read would hold executions below the next floor
            if older or len(results) < PAGE_SIZE or (isinstance(total, int) and page * PAGE_SIZE >= total):
                break
            page += 1
        if not self._saved:
            # where a first start began, so that a restart before any event does not move it
            self.cursor.save()
            self._saved = True
        items = sorted(fresh.items(), key=lambda item: (item[1][0], item[0]))
        return [(key, moment, to_event(execution, self.client.url, self.client.tenant))
                for key, (moment, execution) in items]

    def commit(self, key, moment):
        """Record an event as delivered (after it was put on the queue)."""
        self.cursor.record(key, moment)
        self.cursor.save()


def parse_http_date(value):
    """An HTTP Date header as an aware UTC datetime, or None."""
    if not value:
        return None
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return datetime.datetime.fromtimestamp(email.utils.mktime_tz(parsed), UTC)


def is_fatal(error):
    """True for errors that polling again cannot cure: authentication, authorisation, a request Kestra
    refuses (4xx other than 408/429), TLS verification. Unreachable servers, 5xx and 429 are retried."""
    if isinstance(error, KestraInputError):
        return True
    status = getattr(error, 'status', None)
    if status is None:
        # the client's messages for a certificate or handshake failure (_client.KestraClient._connection_error)
        return bool(_TLS_FAILURE.search(str(error)))
    return 400 <= status < 500 and status not in (408, 429)
