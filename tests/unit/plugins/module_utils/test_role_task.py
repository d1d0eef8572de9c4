"""kestra_role and kestra_group pure logic: permissions as sets per resource, append, names per Kestra line."""

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._group_task import check_text, find_group
from ansible_collections.kestra_io.kestra.plugins.module_utils._role_api import unknown_names
from ansible_collections.kestra_io.kestra.plugins.module_utils._role_task import (
    find_role,
    from_api,
    merge_permissions,
    normalise_permissions,
)


def test_permissions_are_sets_per_resource():
    assert normalise_permissions({'flow': ['view', 'LIST', 'VIEW'], 'EXECUTION': 'VIEW', 'TRIGGER': []}) == \
        {'FLOW': ['LIST', 'VIEW'], 'EXECUTION': ['VIEW']}
    assert normalise_permissions({'FLOW': ['LIST', 'VIEW']}) == normalise_permissions({'FLOW': ['VIEW', 'LIST']})


@pytest.mark.parametrize('value', ['FLOW', ['FLOW'], {'FLOW': [1]}, {'FLOW': {'a': 1}}, {'': ['VIEW']}])
def test_bad_permission_shapes(value):
    with pytest.raises(KestraInputError):
        normalise_permissions(value)


def test_append_adds_and_keeps():
    stored = {'FLOW': ['VIEW'], 'SECRET': ['LIST']}
    assert merge_permissions(stored, {'FLOW': ['LIST']}) == {'FLOW': ['LIST', 'VIEW'], 'SECRET': ['LIST']}
    assert stored == {'FLOW': ['VIEW'], 'SECRET': ['LIST']}


def test_names_per_line():
    assert unknown_names({'FLOW': ['VIEW', 'LIST'], 'TRIGGER': ['UNLOCK']}, True) == []
    assert unknown_names({'FLOW': ['READ'], 'SETTING': ['READ']}, False) == []
    problems = unknown_names({'FLOW': ['READ'], 'SETTING': ['VIEW']}, True)
    assert any('READ is Kestra 1.x' in p for p in problems)
    assert any('SETTING' in p and 'SYSTEM_SETTINGS' in p for p in problems)
    problems = unknown_names({'TRIGGER': ['READ'], 'FLOW': ['VIEW']}, False)
    assert any('TRIGGER' in p and 'Kestra 2.x name' in p for p in problems)
    assert any('action VIEW' in p for p in problems)


def test_stored_role_fields():
    assert from_api({'id': 'r', 'name': 'n', 'permissions': {'FLOW': ['VIEW', 'LIST'], 'X': []}}) == \
        {'description': '', 'permissions': {'FLOW': ['LIST', 'VIEW']}, 'is_default': False}


def test_find_by_name_and_ambiguity():
    roles = [{'id': 'r1', 'name': 'viewer'}, {'id': 'r2', 'name': 'viewer'}, {'id': 'r3', 'name': 'admin'}]
    assert find_role(roles, 'admin')['id'] == 'r3'
    assert find_role(roles, 'nobody') is None
    with pytest.raises(KestraError, match=r"ids r1, r2"):
        find_role(roles, 'viewer')
    with pytest.raises(KestraError, match=r"group name 'devs' is ambiguous"):
        find_group([{'id': 'g1', 'name': 'devs'}, {'id': 'g2', 'name': 'devs'}], 'devs')


@pytest.mark.parametrize('value', ['', '  ', 'a\nb'])
def test_bad_names(value):
    with pytest.raises(KestraInputError):
        check_text(value, 'name')
