# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where a task runs: in-process on the controller, or the real module on the target (pure logic)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.kestra_io.kestra.plugins.plugin_utils._action import in_process_switch, runs_in_process

LOCAL = 'ansible.builtin.local'


def test_the_switch_is_on_by_default():
    assert in_process_switch(None, {}) is True


@pytest.mark.parametrize('value', [False, 'false', 'no', 'off', '0', 0])
def test_the_variable_switches_it_off(value):
    assert in_process_switch(value, {}) is False


@pytest.mark.parametrize('value', ['false', 'False', 'no', '0'])
def test_the_environment_switches_it_off(value):
    assert in_process_switch(None, {'KESTRA_IN_PROCESS': value}) is False


def test_the_variable_wins_over_the_environment():
    assert in_process_switch(True, {'KESTRA_IN_PROCESS': 'false'}) is True
    assert in_process_switch('false', {'KESTRA_IN_PROCESS': 'true'}) is False


def test_an_empty_environment_variable_counts_as_unset():
    assert in_process_switch(None, {'KESTRA_IN_PROCESS': ''}) is True


@pytest.mark.parametrize('variable, environ, named', [
    ('maybe', {}, 'kestra_in_process'),
    (None, {'KESTRA_IN_PROCESS': 'sometimes'}, 'KESTRA_IN_PROCESS'),
])
def test_a_value_that_is_not_a_boolean_is_an_error_not_a_silent_off(variable, environ, named):
    with pytest.raises(ValueError, match=named):
        in_process_switch(variable, environ)


def test_a_local_task_runs_in_process():
    assert runs_in_process(True, LOCAL, become=False, async_val=0) is True


@pytest.mark.parametrize('connection', ['ansible.builtin.ssh', 'ansible.builtin.paramiko_ssh', 'ansible.builtin.winrm',
                                        'ansible.netcommon.network_cli', 'community.docker.docker',
                                        'ansible.legacy.local', 'local', None])
def test_any_other_connection_runs_the_module_on_the_target(connection):
    assert runs_in_process(True, connection, become=False, async_val=0) is False


def test_become_runs_the_module_as_the_other_user():
    assert runs_in_process(True, LOCAL, become=True, async_val=0) is False


def test_async_runs_the_module_under_async_wrapper():
    assert runs_in_process(True, LOCAL, become=False, async_val=60) is False


def test_switched_off_runs_the_module():
    assert runs_in_process(False, LOCAL, become=False, async_val=0) is False
