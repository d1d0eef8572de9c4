# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Flow YAML on the client side: documents, identity, rendering, comparison (pure logic).

A source holds one flow per YAML document. Documents are separated by lines
holding only '---' (a comment may follow). Kestra's validate endpoint splits a
body at every line that starts with '---', so a line that starts with '---' but
is not a separator is refused here: Kestra would cut the flow there.

Each document is stored as its own source text, without leading blank lines
and with exactly one final newline, so that the same file always gives the
same stored text whatever newlines surround it.
"""

import re
import traceback

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError, KestraMissingLibraryError

YAML_IMPORT_ERROR = None
try:
    import yaml
    HAS_YAML = True
except ImportError:
    HAS_YAML = False
    YAML_IMPORT_ERROR = traceback.format_exc()

_SEPARATOR = re.compile(r'^---[ \t]*(#.*)?$')
# Kestra's FlowInterface.YAML_REVISION_MATCHER: the one line it ignores when comparing sources
_REVISION_LINE = re.compile(r'^revision: \d+\n?', re.MULTILINE)
_TOP_LEVEL_SCALAR = r'^%s:[ \t]*(["\']?)([^"\'#\s]+)\1[ \t]*(#.*)?$'

# the order Kestra's documentation writes a flow in; other keys follow, sorted
_FLOW_KEY_ORDER = ('id', 'namespace', 'description', 'labels', 'inputs', 'variables', 'tasks', 'errors', 'finally',
                   'afterExecution', 'outputs', 'triggers', 'pluginDefaults', 'concurrency', 'retry', 'sla', 'disabled')
_PLUGIN_KEY_ORDER = ('id', 'type')


def require_yaml():
    if not HAS_YAML:
        raise KestraMissingLibraryError(missing_required_lib('PyYAML'))


def _loader():
    return getattr(yaml, 'CSafeLoader', yaml.SafeLoader)


class FlowDocument(object):
    """One desired flow: its source text, identity and where it came from (for messages)."""

    def __init__(self, text, namespace, flow_id, origin, place=None):
        self.text = text
        self.namespace = namespace
        self.id = flow_id
        # origin names the document and the flow it declares, place only the document
        self.origin = origin
        self.place = place or origin

    @property
    def key(self):
        return (self.namespace, self.id)


def without_revision(source):
    """The source as Kestra compares it: without its first 'revision: N' line."""
    return _REVISION_LINE.sub('', source or '', count=1)


def same_source(stored, desired):
    return without_revision(stored) == without_revision(desired)


def normalize_document(text):
    """No leading blank lines, exactly one final newline."""
    lines = text.split('\n')
    while lines and not lines[0].strip():
        lines.pop(0)
    return '\n'.join(lines).rstrip() + '\n'


# ---- splitting and reading a source --------------------------------------------------------

def split_source(source):
    """[(first line number, text)] of the non-empty documents of a multi-document source."""
    chunks, current, start = [], [], 1
    for number, line in enumerate(source.split('\n'), 1):
        if _SEPARATOR.match(line.rstrip('\r')):
            chunks.append((start, current))
            current, start = [], number + 1
            continue
        if line.startswith('---'):
            raise KestraInputError('source line %d starts with "---" but is not a document separator (a line holding '
                                   'only "---"): Kestra would split the flow there' % number)
        current.append(line)
    chunks.append((start, current))
    documents = []
    for start, lines in chunks:
        while lines and not lines[0].strip():
            lines.pop(0)
            start += 1
        if any(line.strip() and not line.lstrip().startswith('#') for line in lines):
            documents.append((start, normalize_document('\n'.join(lines))))
    return documents


def _known_identity(text):
    """', flow ns/id' (or what is known of it) read from the top-level lines, for messages; '' when unknown."""
    namespace, flow_id = _top_level_scalar(text, 'namespace'), _top_level_scalar(text, 'id')
    if namespace and flow_id:
        return ', flow %s/%s' % (namespace, flow_id)
    if flow_id:
        return ', id %s' % flow_id
    if namespace:
        return ', namespace %s' % namespace
    return ''


def _describe(count, index, start, text=None):
    """Where a document is, for messages: its number, first line and, with text, the flow it declares."""
    if count == 1:
        return 'source'
    return 'source document %d (line %d%s)' % (index, start, _known_identity(text) if text is not None else '')


# '\n---\n' written with a backslash and an n instead of line breaks, e.g. join('\\n---\\n')
_LITERAL_SEPARATOR = '\\n---\\n'
_LITERAL_SEPARATOR_HINT = (
    ' The source holds the characters "\\n---\\n" (a backslash and an n, not line breaks): the flows were '
    'probably joined with a literal backslash-n. Join them with real line breaks, for example '
    "join('\\n---\\n') inside a double-quoted YAML string, or with a '---' line.")


def _check_literal_separator(source, text):
    """Fail when a literal '\\n---\\n' glued two flows into one document (a top-level key is repeated)."""
    if _LITERAL_SEPARATOR not in text:
        return
    keys = re.findall(r'^([A-Za-z_][\w-]*):', text, re.MULTILINE)
    repeated = sorted(set(k for k in keys if keys.count(k) > 1))
    if repeated:
        raise KestraInputError('%s declares %s more than once.%s' % (
            source, ', '.join('"%s"' % k for k in repeated), _LITERAL_SEPARATOR_HINT))


def _parse(text, origin, line_offset):
    try:
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, 'problem_mark', None)
        problem = getattr(exc, 'problem', None) or str(exc).split('\n', 1)[0]
        hint = _LITERAL_SEPARATOR_HINT if _LITERAL_SEPARATOR in text else ''
        if mark is None:
            raise KestraInputError('%s is not valid YAML: %s%s' % (origin, problem, hint))
        raise KestraInputError('%s is not valid YAML: %s at line %d, column %d%s' % (
            origin, problem, mark.line + 1 + line_offset, mark.column + 1, hint))


def _identity_value(model, name, origin):
    value = model.get(name)
    if value is None or value == '':
        raise KestraInputError('%s has no %s: every flow must declare its id and namespace' % (origin, name))
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise KestraInputError('%s: %s must be a string, got %r' % (origin, name, value))
    return str(value)


def _document(text, origin, line_offset=0, place=None):
    _check_literal_separator(origin, text)
    model = _parse(text, origin, line_offset)
    if not isinstance(model, dict):
        raise KestraInputError('%s is not a YAML mapping: a flow is a mapping with id, namespace and tasks' % origin)
    return FlowDocument(text, _identity_value(model, 'namespace', origin), _identity_value(model, 'id', origin), origin,
                        place)


def documents_from_source(source):
    require_yaml()
    chunks = split_source(source)
    if not chunks:
        raise KestraInputError('source holds no flow')
    return [_document(text, _describe(len(chunks), index, start, text), start - 1, _describe(len(chunks), index, start))
            for index, (start, text) in enumerate(chunks, 1)]


# ---- definition: data rendered to YAML -------------------------------------------------------

def _plain(value):
    """Ansible's str/dict/list subclasses (tagged, unsafe) as the plain types YAML dumps."""
    if isinstance(value, dict):
        return dict((_plain(k), _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, bytes):
        return value.decode('utf-8')
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _ordered(value, first_keys):
    """A dict with first_keys first (in that order), then the other keys sorted: one order for the same data."""
    if isinstance(value, dict):
        head = [k for k in first_keys if k in value]
        tail = sorted((k for k in value if k not in head), key=str)
        return dict((k, _ordered(value[k], _PLUGIN_KEY_ORDER)) for k in head + tail)
    if isinstance(value, list):
        return [_ordered(v, _PLUGIN_KEY_ORDER) for v in value]
    return value


def _represent_text(dumper, text):
    return dumper.represent_scalar('tag:yaml.org,2002:str', text, style='|' if '\n' in text else None)


if HAS_YAML:
    class _FlowDumper(yaml.SafeDumper):  # pylint: disable=too-many-ancestors
        def increase_indent(self, flow=False, indentless=False):
            # lists indented under their key, as Kestra's docs and UI write them
            return super(_FlowDumper, self).increase_indent(flow, False)

    _FlowDumper.add_representer(str, _represent_text)


def render_definition(data):
    """Deterministic YAML text of one flow given as data."""
    require_yaml()
    return yaml.dump(_ordered(_plain(data), _FLOW_KEY_ORDER), Dumper=_FlowDumper, default_flow_style=False,
                     allow_unicode=True, sort_keys=False, width=4096, indent=2)


def documents_from_definition(definition):
    require_yaml()
    items = definition if isinstance(definition, list) else [definition]
    documents = []
    for index, item in enumerate(items, 1):
        place = 'definition' if not isinstance(definition, list) else 'definition item %d' % index
        if not isinstance(item, dict):
            raise KestraInputError('%s is not a mapping: a flow is a mapping with id, namespace and tasks' % place)
        text = render_definition(item)
        known = _known_identity(text)
        origin = '%s (%s)' % (place, known[2:]) if known and isinstance(definition, list) else place
        documents.append(_document(text, origin, place=place))
    return documents


# ---- identity of a stored source ---------------------------------------------------------------

def _top_level_scalar(source, name):
    found = re.findall(_TOP_LEVEL_SCALAR % name, source, re.MULTILINE)
    return found[0][1] if len(found) == 1 else None


def stored_identity(source):
    """(namespace, id) of a source Kestra returned, or None when it cannot be read.

    A plain top-level 'id:'/'namespace:' line is read directly (fast for whole
    namespaces); anything else is parsed as YAML.
    """
    namespace, flow_id = _top_level_scalar(source, 'namespace'), _top_level_scalar(source, 'id')
    if namespace and flow_id:
        return namespace, flow_id
    try:
        model = yaml.load(source, Loader=_loader())
    except yaml.YAMLError:
        return None
    if not isinstance(model, dict) or model.get('namespace') is None or model.get('id') is None:
        return None
    return str(model['namespace']), str(model['id'])
