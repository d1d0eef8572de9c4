"""How fast kestra_execution notices the end of a run, and how many requests a wait costs.

    python bench/execution.py [--runs 20] [--seconds 2] [--profile 1.x|2.0]

Starts an emulator at time scale 1 (real durations), then, RUNS times, runs the
module's logic in-process (the same code as the action plugin) to start a flow
that sleeps SECONDS and wait for it. The delay is the module's return time
minus the execution's endDate as the emulator recorded it (same machine, same
clock). The requests are those the emulator logged for the wait (follow
streams and reads of the execution and its outputs), the start excluded.
"""

import argparse
import datetime
import statistics
import time

from _common import print_table, start_emulator, USERNAME, PASSWORD

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator  # noqa: E402

import tests.unit.conftest  # noqa: E402,F401  pylint: disable=unused-import
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_task import TASK  # noqa: E402
from ansible_collections.kestra_io.kestra.plugins.module_utils._task import TaskContext, execute  # noqa: E402

FLOW = """id: sleeper
namespace: bench.execution
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: started
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT%gS
"""


def epoch(iso_text):
    return datetime.datetime.strptime(iso_text.replace('Z', '+0000'), '%Y-%m-%dT%H:%M:%S.%f%z').timestamp()


def run_once(emulator):
    validation = ArgumentSpecValidator(**TASK.validator_kwargs()).validate({
        'url': emulator.url, 'username': USERNAME, 'password': PASSWORD,
        'namespace': 'bench.execution', 'flow_id': 'sleeper', 'wait': True})
    emulator.clear_requests()
    result = execute(TASK, validation.validated_parameters, TaskContext())
    returned = time.time()
    if result.get('failed'):
        raise SystemExit('run failed: %s' % result['msg'])
    wait_requests = [r for r in emulator.requests() if r['method'] == 'GET' and '/executions/search' not in r['path']
                     and r['path'] != '/api/v1/configs']
    return returned - epoch(result['execution']['end_date']), len(wait_requests)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--runs', type=int, default=20)
    parser.add_argument('--seconds', type=float, default=2.0)
    parser.add_argument('--profile', choices=['1.x', '2.0'], default='1.x')
    args = parser.parse_args()
    with start_emulator(profile=args.profile, time_scale=1.0) as emulator:
        emulator.seed_flow(FLOW % args.seconds)
        delays, counts = [], []
        for _run in range(args.runs):
            delay, count = run_once(emulator)
            delays.append(delay)
            counts.append(count)
    print_table(['runs', 'flow s', 'profile', 'median delay s', 'max delay s', 'requests per wait (min-max)'],
                [[args.runs, args.seconds, args.profile, statistics.median(delays), max(delays),
                  '%d-%d' % (min(counts), max(counts))]],
                title='kestra_execution: end of run -> module return')


if __name__ == '__main__':
    main()
