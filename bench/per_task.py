"""Per-task cost: kestra_kv in-process, kestra_kv as a module process, and ansible.builtin.uri.

    .venv/bin/python bench/per_task.py [--tasks 40] [--rounds 3] [--profile 1.x|2.0]

Three kinds of ansible-playbook runs against one emulator, alternated for --rounds
rounds so that changes in machine load hit them alike. Each run has a warm-up task
(not counted), then --tasks separate tasks (no loop) on one key that is already
converged: kestra_kv with the in-process path (the default), the same with
KESTRA_IN_PROCESS=false (a module process per task), and ansible.builtin.uri GETs
of the same key. A small callback timestamps each task start; a task's time runs
from its start to the next task's start, so it includes Ansible's own per-task
work. Prints the median seconds per task (over all rounds), the ratios to uri, the
median wall time of a playbook and the requests the emulator received per playbook
(the warm-up task included). Asserts nothing about time.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import PLAY_HEADER, clear_request_log, connection_vars, print_table, request_log, run_playbook, start_emulator  # noqa: E402

NAMESPACE = 'bench.per_task'
KEY = 'greeting'
MEASURED = 'measured'

CALLBACK = '''
import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_task_times'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self.marks = []

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.marks.append([task.get_name(), time.monotonic()])

    def v2_playbook_on_stats(self, stats):
        self.marks.append(['end', time.monotonic()])
        with open(os.environ['BENCH_TASK_TIMES'], 'w') as handle:
            json.dump(self.marks, handle)
'''

PLAY = PLAY_HEADER + """    - name: warm-up
%(task)s
%(measured)s
"""

KV_TASK = """      kestra_io.kestra.kestra_kv:
        namespace: %s
        key: %s
        value: hello
""" % (NAMESPACE, KEY)

URI_TASK = """      ansible.builtin.uri:
        url: "{{ kestra_url }}/api/v1/main/namespaces/%s/kv/%s"
        url_username: "{{ kestra_username }}"
        url_password: "{{ kestra_password }}"
        force_basic_auth: true
""" % (NAMESPACE, KEY)


def playbook(task, count):
    measured = ''.join('    - name: %s %d\n%s' % (MEASURED, index, task) for index in range(count))
    return PLAY % {'task': task, 'measured': measured}


def task_seconds(marks):
    """Seconds from each measured task's start to the next mark."""
    return [marks[i + 1][1] - marks[i][1] for i in range(len(marks) - 1) if marks[i][0].startswith(MEASURED)]


def measure(emulator, task, count, env, workdir):
    """(seconds of each measured task, playbook wall seconds, requests received) for one playbook run."""
    times_file = os.path.join(workdir, 'times.json')
    run_env = dict(env, ANSIBLE_CALLBACK_PLUGINS=workdir, ANSIBLE_CALLBACKS_ENABLED='bench_task_times',
                   BENCH_TASK_TIMES=times_file)
    clear_request_log(emulator)
    wall, _output = run_playbook(playbook(task, count), extra_vars=connection_vars(emulator), env=run_env)
    with open(times_file) as handle:
        seconds = task_seconds(json.load(handle))
    return seconds, wall, len(request_log(emulator))


def measure_rounds(emulator, runs, count, rounds, workdir):
    """Per run: (label, median s/task over all rounds, median wall, requests per playbook).

    The runs alternate within each round, so a change in machine load affects them alike.
    """
    samples = dict((label, ([], [], [])) for label, _task, _env in runs)
    for _round in range(rounds):
        for label, task, env in runs:
            seconds, wall, requests = measure(emulator, task, count, env, workdir)
            samples[label][0].extend(seconds)
            samples[label][1].append(wall)
            samples[label][2].append(requests)
    return [(label, statistics.median(samples[label][0]), statistics.median(samples[label][1]),
             statistics.median(samples[label][2])) for label, _task, _env in runs]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--tasks', type=int, default=40)
    parser.add_argument('--profile', choices=['1.x', '2.0'], default='1.x')
    parser.add_argument('--rounds', type=int, default=3, help='playbook runs per configuration, interleaved')
    args = parser.parse_args(argv)

    workdir = tempfile.mkdtemp(prefix='kestra-bench-per-task-')
    try:
        with open(os.path.join(workdir, 'bench_task_times.py'), 'w') as handle:
            handle.write(CALLBACK)
        runs = [
            ('kestra_kv, in-process', KV_TASK, {'KESTRA_IN_PROCESS': 'true'}),
            ('kestra_kv, module process (KESTRA_IN_PROCESS=false)', KV_TASK, {'KESTRA_IN_PROCESS': 'false'}),
            ('ansible.builtin.uri GET', URI_TASK, {}),
        ]
        with start_emulator(profile=args.profile) as emulator:
            figures = measure_rounds(emulator, runs, args.tasks, args.rounds, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    uri_median = figures[-1][1]
    print_table(['%d separate converged tasks x %d rounds (profile %s)' % (args.tasks, args.rounds, args.profile),
                 'median s/task', 'x uri', 'playbook wall s', 'requests'],
                [(label, median, median / uri_median, wall, requests) for label, median, wall, requests in figures])
    print('targets: in-process <= 0.1x uri, module process <= 1.1x uri')


if __name__ == '__main__':
    main()
