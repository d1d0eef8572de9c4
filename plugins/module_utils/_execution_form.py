# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""The multipart/form-data body of an execution start: one text part per input, files streamed from disk.

requests' own `files=` builds the whole body in memory; this body is read in
chunks instead (a file-like object with a known length), so a large file input
never sits in memory.
"""

import json
import os
import uuid

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError

CHUNK_SIZE = 64 * 1024


def input_text(value):
    """An input value as Kestra reads a text part: JSON for lists/dicts, true/false for booleans."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return '%s' % (value,)


def _quote(name):
    return name.replace('\\', '\\\\').replace('"', '\\"').replace('\r', ' ').replace('\n', ' ')


class MultipartForm(object):
    """A streamed multipart body: pass it as `data=` with `headers={'Content-Type': form.content_type}`."""

    def __init__(self, inputs=None, files=None, boundary=None):
        self.boundary = boundary or uuid.uuid4().hex
        self._segments = []
        for name, value in sorted((inputs or {}).items()):
            if value is None:
                continue
            self._add_bytes(self._header(name) + input_text(value).encode('utf-8') + b'\r\n')
        for name, path in sorted((files or {}).items()):
            if not os.path.isfile(path):
                raise KestraInputError('files.%s: %s is not a readable file' % (name, path))
            self._add_bytes(self._header(name, os.path.basename(path)))
            self._segments.append(path)
            self._add_bytes(b'\r\n')
        self._add_bytes(('--%s--\r\n' % self.boundary).encode('ascii'))
        self._length = sum(len(s) if isinstance(s, bytes) else os.path.getsize(s) for s in self._segments)
        self._chunks = None
        self._pending = b''

    @property
    def content_type(self):
        return 'multipart/form-data; boundary=%s' % self.boundary

    def _header(self, name, filename=None):
        disposition = 'form-data; name="%s"' % _quote(name)
        if filename is None:
            return ('--%s\r\nContent-Disposition: %s\r\n\r\n' % (self.boundary, disposition)).encode('utf-8')
        return ('--%s\r\nContent-Disposition: %s; filename="%s"\r\nContent-Type: application/octet-stream\r\n\r\n'
                % (self.boundary, disposition, _quote(filename))).encode('utf-8')

    def _add_bytes(self, data):
        if self._segments and isinstance(self._segments[-1], bytes):
            self._segments[-1] += data
        else:
            self._segments.append(data)

    def __len__(self):
        return self._length

    def __iter__(self):
        for segment in self._segments:
            if isinstance(segment, bytes):
                yield segment
                continue
            with open(segment, 'rb') as handle:
                while True:
                    chunk = handle.read(CHUNK_SIZE)
                    if not chunk:
                        break
                    yield chunk

    def read(self, size=-1):
        """File-like access (http.client reads bodies that have read())."""
        if self._chunks is None:
            self._chunks = iter(self)
        wanted = self._length if size is None or size < 0 else size
        while len(self._pending) < wanted:
            try:
                self._pending += next(self._chunks)
            except StopIteration:
                break
        data, self._pending = self._pending[:wanted], self._pending[wanted:]
        return data
