"""Helpers for the script targets (runme.sh): the test configuration, emulators, playbook runs.

ansible-test runs a script target from a copy of the target directory, next to
../../integration_config.yml (written by tests/integration/run.py), with the
collection on ANSIBLE_COLLECTIONS_PATH. Import this file with:

    sys.path.insert(0, os.path.join(collection_root(), 'tests/integration/targets/setup_kestra/files'))
"""

import json
import os
import subprocess
import sys
import tempfile

import yaml

CONFIG_PATH = os.path.join('..', '..', 'integration_config.yml')
# the emulator_control lookup (setup_kestra), which the playbooks of script targets use to arm faults
LOOKUP_PLUGINS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lookup_plugins')
INVENTORY_PATH = os.environ.get('INVENTORY_PATH', os.path.join('..', '..', 'inventory'))


def collection_root():
    """The kestra_io.kestra tree ansible-test runs from (holds tests/emulator)."""
    for base in os.environ.get('ANSIBLE_COLLECTIONS_PATH', '').split(os.pathsep):
        candidate = os.path.join(base, 'ansible_collections', 'kestra_io', 'kestra')
        if os.path.isdir(os.path.join(candidate, 'tests', 'emulator')):
            return candidate
    # run by hand from a checkout: this file is tests/integration/targets/setup_kestra/files/
    return os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', '..'))


ROOT = collection_root()
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tests.emulator.testing import Emulator, is_write  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import


def load_config():
    """The integration variables (kestra_url, kestra_username, ..., kestra_in_process)."""
    with open(CONFIG_PATH) as handle:
        return yaml.safe_load(handle) or {}


def in_process_label(config):
    return 'in-process' if config.get('kestra_in_process', True) else 'module'


def run_playbook(playbook, config, extra_vars=None, verbosity=0, env=None, args=()):
    """Run a playbook of this target against testhost; returns (return code, stdout+stderr).

    Only kestra_in_process (the path switch) and extra_vars become extra vars: the
    connection variables are NOT passed as extra vars, whose precedence would beat
    the task-level kestra_* variables a lookup is given in the playbooks.
    """
    variables = {'kestra_in_process': bool(config.get('kestra_in_process', True))}
    variables.update(extra_vars or {})
    handle, vars_file = tempfile.mkstemp(prefix='script-target-', suffix='.json')
    with os.fdopen(handle, 'w') as stream:
        json.dump(variables, stream)
    cmd = ['ansible-playbook', '-i', INVENTORY_PATH, '-e', '@' + vars_file, playbook] + list(args)
    if verbosity:
        cmd.append('-' + 'v' * verbosity)
    run_env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_LOOKUP_PLUGINS=LOOKUP_PLUGINS)
    run_env.update(env or {})
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=run_env,
                              universal_newlines=True, check=False)
    finally:
        os.unlink(vars_file)
    return proc.returncode, proc.stdout


def fail(message, output=None):
    """Stop the script target with a message (and the playbook output that explains it)."""
    if output:
        sys.stdout.write(output[-6000:] + '\n')
    sys.stdout.write('FAILED: %s\n' % message)
    sys.exit(1)
