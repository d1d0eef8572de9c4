# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Kestra Enterprise Edition's namespace-secret API (docs/dev/kestra-api/namespaces-secrets.md).

- GET    /api/v1/{t}/secrets?filters[namespace][EQUALS]=NS&page=&size=  the secrets' metadata
         ({results: [{key, namespace, description, tags: [{key, value}]}], total}); never a value
- PUT    .../namespaces/{ns}/secrets     body {key, value, description, tags}: creates or replaces
- PATCH  .../namespaces/{ns}/secrets/{k} body {key, description, tags}: metadata only, the value is kept
- DELETE .../namespaces/{ns}/secrets/{k}
The only 1.x/2.0 difference is the per-namespace listing (GET .../namespaces/{ns}/secrets, deprecated
in 1.x, gone in 2.0): the global listing above exists in both, so no version probe is needed.
An OSS server has none of these routes (HTTP 404): the listing's 404 is told apart from another 404
by the edition GET /api/v1/configs reports, probed only then.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._error_body import kestra_message
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError

PAGE_SIZE = 500
NEEDS_EE = 'needs Kestra Enterprise Edition'


def tags_from_api(tags):
    """{key: value} from Kestra's [{key, value}] (None and [] as {})."""
    found = {}
    for tag in tags or ():
        if isinstance(tag, dict) and 'key' in tag:
            found[str(tag['key'])] = tag.get('value')
    return found


def tags_to_api(tags):
    """Kestra's [{key, value}], sorted by key, from {key: value}."""
    return [{'key': key, 'value': tags[key]} for key in sorted(tags or {})]


class SecretApi(object):
    """The secrets of one namespace."""

    def __init__(self, client, namespace):
        self.client = client
        self.namespace = namespace
        self._secrets = client.api_path('namespaces', namespace, 'secrets')

    def _context(self, key=None):
        return 'secret %s/%s' % (self.namespace, key) if key else 'secrets of %s' % self.namespace

    def list(self):
        """{key: {'description', 'tags': {k: v}}} of the namespace's own secrets (not the inherited ones)."""
        path = self.client.api_path('secrets')
        found = {}
        page = 1
        while True:
            params = [('filters[namespace][EQUALS]', self.namespace), ('page', page), ('size', PAGE_SIZE)]
            body = self.client.get_json(path, params=params, allow_missing=True, context=self._context())
            if body is None:
                self._raise_not_found('GET', path, None)
            results = body.get('results') if isinstance(body, dict) else None
            results = results if isinstance(results, list) else []
            for item in results:
                if isinstance(item, dict) and item.get('namespace') == self.namespace and item.get('key'):
                    found[item['key']] = {'description': item.get('description'),
                                          'tags': tags_from_api(item.get('tags'))}
            total = body.get('total') if isinstance(body, dict) else None
            if not results or len(results) < PAGE_SIZE or (isinstance(total, int) and page * PAGE_SIZE >= total):
                return found
            page += 1

    def _raise_not_found(self, method, path, response, key=None):
        """The 404 of a secrets route: 'needs EE' unless the server says it is an Enterprise one."""
        edition = self._edition()
        request = '%s %s answered HTTP 404' % (method, path)
        if edition == 'EE':
            detail = kestra_message(response.text, response.headers.get('Content-Type', '')) if response is not None \
                else None
            raise KestraError('%s: %s%s' % (self._context(key), request, ': %s' % detail if detail else ''), status=404,
                              method=method, path=path)
        why = 'the server reports edition %s' % edition if edition else 'it has no secrets API'
        raise KestraError('%s: kestra_secret %s: %s (%s)' % (self._context(key), NEEDS_EE, request, why),
                          status=404, method=method, path=path)

    def _edition(self):
        """'EE', 'OSS' or None, from GET /api/v1/configs (one request, only when a secrets route answered 404)."""
        try:
            response = self.client.request('GET', '/api/v1/configs', allow=(401, 403, 404, 405),
                                           context='server edition probe')
            body = response.json() if response.status_code == 200 else None
        except (KestraError, ValueError):
            return None
        edition = body.get('edition') if isinstance(body, dict) else None
        return str(edition).upper() if edition else None

    def put(self, key, value, description, tags):
        """Create or replace the secret: value, description and tags (all sent)."""
        body = {'key': key, 'value': value, 'tags': tags_to_api(tags)}
        if description is not None:
            body['description'] = description
        response = self.client.request('PUT', self._secrets, json=body, allow=(404,), context=self._context(key))
        if response.status_code == 404:
            self._raise_not_found('PUT', self._secrets, response, key)

    def patch(self, key, description, tags):
        """Change the description and tags; the value is kept."""
        body = {'key': key, 'description': description, 'tags': tags_to_api(tags)}
        self.client.request('PATCH', self.client.api_path('namespaces', self.namespace, 'secrets', key), json=body,
                            context=self._context(key))

    def delete(self, key):
        """Delete the secret; one already gone (HTTP 404) is not an error."""
        self.client.request('DELETE', self.client.api_path('namespaces', self.namespace, 'secrets', key),
                            allow=(404,), context=self._context(key))
