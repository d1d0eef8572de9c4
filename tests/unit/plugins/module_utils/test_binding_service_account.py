"""kestra_binding and kestra_service_account: the pure parts (input checks, answer shapes, the force rule).

The HTTP behaviour runs against the emulator in tests/integration/targets/kestra_binding and
kestra_service_account; the fakes here stand for the API adapters only.
"""

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils import _binding_task as binding_task
from ansible_collections.kestra_io.kestra.plugins.module_utils import _service_account_task as sa_task
from ansible_collections.kestra_io.kestra.plugins.module_utils._binding_api import normalise
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._service_account_api import ServiceAccountApi


def _params(**values):
    params = dict(role=None, user=None, group=None, service_account=None, namespace=None, state='present',
                  bindings=None, prune=False, force=False)
    params.update(values)
    return params


def test_normalise_reads_the_subject_role_and_namespace_of_each_shape():
    group = normalise({'id': 'b1', 'type': 'GROUP', 'namespace': 'company.team', 'role': {'id': 'r1', 'name': 'viewer'},
                       'group': {'id': 'g1', 'name': 'devs'}})
    assert group == {'id': 'b1', 'type': 'GROUP', 'external_id': 'g1', 'role_id': 'r1', 'namespace': 'company.team',
                     'role_name': 'viewer'}
    account = normalise({'id': 'b2', 'type': 'USER', 'role': {'id': 'r1'},
                         'user': {'id': 'sa1', 'username': 'ci', 'type': 'SERVICE_ACCOUNT'}})
    assert account['external_id'] == 'sa1' and account['namespace'] is None
    # the request's field names, as a server might echo them
    raw = normalise({'id': 'b3', 'type': 'USER', 'externalId': 'u1', 'roleId': 'r2', 'namespaceId': 'a.b'})
    assert (raw['external_id'], raw['role_id'], raw['namespace']) == ('u1', 'r2', 'a.b')


@pytest.mark.parametrize('params, message', [
    (_params(role='viewer'), 'exactly one of user, group, service_account'),
    (_params(role='viewer', group='devs', namespace='Bad NS'), 'not a valid Kestra namespace id'),
    (_params(role=' ', group='devs'), 'non-empty role name'),
    (_params(role='viewer', group='devs', prune=True), 'prune needs the list form'),
    (_params(bindings=[{'role': 'viewer', 'group': 'devs'}, {'role': 'viewer', 'group': 'devs', 'state': 'absent'}]),
     'both present and absent'),
    (_params(bindings=[{'role': 'viewer', 'user': 'a@b.c', 'group': 'devs'}]), 'bindings[0]'),
])
def test_declared_bindings_refuses_bad_input(params, message):
    with pytest.raises(KestraInputError) as error:
        binding_task.declared_bindings(params)
    assert message in str(error.value)


def test_declared_bindings_default_state_and_empty_namespace():
    items = binding_task.declared_bindings(_params(state='absent', bindings=[
        {'role': 'viewer', 'group': 'devs', 'namespace': ''}, {'role': 'admin', 'user': 'a@b.c', 'state': 'present'}]))
    assert [(i.kind, i.namespace, i.state) for i in items] == [('group', None, 'absent'), ('user', None, 'present')]
    assert items[0].label == 'group devs: role viewer on the whole tenant'


class FakeApi(object):
    def __init__(self, members):
        self.members = members
        self.asked = []

    def group_has_member(self, group_id, subject_id):
        self.asked.append(group_id)
        return self.members.get(group_id)


@pytest.mark.parametrize('identity, doomed, members, own', [
    # a superadmin's (or the root account's) access does not come from bindings
    ({'id': 'me', 'type': 'USER', 'superAdmin': True}, [('a', 'USER', 'me')], {}, []),
    ({'id': 'root', 'type': 'ROOT', 'superAdmin': False}, [('a', 'USER', 'root')], {}, []),
    # its own binding; another account's binding
    ({'id': 'me', 'type': 'SERVICE_ACCOUNT', 'superAdmin': False}, [('a', 'USER', 'me'), ('b', 'USER', 'you')], {},
     ['a']),
    # a group it is in, a group it is not in, a group whose members the server does not show
    ({'id': 'me', 'type': 'USER', 'superAdmin': False},
     [('in', 'GROUP', 'g1'), ('out', 'GROUP', 'g2'), ('unknown', 'GROUP', 'g3')], {'g1': True, 'g2': False, 'g3': None},
     ['in', 'unknown']),
])
def test_the_force_rule(monkeypatch, identity, doomed, members, own):
    monkeypatch.setattr(binding_task, 'current_identity', lambda client: dict(identity))
    assert binding_task._own_access(object(), FakeApi(members), doomed) == own


def test_service_account_input_checks():
    base = dict(name='team-ci', state='present', scope='tenant', description=None, groups=None, append=False,
                superadmin=None, tenants=None, force=False)
    sa_task._check(dict(base))
    for change, message in (({'name': 'Team-CI'}, 'not a valid service account name'),
                            ({'name': 'a' * 64}, 'not a valid service account name'),
                            ({'name': 'team--ci'}, 'not a valid service account name'),
                            ({'scope': 'instance', 'groups': ['devs']}, 'scope: tenant'),
                            ({'tenants': ['main']}, 'scope: instance'),
                            ({'groups': ['']}, 'non-empty group name')):
        params = dict(base)
        params.update(change)
        with pytest.raises(KestraInputError) as error:
            sa_task._check(params)
        assert message in str(error.value)


def test_service_account_records_of_both_listings():
    # the tenant listing (ApiUserTenantAccess: username, groups with names) and the instance one (name, tenants)
    tenant = ServiceAccountApi._record({'id': 's1', 'username': 'ci', 'groups': [{'id': 'g1', 'name': 'devs'}]})
    assert tenant['name'] == 'ci' and tenant['groups'] == ['g1'] and tenant['group_names'] == {'g1': 'devs'}
    instance = ServiceAccountApi._record({'id': 's2', 'name': 'bot', 'superAdmin': True,
                                          'tenants': [{'id': 'main', 'name': 'main'}]})
    assert instance['tenants'] == ['main'] and instance['superadmin'] is True and instance['groups'] is None


def test_groups_are_compared_by_id_and_shown_by_name():
    field = sa_task.GroupsField({'g1': 'devs', 'g2': 'ops'})
    assert field.same(['g2', 'g1'], ['g1', 'g2'])
    assert not field.same(['g1'], ['g1', 'g2'])
    assert field.shown(['g2', 'g1', 'g9']) == ['devs', 'g9', 'ops']
    assert sa_task.TextField('description').same(None, '')
