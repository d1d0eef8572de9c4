# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_api_token: an API token of a user (by email) or a service account (by name), known by its name.

Kestra gives a token's value once, when it is created. So: a missing token is created and its value
returned (full_token); an existing one is kept as it is, without its value (Kestra has no way to update
a token); rotate: true deletes it and creates a new one; state: absent deletes it. A converged task
sends two reads: the owner's listing (name -> id) and the owner's tokens.
"""

import re

from ansible_collections.kestra_io.kestra.plugins.module_utils._access_names import resolve_ids
from ansible_collections.kestra_io.kestra.plugins.module_utils._api_token_api import SERVICE_ACCOUNT, USER, ApiTokenApi
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec

ARGUMENT_SPEC = dict(
    name=dict(type='str', required=True),
    user=dict(type='str'),
    service_account=dict(type='str'),
    description=dict(type='str'),
    max_age=dict(type='str'),
    extended=dict(type='bool'),
    rotate=dict(type='bool', default=False),
    state=dict(type='str', default='present', choices=['present', 'absent']),
)
NAME = re.compile(r'^[a-z0-9]+(?:-[a-z0-9]+)*$')
# a duration as java.time.Duration parses it: days, hours, minutes, seconds (no years, months or weeks)
DURATION = re.compile(r'^P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$')
NEW_TOKEN = '(new token)'


def check_params(params):
    name = params['name']
    if not isinstance(name, str) or len(name) > 63 or not NAME.match(name):
        raise KestraInputError('name %r is not a valid API token name: 1 to 63 lower-case letters, digits and '
                               'single hyphens between them (Kestra\'s pattern ^[a-z0-9]+(?:-[a-z0-9]+)*$)'
                               % str(name)[:80])
    if (params.get('user') is None) == (params.get('service_account') is None):
        raise KestraInputError('one of user or service_account is required (they are mutually exclusive)')
    for option in ('user', 'service_account'):
        if params.get(option) is not None and not str(params[option]).strip():
            raise KestraInputError('%s must not be empty' % option)
    max_age = params.get('max_age')
    if max_age is not None and not DURATION.match(str(max_age).strip().upper()):
        raise KestraInputError('max_age %r is not an ISO-8601 duration of days, hours, minutes or seconds such as P30D, PT12H or P1DT12H'
                               % str(max_age)[:40])
    if params['state'] == 'absent' and params['rotate']:
        raise KestraInputError('rotate applies to state=present')


def owner_of(client, params):
    """(kind, id, label) of the token's owner; a missing or ambiguous name fails before any write."""
    if params.get('user') is not None:
        email = str(params['user']).strip()
        return USER, resolve_ids(client, 'user', [email])[email], 'user %s' % email
    name = str(params['service_account']).strip()
    return SERVICE_ACCOUNT, resolve_ids(client, 'service_account', [name])[name], 'service account %s' % name


def shown(token, owner_kind, owner_id):
    """A token as the result shows it: its metadata, never a value."""
    return {
        'id': token.get('id'), 'name': token.get('name'), 'description': token.get('description'),
        'prefix': token.get('prefix'), 'issued_at': token.get('iat'), 'expires_at': token.get('exp'),
        'last_used': token.get('lastUsed'), 'extended': token.get('extended'), 'expired': token.get('expired'),
        'owner_type': owner_kind, 'owner_id': owner_id,
    }


def _side(tokens):
    if not tokens:
        return {}
    token = tokens[0]
    return dict((key, value) for key, value in (
        ('id', token.get('id')), ('description', token.get('description')), ('expires_at', token.get('exp')),
        ('extended', token.get('extended'))) if value is not None)


def _declared_side(params, new_id):
    side = {'id': new_id}
    for option, key in (('description', 'description'), ('max_age', 'max_age'), ('extended', 'extended')):
        if params.get(option) is not None:
            side[key] = params[option]
    return side


def _differences(token, params):
    """The declared options an existing token does not have (Kestra cannot change them: rotate does)."""
    found = []
    if params.get('description') is not None and (token.get('description') or '') != params['description']:
        found.append('description')
    if params.get('extended') is not None and bool(token.get('extended')) != params['extended']:
        found.append('extended')
    return found


def run(params, client, ctx):
    check_params(params)
    name = params['name']
    try:
        owner_kind, owner_id, owner_label = owner_of(client, params)
    except KestraError as exc:
        if params['state'] == 'absent' and exc.result.get('missing'):
            # no such owner: no such token either
            result = {'changed': False, 'action': 'unchanged', 'api_token': None, 'owner': None}
            if ctx.diff:
                result['diff'] = {'before': {}, 'after': {}}
            return result
        raise
    api = ApiTokenApi(client, owner_kind, owner_id, owner_label)
    existing = [token for token in api.list() if token.get('name') == name]
    label = 'API token %s of %s' % (name, owner_label)
    result = {'changed': False, 'owner': {'type': owner_kind, 'id': owner_id}}
    if params['state'] == 'absent':
        action = 'deleted' if existing else 'unchanged'
        if existing and not ctx.check_mode:
            for token in existing:
                api.delete(token['id'])
        result.update(changed=bool(existing), action=action, api_token=None)
        after = {}
    elif existing and not params['rotate']:
        token = existing[0]
        result.update(action='unchanged', api_token=shown(token, owner_kind, owner_id))
        differing = _differences(token, params)
        if differing:
            ctx.warn('%s exists with another %s than declared; Kestra cannot change a token: set rotate: true '
                     'to replace it' % (label, ' and '.join(differing)))
        after = _side(existing)
    else:
        action = 'rotated' if existing else 'created'
        body = {'name': name}
        for option, field in (('description', 'description'), ('max_age', 'maxAge'), ('extended', 'extended')):
            if params.get(option) is not None:
                body[field] = params[option].strip().upper() if option == 'max_age' else params[option]
        token = {'id': None, 'name': name, 'description': params.get('description'),
                 'extended': params.get('extended')}
        if not ctx.check_mode:
            for old in existing:
                api.delete(old['id'])
            answer = api.create(body)
            token = dict(token, id=answer.get('id'))
            # the value Kestra gives once: returned to the play, never in a diff, warning or message
            result['full_token'] = answer['fullToken']
        result.update(changed=True, action=action, api_token=shown(token, owner_kind, owner_id))
        after = _declared_side(params, token.get('id') or NEW_TOKEN)
    if ctx.diff:
        before = _side(existing)
        result['diff'] = {'before_header': label, 'after_header': label, 'before': before, 'after': after}
    return result


TASK = TaskSpec(
    name='kestra_api_token',
    argument_spec=ARGUMENT_SPEC,
    run=run,
    mutually_exclusive=[('user', 'service_account')],
    required_one_of=[('user', 'service_account')],
)
