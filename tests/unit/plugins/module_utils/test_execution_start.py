"""kestra_execution's start, wait and failure results, with a fake executions API (no server)."""

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils import _execution_task as execution_task
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_task import (
    ExecutionTask,
    declared_inputs,
    differences,
    run,
)


class Ctx(object):
    def __init__(self, check_mode=False):
        self.check_mode = check_mode
        self.diff = False
        self.no_log = False
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)


class FakeClient(object):
    url = 'http://kestra'
    tenant = 'main'
    timeout = 1.0
    is_v2 = True

    def __init__(self, flow=None):
        self.flow = flow
        self.flow_reads = 0

    def api_path(self, *segments):
        return '/api/v1/main/' + '/'.join(segments)

    def get_json(self, path, params=None, allow_missing=False, context=None):
        assert path.startswith('/api/v1/main/flows/')
        self.flow_reads += 1
        return self.flow


def execution(execution_id, state, inputs=None, labels=None):
    return {'id': execution_id, 'namespace': 'ns', 'flowId': 'f', 'state': {'current': state},
            'inputs': inputs or {}, 'labels': [{'key': k, 'value': v} for k, v in (labels or {}).items()],
            'taskRunList': [{'id': 'tr1', 'taskId': 'explode', 'state': {'current': state}}]}


class FakeApi(object):
    """The ExecutionApi calls the task makes; every run is stored by id."""

    def __init__(self, stored=None, fail_logs=False):
        self.runs = dict((run['id'], run) for run in stored or [])
        self.created = []
        self.fail_logs = fail_logs

    def find_by_label(self, namespace, flow_id, key, value):
        keyed = [r for r in self.runs.values() if {'key': key, 'value': value} in r['labels']]
        return keyed[-1] if keyed else None

    def get(self, execution_id, allow_missing=False):
        return self.runs[execution_id]

    def create(self, namespace, flow_id, form=None, labels=None, revision=None, schedule_date=None):
        new = execution('new%d' % len(self.created), 'FAILED', inputs={'name': 'x'}, labels=labels)
        self.created.append(new)
        self.runs[new['id']] = new
        return new

    def follow(self, execution_id, read_timeout):
        return None  # poll

    def task_outputs(self, execution):
        return {'explode': {'partial': 1}}

    def logs(self, execution_id, min_level=None):
        if self.fail_logs:
            raise KestraError('GET logs: HTTP 500 from Kestra', status=500)
        return [{'level': 'INFO', 'taskId': 'explode', 'message': 'starting'},
                {'level': 'ERROR', 'taskId': 'explode', 'message': 'disk full'}]


def params(**given):
    base = dict(namespace='ns', flow_id='f', inputs=None, files=None, labels=None, revision=None,
                schedule_date=None, idempotency_key=None, idempotency_rerun='never', execution_id=None, state=None,
                wait=False, wait_timeout=30, kill_on_timeout=False, accepted_states=['SUCCESS', 'WARNING'],
                include_logs=False, log_min_level=None)
    base.update(given)
    return base


def start(api, client=None, ctx=None, **given):
    ctx = ctx or Ctx()
    task = ExecutionTask(params(**given), client or FakeClient(), ctx, sleep=lambda s: None)
    task.api = api
    return task, ctx


def test_differences_names_only():
    stored = execution('e1', 'SUCCESS', inputs={'name': 'Once', 'count': 2, 'ratio': 1.0, 'doc': {'a': 1}},
                       labels={'team': 'data', 'ansible.idempotency_key': 'k'})
    assert differences(stored, {'name': 'Once', 'count': '2', 'ratio': 1, 'doc': {'a': 1}}, None,
                       {'team': 'data', 'ansible.idempotency_key': 'k'}) == ([], [])
    secret = execution('e2', 'SUCCESS', inputs={'pw': {'type': 'io.kestra.datatype:aes_encrypted', 'value': 'x=='}})
    assert differences(secret, {'pw': 'hunter2'}, None, {}) == ([], [])
    assert differences(stored, {'name': 'Twice', 'extra': 'x', 'none': None}, {'manifest': 'a.csv'},
                       {'team': 'ops'}) == (['extra', 'name', 'manifest'], ['team'])


def test_declared_inputs():
    assert declared_inputs({'inputs': [{'id': 'a'}, {'name': 'b'}]}) == ['a', 'b']
    assert declared_inputs({}) == []


def test_a_failed_keyed_run_with_other_inputs_warns_and_is_returned():
    api = FakeApi([execution('old', 'FAILED', inputs={'name': 'Once'}, labels={'ansible.idempotency_key': 'k'})])
    task, ctx = start(api, idempotency_key='k', inputs={'name': 'Twice'})
    result = task.start()
    assert result['changed'] is False and result['execution']['id'] == 'old'
    assert api.created == []
    assert len(ctx.warnings) == 1
    assert 'other values of inputs name' in ctx.warnings[0]
    assert 'Twice' not in ctx.warnings[0]  # names, never values (an input can be a secret)
    assert 'idempotency_rerun: failed' in ctx.warnings[0]


def test_a_failed_keyed_run_alone_warns():
    api = FakeApi([execution('old', 'KILLED', labels={'ansible.idempotency_key': 'k'})])
    task, ctx = start(api, idempotency_key='k')
    task.start()
    assert 'ended KILLED' in ctx.warnings[0]


@pytest.mark.parametrize('state, started', [('FAILED', True), ('KILLED', True), ('SUCCESS', False),
                                            ('RUNNING', False)])
def test_rerun_failed_starts_a_new_run_with_the_same_key(state, started):
    api = FakeApi([execution('old', state, labels={'ansible.idempotency_key': 'k'})])
    task, ctx = start(api, idempotency_key='k', idempotency_rerun='failed')
    result = task.start()
    assert result['changed'] is started
    assert bool(api.created) is started
    if started:
        assert result['execution']['id'] == 'new0'
        assert result['execution']['labels']['ansible.idempotency_key'] == 'k'


def test_rerun_in_check_mode_starts_nothing():
    api = FakeApi([execution('old', 'FAILED', labels={'ansible.idempotency_key': 'k'})])
    task, ctx = start(api, client=FakeClient(flow={'inputs': []}), ctx=Ctx(check_mode=True), idempotency_key='k',
                      idempotency_rerun='failed')
    result = task.start()
    assert result['changed'] is True and api.created == [] and result['execution'] == {}


def test_failed_wait_returns_logs_and_task_outputs():
    api = FakeApi()
    task, ctx = start(api, wait=True, include_logs=True)
    with pytest.raises(KestraError) as raised:
        task.start()
    result = raised.value.result
    assert 'ended in state FAILED' in str(raised.value) and 'disk full' in str(raised.value)
    assert result['changed'] is True
    assert result['execution']['task_outputs'] == {'explode': {'partial': 1}}
    assert [line['message'] for line in result['logs']] == ['starting', 'disk full']


def test_undeclared_input_warns_with_the_declared_ones():
    client = FakeClient(flow={'inputs': [{'id': 'amount'}, {'id': 'name'}]})
    task, ctx = start(FakeApi(), client=client, inputs={'name': 'x', 'ammount': 3})
    task.start()
    assert ctx.warnings == ['flow ns/f does not declare the input(s) ammount, so Kestra ignores them; '
                            'its inputs are: amount, name']


def test_declared_inputs_need_no_flow_read():
    client = FakeClient(flow={'inputs': [{'id': 'name'}]})
    task, ctx = start(FakeApi(), client=client, inputs={'name': 'x'})
    task.start()
    assert ctx.warnings == [] and client.flow_reads == 0


def test_undeclared_input_in_check_mode():
    client = FakeClient(flow={'inputs': []})
    task, ctx = start(FakeApi(), client=client, ctx=Ctx(check_mode=True), inputs={'ammount': 3})
    task.start()
    assert 'its inputs are: (none)' in ctx.warnings[0]


def test_a_read_failing_after_the_start_still_returns_the_execution(monkeypatch):
    api = FakeApi(fail_logs=True)
    monkeypatch.setattr(execution_task, 'ExecutionApi', lambda client: api)
    with pytest.raises(KestraError) as raised:
        run(params(include_logs=True), FakeClient(), Ctx())
    assert raised.value.status == 500
    assert raised.value.result['execution']['id'] == 'new0'
