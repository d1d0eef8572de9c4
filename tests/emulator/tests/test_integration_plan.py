"""tests/integration/run.py: which targets run on which profile and in-process setting (no target runs here)."""

import argparse
import os

import pytest

from tests.integration import run


def args(**options):
    values = dict(full=False, smoke=False, profile=None, in_process=None)
    values.update(options)
    return argparse.Namespace(**values)


def plan(targets, **options):
    return dict(run.combinations(targets, args(**options)))


def test_every_target_declares_its_combinations():
    aliases = run.target_aliases()
    for name in run.runnable_targets():
        profiles, modes = run.declared_combination(name, aliases[name])
        assert profiles and modes


def test_the_default_run_covers_both_profiles_and_every_module_on_both_paths():
    combos = plan(run.runnable_targets())
    assert set(combos) == {('1.x', True), ('1.x', False), ('2.0', True), ('2.0', False)}
    # in_process_parity runs every module on both paths and compares them, on both profiles
    for combo in combos:
        assert 'in_process_parity' in combos[combo]
    # a one-combination target runs once
    runs = [name for names in combos.values() for name in names]
    for name, aliases in run.target_aliases().items():
        if name in run.runnable_targets() and run.FULL_MATRIX_ALIAS not in aliases:
            profiles, modes = run.declared_combination(name, aliases)
            assert runs.count(name) == len(profiles) * len(modes)


def target_text(name):
    text = []
    for root, _dirs, files in os.walk(os.path.join(run.TARGETS_DIR, name)):
        for file_name in files:
            if file_name.endswith(('.yml', '.yaml', '.py', '.sh')):
                with open(os.path.join(root, file_name)) as handle:
                    text.append(handle.read())
    return '\n'.join(text)


def test_the_default_run_runs_every_module_as_a_module_process():
    """Through in_process_parity's cases, or a target the default run runs with in-process off."""
    modules = sorted(f[:-3] for f in os.listdir(os.path.join(run.REPO, 'plugins', 'modules'))
                     if f.endswith('.py') and f != '__init__.py')
    with open(os.path.join(run.TARGETS_DIR, 'in_process_parity', 'vars', 'main.yml')) as handle:
        parity = handle.read()
    off_targets = set()
    for (_profile, in_process), names in run.combinations(run.runnable_targets(), args()):
        if not in_process:
            off_targets.update(names)
    off_text = '\n'.join(target_text(name) for name in sorted(off_targets))
    assert [m for m in modules
            if 'module: %s\n' % m not in parity and 'kestra_io.kestra.%s:' % m not in off_text] == []


def test_explicit_options_force_the_combination():
    forced = plan(['kestra_kv'], profile=['2.0'], in_process='both')
    assert forced == {('2.0', True): ['kestra_kv'], ('2.0', False): ['kestra_kv']}
    assert plan(['faults'], in_process='off') == {('1.x', False): ['faults'], ('2.0', False): ['faults']}
    assert len(plan(['kestra_kv'], full=True)) == 4


def test_smoke_is_one_run():
    combos = plan(run.smoke_targets(), smoke=True)
    assert list(combos) == [('2.0', True)]
    assert 'in_process_parity' in combos[('2.0', True)]


def test_a_target_that_declares_nothing_is_refused(tmp_path, monkeypatch):
    (tmp_path / 'new_target').mkdir()
    (tmp_path / 'new_target' / 'aliases').write_text('context/controller\nshippable/posix/group1\n')
    monkeypatch.setattr(run, 'TARGETS_DIR', str(tmp_path))
    with pytest.raises(SystemExit, match='new_target'):
        plan(['new_target'])
    with pytest.raises(SystemExit, match='no integration target'):
        plan(['missing'])
