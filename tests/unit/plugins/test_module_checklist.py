"""The module checklist of CONTRIBUTING.md, enforced: every module in plugins/modules has

- its action plugin (plugins/action/<module>.py, so it can run in-process on the controller),
- its entry in the action group of meta/runtime.yml (module_defaults: group/kestra_io.kestra.kestra),
- at least one case in tests/unit/plugins/test_bad_input.py (a tuple whose second item is the module name),
- at least one parity case in tests/integration/targets/in_process_parity/vars/main.yml (module: <module>).
"""

import os
import re

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
MODULES = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'modules'))
                 if name.endswith('.py') and not name.startswith('_'))


def _read(*parts):
    with open(os.path.join(ROOT, *parts)) as handle:
        return handle.read()


def test_there_are_modules():
    assert 'kestra_kv' in MODULES


@pytest.mark.parametrize('module', MODULES)
def test_action_plugin(module):
    path = os.path.join(ROOT, 'plugins', 'action', module + '.py')
    assert os.path.isfile(path), 'plugins/action/%s.py is missing (class ActionModule(KestraActionBase))' % module
    assert 'KestraActionBase' in _read('plugins', 'action', module + '.py')


@pytest.mark.parametrize('module', MODULES)
def test_action_group_entry(module):
    group = (yaml.safe_load(_read('meta', 'runtime.yml')).get('action_groups') or {}).get('kestra') or []
    assert module in group, 'meta/runtime.yml: add %s to action_groups.kestra' % module


@pytest.mark.parametrize('module', MODULES)
def test_bad_input_case(module):
    source = _read('tests', 'unit', 'plugins', 'test_bad_input.py')
    assert re.search(r"\(\s*'[^']*',\s*'%s'\s*," % re.escape(module), source), \
        'tests/unit/plugins/test_bad_input.py: add a case (id, %r, arguments) and the module to TASKS' % module
    assert re.search(r"'%s'\s*:" % re.escape(module), source), \
        'tests/unit/plugins/test_bad_input.py: add %r to TASKS' % module


@pytest.mark.parametrize('module', MODULES)
def test_parity_case(module):
    cases = yaml.safe_load(_read('tests', 'integration', 'targets', 'in_process_parity', 'vars', 'main.yml'))
    modules = set(case.get('module') for case in cases.get('parity_cases') or [])
    assert module in modules, 'in_process_parity/vars/main.yml: add a case with module: %s' % module
