# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_access_info: what exists in Kestra Enterprise Edition's access model, read only.

Each kind is listed once (all pages) and the records are given in the names a playbook uses
(users by email, groups, roles and service accounts by name), with the ids next to them:
- users: the instance's users; their groups in the tenant come from the group member listings;
- groups: with their members (one listing per group);
- roles: with their permissions (one GET per role: the listing has a count only);
- bindings: the subject, the role and the namespace, ids resolved to names;
- service_accounts: with their groups;
- api_tokens: the metadata of the tokens of every user and service account, never a value
  (Kestra never returns one after creation, and the prefix is left out too);
- tenants: the settings, credential-holding ones (storage and secret backends, SDK
  authentication) shown as '(secret value)' when set;
- worker_groups: key, description and what the API answers, worker group tokens as metadata only.
A kind is read only when asked for, or when another asked kind needs it to resolve names.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._access_names import (
    list_all,
    next_page,
    not_found_error,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec
from ansible_collections.kestra_io.kestra.plugins.module_utils import _worker_group_api

KINDS = ('users', 'groups', 'roles', 'bindings', 'service_accounts', 'api_tokens', 'tenants', 'worker_groups')
SECRET_SHOWN = '(secret value)'
PAGE_SIZE = 100

ARGUMENT_SPEC = dict(
    kinds=dict(type='list', elements='str', choices=list(KINDS), default=list(KINDS)),
)

# Tenant JSON field -> result name; the credential-holding fields are never returned as they are
TENANT_FIELDS = (
    ('name', 'name'),
    ('workerGroup', 'worker_group'),
    ('defaultWorkerSelector', 'default_worker_selector'),
    ('storageIsolation', 'storage_isolation'),
    ('secretIsolation', 'secret_isolation'),
    ('storageType', 'storage_type'),
    ('secretType', 'secret_type'),
    ('secretReadOnly', 'secret_read_only'),
    ('requireExistingNamespace', 'require_existing_namespace'),
    ('outputsInInternalStorage', 'outputs_in_internal_storage'),
    ('concurrency', 'concurrency'),
    ('quotas', 'quotas'),
)
TENANT_SECRET_FIELDS = (
    ('storageConfiguration', 'storage_configuration'),
    ('secretConfiguration', 'secret_configuration'),
    ('sdkDefaultAuthentication', 'sdk_default_authentication'),
)
# API token metadata (schema ApiToken) -> result name (kestra_api_token's names); 'prefix' and any value are left out
TOKEN_FIELDS = (
    ('id', 'id'),
    ('name', 'name'),
    ('description', 'description'),
    ('iat', 'issued_at'),
    ('exp', 'expires_at'),
    ('lastUsed', 'last_used'),
    ('extended', 'extended'),
    ('expired', 'expired'),
)
# worker group token summaries: metadata only
WORKER_TOKEN_FIELDS = (
    ('uid', 'id'),
    ('name', 'name'),
    ('description', 'description'),
    ('createdAt', 'created'),
    ('expiresAt', 'expires'),
    ('revoked', 'revoked'),
    ('valid', 'valid'),
)


def _first(record, *names):
    """The first of these fields that the record has (Kestra's answers differ between endpoints and versions)."""
    for name in names:
        value = record.get(name)
        if value is not None:
            return value
    return None


class AccessReader(object):
    """Lists each kind once, on demand; names resolved through the other listings."""

    def __init__(self, client):
        self.client = client
        self._cache = {}

    # ---- raw listings -------------------------------------------------------------------------

    def _body(self, path, what, params=None):
        """The JSON answer of a GET; an OSS server (404/405) fails saying that Enterprise Edition is needed."""
        context = 'kestra_access_info %s' % what
        response = self.client.request('GET', path, params=params, allow=(404, 405), context=context)
        if response.status_code in (404, 405):
            raise not_found_error(self.client, context, 'GET', path, response)
        return self.client._json(response, 'GET', path, context)  # pylint: disable=protected-access

    def _paged(self, path, what):
        """Every record of a paged Kestra listing ({results, total}), page after page."""
        records = []
        page = 1
        while True:
            body = self._body(path, what, params=[('page', page), ('size', PAGE_SIZE)])
            if isinstance(body, list):
                return [item for item in body if isinstance(item, dict)]
            results = body.get('results') if isinstance(body, dict) else None
            results = [item for item in results if isinstance(item, dict)] if isinstance(results, list) else []
            records.extend(results)
            if not next_page(results, body.get('total') if isinstance(body, dict) else None, len(records), PAGE_SIZE):
                return records
            page += 1

    def _cached(self, kind, load):
        if kind not in self._cache:
            self._cache[kind] = load()
        return self._cache[kind]

    def raw_users(self):
        return self._cached('users', lambda: list_all(self.client, 'user', tenant_scoped=False))

    def raw_groups(self):
        return self._cached('groups', lambda: list_all(self.client, 'group'))

    def raw_roles(self):
        return self._cached('roles', lambda: list_all(self.client, 'role'))

    def raw_service_accounts(self):
        return self._cached('service_accounts', lambda: list_all(self.client, 'service_account', tenant_scoped=True))

    def members(self, group_id):
        return self._cached(('members', group_id), lambda: self._paged(
            self.client.api_path('groups', group_id, 'members'), 'members of group %s' % group_id))

    def role_detail(self, role_id):
        return self._cached(('role', role_id), lambda: self._body(
            self.client.api_path('roles', role_id), 'role %s' % role_id) or {})

    def raw_bindings(self):
        return self._cached('bindings', lambda: self._paged(self.client.api_path('bindings', 'search'), 'bindings'))

    def raw_tenants(self):
        return self._cached('tenants', lambda: self._paged('/api/v1/tenants/search', 'tenants'))

    def raw_worker_groups(self):
        return self._cached('worker_groups', self._load_worker_groups)

    def _load_worker_groups(self):
        """All worker groups: one GET of the list route of the server's line (paths from _worker_group_api)."""
        path = _worker_group_api.V2_PATH if self.client.is_v2 else _worker_group_api.V1_PATH
        body = self._body(path, 'worker groups')
        if isinstance(body, list):
            return [item for item in body if isinstance(item, dict)]
        items = (body or {}).get('workerGroups')
        if items is None:
            items = (body or {}).get('results')
        return [item for item in items or () if isinstance(item, dict)]

    def raw_tokens(self, owner_type, owner_id):
        if owner_type == 'USER':
            path = '/api/v1/users/%s/api-tokens' % _quote(owner_id)
        else:
            path = self.client.api_path('service-accounts', owner_id, 'api-tokens')
        body = self._body(path, 'API tokens of %s' % owner_id)
        if isinstance(body, list):
            return body
        return (body or {}).get('results') or []

    # ---- names --------------------------------------------------------------------------------

    def group_names(self):
        return dict((g.get('id'), g.get('name')) for g in self.raw_groups())

    def role_names(self):
        return dict((r.get('id'), r.get('name')) for r in self.raw_roles())

    def subject_names(self):
        """{id: email or name} for the users and service accounts."""
        names = {}
        for user in self.raw_users():
            names[user.get('id')] = user_email(user)
        for account in self.raw_service_accounts():
            names[account.get('id')] = _first(account, 'name', 'username')
        return names

    def service_account_ids(self):
        return set(account.get('id') for account in self.raw_service_accounts())

    def membership(self):
        """{subject_id: [group names]} from the members of every group."""
        found = {}
        for group in self.raw_groups():
            for member in self.members(group.get('id')):
                found.setdefault(member.get('id'), []).append(group.get('name'))
        return dict((subject, sorted(names)) for subject, names in found.items())


def _quote(value):
    try:
        from urllib.parse import quote
    except ImportError:  # Python 2 (never the controller)
        from urllib import quote  # pylint: disable=no-name-in-module
    return quote(str(value), safe='')


def user_email(user):
    return _first(user, 'email', 'username')


def _compact(record):
    return dict((key, value) for key, value in record.items() if value is not None)


# ---- one function per kind: the records as the result gives them -------------------------------

def list_users(reader):
    membership = reader.membership()
    users = []
    for user in reader.raw_users():
        users.append(_compact({
            'id': user.get('id'),
            'email': user_email(user),
            'username': user.get('username'),
            'first_name': user.get('firstName'),
            'last_name': user.get('lastName'),
            'display_name': user.get('displayName'),
            'description': user.get('description'),
            'superadmin': bool(user.get('superAdmin')),
            'restricted': user.get('restricted'),
            'groups': membership.get(user.get('id'), []),
        }))
    return sorted(users, key=lambda item: (item.get('email') or '', item.get('id') or ''))


def _member_name(member, reader):
    """A member's email (a user) or name (a service account), from the member listing or the listings."""
    name = _first(member, 'email', 'username', 'name')
    if name is None:
        name = reader.subject_names().get(member.get('id'), member.get('id'))
    return name


def list_groups(reader):
    groups = []
    for group in reader.raw_groups():
        member_names = sorted(set(_member_name(member, reader) for member in reader.members(group.get('id'))))
        groups.append(_compact({
            'id': group.get('id'),
            'name': group.get('name'),
            'description': group.get('description'),
            'members': member_names,
        }))
    return sorted(groups, key=lambda item: (item.get('name') or '', item.get('id') or ''))


def _permissions(value):
    """{RESOURCE: sorted actions} from Kestra's permissions (a mapping, or a list of {type, actions})."""
    if isinstance(value, list):
        value = dict((item.get('type'), item.get('actions') or []) for item in value if isinstance(item, dict))
    return dict((resource, sorted(set(actions or []))) for resource, actions in (value or {}).items() if actions)


def list_roles(reader):
    roles = []
    for summary in reader.raw_roles():
        detail = summary if 'permissions' in summary else reader.role_detail(summary.get('id'))
        detail = dict(summary, **(detail or {}))
        roles.append(_compact({
            'id': detail.get('id'),
            'name': detail.get('name'),
            'description': detail.get('description'),
            'permissions': _permissions(detail.get('permissions')),
            'is_default': bool(_first(detail, 'isDefault', 'default')),
            'is_managed': detail.get('isManaged'),
        }))
    return sorted(roles, key=lambda item: (item.get('name') or '', item.get('id') or ''))


def _binding_subject(binding, reader):
    """(subject type, subject id, subject name) of a binding, from its detail or its record form."""
    if binding.get('type') == 'GROUP':
        group = binding.get('group') if isinstance(binding.get('group'), dict) else {}
        subject_id = group.get('id') or binding.get('externalId')
        return 'GROUP', subject_id, group.get('name') or reader.group_names().get(subject_id)
    user = binding.get('user') if isinstance(binding.get('user'), dict) else {}
    subject_id = user.get('id') or binding.get('externalId')
    # Kestra's UserType: STANDARD (a user) or SERVICE_ACCOUNT
    subject_type = {'STANDARD': 'USER'}.get(user.get('type'), user.get('type'))
    if subject_type not in ('USER', 'SERVICE_ACCOUNT'):
        # the answer does not say: a service account is a user of another type, listed apart
        subject_type = 'SERVICE_ACCOUNT' if subject_id in reader.service_account_ids() else 'USER'
    name = reader.subject_names().get(subject_id) or _first(user, 'username', 'displayName')
    return subject_type, subject_id, name


# the kestra_binding option that names each kind of subject
SUBJECT_OPTION = {'USER': 'user', 'SERVICE_ACCOUNT': 'service_account', 'GROUP': 'group'}


def list_bindings(reader):
    """Each binding with its subject and role by name, under the option names of kestra_binding."""
    bindings = []
    for binding in reader.raw_bindings():
        role = binding.get('role') if isinstance(binding.get('role'), dict) else {}
        role_id = role.get('id') or binding.get('roleId')
        subject_type, subject_id, subject = _binding_subject(binding, reader)
        entry = {
            'id': binding.get('id'),
            'type': binding.get('type'),
            'subject_type': subject_type,
            'subject': subject,
            'subject_id': subject_id,
            'role': role.get('name') or reader.role_names().get(role_id),
            'role_id': role_id,
            'namespace': _first(binding, 'namespace', 'namespaceId') or None,
        }
        entry[SUBJECT_OPTION[subject_type]] = subject
        bindings.append(entry)
    return sorted(bindings, key=lambda item: (item['subject_type'], item['subject'] or '', item['role'] or '',
                                              item['namespace'] or '', item['id'] or ''))


def list_service_accounts(reader):
    group_names = None
    accounts = []
    for account in reader.raw_service_accounts():
        groups = account.get('groups')
        if groups is None:
            groups = [{'name': name} for name in reader.membership().get(account.get('id'), [])]
        names = []
        for group in groups:
            name = group.get('name') if isinstance(group, dict) else None
            if name is None and isinstance(group, dict):
                if group_names is None:
                    group_names = reader.group_names()
                name = group_names.get(group.get('id'), group.get('id'))
            names.append(name)
        accounts.append(_compact({
            'id': account.get('id'),
            'name': _first(account, 'name', 'username'),
            'description': account.get('description'),
            'superadmin': account.get('superAdmin'),
            'groups': sorted(names),
        }))
    return sorted(accounts, key=lambda item: (item.get('name') or '', item.get('id') or ''))


def token_metadata(token, owner_type, owner_id, owner):
    """The metadata of one API token: never its value, nor its prefix."""
    entry = dict((name, token.get(json_name)) for json_name, name in TOKEN_FIELDS)
    entry.update(owner_type=owner_type, owner_id=owner_id, owner=owner)
    return _compact(entry)


def list_api_tokens(reader):
    tokens = []
    owners = [('USER', user.get('id'), user_email(user)) for user in reader.raw_users()]
    owners += [('SERVICE_ACCOUNT', account.get('id'), _first(account, 'name', 'username'))
               for account in reader.raw_service_accounts()]
    for owner_type, owner_id, owner in owners:
        for token in reader.raw_tokens(owner_type, owner_id):
            tokens.append(token_metadata(token, owner_type, owner_id, owner))
    return sorted(tokens, key=lambda item: (item.get('owner') or '', item.get('name') or '', item.get('id') or ''))


def tenant_record(tenant):
    entry = {'id': tenant.get('id')}
    for json_name, name in TENANT_FIELDS:
        if tenant.get(json_name) is not None:
            entry[name] = tenant[json_name]
    for json_name, name in TENANT_SECRET_FIELDS:
        if tenant.get(json_name):
            entry[name] = SECRET_SHOWN
    return entry


def list_tenants(reader):
    tenants = [tenant_record(tenant) for tenant in reader.raw_tenants() if not tenant.get('deleted')]
    return sorted(tenants, key=lambda item: item.get('id') or '')


def worker_group_record(group):
    entry = _compact({
        'id': group.get('id'),
        'key': _first(group, 'key', 'id'),
        'name': group.get('name'),
        'description': group.get('description'),
        'deletable': group.get('deletable'),
        'created': group.get('createdAt'),
        'updated': group.get('updatedAt'),
    })
    if group.get('tokens') is not None:
        entry['tokens'] = [_compact(dict((name, token.get(json_name)) for json_name, name in WORKER_TOKEN_FIELDS))
                           for token in group.get('tokens') or [] if isinstance(token, dict)]
    return entry


def list_worker_groups(reader):
    return sorted((worker_group_record(group) for group in reader.raw_worker_groups()),
                  key=lambda item: item.get('key') or '')


LISTERS = {
    'users': list_users,
    'groups': list_groups,
    'roles': list_roles,
    'bindings': list_bindings,
    'service_accounts': list_service_accounts,
    'api_tokens': list_api_tokens,
    'tenants': list_tenants,
    'worker_groups': list_worker_groups,
}


def run(params, client, ctx):
    reader = AccessReader(client)
    result = {'changed': False}
    for kind in KINDS:
        if kind in params['kinds']:
            result[kind] = LISTERS[kind](reader)
    return result


TASK = TaskSpec('kestra_access_info', ARGUMENT_SPEC, run)
