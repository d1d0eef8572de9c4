"""Namespace files of a tenant: one tree per namespace, every file with its revisions.

Stored in TenantState.namespace_files: namespace -> {normalised path -> entry}, where an entry is
  {'path': '/a/b.txt', 'type': 'File' | 'Directory',
   'revisions': [bytes, ...] (files only; revision n is revisions[n - 1]),
   'deleted': bool, 'created': datetime, 'updated': datetime}
The root '/' is never stored: it always exists (Kestra creates it on first listing or stats).
A deleted entry keeps its revisions, so a file uploaded again continues the numbering,
as Kestra's metadata index does (InternalNamespace.putFile).
Facts and evidence: docs/dev/kestra-api/namespace-files.md.
"""

import re

from . import errors, util

ROOT = '/'
# NamespaceFileController.forbiddenPathPatterns: '/_flows' and anything below it
_FORBIDDEN = re.compile(r'^/_flows(/.*)?$')


def normalize(raw):
    """'a//b/./c/' -> '/a/b/c'; '' or None -> '/'. A '..' that leaves the root is refused."""
    parts = []
    for segment in (raw or '').split('/'):
        if segment in ('', '.'):
            continue
        if segment == '..':
            if not parts:
                raise errors.illegal_argument("Path '%s' is outside of the namespace files root" % raw)
            parts.pop()
            continue
        parts.append(segment)
    return '/' + '/'.join(parts)


def guard(path):
    """Kestra refuses '/_flows' paths on every route but the flow import of an upload."""
    if _FORBIDDEN.match(path):
        raise errors.illegal_argument('Forbidden path: %s' % path)


def parent_of(path):
    return path.rsplit('/', 1)[0] or ROOT


def name_of(path):
    return path.rsplit('/', 1)[1]


class NamespaceFiles(object):
    """The files of one namespace of one tenant."""

    def __init__(self, tenant, namespace):
        self.namespace = namespace
        self.entries = tenant.namespace_files.setdefault(namespace, {})

    # ---- reading -------------------------------------------------------------------------
    def live(self, path):
        entry = self.entries.get(path)
        if entry is None or entry['deleted']:
            return None
        return entry

    def exists(self, path):
        return path == ROOT or self.live(path) is not None

    def children(self, path, recursive=False):
        prefix = path.rstrip('/') + '/'
        found = [e for p, e in self.entries.items()
                 if not e['deleted'] and p.startswith(prefix) and (recursive or '/' not in p[len(prefix):])]
        return sorted(found, key=lambda e: e['path'])

    def files(self):
        return self.children(ROOT, recursive=True)

    def not_found(self, path, revision=None):
        what = 'Revision %d of file' % revision if revision is not None else 'File'
        return errors.not_found("%s '%s' was not found in namespace '%s'." % (what, path, self.namespace))

    def content(self, path, revision=None):
        entry = self.live(path)
        if entry is None or entry['type'] != 'File':
            raise self.not_found(path, revision)
        if revision is None:
            return entry['revisions'][-1]
        if not 1 <= revision <= len(entry['revisions']):
            raise self.not_found(path, revision)
        return entry['revisions'][revision - 1]

    # ---- writing -------------------------------------------------------------------------
    def _make_dirs(self, path, moment):
        """Create the missing directories of path (path included); a file in the way is an I/O error."""
        current = ''
        for segment in path.strip('/').split('/'):
            current += '/' + segment
            entry = self.live(current)
            if entry is None:
                self.entries[current] = {'path': current, 'type': 'Directory', 'deleted': False,
                                         'created': moment, 'updated': moment}
            elif entry['type'] != 'Directory':
                # the storage cannot create a directory below a file (IOException: 500)
                raise errors.KestraHttpError(500, 'Internal server error: %s is not a directory' % current)

    def put_file(self, path, data, moment=None):
        moment = moment or util.now()
        if path == ROOT:
            raise errors.illegal_argument('Invalid namespace file path: %s' % path)
        existing = self.entries.get(path)
        if existing is not None and not existing['deleted'] and existing['type'] == 'Directory':
            raise errors.KestraHttpError(500, 'Internal server error: %s is a directory' % path)
        if parent_of(path) != ROOT:
            self._make_dirs(parent_of(path), moment)
        if existing is None or existing['type'] != 'File':
            self.entries[path] = {'path': path, 'type': 'File', 'revisions': [bytes(data)], 'deleted': False,
                                  'created': moment, 'updated': moment}
        else:
            existing['revisions'].append(bytes(data))
            existing['deleted'] = False
            existing['updated'] = moment
        return self.entries[path]

    def make_directory(self, path, moment=None):
        if path != ROOT:
            self._make_dirs(path, moment or util.now())

    def delete(self, path):
        """Delete path and everything below it, then the parents it leaves empty (not the root)."""
        target = path
        while target != ROOT:
            parent = parent_of(target)
            if parent == ROOT or len(self.children(parent)) != 1:
                break
            target = parent
        removed = self.children(target, recursive=True)
        if target != ROOT and self.live(target) is not None:
            removed.append(self.live(target))
        for entry in removed:
            entry['deleted'] = True
        return [entry['path'] for entry in removed]

    def move(self, source, target):
        if self.exists(target):
            raise errors.KestraHttpError(
                500, "Internal server error: File '%s' already exists in namespace '%s'." % (target, self.namespace))
        entry = self.live(source)
        if entry is None:
            # Kestra finds nothing to copy and answers 200
            return []
        if target.startswith(source.rstrip('/') + '/'):
            raise errors.KestraHttpError(500, "Internal server error: Failed to move '%s' to '%s' in namespace '%s'."
                                         % (source, target, self.namespace))
        moment = util.now()
        moved = [entry] + self.children(source, recursive=True)
        if parent_of(target) != ROOT:
            self._make_dirs(parent_of(target), moment)
        for old in moved:
            new_path = target + old['path'][len(source):]
            copy = dict(old, path=new_path, updated=moment)
            if old['type'] == 'File':
                previous = self.entries.get(new_path)
                history = previous['revisions'] if previous is not None and previous['type'] == 'File' else []
                copy['revisions'] = history + list(old['revisions'])
            self.entries[new_path] = copy
            old['deleted'] = True
        return [(old['path'], target + old['path'][len(source):]) for old in moved]


def attributes(entry, namespace_root=False):
    """FileAttributes as Kestra serialises them (NamespaceFileAttributes): epoch milliseconds."""
    if namespace_root:
        return {'fileName': '_files', 'lastModifiedTime': 0, 'creationTime': 0, 'type': 'Directory', 'size': 0,
                'metadata': {}}
    size = len(entry['revisions'][-1]) if entry['type'] == 'File' else 0
    return {
        'fileName': name_of(entry['path']),
        'lastModifiedTime': _millis(entry['updated']),
        'creationTime': _millis(entry['created']),
        'type': entry['type'],
        'size': size,
        'metadata': {},
    }


def _millis(moment):
    return int(moment.timestamp() * 1000)
