"""What the emulator knows of Kestra's flow model: plugin classes, aliases, schemas.

Data only, used by flow_validation. Every list is the union over the Kestra
versions seen (kestra-io/kestra core/src/main/java/io/kestra/...); the evidence
is in docs/dev/kestra-api/flow-validation.md.
"""

FLOW_CLASS = 'io.kestra.core.models.flows.Flow'
CORE = 'io.kestra.plugin.core.'

# Flow properties the 1.x model knows; 2.0 removed pluginDefaults and added checks
FLOW_FIELDS = frozenset((
    'id', 'namespace', 'revision', 'tenantId', 'description', 'labels', 'inputs', 'outputs', 'variables',
    'tasks', 'errors', 'finally', 'afterExecution', 'listeners', 'triggers', 'taskDefaults', 'concurrency',
    'retry', 'sla', 'disabled', 'deleted', 'workerGroup',
))
FLOW_FIELDS_1X = FLOW_FIELDS | {'pluginDefaults'}
FLOW_FIELDS_2X = FLOW_FIELDS | {'checks', 'draft'}

# task/trigger types outside these families are unknown plugins (no such plugin installed)
KNOWN_TYPE_PREFIXES = (
    'io.kestra.plugin.core.', 'io.kestra.core.tasks.', 'io.kestra.core.models.triggers.types.',
    'io.kestra.core.models.conditions.types.',
    'io.kestra.plugin.scripts.', 'io.kestra.plugin.jdbc.', 'io.kestra.plugin.aws.', 'io.kestra.plugin.gcp.',
    'io.kestra.plugin.azure.', 'io.kestra.plugin.docker.', 'io.kestra.plugin.git.', 'io.kestra.plugin.notifications.',
    'io.kestra.plugin.fs.', 'io.kestra.plugin.serdes.', 'io.kestra.plugin.transform.', 'io.kestra.plugin.kubernetes.',
    'io.kestra.plugin.ansible.', 'io.kestra.plugin.dbt.', 'io.kestra.plugin.kafka.', 'io.kestra.plugin.minio.',
)

# Classes of io.kestra.plugin.core.<package>.<Class> that exist in some Kestra version
# (kestra-io/kestra core/src/main/java/io/kestra/plugin/core/**, every version seen).
# A type in one of these packages that is not listed is an unknown type; a type in
# another package under io.kestra.plugin.core is not judged.
CORE_CLASSES = {
    'condition': (
        'AdvancedExecutionsCondition DateTimeBetween DateTimeBetweenCondition DayWeek DayWeekCondition '
        'DayWeekInMonth DayWeekInMonthCondition ExecutionFlow ExecutionFlowCondition ExecutionLabels '
        'ExecutionLabelsCondition ExecutionNamespace ExecutionNamespaceCondition ExecutionOutputs '
        'ExecutionOutputsCondition ExecutionStatus ExecutionStatusCondition ExecutionsCondition Expression '
        'ExpressionCondition FlowCondition FlowNamespaceCondition HasRetryAttempt HasRetryAttemptCondition '
        'MultipleCondition Not NotCondition Or OrCondition PublicHoliday PublicHolidayCondition TimeBetween '
        'TimeBetweenCondition VariableCondition Weekend WeekendCondition'),
    'debug': 'Echo Return Wait',
    'execution': 'Assert Count Counts Exit Fail Kill Labels PurgeExecutions Resume SetVariables UnsetVariables',
    'flow': ('AllowFailure Approval Dag EachParallel EachSequential Flow ForEach ForEachItem If Loop LoopUntil '
             'Parallel Pause PurgeFlows Sequential Sleep Subflow Switch Template Wait WaitFor Worker '
             'WorkingDirectory'),
    'http': 'Download Request SseRequest Trigger',
    'kv': 'Delete Get GetKeys PurgeKV Put Set',
    'log': 'Fetch Log PurgeLogs',
    'namespace': 'DeleteFiles DownloadFiles PurgeFiles UploadFiles',
    'output': 'OutputValues',
    'runner': 'Process',
    'state': 'Delete Get Set',
    'storage': ('Concat DeduplicateItems Delete FilterItems LocalFiles Purge PurgeCurrentExecutionFiles '
                'PurgeExecution PurgeInternalStorage PurgeStorage Reverse Size Split Write'),
    'templating': 'TemplatedTask',
    'trigger': 'BatchWebhook Flow McpToolTrigger Schedule ScheduleOnDates Toggle Webhook',
}
CORE_CLASSES = dict((package, frozenset(names.split())) for package, names in CORE_CLASSES.items())

# Plugin aliases (@Plugin(aliases = ...)): the legacy name and the class it resolves to
ALIASES = {
    'io.kestra.core.tasks.debugs.Echo': 'debug.Echo', 'io.kestra.core.tasks.debugs.Return': 'debug.Return',
    'io.kestra.core.tasks.executions.Counts': 'execution.Count', 'io.kestra.core.tasks.executions.Fail': 'execution.Fail',
    'io.kestra.core.tasks.executions.Labels': 'execution.Labels',
    'io.kestra.core.tasks.storages.Purge': 'execution.PurgeExecutions',
    'io.kestra.plugin.core.storage.Purge': 'execution.PurgeExecutions',
    'io.kestra.core.tasks.flows.AllowFailure': 'flow.AllowFailure', 'io.kestra.core.tasks.flows.Dag': 'flow.Dag',
    'io.kestra.core.tasks.flows.EachParallel': 'flow.EachParallel',
    'io.kestra.core.tasks.flows.EachSequential': 'flow.EachSequential',
    'io.kestra.core.tasks.flows.ForEachItem': 'flow.ForEachItem', 'io.kestra.core.tasks.flows.If': 'flow.If',
    'io.kestra.core.tasks.flows.Parallel': 'flow.Parallel', 'io.kestra.core.tasks.flows.Pause': 'flow.Pause',
    'io.kestra.core.tasks.flows.Sequential': 'flow.Sequential', 'io.kestra.core.tasks.flows.Subflow': 'flow.Subflow',
    'io.kestra.core.tasks.flows.Flow': 'flow.Subflow', 'io.kestra.core.tasks.flows.Switch': 'flow.Switch',
    'io.kestra.core.tasks.flows.Template': 'flow.Template',
    'io.kestra.core.tasks.flows.WorkingDirectory': 'flow.WorkingDirectory',
    'io.kestra.core.tasks.flows.Worker': 'flow.WorkingDirectory',
    'io.kestra.plugin.fs.http.Download': 'http.Download', 'io.kestra.plugin.fs.http.Request': 'http.Request',
    'io.kestra.plugin.fs.http.Trigger': 'http.Trigger',
    'io.kestra.core.tasks.log.Fetch': 'log.Fetch', 'io.kestra.core.tasks.log.Log': 'log.Log',
    'io.kestra.core.tasks.states.Delete': 'state.Delete', 'io.kestra.core.tasks.states.Get': 'state.Get',
    'io.kestra.core.tasks.states.Set': 'state.Set',
    'io.kestra.core.tasks.storages.Concat': 'storage.Concat',
    'io.kestra.core.tasks.storages.DeduplicateItems': 'storage.DeduplicateItems',
    'io.kestra.core.tasks.storages.Delete': 'storage.Delete',
    'io.kestra.core.tasks.storages.FilterItems': 'storage.FilterItems',
    'io.kestra.core.tasks.storages.LocalFiles': 'storage.LocalFiles',
    'io.kestra.core.tasks.storages.PurgeExecution': 'storage.PurgeCurrentExecutionFiles',
    'io.kestra.plugin.core.storage.PurgeExecution': 'storage.PurgeCurrentExecutionFiles',
    'io.kestra.core.tasks.storages.Reverse': 'storage.Reverse', 'io.kestra.core.tasks.storages.Size': 'storage.Size',
    'io.kestra.core.tasks.storages.Split': 'storage.Split',
    'io.kestra.core.tasks.templating.TemplatedTask': 'templating.TemplatedTask',
    'io.kestra.core.models.triggers.types.Flow': 'trigger.Flow',
    'io.kestra.core.models.triggers.types.Schedule': 'trigger.Schedule',
    'io.kestra.core.tasks.trigger.Toggle': 'trigger.Toggle',
    'io.kestra.core.models.triggers.types.Webhook': 'trigger.Webhook',
    'io.kestra.core.models.conditions.types.FlowCondition': 'condition.FlowCondition',
    'io.kestra.core.models.conditions.types.FlowNamespaceCondition': 'condition.FlowNamespaceCondition',
    'io.kestra.core.models.conditions.types.MultipleCondition': 'condition.MultipleCondition',
    'io.kestra.core.models.conditions.types.VariableCondition': 'condition.Expression',
    'io.kestra.plugin.core.condition.ExpressionCondition': 'condition.Expression',
}
for _name in ('DateTimeBetween', 'DayWeek', 'DayWeekInMonth', 'ExecutionFlow', 'ExecutionLabels', 'ExecutionNamespace',
              'ExecutionOutputs', 'ExecutionStatus', 'HasRetryAttempt', 'Not', 'Or', 'PublicHoliday', 'TimeBetween',
              'Weekend'):
    ALIASES['io.kestra.core.models.conditions.types.%sCondition' % _name] = 'condition.' + _name
    ALIASES['io.kestra.plugin.core.condition.%sCondition' % _name] = 'condition.' + _name
ALIASES = dict((alias, CORE + target) for alias, target in ALIASES.items())

# classes annotated @Deprecated (listed in deprecationPaths, at the plugin's own path)
DEPRECATED_CLASSES = frozenset(CORE + name for name in (
    'debug.Echo', 'flow.EachParallel', 'flow.EachSequential', 'condition.FlowCondition',
    'condition.FlowNamespaceCondition', 'condition.MultipleCondition'))
# deprecated properties of a plugin class (listed as '<plugin path>.<property>' when set)
DEPRECATED_PROPERTIES = {
    CORE + 'flow.Pause': ('delay',),
    CORE + 'trigger.Schedule': ('scheduleConditions', 'backfill'),
}

# Properties of every task (Task.java, every version seen), then of the core tasks the emulator runs
TASK_BASE = frozenset((
    'id', 'type', 'version', 'pluginDefaultsRef', 'description', 'retry', 'timeout', 'disabled', 'workerGroup',
    'logLevel', 'allowFailure', 'logToFile', 'runIf', 'allowWarning', 'taskCache', 'assets'))
TASK_PROPERTIES = {
    CORE + 'log.Log': ('message', 'level'),
    CORE + 'debug.Return': ('format',),
    CORE + 'output.OutputValues': ('values',),
    CORE + 'execution.Fail': ('condition', 'errorMessage'),
    CORE + 'flow.Sleep': ('duration',),
    CORE + 'flow.Pause': ('delay', 'pauseDuration', 'behavior', 'onResume', 'errors', 'finally', 'tasks'),
}
TASK_PROPERTIES = dict((kind, TASK_BASE | frozenset(extra)) for kind, extra in TASK_PROPERTIES.items())
DAG_TASK_PROPERTIES = frozenset(('task', 'dependsOn'))

# Flow input types (io.kestra.core.models.flows.Type and the Input subtypes, every version seen)
# and the properties each one reads besides the common ones
INPUT_BASE = frozenset(('id', 'name', 'type', 'description', 'dependsOn', 'required', 'defaults', 'displayName',
                        'prefill'))
CHOICES = ('values', 'expression', 'allowCustomValue', 'autoSelectFirst')
INPUT_PROPERTIES = {
    'STRING': ('validator',), 'SECRET': ('validator',), 'EMAIL': (), 'ENUM': ('values',),
    'SELECT': CHOICES + ('isRadio',), 'MULTISELECT': CHOICES + ('options',),
    'INT': ('min', 'max'), 'FLOAT': ('min', 'max'), 'DURATION': ('min', 'max'),
    'DATETIME': ('after', 'before'), 'DATE': ('after', 'before'), 'TIME': ('after', 'before'),
    'BOOLEAN': (), 'BOOL': (), 'FILE': ('extension', 'allowedFileExtensions'), 'JSON': (), 'YAML': (), 'URI': (),
    'ARRAY': ('itemType',),
}
INPUT_CLASSES = {
    'STRING': 'StringInput', 'SECRET': 'SecretInput', 'EMAIL': 'EmailInput', 'ENUM': 'EnumInput',
    'SELECT': 'SelectInput', 'MULTISELECT': 'MultiselectInput', 'INT': 'IntInput', 'FLOAT': 'FloatInput',
    'DURATION': 'DurationInput', 'DATETIME': 'DateTimeInput', 'DATE': 'DateInput', 'TIME': 'TimeInput',
    'BOOLEAN': 'BooleanInput', 'BOOL': 'BoolInput', 'FILE': 'FileInput', 'JSON': 'JsonInput', 'YAML': 'YamlInput',
    'URI': 'URIInput', 'ARRAY': 'ArrayInput',
}
INPUT_PROPERTIES = dict((kind, INPUT_BASE | frozenset(extra)) for kind, extra in INPUT_PROPERTIES.items())

# flowable core tasks: not allowed as children of a WorkingDirectory (only runnable tasks are)
FLOWABLE = frozenset(CORE + 'flow.' + name for name in (
    'AllowFailure', 'Dag', 'EachParallel', 'EachSequential', 'ForEach', 'ForEachItem', 'If', 'Loop', 'LoopUntil',
    'Parallel', 'Pause', 'Sequential', 'Subflow', 'Switch', 'Template', 'WorkingDirectory'))
# core tasks whose child list is @NotEmpty (and, for Parallel, @NotNull)
NOT_EMPTY_CHILDREN = {
    CORE + 'flow.Parallel': ('tasks', True), CORE + 'flow.Sequential': ('tasks', False),
    CORE + 'flow.If': ('then', False), CORE + 'flow.Dag': ('tasks', False),
}
FLOW_TRIGGER_TYPES = (CORE + 'trigger.Flow', 'io.kestra.core.models.triggers.types.Flow')
SYSTEM_PREFIX = 'system.'
READ_ONLY_LABEL = 'system.readOnly'
