"""The kestra_execution action plugin resolves relative files paths on the controller, for both paths."""

import pytest

from ansible.errors import AnsibleActionFail, AnsibleError

from ansible_collections.kestra_io.kestra.plugins.action.kestra_execution import ActionModule, is_relative


class _Connection(object):
    def __init__(self, name):
        self.ansible_name = name


class _PlayContext(object):
    remote_addr = 'db1.example.com'


def action(connection='ansible.builtin.local', found=None):
    plugin = ActionModule.__new__(ActionModule)
    plugin._connection = _Connection(connection)
    plugin._play_context = _PlayContext()
    searched = []

    def find_needle(dirname, needle):
        searched.append((dirname, needle))
        if found is None or needle not in found:
            raise AnsibleError("Could not find or access '%s'" % needle)
        return found[needle]
    plugin._find_needle = find_needle
    plugin.searched = searched
    return plugin


@pytest.mark.parametrize('path, relative', [('a.csv', True), ('sub/a.csv', True), ('/srv/a.csv', False),
                                            ('~/a.csv', False)])
def test_is_relative(path, relative):
    assert is_relative(path) is relative


@pytest.mark.parametrize('in_process', [True, False])
def test_relative_paths_are_found_in_files_on_both_paths(in_process):
    plugin = action(found={'a.csv': '/play/files/a.csv'})
    args = plugin._controller_args({'files': {'a': 'a.csv', 'b': '/abs/b.csv'}, 'flow_id': 'f'}, in_process)
    assert args == {'files': {'a': '/play/files/a.csv', 'b': '/abs/b.csv'}, 'flow_id': 'f'}
    assert plugin.searched == [('files', 'a.csv')]


def test_absolute_paths_are_left_alone():
    plugin = action()
    args = {'files': {'b': '/abs/b.csv'}}
    assert plugin._controller_args(args, True) is args
    assert plugin.searched == []


def test_a_missing_relative_path_names_the_option():
    with pytest.raises(AnsibleActionFail, match="files.a: Could not find or access 'nope.csv'"):
        action()._controller_args({'files': {'a': 'nope.csv'}}, True)


def test_a_relative_path_on_another_host_is_refused():
    with pytest.raises(AnsibleActionFail, match='runs on db1.example.com through the ansible.builtin.ssh'):
        action(connection='ansible.builtin.ssh')._controller_args({'files': {'a': 'a.csv'}}, False)
