# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Kestra's namespace-file API (docs/dev/kestra-api/namespace-files.md).

Paths are absolute inside the namespace ('/scripts/run.py') and go in the query string.
- GET    .../namespaces/{ns}/files/search?q=S  every file path (no directories) containing S
- GET    .../namespaces/{ns}/files?path=P      the bytes of the file (404 when missing)
- POST   .../namespaces/{ns}/files?path=P      multipart part 'fileContent': creates or overwrites;
                                               an upload whose file name ends in .zip is unpacked
- DELETE .../namespaces/{ns}/files?path=P      deletes the file (and parent folders left empty)
The same routes in Kestra 1.x and 2.0.
"""

# the multipart file name: never one ending in '.zip', which Kestra would unpack into many files
UPLOAD_NAME = 'content'


def under(path, scope):
    """Whether path is scope itself or inside the directory scope ('/' holds everything)."""
    if scope == '/':
        return True
    return path == scope or path.startswith(scope.rstrip('/') + '/')


class NamespaceFileApi(object):
    """The files of one namespace."""

    def __init__(self, client, namespace):
        self.client = client
        self.namespace = namespace
        self._files = client.api_path('namespaces', namespace, 'files')

    def _context(self, path=None):
        return 'namespace file %s:%s' % (self.namespace, path or '/')

    def list_paths(self, scope='/'):
        """The paths of the stored files inside scope, sorted (one request)."""
        found = self.client.get_json(self._files + '/search', params={'q': scope}, allow_missing=True,
                                     context=self._context(scope)) or []
        paths = set()
        for path in found:
            path = '/' + str(path).lstrip('/')
            if under(path, scope):
                paths.add(path)
        return sorted(paths)

    def read(self, path):
        """The bytes of a file, or None when it does not exist."""
        response = self.client.request('GET', self._files, params={'path': path}, allow=(404,),
                                       headers={'Accept': 'application/octet-stream, */*'},
                                       context=self._context(path))
        if response.status_code == 404:
            return None
        return response.content

    def upload(self, path, data):
        self.client.request('POST', self._files, params={'path': path},
                            files={'fileContent': (UPLOAD_NAME, data, 'application/octet-stream')},
                            context=self._context(path))

    def delete(self, path):
        self.client.request('DELETE', self._files, params={'path': path}, allow=(404,), context=self._context(path))
