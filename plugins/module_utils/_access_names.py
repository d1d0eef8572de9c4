# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Names of Kestra Enterprise access objects resolved to their server ids
(docs/dev/kestra-api/access-groups-roles.md).

Listings (paged, {results: [...], total}; page is 1-based):
- user             GET /api/v1/users                       instance-level; matched by email
                                                           (the summary has 'username', which is the email)
- group            GET /api/v1/{tenant}/groups/search      matched by name
- role             GET /api/v1/{tenant}/roles/search       matched by name
- service_account  GET /api/v1/{tenant}/service-accounts   (tenant_scoped) or GET /api/v1/service-accounts
                                                           (instance-level); matched by name

A listing without a filter is the same request on 1.x and 2.0, so resolving names needs no version probe.
A text filter (query=) differs: 2.0 reads only filters[q][EQUALS]=TEXT, while the 1.x group and role
searches read only q=TEXT (the 1.x user and service account listings read both); the filter is a
server-side 'contains' search, so exact matching is always done here.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError

PAGE_SIZE = 100
NEEDS_EE = 'needs Kestra Enterprise Edition'

KINDS = ('user', 'group', 'role', 'service_account')

# kind: (label used in messages, path segments, tenant-scoped by nature, key fields matched in order)
_LISTINGS = {
    'user': ('user', ('users',), False, ('email', 'username')),
    'group': ('group', ('groups', 'search'), True, ('name',)),
    'role': ('role', ('roles', 'search'), True, ('name',)),
    'service_account': ('service account', ('service-accounts',), None, ('name', 'username')),
}

# 1.x searches of groups and roles take q=, not filters[q][EQUALS]=
_LEGACY_QUERY = ('group', 'role')


def _spec(kind):
    if kind not in _LISTINGS:
        raise KestraInputError('unknown access kind %r (one of %s)' % (kind, ', '.join(KINDS)))
    return _LISTINGS[kind]


def label(kind):
    """'service account' for 'service_account', the kind itself for the others."""
    return _spec(kind)[0]


def listing_path(client, kind, tenant_scoped=True):
    """The path of the listing of one kind (users are instance-level whatever tenant_scoped says)."""
    segments, by_tenant = _spec(kind)[1], _spec(kind)[2]
    if by_tenant is None:
        by_tenant = tenant_scoped
    if by_tenant:
        return client.api_path(*segments)
    return '/api/v1/' + '/'.join(segments)


def query_params(kind, query, is_v2):
    """The text filter of a listing, in the style of the server's line (pure)."""
    if query is None or query == '':
        return []
    if is_v2 or kind not in _LEGACY_QUERY:
        return [('filters[q][EQUALS]', query)]
    return [('q', query)]


def record_key(kind, record):
    """The name a record is known by: a user's email (or username), the others' name; None if it has none."""
    if not isinstance(record, dict):
        return None
    for field in _spec(kind)[3]:
        value = record.get(field)
        if value not in (None, ''):
            return str(value)
    return None


def _same(kind, left, right):
    # e-mail addresses are compared without case, as Kestra's own user lookups do
    if kind == 'user':
        return left.lower() == right.lower()
    return left == right


def next_page(results, total, fetched, size):
    """True when another page must be read (pure): the last one was full and 'total' was not reached."""
    if not results or len(results) < size:
        return False
    if isinstance(total, int) and not isinstance(total, bool) and fetched >= total:
        return False
    return True


def list_all(client, kind, tenant_scoped=True, query=None):
    """Every record of one kind, all pages read (page size PAGE_SIZE).

    kind is 'user', 'group', 'role' or 'service_account'; tenant_scoped chooses the tenant's or the
    instance-level listing of service accounts (groups and roles are always the tenant's, users always
    instance-level). query is an optional server-side text filter (needs the version, probed only then).
    Records are returned as Kestra gives them. An OSS server fails with 'needs Kestra Enterprise Edition'.
    """
    path = listing_path(client, kind, tenant_scoped)
    extra = query_params(kind, query, client.is_v2) if query else []
    context = '%ss' % label(kind)
    records = []
    page = 1
    while True:
        params = [('page', page), ('size', PAGE_SIZE)] + extra
        response = client.request('GET', path, params=params, allow=(404, 405), context=context)
        if response.status_code in (404, 405):
            raise not_found_error(client, context, 'GET', path, response)
        try:
            body = response.json()
        except ValueError:
            raise KestraError('%s: GET %s answered something that is not JSON' % (context, path),
                              status=response.status_code, method='GET', path=path)
        if isinstance(body, list):
            # a plain array is a complete listing
            records.extend(item for item in body if isinstance(item, dict))
            return records
        results = body.get('results') if isinstance(body, dict) else None
        results = [item for item in results if isinstance(item, dict)] if isinstance(results, list) else []
        records.extend(results)
        if not next_page(results, body.get('total') if isinstance(body, dict) else None, len(records), PAGE_SIZE):
            return records
        page += 1


def match_names(kind, records, names):
    """{name: id} for each name among the records (pure); raises KestraError for a missing or ambiguous name.

    Every problem is reported at once: the missing names, and each ambiguous name with its candidates' ids.
    """
    what = label(kind)
    found = {}
    missing = []
    ambiguous = []
    for name in names:
        name = str(name)
        if name in found:
            continue
        ids = []
        for record in records:
            key = record_key(kind, record)
            if key is not None and record.get('id') and _same(kind, key, name) and str(record['id']) not in ids:
                ids.append(str(record['id']))
        if not ids:
            missing.append(name)
        elif len(ids) > 1:
            ambiguous.append((name, ids))
        else:
            found[name] = ids[0]
    problems = []
    if missing:
        problems.extend("no %s named '%s'" % (what, name) for name in missing)
    for name, ids in ambiguous:
        problems.append("%s name '%s' is ambiguous: %d %ss have it (ids %s); rename all but one of them in Kestra" % (
            what, name, len(ids), what, ', '.join(sorted(ids))))
    if problems:
        result = {}
        if missing:
            result['missing'] = missing
        if ambiguous:
            result['ambiguous'] = dict((n, sorted(i)) for n, i in ambiguous)
        raise KestraError('; '.join(problems), result=result)
    return found


def resolve_ids(client, kind, names, tenant_scoped=True):
    """{name: id} for the names of one kind (users by email, the others by name), from one listing.

    No request is sent when names is empty. A missing name raises KestraError "no <kind> named 'x'";
    an ambiguous name raises KestraError listing the candidates' ids.
    """
    names = [str(name) for name in names or ()]
    if not names:
        return {}
    return match_names(kind, list_all(client, kind, tenant_scoped=tenant_scoped), names)


def names_by_id(kind, records):
    """{id: name} of the records (pure), for showing ids read from Kestra by the names users declare."""
    found = {}
    for record in records:
        key = record_key(kind, record)
        if isinstance(record, dict) and record.get('id') and key is not None:
            found[str(record['id'])] = key
    return found


def edition(client):
    """'EE', 'OSS', or None when GET /api/v1/configs does not say (one request)."""
    try:
        response = client.request('GET', '/api/v1/configs', allow=(401, 403, 404, 405), context='server edition probe')
        body = response.json() if response.status_code == 200 else None
    except (KestraError, ValueError):
        return None
    value = body.get('edition') if isinstance(body, dict) else None
    return str(value).upper() if value else None


def not_found_error(client, context, method, path, response=None):
    """The KestraError for a 404/405 answer of an access route: 'needs EE' unless the server says it is EE.

    Kestra OSS has none of these routes: 404, or 405 where OSS serves the path for another method.
    """
    status = response.status_code if response is not None else 404
    request = '%s %s answered HTTP %d' % (method, path, status)
    found = edition(client)
    if found == 'EE':
        return KestraError('%s: %s' % (context, request), status=status, method=method, path=path)
    why = 'the server reports edition %s' % found if found else 'Kestra OSS has no such route'
    return KestraError('%s: %s: %s (%s)' % (context, NEEDS_EE, request, why), status=status, method=method, path=path)
