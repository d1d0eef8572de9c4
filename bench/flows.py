"""Deploy 200 flows in one namespace with kestra_flow: one bulk task vs a loop of 200 tasks.

    .venv/bin/python bench/flows.py [--count 200] [--profile 1.x|2.0] [--in-process true|false]

Four runs against a fresh emulator (a real HTTP server): the bulk deploy (one task,
a multi-document source), the same task again (converged), then, after a reset,
the loop deploy (one task looping over 200 single-flow sources) and the loop again.
For each: the wall seconds of ansible-playbook, the seconds of the kestra_flow task
alone (from its start to its result, measured by a small callback plugin) and the
HTTP requests the emulator received. Figures only; nothing is asserted.
"""

import argparse
import os
import re
import shutil
import tempfile

from _common import clear_request_log, connection_vars, is_write, print_table, request_log, run_playbook, start_emulator

NAMESPACE = 'bench.flows'

PLAYBOOK = '''
- hosts: localhost
  gather_facts: false
  vars:
    kestra_in_process: %(in_process)s
  module_defaults:
    group/kestra_io.kestra.kestra: {url: "{{ kestra_url }}", username: "{{ kestra_username }}", password: "{{ kestra_password }}"}
  tasks:
%(task)s
'''

# prints how long the task named 'bench' took, from its start to its (last) result
TIMER_CALLBACK = '''
import time
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_timer'
    CALLBACK_NEEDS_ENABLED = True

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._started = time.monotonic() if task.get_name() == 'bench' else None

    def v2_runner_on_ok(self, result):
        if getattr(self, '_started', None) is not None:
            self._display.display('BENCH task_seconds=%.4f changed=%s' % (
                time.monotonic() - self._started, result._result.get('changed')))
'''


BULK_TASK = '''    - name: bench
      kestra_io.kestra.kestra_flow:
        source: "{{ bench_sources | join('---\\n') }}"
'''

LOOP_TASK = '''    - name: bench
      kestra_io.kestra.kestra_flow:
        source: "{{ item }}"
      loop: "{{ bench_sources }}"
'''


def flow_source(index):
    return ('id: flow_%03d\n'
            'namespace: %s\n'
            'description: benchmark flow %d\n'
            'labels:\n'
            '  bench: "true"\n'
            'tasks:\n'
            '  - id: hello\n'
            '    type: io.kestra.plugin.core.log.Log\n'
            '    message: Hello from flow %d\n') % (index, NAMESPACE, index, index)


def timer_env(directory):
    with open(os.path.join(directory, 'bench_timer.py'), 'w') as handle:
        handle.write(TIMER_CALLBACK)
    return {'ANSIBLE_CALLBACK_PLUGINS': directory, 'ANSIBLE_CALLBACKS_ENABLED': 'bench_timer'}


def measure(emulator, task, sources, in_process, env):
    clear_request_log(emulator)
    variables = dict(connection_vars(emulator), bench_sources=sources)
    playbook = PLAYBOOK % {'task': task, 'in_process': 'true' if in_process else 'false'}
    wall, output = run_playbook(playbook, extra_vars=variables, env=env)
    match = re.search(r'BENCH task_seconds=([0-9.]+) changed=(\w+)', output)
    log = request_log(emulator)
    return {'wall': wall, 'task': float(match.group(1)), 'changed': match.group(2),
            'requests': len(log), 'writes': len([r for r in log if is_write(r)])}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--count', type=int, default=200)
    parser.add_argument('--profile', choices=['1.x', '2.0'], default='1.x')
    parser.add_argument('--in-process', choices=['true', 'false'], default='true')
    args = parser.parse_args()
    in_process = args.in_process == 'true'
    sources = [flow_source(i) for i in range(args.count)]

    rows = []
    callbacks = tempfile.mkdtemp(prefix='kestra-bench-callbacks-')
    try:
        env = timer_env(callbacks)
        with start_emulator(profile=args.profile) as emulator:
            for name, task in (('bulk deploy', BULK_TASK), ('bulk converged', BULK_TASK)):
                rows.append((name, measure(emulator, task, sources, in_process, env)))
            emulator.reset()
            for name, task in (('loop deploy', LOOP_TASK), ('loop converged', LOOP_TASK)):
                rows.append((name, measure(emulator, task, sources, in_process, env)))
    finally:
        shutil.rmtree(callbacks, ignore_errors=True)

    print_table(['run', 'wall s', 'task s', 'requests', 'writes', 'changed'],
                [(name, r['wall'], r['task'], r['requests'], r['writes'], r['changed']) for name, r in rows],
                title='kestra_flow: %d flows in one namespace (profile %s, in-process %s)' % (
                    args.count, args.profile, args.in_process))
    figures = dict(rows)
    print('converged bulk run: %d requests for 1 namespace (target: at most 2 + 1 per changed flow)'
          % figures['bulk converged']['requests'])
    print('bulk deploy vs loop deploy: %.1fx faster (task seconds), %.1fx (playbook wall seconds)' % (
        figures['loop deploy']['task'] / figures['bulk deploy']['task'],
        figures['loop deploy']['wall'] / figures['bulk deploy']['wall']))


if __name__ == '__main__':
    main()
