# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""The Kestra KV endpoints (docs/dev/kestra-api/kv.md), with the 1.x / 2.0 differences kept here.

Listing: 1.x has GET namespaces/{ns}/kv (one array); 2.0 removed it and has only the
paged GET /kv filtered by namespace. Entries are returned in one shape:
{namespace, key, description, creation_date, update_date, expiration_date, revision}.
"""

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_values import canonical, parse_json

PAGE_SIZE = 100
# requests in flight at once for many keys: enough to hide the round trips, few enough for any server
PARALLEL_REQUESTS = 8
TEXT_PLAIN = 'text/plain; charset=utf-8'


class StoredValue(object):
    """A value read from Kestra: its KV type and canonical value."""

    def __init__(self, kv_type, value):
        self.type = kv_type
        self.value = value


class KVApi(object):

    def __init__(self, client):
        self.client = client

    def _path(self, namespace, *rest):
        return self.client.api_path('namespaces', namespace, 'kv', *rest)

    @staticmethod
    def _context(namespace, key=None):
        return 'kv %s/%s' % (namespace, key) if key else 'kv namespace %s' % namespace

    def get(self, namespace, key):
        """The StoredValue of a key, or None when it is missing or has expired (Kestra answers 404 / 410)."""
        response = self.client.request('GET', self._path(namespace, key), allow=(404, 410),
                                       context=self._context(namespace, key))
        if response.status_code in (404, 410):
            return None
        try:
            detail = parse_json(response.text)
        except ValueError:
            raise KestraError('%s: GET %s: the answer is not JSON: %s' % (
                self._context(namespace, key), self._path(namespace, key), response.text[:200]),
                status=response.status_code)
        kv_type = detail.get('type') or 'STRING'
        return StoredValue(kv_type, canonical(kv_type, detail.get('value')))

    def get_many(self, namespace, keys):
        """{key: StoredValue or None} for many keys, read a few at a time."""
        keys = list(keys)
        return dict(zip(keys, self.in_parallel(lambda key: self.get(namespace, key), keys)))

    def put_many(self, namespace, writes):
        """PUT many keys, a few at a time; writes are (key, body, ttl, description) tuples."""
        self.in_parallel(lambda write: self.put(namespace, *write), list(writes))

    @staticmethod
    def in_parallel(call, items):
        """call(item) for every item, in order; the first failure is raised once all calls are done."""
        if len(items) < 2:
            return [call(item) for item in items]
        with ThreadPoolExecutor(max_workers=min(PARALLEL_REQUESTS, len(items))) as pool:
            futures = [pool.submit(call, item) for item in items]
        return [future.result() for future in futures]

    def put(self, namespace, key, body, ttl=None, description=None):
        headers = {'Content-Type': TEXT_PLAIN}
        if ttl:
            headers['ttl'] = ttl
        if description:
            headers['description'] = description
        self.client.request('PUT', self._path(namespace, key), data=body.encode('utf-8'), headers=headers,
                            context=self._context(namespace, key))

    def delete(self, namespace, key):
        """True when Kestra deleted the key, False when it did not exist."""
        return bool(self.client.send_json('DELETE', self._path(namespace, key), context=self._context(namespace, key)))

    def delete_many(self, namespace, keys):
        """The keys Kestra actually deleted (missing ones are skipped)."""
        if not keys:
            return []
        body = self.client.send_json('DELETE', self._path(namespace), json={'keys': list(keys)},
                                     context=self._context(namespace))
        return list((body or {}).get('keys') or [])

    def list(self, namespace):
        """The live (not expired) entries of one namespace, sorted by key."""
        if self.client.is_v2:
            raw = self._list_paged(namespace)
        else:
            raw = self.client.get_json(self._path(namespace), context=self._context(namespace)) or []
        return sorted((_entry(item) for item in raw), key=lambda entry: entry['key'])

    def _list_paged(self, namespace):
        items, page = [], 1
        path = self.client.api_path('kv')
        while True:
            body = self.client.get_json(path, params={
                'page': page, 'size': PAGE_SIZE, 'sort': 'key:asc', 'filters[namespace][EQUALS]': namespace,
            }, context=self._context(namespace)) or {}
            results = body.get('results') or []
            items.extend(results)
            if not results or len(items) >= int(body.get('total') or 0):
                return items
            page += 1

    def list_inherited(self, namespace):
        """Entries of the parent namespaces, nearest first, one per key (the namespace itself left out)."""
        raw = self.client.get_json(self._path(namespace, 'inheritance'), context=self._context(namespace)) or []
        return [_entry(item) for item in raw]


def _entry(item):
    return {
        'namespace': item.get('namespace'),
        'key': item.get('key'),
        'description': item.get('description'),
        'creation_date': item.get('creationDate'),
        'update_date': item.get('updateDate'),
        'expiration_date': item.get('expirationDate'),
        # 1.x calls it version, 2.0 revision
        'revision': item.get('revision', item.get('version')),
    }
