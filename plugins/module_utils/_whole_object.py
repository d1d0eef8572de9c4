# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""A resource whose PUT replaces the whole object (kestra_namespace, kestra_tenant), on the resource base.

The module's options map to JSON fields by a field map of (option, JSON field, API versions) rows;
an option that exists on one API version only is refused on the other, before any write, and the
server's version is probed only when such an option is given. An update sends the stored object
as read (every field, even those the module has no option for) with the changed fields over it:
a PUT clears what it does not send.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import Field, Resource

BOTH, V1_ONLY, V2_ONLY = 'both', '1.x', '2.0'

# argument specs of the settings a Tenant and a Namespace both have
ISOLATION = dict(
    enabled=dict(type='bool', default=True),
    denied_services=dict(type='list', elements='str'),
)
WORKER_GROUP = dict(type='dict', options=dict(
    key=dict(type='str', required=True, no_log=False),
    fallback=dict(type='str', choices=['FAIL', 'WAIT', 'CANCEL']),
))
DEFAULT_WORKER_SELECTOR = dict(type='dict', options=dict(
    tags=dict(type='list', elements='str'),
    match=dict(type='str', choices=['ALL', 'ANY']),
    fallback=dict(type='str', choices=['FAIL', 'WAIT', 'CANCEL', 'IGNORE']),
))


def needs_versions(field_map, declared):
    """Whether a declared option exists on one API version only (so the version must be known)."""
    return any(option in declared and versions != BOTH for option, _json, versions in field_map)


def check_versions(field_map, declared, is_v2, object_name, replaced):
    """KestraInputError for a declared option that the server's API version does not have."""
    version = V2_ONLY if is_v2 else V1_ONLY
    json_names = dict((option, json_name) for option, json_name, _v in field_map)
    wrong = [(option, versions) for option, _json, versions in field_map
             if option in declared and versions not in (BOTH, version)]
    if wrong:
        raise KestraInputError('; '.join(
            '%s exists on Kestra %s only: the %s of Kestra %s has no %s%s' % (
                option, versions, object_name, version, json_names[option], replaced.get(option, ''))
            for option, versions in wrong))


def present_values(params, declared_values, api_needs_versions, api_check_versions, client):
    """The declared values of a state=present task ({} for absent), checked against the server's API version
    only when one of them needs it (declared_values(params), api_*_versions(values[, is_v2]): the module's)."""
    if params['state'] != 'present':
        return {}
    values = declared_values(params)
    if values and api_needs_versions(values):
        api_check_versions(values, client.is_v2)
    return values


def _empty(value):
    return value is None or value == {} or value == [] or value == ''


class SettingField(Field):
    """A setting of the object: an empty value and no value are the same."""

    def same(self, stored, declared):
        if _empty(stored) and _empty(declared):
            return True
        return super(SettingField, self).same(stored, declared)


class WholeObjectResource(Resource):
    """Subclasses set kind, fields, field_map, from_json and to_json (staticmethods), and may set unread
    (options never read back)."""

    field_map = ()
    unread = ()

    def __init__(self, api):
        self.api = api
        self.stored_json = {}

    @staticmethod
    def from_json(option, value):
        return value

    @staticmethod
    def to_json(option, value):
        return value

    def read(self, client, ident):
        body = self.api.read(ident)
        if body is None:
            return None
        self.stored_json[ident] = body
        return dict((option, self.from_json(option, body.get(json_name))) for option, json_name, _v in self.field_map
                    if body.get(json_name) is not None and option not in self.unread)

    def body(self, ident, base, values):
        body = dict(base)
        body.update({'id': ident, 'deleted': False})
        json_names = dict((option, json_name) for option, json_name, _v in self.field_map)
        for option, value in values.items():
            body[json_names[option]] = self.to_json(option, value)
        return body

    def create(self, client, ident, declared):
        self.api.create(ident, self.body(ident, {}, declared))

    def update(self, client, ident, merged, stored, changed_fields):
        # the stored object as read, with the changed fields over it: a PUT clears what it does not send
        declared = dict((name, merged[name]) for name in changed_fields)
        self.api.update(ident, self.body(ident, self.stored_json.get(ident, {}), declared))

    def delete(self, client, ident, stored):
        self.api.delete(ident)


def collect_texts(value, found, scalars=False):
    """Add to the set found every non-empty text in value (mappings and lists walked); with scalars, numbers
    and other non-bool values too, as their text (the values Ansible's no_log hides)."""
    if isinstance(value, dict):
        for item in value.values():
            collect_texts(item, found, scalars)
    elif isinstance(value, (list, tuple)):
        for item in value:
            collect_texts(item, found, scalars)
    elif isinstance(value, str):
        if value:
            found.add(value)
    elif scalars and value is not None and not isinstance(value, bool):
        text = str(value)
        if text:
            found.add(text)
