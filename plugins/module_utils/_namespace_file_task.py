# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""kestra_namespace_file: one file, a directory tree or many files of a namespace, on the resource base.

Every input is checked and every local file read before the first request. Then one
search request lists the stored files under the managed path, one GET per declared
file that exists reads its bytes, and only the files whose bytes differ are uploaded;
prune deletes the stored files under the managed path that were not declared.

'src' names a file or directory on the controller. The action plugin resolves it there
(the play's files/ search path, as ansible.builtin.copy does) and passes the bytes in the
hidden option _src_files, the same on both execution paths; without it (the module run
by other means) src is read where the module runs.
"""

import base64
import os

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._kv_values import check_namespace
from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_file_api import NamespaceFileApi, under
from ansible_collections.kestra_io.kestra.plugins.module_utils._resource import (
    BYTES,
    DELETED,
    Field,
    Resource,
    converge,
)
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec

# Kestra imports a file uploaded under /_flows/ as a flow instead of storing it
FLOWS_FOLDER = '_flows'
FILE_OPTIONS = dict(
    path=dict(type='str', required=True),
    content=dict(type='str'),
    src=dict(type='str'),
)

ARGUMENT_SPEC = dict(
    namespace=dict(type='str', required=True),
    path=dict(type='str', default='/'),
    content=dict(type='str'),
    src=dict(type='str'),
    files=dict(type='list', elements='dict', options=FILE_OPTIONS, mutually_exclusive=[('content', 'src')],
               required_one_of=[('content', 'src')]),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    prune=dict(type='bool', default=False),
    # filled by the action plugin: src -> the bytes read on the controller (see tree_payload)
    _src_files=dict(type='dict'),
)


# ---- paths ----------------------------------------------------------------------

def normalise_path(path, what='path'):
    """'/a/b' from 'a//b/', or KestraInputError for a path Kestra must not receive."""
    if not isinstance(path, str) or not path.strip():
        raise KestraInputError('%s must be a non-empty path in the namespace, got %r' % (what, path))
    if any(ord(char) < 32 or char == '\x7f' for char in path) or '\\' in path:
        raise KestraInputError('%s %r contains a control character or a backslash' % (what, path[:200]))
    segments = [segment for segment in path.split('/') if segment]
    if any(segment in ('.', '..') for segment in segments):
        raise KestraInputError("%s %r must not contain '.' or '..' segments" % (what, path[:200]))
    if segments and segments[0] == FLOWS_FOLDER:
        raise KestraInputError('%s %r is under /%s/, where Kestra imports flows instead of storing files'
                               % (what, path[:200], FLOWS_FOLDER))
    return '/' + '/'.join(segments)


def join(base, relative):
    """A path of the namespace: relative (a/b, /a/b or '') inside the directory base."""
    relative = relative.strip('/')
    if not relative:
        return base
    return base.rstrip('/') + '/' + relative


# ---- local trees ----------------------------------------------------------------

def walk_tree(root):
    """{'a/b.txt': bytes} for every file under the local directory root (symbolic links followed for files)."""
    tree = {}
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            full = os.path.join(directory, name)
            relative = os.path.relpath(full, root).replace(os.sep, '/')
            with open(full, 'rb') as handle:
                tree[relative] = handle.read()
    return tree


def read_source(path):
    """('file', bytes) or ('directory', {relative: bytes}) for a local path; KestraInputError if missing."""
    if os.path.isdir(path):
        return 'directory', walk_tree(path)
    if os.path.isfile(path):
        with open(path, 'rb') as handle:
            return 'file', handle.read()
    raise KestraInputError('src %s is neither a file nor a directory' % path)


def tree_payload(kind, data):
    """What the action plugin passes for one src in _src_files (base64 crosses JSON intact)."""
    if kind == 'file':
        return {'file': base64.b64encode(data).decode('ascii')}
    return {'directory': dict((name, base64.b64encode(value).decode('ascii')) for name, value in data.items())}


def _from_payload(src, payload):
    try:
        if 'file' in payload:
            return 'file', base64.b64decode(payload['file'])
        return 'directory', dict((name, base64.b64decode(value)) for name, value in payload['directory'].items())
    except (KeyError, TypeError, ValueError, AttributeError):
        raise KestraInputError('_src_files is for the action plugin only: its entry for %s is not valid' % src)


def source(src, sources):
    """The bytes of src: from _src_files when the action plugin read it, else from the local filesystem."""
    if src in (sources or {}):
        return _from_payload(src, sources[src])
    return read_source(os.path.expanduser(src))


def _add(declared, path, data, what):
    if path in declared:
        raise KestraInputError('%s: the file %s is declared twice' % (what, path))
    declared[path] = data


def _place(declared, target, src, content, sources, what):
    """Add what one (target, src|content) declares to declared: {path: bytes}."""
    if content is not None:
        if target == '/' or target.endswith('/'):
            raise KestraInputError('%s: content needs the path of a file, not the directory %s' % (what, target))
        _add(declared, normalise_path(target, what), content.encode('utf-8'), what)
        return
    kind, data = source(src, sources)
    if kind == 'file':
        if target == '/' or target.endswith('/'):
            target = join(target, os.path.basename(src.rstrip('/\\')))
        _add(declared, normalise_path(target, what), data, what)
        return
    base = normalise_path(target, what)
    for relative in sorted(data):
        _add(declared, normalise_path(join(base, relative), '%s (from src %s)' % (what, src)), data[relative], what)


def declared_files(params):
    """{path: bytes} of what the task declares (empty without content, src or files)."""
    check_namespace(params['namespace'])
    root = params.get('path') or '/'
    normalise_path(root, 'path')
    sources = params.get('_src_files') or {}
    declared = {}
    if params.get('content') is not None or params.get('src') is not None:
        _place(declared, root, params.get('src'), params.get('content'), sources, 'path')
    for index, item in enumerate(params.get('files') or []):
        what = 'files[%d].path' % index
        if not item.get('path'):
            raise KestraInputError('%s must not be empty' % what)
        target = join(root, item['path'])
        if item['path'].endswith('/'):
            target += '/'
        _place(declared, target, item.get('src'), item.get('content'), sources, what)
    return declared


# ---- the resource ---------------------------------------------------------------

class NamespaceFiles(Resource):
    """The files of one namespace: ident = the path, one field = the bytes."""

    kind = 'namespace file'
    fields = (Field('content', BYTES),)

    def __init__(self, api):
        self.api = api

    def label(self, ident):
        return '%s:%s' % (self.api.namespace, ident)

    def read(self, client, ident):
        data = self.api.read(ident)
        return None if data is None else {'content': data}

    def create(self, client, ident, declared):
        self.api.upload(ident, declared['content'])

    def update(self, client, ident, merged, stored, changed_fields):
        self.api.upload(ident, merged['content'])

    def delete(self, client, ident, stored):
        self.api.delete(ident)


def run(params, client, ctx):
    scope = normalise_path(params.get('path') or '/', 'path')
    declared = declared_files(params)
    present = params['state'] == 'present'
    nothing_given = all(params.get(name) is None for name in ('content', 'src', 'files'))
    if present and nothing_given and not params['prune']:
        raise KestraInputError('state: present needs content, src or files (or prune: true to empty %s)' % scope)
    if params['prune'] and not present:
        raise KestraInputError('prune only applies to state: present')
    api = NamespaceFileApi(client, params['namespace'])
    resource = NamespaceFiles(api)
    listed = [path for path in api.list_paths(scope) if under(path, scope)]
    if present:
        wanted = declared
        extra = [path for path in listed if path not in declared] if params['prune'] else []
    elif not nothing_given:
        # an empty src directory declares no file: nothing to delete
        wanted = dict((path, None) for path in declared)
        extra = []
    else:
        # state: absent without files: everything under path
        wanted, extra = {}, listed
    stored = {}
    for path in listed:
        if path in wanted and wanted[path] is not None:
            stored[path] = resource.read(client, path)
        elif path in wanted or path in extra:
            # deleted: its bytes only matter for the diff
            stored[path] = resource.read(client, path) if ctx.diff else {}
    stored = dict((path, item) for path, item in stored.items() if item is not None)
    outcome = converge(resource, client, ctx, dict((path, None if data is None else {'content': data})
                                                   for path, data in wanted.items()),
                       stored, prune=extra, items_key='files', ident_key='path')
    for entry in outcome.items:
        if entry['action'] != DELETED and wanted.get(entry['path']) is not None:
            entry['size'] = len(wanted[entry['path']])
    result = outcome.result('files', ctx)
    result['namespace'] = params['namespace']
    return result


TASK = TaskSpec(
    name='kestra_namespace_file',
    argument_spec=ARGUMENT_SPEC,
    run=run,
    mutually_exclusive=[('content', 'src', 'files')],
)
