"""Kestra's flow validation rules, in one place (REFERENCE.md 2.1, 2.6, 2.10).

Pure functions over a flow source or its parsed model; no HTTP here. The flows
API turns violations into 422 bodies (create/update) or into the 'constraints'
string of the validate endpoint. Other resources may use all_tasks() to walk a
stored model (tasks nested in flowable tasks included).

Messages follow Kestra's: bean validation 'path: message', the YamlParser's
'Illegal flow yaml: ...', Jackson's 'Invalid type: ...' and 'Unrecognized
field ...', FlowValidator's 'Invalid Flow: Duplicate task id with name [...]'
(Kestra FlowValidator; the 'flow' path of that class-level violation is inferred).
"""

import re

import yaml

FLOW_ID_PATTERN = r'^[a-zA-Z0-9][a-zA-Z0-9._-]*'
NAMESPACE_PATTERN = r'^[a-z0-9][a-z0-9._-]*'
TASK_ID_PATTERN = r'^[a-zA-Z0-9][a-zA-Z0-9_-]*'

# Flow properties the 1.x model knows; 2.0 removed pluginDefaults and added checks
_FLOW_FIELDS = frozenset((
    'id', 'namespace', 'revision', 'tenantId', 'description', 'labels', 'inputs', 'outputs', 'variables',
    'tasks', 'errors', 'finally', 'afterExecution', 'listeners', 'triggers', 'taskDefaults', 'concurrency',
    'retry', 'sla', 'disabled', 'deleted', 'workerGroup',
))
_FLOW_FIELDS_1X = _FLOW_FIELDS | {'pluginDefaults'}
_FLOW_FIELDS_2X = _FLOW_FIELDS | {'checks', 'draft'}

# task/trigger types outside these families are unknown plugins (no such plugin installed)
KNOWN_TYPE_PREFIXES = (
    'io.kestra.plugin.core.', 'io.kestra.core.tasks.', 'io.kestra.core.models.triggers.types.',
    'io.kestra.plugin.scripts.', 'io.kestra.plugin.jdbc.', 'io.kestra.plugin.aws.', 'io.kestra.plugin.gcp.',
    'io.kestra.plugin.azure.', 'io.kestra.plugin.docker.', 'io.kestra.plugin.git.', 'io.kestra.plugin.notifications.',
    'io.kestra.plugin.fs.', 'io.kestra.plugin.serdes.', 'io.kestra.plugin.transform.', 'io.kestra.plugin.kubernetes.',
    'io.kestra.plugin.ansible.', 'io.kestra.plugin.dbt.', 'io.kestra.plugin.kafka.', 'io.kestra.plugin.minio.',
)
LEGACY_PREFIX = 'io.kestra.core.tasks.'
# task keys that hold child tasks (flowable tasks): lists, or a map of lists for Switch 'cases'
_CHILD_LISTS = ('tasks', 'then', 'else', 'errors', 'finally')
_FLOW_TRIGGER_TYPES = ('io.kestra.plugin.core.trigger.Flow', 'io.kestra.core.models.triggers.types.Flow')


class Violation(object):
    """One constraint violation: path (as in _embedded.errors) and message.

    show_path says whether Kestra prints the path in the message text: bean
    validation does ('id: must match ...'), parser errors do not.
    """

    def __init__(self, path, message, show_path=True, parsing=False):
        self.path = path
        self.message = message
        self.show_path = show_path
        # a parsing failure: Kestra never got a Flow object (no flow/namespace in validate answers)
        self.parsing = parsing

    @property
    def text(self):
        return '%s: %s' % (self.path, self.message) if self.show_path and self.path else self.message

    def as_error(self):
        error = {'message': self.message}
        if self.path:
            error['path'] = self.path
        return error


class InvalidFlow(Exception):
    def __init__(self, violations):
        super().__init__(violations_text(violations))
        self.violations = violations


def violations_text(violations):
    return ', '.join(v.text for v in violations)


# ---- parsing ------------------------------------------------------------------------

def _yaml_problem(exc):
    mark = getattr(exc, 'problem_mark', None)
    problem = getattr(exc, 'problem', None) or str(exc)
    if mark is None:
        return problem
    return "%s\n in 'reader', line %d, column %d:" % (problem, mark.line + 1, mark.column + 1)


def parse(source):
    """The model of one flow source; raises InvalidFlow for YAML that is not a flow mapping."""
    try:
        model = yaml.load(source, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise InvalidFlow([Violation('yaml', 'Illegal flow yaml: %s' % _yaml_problem(exc), show_path=False, parsing=True)])
    if not isinstance(model, dict):
        raise InvalidFlow([Violation('yaml', 'Illegal flow yaml: the source is not a YAML mapping', show_path=False,
                                     parsing=True)])
    return model


def split_documents(body):
    """The validate endpoint's split of a multi-document body: trim, then \\n+---\\n*?"""
    return re.split(r'\n+---\n*?', (body or '').strip())


# ---- walking the model -----------------------------------------------------------------

def _children(task):
    for key in _CHILD_LISTS:
        value = task.get(key)
        if isinstance(value, list):
            yield key, value
    cases = task.get('cases')
    if isinstance(cases, dict):
        for case, value in cases.items():
            if isinstance(value, list):
                yield 'cases.%s' % case, value


def _walk(tasks, path):
    for index, task in enumerate(tasks if isinstance(tasks, list) else []):
        here = '%s[%d]' % (path, index)
        yield here, task
        if isinstance(task, dict):
            for key, children in _children(task):
                yield from _walk(children, '%s.%s' % (here, key))


def all_tasks(model):
    """(path, task) for every task of the flow, children of flowable tasks included."""
    for section in ('tasks', 'errors', 'finally', 'afterExecution'):
        yield from _walk(model.get(section), section)


def _duplicates(values):
    seen, duplicates = set(), []
    for value in values:
        if value in seen and value not in duplicates:
            duplicates.append(value)
        seen.add(value)
    return duplicates


# ---- bean validation --------------------------------------------------------------------

def _check_identifier(violations, path, value, pattern, max_length):
    if value is None:
        violations.append(Violation(path, 'must not be null'))
        return
    value = str(value)
    if not value.strip():
        violations.append(Violation(path, 'must not be blank'))
    elif not re.match(pattern + '$', value):
        violations.append(Violation(path, 'must match "%s"' % pattern))
    if not 1 <= len(value) <= max_length:
        violations.append(Violation(path, 'size must be between 1 and %d' % max_length))


def _check_plugin(violations, path, item, id_pattern):
    if not isinstance(item, dict):
        violations.append(Violation(path, 'must be an object'))
        return
    if not item.get('type'):
        violations.append(Violation(path + '.type', 'must not be null'))
    _check_identifier(violations, path + '.id', item.get('id'), id_pattern, 100)


def _jackson_path(path):
    """tasks[0] -> io.kestra.core.models.flows.Flow["tasks"] > java.util.ArrayList[0] (as Jackson reports it)."""
    match = re.match(r'^(\w+)\[(\d+)\]', path)
    return 'io.kestra.core.models.flows.Flow["%s"] > java.util.ArrayList[%s]' % (match.group(1), match.group(2))


def _parsing_violation(model, v2):
    """The first error Kestra's strict (Jackson) parsing stops at, or None."""
    known = _FLOW_FIELDS_2X if v2 else _FLOW_FIELDS_1X
    for field in model:
        if field not in known:
            return Violation(None, 'Unrecognized field "%s" (class io.kestra.core.models.flows.Flow), '
                                   'not marked as ignorable' % field, parsing=True)
    triggers = model.get('triggers') if isinstance(model.get('triggers'), list) else []
    plugins = list(all_tasks(model)) + [('triggers[%d]' % i, t) for i, t in enumerate(triggers)]
    for path, item in plugins:
        kind = item.get('type') if isinstance(item, dict) else None
        if kind and not str(kind).startswith(KNOWN_TYPE_PREFIXES):
            return Violation(_jackson_path(path), 'Invalid type: %s' % kind, show_path=False, parsing=True)
    return None


def validate_model(model, v2=False):
    """The violations of a parsed flow (empty when valid)."""
    parsing = _parsing_violation(model, v2)
    if parsing is not None:
        return [parsing]
    violations = []
    _check_identifier(violations, 'id', model.get('id'), FLOW_ID_PATTERN, 100)
    _check_identifier(violations, 'namespace', model.get('namespace'), NAMESPACE_PATTERN, 150)
    if not model.get('tasks') or not isinstance(model.get('tasks'), list):
        violations.append(Violation('tasks', 'must not be empty'))
    tasks = list(all_tasks(model))
    for path, task in tasks:
        _check_plugin(violations, path, task, TASK_ID_PATTERN)
    triggers = model.get('triggers') if isinstance(model.get('triggers'), list) else []
    for index, trigger in enumerate(triggers):
        _check_plugin(violations, 'triggers[%d]' % index, trigger, TASK_ID_PATTERN)
    flow_errors = []
    duplicate_tasks = _duplicates(t.get('id') for _p, t in tasks if isinstance(t, dict) and t.get('id'))
    if duplicate_tasks:
        flow_errors.append('Duplicate task id with name [%s]' % ', '.join(str(d) for d in duplicate_tasks))
    duplicate_triggers = _duplicates(t.get('id') for t in triggers if isinstance(t, dict) and t.get('id'))
    if duplicate_triggers:
        flow_errors.append('Duplicate trigger id with name [%s]' % ', '.join(str(d) for d in duplicate_triggers))
    inputs = model.get('inputs') if isinstance(model.get('inputs'), list) else []
    duplicate_inputs = _duplicates(i.get('id') or i.get('name') for i in inputs if isinstance(i, dict))
    if duplicate_inputs:
        flow_errors.append('Duplicate input with name [%s]' % ', '.join(str(d) for d in duplicate_inputs))
    if flow_errors:
        violations.append(Violation('flow', 'Invalid Flow: %s' % ', '.join(flow_errors)))
    return violations


def check(source, v2=False):
    """(model, violations) of a source; model is None when the YAML is not a flow."""
    try:
        model = parse(source)
    except InvalidFlow as exc:
        return None, exc.violations
    return model, validate_model(model, v2)


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
    for trigger in model.get('triggers') or []:
        if isinstance(trigger, dict) and trigger.get('type') in _FLOW_TRIGGER_TYPES and \
                not trigger.get('conditions') and trigger.get('preconditions') is None:
            found.append("This flow will be triggered for EVERY execution of EVERY flow on your instance. We recommend "
                         "adding the preconditions property to the Flow trigger '%s'." % trigger.get('id'))
    return found


def _modern_type(kind):
    rest = kind[len(LEGACY_PREFIX):]
    if rest.startswith('flows.'):
        rest = 'flow.' + rest[len('flows.'):]
    return 'io.kestra.plugin.core.' + rest


def infos(model):
    """Relocations of legacy (aliased) plugin types."""
    return ['%s is replaced by %s' % (t['type'], _modern_type(t['type'])) for _p, t in all_tasks(model)
            if isinstance(t, dict) and str(t.get('type', '')).startswith(LEGACY_PREFIX)]


def deprecation_paths(model):
    return [path for path, task in all_tasks(model)
            if isinstance(task, dict) and str(task.get('type', '')).startswith(LEGACY_PREFIX)]
