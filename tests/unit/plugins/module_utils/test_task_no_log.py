"""The no_log values a task hides, read from its arguments as given (before, or despite, validation).

Ansible's validator stops collecting no_log values when another option has a value of the wrong
shape; these are collected from the raw arguments so that the failure message cannot show them.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskSpec, declared_no_log_values

SPEC = {
    'files': {'type': 'list', 'elements': 'dict', 'options': {
        'path': {'type': 'str'},
        'key': {'type': 'str', 'no_log': True},
    }},
    'settings': {'type': 'dict', 'options': {'secret': {'type': 'raw', 'no_log': True}}},
    'password': {'type': 'str', 'no_log': True, 'aliases': ['pass']},
}


def test_top_level_and_alias():
    assert declared_no_log_values(SPEC, {'password': 'pw-1'}) == {'pw-1'}
    assert declared_no_log_values(SPEC, {'pass': 'pw-2'}) == {'pw-2'}


def test_suboptions_in_a_list_and_a_mapping():
    params = {'files': [{'path': 'a', 'key': 'k-1'}, {'key': 'k-2'}], 'settings': {'secret': {'x': ['s-1', 7]}}}
    assert declared_no_log_values(SPEC, params) == {'k-1', 'k-2', 's-1', '7'}


def test_values_of_the_wrong_shape_do_not_stop_the_collection():
    params = {'files': 'many', 'settings': ['not', 'a', 'mapping'], 'password': 12345}
    assert declared_no_log_values(SPEC, params) == {'12345'}


def test_task_hides_the_connection_password_whatever_else_is_wrong():
    task = TaskSpec('kestra_test', {'files': SPEC['files']}, run=None)
    secrets = task.secret_values({'password': 'Conn-Pw-1', 'username': 'u', 'files': 'many'})
    assert 'Conn-Pw-1' in secrets
    assert 'u' not in secrets
