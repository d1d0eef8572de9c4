# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""The Kestra flow endpoints the collection uses (docs/dev/kestra-api/flows.md).

The same requests work on Kestra 1.x and 2.0: flows by id, the validate
endpoint, the namespace list and the ZIP export by query with a
filters[namespace][EQUALS] filter (2.0 ignores the deprecated 'namespace'
parameter, and in 1.x that parameter is a prefix that would include child
namespaces).
"""

import io
import zipfile

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError
from ansible_collections.kestra_io.kestra.plugins.module_utils._flow_source import stored_identity

YAML_HEADERS = {'Content-Type': 'application/x-yaml'}
FLOW_SEARCH_PAGE = 50


class StoredFlow(object):
    """What Kestra holds for one flow: source, and revision when known."""

    def __init__(self, namespace, flow_id, source, revision=None):
        self.namespace = namespace
        self.id = flow_id
        self.source = source
        self.revision = revision


class FlowApi(object):

    def __init__(self, client):
        self.client = client

    def _path(self, *segments):
        return self.client.api_path('flows', *segments)

    @staticmethod
    def _context(namespace, flow_id):
        return 'flow %s/%s' % (namespace, flow_id)

    def get(self, namespace, flow_id):
        """The live flow with its source, or None (missing or deleted)."""
        body = self.client.get_json(self._path(namespace, flow_id), params={'source': 'true'}, allow_missing=True,
                                    context=self._context(namespace, flow_id))
        if body is None:
            return None
        return StoredFlow(namespace, flow_id, body.get('source') or '', body.get('revision'))

    def namespace_sources(self, namespace):
        """{id: StoredFlow} of the live flows of exactly this namespace, in one request (a ZIP of sources)."""
        response = self.client.request(
            'GET', self._path('export', 'by-query'), params={'filters[namespace][EQUALS]': namespace},
            headers={'Accept': 'application/octet-stream'}, context='flows of namespace %s' % namespace)
        try:
            archive = zipfile.ZipFile(io.BytesIO(response.content))
            entries = [(name, archive.read(name).decode('utf-8')) for name in archive.namelist()
                       if name.endswith(('.yml', '.yaml'))]
        except (zipfile.BadZipfile, UnicodeDecodeError) as exc:
            raise KestraError('flows of namespace %s: the export is not a readable ZIP of flow sources (%s)'
                              % (namespace, exc), status=response.status_code)
        flows = {}
        for _name, source in entries:
            identity = stored_identity(source)
            # the filter is exact, but never act on a flow of another namespace if a server answered more
            if identity is not None and identity[0] == namespace:
                flows[identity[1]] = StoredFlow(namespace, identity[1], source)
        return flows

    def namespace_revisions(self, namespace):
        """{id: revision} of the live flows of exactly this namespace."""
        listed = self.client.get_json(self._path(namespace), context='flows of namespace %s' % namespace) or []
        return dict((item.get('id'), item.get('revision')) for item in listed if item.get('namespace') == namespace)

    # ---- reads of kestra_flow_info (docs/dev/kestra-api/search.md) ----------------------------------

    def read(self, namespace, flow_id, source=True):
        """Kestra's JSON of the live flow (with `source` when asked), or None when missing or deleted."""
        return self.client.get_json(self._path(namespace, flow_id), params={'source': 'true' if source else 'false'},
                                    allow_missing=True, context=self._context(namespace, flow_id))

    def revisions(self, namespace, flow_id):
        """Every stored revision of the flow, oldest first, each with its source ([] when there is none)."""
        listed = self.client.get_json(self._path(namespace, flow_id, 'revisions'), allow_missing=True,
                                      context='revisions of flow %s/%s' % (namespace, flow_id)) or []
        return sorted((item for item in listed if not item.get('deleted')), key=lambda item: item.get('revision') or 0)

    def list_namespace(self, namespace):
        """Kestra's JSON of the live flows of exactly this namespace (no source), in one request."""
        listed = self.client.get_json(self._path(namespace), context='flows of namespace %s' % namespace) or []
        return [item for item in listed if item.get('namespace') == namespace]

    @staticmethod
    def query_params(namespace=None, include_child_namespaces=False, query=None, labels=None):
        """The filters[...] of a flow search or export (read by 1.x and 2.0 alike)."""
        params = []
        if namespace:
            params.append(('filters[namespace][%s]' % ('PREFIX' if include_child_namespaces else 'EQUALS'), namespace))
        if query:
            params.append(('filters[q][EQUALS]', query))
        for key, value in sorted((labels or {}).items()):
            params.append(('filters[labels][EQUALS][%s]' % key, value))
        return params

    def search(self, namespace=None, include_child_namespaces=False, query=None, labels=None, limit=None):
        """(flows, total): Kestra's JSON of the matching live flows (no source), sorted by namespace then id,
        every page read (one GET /flows/search per FLOW_SEARCH_PAGE flows), at most `limit` of them."""
        params = self.query_params(namespace, include_child_namespaces, query, labels)
        params += [('sort', 'namespace:asc'), ('sort', 'id:asc')]
        size = min(limit, FLOW_SEARCH_PAGE) if limit else FLOW_SEARCH_PAGE
        found, seen, total, page = [], set(), None, 1
        while True:
            body = self.client.get_json(self._path('search'), params=params + [('page', str(page)), ('size', str(size))],
                                        context='search for flows') or {}
            results = body.get('results') or []
            if total is None:
                total = body.get('total')
            for item in results:
                key = (item.get('namespace'), item.get('id'))
                if key in seen or (namespace and not (
                        key[0] == namespace or (include_child_namespaces and (key[0] or '').startswith(namespace + '.')))):
                    continue
                seen.add(key)
                found.append(item)
                if limit and len(found) >= limit:
                    return found, total if total is not None else len(found)
            if len(results) < size or (body.get('total') is not None and page * size >= body['total']):
                return found, total if total is not None else len(found)
            page += 1

    def sources_by_query(self, namespace=None, include_child_namespaces=False, query=None, labels=None):
        """{(namespace, id): source} of the live flows a query selects, in one request (the ZIP export)."""
        response = self.client.request(
            'GET', self._path('export', 'by-query'),
            params=self.query_params(namespace, include_child_namespaces, query, labels),
            headers={'Accept': 'application/octet-stream'}, context='export of flow sources')
        try:
            archive = zipfile.ZipFile(io.BytesIO(response.content))
            entries = [archive.read(name).decode('utf-8') for name in archive.namelist()
                       if name.endswith(('.yml', '.yaml'))]
        except (zipfile.BadZipfile, UnicodeDecodeError) as exc:
            raise KestraError('export of flow sources: not a readable ZIP of flow sources (%s)' % exc,
                              status=response.status_code)
        sources = {}
        for source in entries:
            identity = stored_identity(source)
            if identity is not None:
                sources[identity] = source
        return sources

    def validate(self, sources):
        """Kestra's verdict on each source, in order (one POST for all; read-only, so retried)."""
        if not sources:
            return []
        # documents end with a newline: joined, Kestra's '\n+---' split gives them back one by one
        answers = self.client.send_json('POST', self._path('validate'), data='---\n'.join(sources).encode('utf-8'),
                                        headers=YAML_HEADERS, idempotent=True, read_only=True,
                                        context='flow validation')
        if not isinstance(answers, list) or len(answers) != len(sources):
            raise KestraError('flow validation: Kestra answered %d results for %d flows'
                              % (len(answers) if isinstance(answers, list) else 0, len(sources)))
        return answers

    def create(self, namespace, flow_id, source):
        body = self.client.send_json('POST', self._path(), data=source.encode('utf-8'), headers=YAML_HEADERS,
                                     context=self._context(namespace, flow_id))
        return (body or {}).get('revision')

    def update(self, namespace, flow_id, source):
        body = self.client.send_json('PUT', self._path(namespace, flow_id), data=source.encode('utf-8'),
                                     headers=YAML_HEADERS, context=self._context(namespace, flow_id))
        return (body or {}).get('revision')

    def import_sources(self, named_sources):
        """Upsert many flows in one request (a ZIP of 'name' -> source); returns the names Kestra failed to import.

        Kestra's import creates or updates each flow (an identical one keeps its
        revision) and never deletes anything. It creates flows, so it is never retried.
        """
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
            for name, source in named_sources:
                archive.writestr(name, source.encode('utf-8'))
        response = self.client.request(
            'POST', self._path('import'), params={'failOnError': 'false'},
            files={'fileUpload': ('flows.zip', buffer.getvalue(), 'application/zip')}, context='flow import')
        try:
            failed = response.json() if response.text.strip() else []
        except ValueError:
            raise KestraError('flow import: the answer is not JSON: %s' % response.text[:200], status=response.status_code)
        return [str(name) for name in failed or []]

    def delete(self, namespace, flow_id):
        """True when deleted, False when it was already gone."""
        response = self.client.request('DELETE', self._path(namespace, flow_id), allow=(404,),
                                       context=self._context(namespace, flow_id))
        return response.status_code != 404
