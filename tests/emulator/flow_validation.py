"""Kestra's flow validation rules, in one place (docs/dev/kestra-api/flows.md, flow-validation.md).

Pure functions over a flow source or its parsed model; no HTTP here. The flows
API turns violations into 422 bodies (create/update) or into the 'constraints'
string of the validate endpoint. Other resources may use all_tasks() to walk a
stored model (tasks nested in flowable tasks included).

Kestra validates a flow in two stages, and so does this module (the facts and
their sources are in docs/dev/kestra-api/flow-validation.md):

1. strict parsing (Kestra YamlParser over Jackson): YAML syntax, duplicate keys,
   unknown task/trigger/condition/input types, unknown properties. It stops at
   the first error; the answer carries that one error, without a flow id.
2. bean validation (Kestra ModelValidator): ids, patterns, empty task lists,
   flowable task rules (Switch, Dag, WorkingDirectory), input rules, and the
   class-level FlowValidator ('Invalid Flow: ...'). Every violation is listed,
   one 'path: message' line each (KestraConstraintViolationException).

Scalars are read as Jackson reads YAML: an unquoted date stays a string.
"""

import re

import yaml

from .flow_schema import (
    ALIASES,
    CORE,
    CORE_CLASSES,
    DAG_TASK_PROPERTIES,
    DEPRECATED_CLASSES,
    DEPRECATED_PROPERTIES,
    FLOWABLE,
    FLOW_CLASS,
    FLOW_FIELDS_1X,
    FLOW_FIELDS_2X,
    FLOW_TRIGGER_TYPES,
    INPUT_CLASSES,
    INPUT_PROPERTIES,
    KNOWN_TYPE_PREFIXES,
    NOT_EMPTY_CHILDREN,
    READ_ONLY_LABEL,
    SYSTEM_PREFIX,
    TASK_PROPERTIES,
)

FLOW_ID_PATTERN = r'^[a-zA-Z0-9][a-zA-Z0-9._-]*'
NAMESPACE_PATTERN = r'^[a-z0-9][a-z0-9._-]*'
TASK_ID_PATTERN = r'^[a-zA-Z0-9][a-zA-Z0-9_-]*'
INPUT_ID_PATTERN = r'^[a-zA-Z0-9][.a-zA-Z0-9_-]*'


def resolve_type(kind):
    """The class a type name resolves to (an alias gives its target)."""
    return ALIASES.get(kind, kind)


class Violation(object):
    """One constraint violation.

    path: the error's path in _embedded.errors (Kestra's property path);
    label: the path Kestra prints in the message text (tasks[N] may become the
    task id there), None for parser errors, which print no path;
    parsing: a failure of the strict parsing stage (Kestra never got a Flow object);
    extra: more _embedded.errors items of the same failure.
    """

    def __init__(self, path, message, label=Ellipsis, parsing=False, extra=()):
        self.path = path
        self.message = message
        self.label = path if label is Ellipsis else label
        self.parsing = parsing
        self.extra = list(extra)

    @property
    def text(self):
        if self.label is None:
            return self.message
        return '%s: %s' % (self.label, self.message)

    def as_errors(self):
        error = {'message': self.message}
        if self.path is not None:
            error['path'] = self.path
        return [error] + self.extra

    def as_error(self):
        return self.as_errors()[0]


class InvalidFlow(Exception):
    def __init__(self, violations):
        super().__init__(violations_text(violations))
        self.violations = violations


def violations_text(violations):
    """The exception message Kestra puts after 'Invalid entity: ' and in 'constraints'.

    A parsing failure is one message; bean validation lists 'path: message' lines,
    each ended by a newline (KestraConstraintViolationException.getMessage).
    """
    if any(v.parsing for v in violations):
        return violations[0].text
    return ''.join(v.text + '\n' for v in violations)


def error_list(violations):
    return [error for v in violations for error in v.as_errors()]


# ---- parsing ------------------------------------------------------------------------

class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key, mark):
        super().__init__("Duplicate field '%s'" % key)
        self.key = key
        self.mark = mark


def _loader_class(base):
    """A safe loader that reads scalars as Jackson's YAML mapper does and refuses duplicate keys.

    Jackson has no YAML timestamp type: 2023-01-01 is a string (PyYAML would make a date,
    which JSON cannot carry). Jackson's strict parser refuses a key given twice.
    """
    class FlowLoader(base):  # pylint: disable=too-many-ancestors
        pass

    FlowLoader.yaml_implicit_resolvers = dict(
        (first, [(tag, regexp) for tag, regexp in resolvers if tag != 'tag:yaml.org,2002:timestamp'])
        for first, resolvers in base.yaml_implicit_resolvers.items())

    def construct_mapping(loader, node, deep=False):
        seen = set()
        for key_node, _value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                continue
            if duplicate:
                raise _DuplicateKey(key, key_node.start_mark)
            seen.add(key)
        return base.construct_mapping(loader, node, deep=deep)

    FlowLoader.construct_mapping = construct_mapping
    FlowLoader.add_constructor('tag:yaml.org,2002:timestamp', FlowLoader.construct_yaml_str)
    return FlowLoader


FlowLoader = _loader_class(getattr(yaml, 'CSafeLoader', yaml.SafeLoader))


# SnakeYAML (under Jackson) refuses a document with more aliases of collections than this (LoaderOptions
# maxAliasesForCollections), which is what stops a "billion laughs" document from being expanded
MAX_COLLECTION_ALIASES = 50


def _check_aliases(text):
    """Raise yaml.YAMLError, as SnakeYAML does, when the text has too many aliases of collections."""
    collections, count = set(), 0
    for event in yaml.parse(text, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader)):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)) and event.anchor:
            collections.add(event.anchor)
        elif isinstance(event, yaml.AliasEvent) and event.anchor in collections:
            count += 1
            if count > MAX_COLLECTION_ALIASES:
                raise yaml.YAMLError('Number of aliases for non-scalar nodes exceeds the specified max=%d'
                                     % MAX_COLLECTION_ALIASES)


def load_yaml(text):
    """YAML text as Kestra's mapper reads it (dates stay strings); raises yaml.YAMLError."""
    _check_aliases(text)
    return yaml.load(text, Loader=FlowLoader)  # nosec - a safe loader


def _yaml_problem(exc):
    if isinstance(exc, _DuplicateKey):
        mark = exc.mark
        return "%s\n at [Source: UNKNOWN; line: %d, column: %d]" % (exc, mark.line + 1, mark.column + 1)
    mark = getattr(exc, 'problem_mark', None)
    problem = getattr(exc, 'problem', None) or str(exc)
    if mark is None:
        return problem
    return "%s\n in 'reader', line %d, column %d:" % (problem, mark.line + 1, mark.column + 1)


def parse(source):
    """The model of one flow source; raises InvalidFlow for YAML that is not a flow mapping."""
    try:
        model = load_yaml(source)
    except yaml.YAMLError as exc:
        raise InvalidFlow([Violation('yaml', 'Illegal flow yaml: %s' % _yaml_problem(exc), label=None, parsing=True)])
    if not isinstance(model, dict):
        raise InvalidFlow([Violation('yaml', 'Illegal flow yaml: the source is not a YAML mapping', label=None,
                                     parsing=True)])
    problem = _json_problem(model)
    if problem:
        # never store a flow the API could not write back as JSON
        raise InvalidFlow([Violation('yaml', 'Illegal flow yaml: %s' % problem, label=None, parsing=True)])
    return model


def _json_problem(value):
    """Why a parsed value cannot be written as JSON (binary, sets, odd keys), or None."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                return 'unsupported mapping key %r' % (key,)
            problem = _json_problem(item)
            if problem:
                return problem
        return None
    if isinstance(value, list):
        for item in value:
            problem = _json_problem(item)
            if problem:
                return problem
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return None
    return 'unsupported value of type %s' % type(value).__name__


def split_documents(body):
    """The validate endpoint's split of a multi-document body: trim, then \\n+---\\n*?"""
    return re.split(r'\n+---\n*?', (body or '').strip())


# ---- walking the model -----------------------------------------------------------------

def _is_dag(task):
    return resolve_type(str(task.get('type', ''))) == CORE + 'flow.Dag'


def _children(task):
    """(key, list of child tasks) of a flowable task; a Dag's entries are {task, dependsOn}."""
    for key in ('tasks', 'then', 'else', 'errors', 'finally'):
        value = task.get(key)
        if not isinstance(value, list):
            continue
        if key == 'tasks' and _is_dag(task):
            yield key, [(i, '.task', entry.get('task')) for i, entry in enumerate(value) if isinstance(entry, dict)]
        else:
            yield key, [(i, '', child) for i, child in enumerate(value)]
    if resolve_type(str(task.get('type', ''))) == CORE + 'flow.Switch':
        cases = task.get('cases')
        if isinstance(cases, dict):
            for case, value in cases.items():
                if isinstance(value, list):
                    yield 'cases.%s' % case, [(i, '', child) for i, child in enumerate(value)]
        if isinstance(task.get('defaults'), list):
            yield 'defaults', [(i, '', child) for i, child in enumerate(task['defaults'])]


def _walk_entries(entries, path):
    for index, suffix, task in entries:
        here = '%s[%d]%s' % (path, index, suffix)
        yield here, task
        if isinstance(task, dict):
            for key, children in _children(task):
                yield from _walk_entries(children, '%s.%s' % (here, key))


def _walk(tasks, path):
    if isinstance(tasks, list):
        yield from _walk_entries([(i, '', t) for i, t in enumerate(tasks)], path)


def _listener_tasks(model):
    listeners = model.get('listeners')
    for index, listener in enumerate(listeners if isinstance(listeners, list) else []):
        if isinstance(listener, dict):
            yield index, listener


def all_tasks(model):
    """(path, task) for every task of the flow, children of flowable tasks included."""
    for section in ('tasks', 'errors', 'finally', 'afterExecution'):
        yield from _walk(model.get(section), section)
    for index, listener in _listener_tasks(model):
        yield from _walk(listener.get('tasks'), 'listeners[%d].tasks' % index)


def _triggers(model):
    triggers = model.get('triggers')
    return list(enumerate(triggers)) if isinstance(triggers, list) else []


def _inputs(model):
    inputs = model.get('inputs')
    return list(enumerate(inputs)) if isinstance(inputs, list) else []


def _duplicates(values):
    seen, duplicates = set(), []
    for value in values:
        if value in seen and value not in duplicates:
            duplicates.append(value)
        seen.add(value)
    return duplicates


# ---- stage 1: strict parsing (first error only) --------------------------------------------

class _ParseError(Exception):
    def __init__(self, violation):
        super().__init__(violation.message)
        self.violation = violation


def _reference(chain):
    """Jackson's path reference: Flow["tasks"]->java.util.ArrayList[0]->...Return["invalid"]."""
    return '->'.join(chain)


def _unrecognized(chain, cls, field, known):
    names = ', '.join('"%s"' % name for name in sorted(known))
    message = 'Unrecognized field "%s" (class %s), not marked as ignorable (%d known properties: %s])' % (
        field, cls, len(known), names)
    raise _ParseError(Violation(_reference(chain + ['%s["%s"]' % (cls, field)]), message, label=None, parsing=True))


def _invalid_type(chain, kind, base_class, property_name):
    reference = _reference(chain)
    if kind is None:
        detail = "missing type id property 'type' (for POJO property '%s')" % property_name
    else:
        detail = "Could not resolve type id '%s' as a subtype of `%s`: no such class found" % (kind, base_class)
    message = 'Invalid type: %s' % ('null' if kind is None else kind)
    raise _ParseError(Violation(reference, message, label=None, parsing=True,
                                extra=[{'message': '%s (through reference chain: %s)' % (detail, reference),
                                        'path': reference}]))


def _type_known(kind):
    if not kind.startswith(KNOWN_TYPE_PREFIXES):
        return False
    resolved = resolve_type(kind)
    if not resolved.startswith(CORE):
        return True
    parts = resolved[len(CORE):].split('.')
    if len(parts) != 2 or parts[0] not in CORE_CLASSES:
        return True  # a package the emulator has no list for: not judged
    return parts[1] in CORE_CLASSES[parts[0]]


def _parse_plugin(item, chain, base_class, property_name):
    """Check a task/trigger/condition mapping; returns its resolved class name or None."""
    if not isinstance(item, dict):
        return None
    kind = item.get('type')
    if kind is None:
        _invalid_type(chain, None, base_class, property_name)
    kind = str(kind)
    if not _type_known(kind):
        _invalid_type(chain, kind, base_class, property_name)
    return resolve_type(kind)


def _parse_conditions(owner, chain, cls):
    conditions = owner.get('conditions')
    if isinstance(conditions, list):
        for index, condition in enumerate(conditions):
            _parse_plugin(condition, chain + ['%s["conditions"]' % cls, 'java.util.ArrayList[%d]' % index],
                          'io.kestra.core.models.conditions.Condition', 'conditions')


def _parse_tasks(tasks, chain):
    if not isinstance(tasks, list):
        return
    for index, task in enumerate(tasks):
        here = chain + ['java.util.ArrayList[%d]' % index]
        cls = _parse_plugin(task, here, 'io.kestra.core.models.tasks.Task', 'tasks')
        if cls is None:
            continue
        known = TASK_PROPERTIES.get(cls)
        if known is not None:
            for field in task:
                if field not in known:
                    _unrecognized(here, cls, field, known)
        for key in ('tasks', 'then', 'else', 'errors', 'finally', 'defaults'):
            value = task.get(key)
            if not isinstance(value, list) or (key == 'defaults' and cls != CORE + 'flow.Switch'):
                continue
            if key == 'tasks' and cls == CORE + 'flow.Dag':
                _parse_dag_entries(value, here + ['%s["tasks"]' % cls])
            else:
                _parse_tasks(value, here + ['%s["%s"]' % (cls, key)])
        if cls == CORE + 'flow.Switch' and isinstance(task.get('cases'), dict):
            for case, value in task['cases'].items():
                _parse_tasks(value, here + ['%s["cases"]' % cls, 'java.util.LinkedHashMap["%s"]' % case])


def _parse_dag_entries(entries, chain):
    cls = CORE + 'flow.Dag$DagTask'
    for index, entry in enumerate(entries):
        here = chain + ['java.util.ArrayList[%d]' % index]
        if not isinstance(entry, dict):
            continue
        for field in entry:
            if field not in DAG_TASK_PROPERTIES:
                _unrecognized(here, cls, field, DAG_TASK_PROPERTIES)
        if isinstance(entry.get('task'), dict):
            _parse_tasks([entry['task']], here + ['%s["task"]' % cls])


def _parse_inputs(inputs, chain):
    if not isinstance(inputs, list):
        return
    for index, item in enumerate(inputs):
        here = chain + ['java.util.ArrayList[%d]' % index]
        if not isinstance(item, dict):
            continue
        kind = item.get('type')
        if kind is None:
            _invalid_type(here, None, 'io.kestra.core.models.flows.Input', 'inputs')
        kind = str(kind)
        known = INPUT_PROPERTIES.get(kind)
        if known is None:
            _invalid_type(here, kind, 'io.kestra.core.models.flows.Input', 'inputs')
        cls = 'io.kestra.core.models.flows.input.' + INPUT_CLASSES[kind]
        for field in item:
            if field not in known:
                _unrecognized(here, cls, field, known)


def _parse_triggers(triggers, chain):
    if not isinstance(triggers, list):
        return
    for index, trigger in enumerate(triggers):
        here = chain + ['java.util.ArrayList[%d]' % index]
        cls = _parse_plugin(trigger, here, 'io.kestra.core.models.triggers.AbstractTrigger', 'triggers')
        if cls is not None:
            _parse_conditions(trigger, here, cls)


def _parse_listeners(listeners, chain):
    for index, listener in enumerate(listeners if isinstance(listeners, list) else []):
        if not isinstance(listener, dict):
            continue
        here = chain + ['java.util.ArrayList[%d]' % index]
        cls = 'io.kestra.core.models.listeners.Listener'
        _parse_conditions(listener, here, cls)
        _parse_tasks(listener.get('tasks'), here + ['%s["tasks"]' % cls])


def _parsing_violation(model, v2):
    """The first error Kestra's strict (Jackson) parsing stops at, or None; in document order."""
    known = FLOW_FIELDS_2X if v2 else FLOW_FIELDS_1X
    try:
        for field, value in model.items():
            chain = ['%s["%s"]' % (FLOW_CLASS, field)]
            if field not in known:
                _unrecognized([], FLOW_CLASS, field, known)
            elif field in ('tasks', 'errors', 'finally', 'afterExecution'):
                _parse_tasks(value, chain)
            elif field == 'inputs':
                _parse_inputs(value, chain)
            elif field == 'triggers':
                _parse_triggers(value, chain)
            elif field == 'listeners':
                _parse_listeners(value, chain)
    except _ParseError as exc:
        return exc.violation
    return None


# ---- stage 2: bean validation --------------------------------------------------------------

def _task_label(path, task):
    """KestraConstraintViolationException prints a task's violations with every tasks[N] replaced by its id."""
    task_id = task.get('id') if isinstance(task, dict) else None
    if task_id is None:
        return path
    return re.sub(r'tasks\[\d+\]', lambda _m: str(task_id), path)


def _input_label(path, item):
    input_id = item.get('id') if isinstance(item, dict) else None
    if input_id is None:
        return path
    return re.sub(r'inputs\[\d+\]', lambda _m: str(input_id), path)


def _check_identifier(violations, path, value, pattern, max_length, label=Ellipsis):
    label = path if label is Ellipsis else label
    if value is None:
        violations.append(Violation(path, 'must not be null', label))
        return
    value = str(value)
    if not value.strip():
        violations.append(Violation(path, 'must not be blank', label))
    elif not re.match(pattern + '$', value):
        violations.append(Violation(path, 'must match "%s"' % pattern, label))
    if not 1 <= len(value) <= max_length:
        violations.append(Violation(path, 'size must be between 1 and %d' % max_length, label))


def _check_task(violations, path, task, edition):
    if not isinstance(task, dict):
        violations.append(Violation(path, 'must not be null'))
        return
    label = _task_label(path, task)
    _check_identifier(violations, path + '.id', task.get('id'), TASK_ID_PATTERN, 256, label + '.id')
    kind = resolve_type(str(task.get('type') or ''))
    if kind in NOT_EMPTY_CHILDREN:
        key, not_null = NOT_EMPTY_CHILDREN[kind]
        if not task.get(key):
            violations.append(Violation('%s.%s' % (path, key), 'must not be empty', '%s.%s' % (label, key)))
            if not_null and task.get(key) is None:
                violations.append(Violation('%s.%s' % (path, key), 'must not be null', '%s.%s' % (label, key)))
    if kind == CORE + 'flow.Switch' and not task.get('cases') and not task.get('defaults'):
        violations.append(Violation(path, 'No task defined, neither cases or default have any tasks', label))
    if kind == CORE + 'flow.WorkingDirectory':
        children = task.get('tasks')
        if not children:
            violations.append(Violation(path, "The 'tasks' property cannot be empty", label))
        elif any(isinstance(c, dict) and resolve_type(str(c.get('type', ''))) in FLOWABLE for c in children):
            violations.append(Violation(path, 'Only runnable tasks are allowed as children of a WorkingDirectory task',
                                        label))
    if kind == CORE + 'flow.Dag' and isinstance(task.get('tasks'), list) and task['tasks']:
        problem = _dag_problem(task['tasks'])
        if problem:
            violations.append(Violation(path, problem, label))
    if task.get('workerGroup') is not None and edition == 'oss':
        violations.append(Violation(path + '.workerGroup', 'Worker Group is an Enterprise Edition functionality'))


def _dag_problem(entries):
    """Kestra Dag.dagCheckNotExistTask, then dagCheckCyclicDependencies."""
    entries = [e for e in entries if isinstance(e, dict) and isinstance(e.get('task'), dict)]
    ids = [str(e['task'].get('id')) for e in entries]
    depends = dict((str(e['task'].get('id')), [str(d) for d in (e.get('dependsOn') or [])]) for e in entries)
    missing = [d for e in entries for d in (e.get('dependsOn') or []) if str(d) not in ids]
    if missing:
        return 'Not existing task id in dependency: ' + ', '.join(str(m) for m in missing)

    def nested(task_id, visited):
        local = list(visited)
        for depend in depends.get(task_id, []):
            if depend in local:
                continue
            local.append(depend)
            if depend in depends:
                local.extend(nested(depend, local))
        return local

    cyclic = [e_id for e_id in ids if depends.get(e_id) and e_id in nested(e_id, [])]
    if cyclic:
        return 'Cyclic dependency detected: ' + ', '.join(cyclic)
    return None


def _check_input(violations, index, item):
    path = 'inputs[%d]' % index
    label = _input_label(path, item)
    _check_identifier(violations, path + '.id', item.get('id') if item.get('id') is not None else item.get('name'),
                      INPUT_ID_PATTERN, 10000, label + '.id')
    kind = str(item.get('type'))
    if kind in ('STRING', 'SECRET') and item.get('validator') is not None:
        pattern = str(item['validator'])
        if not _java_regex_compiles(pattern):
            violations.append(Violation(path + '.validator', 'invalid pattern [%s]' % pattern, label + '.validator'))
    if kind == 'FILE' and item.get('defaults') is not None:
        violations.append(Violation(path, "no `defaults` can be set for inputs of type 'FILE'", label))
    if kind == 'ARRAY' and item.get('itemType') == 'ARRAY':
        violations.append(Violation(path, '`itemType` cannot be `ARRAY`', label))


def _java_regex_compiles(pattern):
    """Whether java.util.regex.Pattern.compile accepts the pattern (approximated with Python's re)."""
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _labels(model):
    labels = model.get('labels')
    if isinstance(labels, dict):
        return [(str(k), v) for k, v in labels.items()]
    if isinstance(labels, list):
        return [(str(i.get('key')), i.get('value')) for i in labels if isinstance(i, dict)]
    return []


def _subflow_target(task):
    kind = resolve_type(str(task.get('type', '')))
    if kind == CORE + 'flow.Subflow':
        return task.get('namespace'), task.get('flowId')
    if kind == CORE + 'flow.ForEachItem' and isinstance(task.get('subflow'), dict):
        return task['subflow'].get('namespace'), task['subflow'].get('flowId')
    return None, None


def _flow_violations(model, tasks, triggers, inputs):
    """Kestra FlowValidator: one class-level violation listing every problem of the flow."""
    problems = []
    duplicate_tasks = _duplicates(t.get('id') for _p, t in tasks if isinstance(t, dict) and t.get('id'))
    if duplicate_tasks:
        problems.append('Duplicate task id with name [%s]' % ', '.join(str(d) for d in duplicate_tasks))
    duplicate_triggers = _duplicates(t.get('id') for _i, t in triggers if isinstance(t, dict) and t.get('id'))
    if duplicate_triggers:
        problems.append('Duplicate trigger id with name [%s]' % ', '.join(str(d) for d in duplicate_triggers))
    for _path, task in tasks:
        if isinstance(task, dict):
            namespace, flow_id = _subflow_target(task)
            if namespace is not None and str(namespace) == str(model.get('namespace')) and \
                    str(flow_id) == str(model.get('id')):
                problems.append('Recursive call to flow [%s.%s]' % (model.get('namespace'), model.get('id')))
    duplicate_inputs = _duplicates(i.get('id') or i.get('name') for _n, i in inputs if isinstance(i, dict))
    if duplicate_inputs:
        problems.append('Duplicate input with name [%s]' % ', '.join(str(d) for d in duplicate_inputs))
    outputs = model.get('outputs') if isinstance(model.get('outputs'), list) else []
    duplicate_outputs = _duplicates(o.get('id') for o in outputs if isinstance(o, dict) and o.get('id'))
    if duplicate_outputs:
        problems.append('Duplicate output with name [%s]' % ', '.join(str(d) for d in duplicate_outputs))
    for key, value in _labels(model):
        if key.startswith(SYSTEM_PREFIX) and key != READ_ONLY_LABEL:
            problems.append('System labels can only be set by Kestra itself, offending label: %s=%s' % (key, value))
    if problems:
        return [Violation('', 'Invalid Flow: %s' % ', '.join(problems))]
    return []


def validate_model(model, v2=False, edition='oss'):
    """The violations of a parsed flow (empty when valid)."""
    parsing = _parsing_violation(model, v2)
    if parsing is not None:
        return [parsing]
    violations = []
    _check_identifier(violations, 'id', model.get('id'), FLOW_ID_PATTERN, 100)
    _check_identifier(violations, 'namespace', model.get('namespace'), NAMESPACE_PATTERN, 150)
    if not model.get('tasks') or not isinstance(model.get('tasks'), list):
        violations.append(Violation('tasks', 'must not be empty'))
    inputs = _inputs(model)
    for index, item in inputs:
        if isinstance(item, dict):
            _check_input(violations, index, item)
    tasks = list(all_tasks(model))
    for path, task in tasks:
        _check_task(violations, path, task, edition)
    for index, listener in _listener_tasks(model):
        if not listener.get('tasks'):
            violations.append(Violation('listeners[%d].tasks' % index, 'must not be empty'))
    triggers = _triggers(model)
    for index, trigger in triggers:
        if isinstance(trigger, dict):
            _check_identifier(violations, 'triggers[%d].id' % index, trigger.get('id'), TASK_ID_PATTERN, 100)
    violations.extend(_flow_violations(model, tasks, triggers, inputs))
    return violations


def check(source, v2=False, edition='oss'):
    """(model, violations) of a source; model is None when the YAML is not a flow."""
    try:
        model = parse(source)
    except InvalidFlow as exc:
        return None, exc.violations
    return model, validate_model(model, v2, edition)


def update_violations(previous_model, model):
    """What Kestra's validateUpdate refuses: a changed id or namespace."""
    violations = []
    if str(model.get('id')) != str(previous_model.get('id')):
        violations.append(Violation('flow.id', 'Illegal flow id update'))
    if str(model.get('namespace')) != str(previous_model.get('namespace')):
        violations.append(Violation('flow.namespace', 'Illegal namespace update'))
    return violations


# ---- warnings, infos, deprecations (validate endpoint) -------------------------------------

def warnings(model, subflow_exists):
    """Kestra's FlowService.warnings: missing subflows, unconditional Flow triggers.

    subflow_exists(namespace, flow_id) -> bool.
    """
    found = []
    for task in model.get('tasks') or []:
        if not isinstance(task, dict) or not str(task.get('type', '')).endswith(('.flow.Subflow', '.flows.Subflow')):
            continue
        namespace, flow_id = task.get('namespace'), task.get('flowId')
        if not namespace or not flow_id or '{{' in str(namespace) + str(flow_id):
            continue
        if not subflow_exists(namespace, flow_id):
            found.append("The subflow '%s' not found in namespace '%s'." % (flow_id, namespace))
    for _index, trigger in _triggers(model):
        if isinstance(trigger, dict) and trigger.get('type') in FLOW_TRIGGER_TYPES and \
                not trigger.get('conditions') and trigger.get('preconditions') is None:
            found.append("This flow will be triggered for EVERY execution of EVERY flow on your instance. We recommend "
                         "adding the preconditions property to the Flow trigger '%s'." % trigger.get('id'))
    return found


def _relocations(value):
    """Kestra FlowService.relocations: every string value naming an alias, anywhere in the source map."""
    if isinstance(value, dict):
        for item in value.values():
            if isinstance(item, str) and item in ALIASES:
                yield item
            elif isinstance(item, (dict, list)):
                yield from _relocations(item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                yield from _relocations(item)


def infos(model):
    """Relocations of aliased plugin types: '<alias> is replaced by <class>'."""
    return ['%s is replaced by %s' % (alias, ALIASES[alias]) for alias in _relocations(model)]


def _plugin_deprecations(path, item):
    if not isinstance(item, dict):
        return []
    kind = resolve_type(str(item.get('type', '')))
    found = [path] if kind in DEPRECATED_CLASSES else []
    found.extend('%s.%s' % (path, name) for name in DEPRECATED_PROPERTIES.get(kind, ()) if item.get(name) is not None)
    return found


def deprecation_paths(model):
    """Kestra FlowService.deprecationPaths: deprecated classes and deprecated properties that are set.

    An alias is not a deprecation: it resolves to its (current) class; infos() lists it.
    """
    found = []
    for field in ('listeners', 'taskDefaults'):
        if model.get(field) is not None:
            found.append(field)
    for index, item in _inputs(model):
        if isinstance(item, dict):
            if item.get('type') == 'ENUM':
                found.append('inputs[%d]' % index)
            if item.get('name') is not None:
                found.append('inputs[%d].name' % index)
    for path, task in all_tasks(model):
        found.extend(_plugin_deprecations(path, task))
    for index, trigger in _triggers(model):
        found.extend(_plugin_deprecations('triggers[%d]' % index, trigger))
        conditions = trigger.get('conditions') if isinstance(trigger, dict) else None
        for c_index, condition in enumerate(conditions if isinstance(conditions, list) else []):
            found.extend(_plugin_deprecations('triggers[%d].conditions[%d]' % (index, c_index), condition))
    return found
