"""End of an execution to its event, for the event source kestra_io.kestra.kestra_executions.

The source's own loop (extensions/eda/plugins/event_source/kestra_executions.py, run()) polls an emulator at
the default interval and puts events on a queue, as under ansible-rulebook. For each run: wait a random part of
the interval (so that runs end anywhere in the poll cycle), start a failing execution, and take the time from
its end date (as Kestra wrote it) to the moment its event reaches the queue. Also counts the source's
requests per poll from the emulator's request log. Prints figures; asserts nothing about time.

    .venv/bin/python bench/eda_latency.py [--runs 20] [--interval 10] [--profile 2.0]
"""

import argparse
import asyncio
import importlib.util
import os
import random
import statistics
import time

from _common import PASSWORD, REPO, USERNAME, print_table, request_log, start_emulator

import requests

# makes ansible_collections.kestra_io.kestra importable from this checkout
import tests.unit.conftest  # noqa: F401  pylint: disable=unused-import

from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_events import (  # noqa: E402
    DEFAULT_INTERVAL,
    parse_time,
    utcnow,
)

PLUGIN = os.path.join(REPO, 'extensions', 'eda', 'plugins', 'event_source', 'kestra_executions.py')
FLOW = 'id: ko\nnamespace: bench.eda\ntasks:\n  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n'


def load_plugin():
    spec = importlib.util.spec_from_file_location('kestra_executions_bench', PLUGIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TimedQueue(object):
    def __init__(self):
        self.arrivals = {}
        self.changed = asyncio.Event()

    async def put(self, event):
        self.arrivals[event['execution']['id']] = (utcnow(), event)
        self.changed.set()


async def measure(emulator, runs, interval):
    plugin = load_plugin()
    args = {'url': emulator.url, 'username': USERNAME, 'password': PASSWORD, 'namespace': 'bench.eda'}
    if interval != DEFAULT_INTERVAL:
        args['interval'] = interval
    poller = plugin.build(args)
    queue = TimedQueue()
    source = asyncio.ensure_future(plugin.run(queue, poller))
    session = requests.Session()
    session.auth = (USERNAME, PASSWORD)
    loop = asyncio.get_event_loop()
    latencies = []
    started = time.time()
    try:
        for number in range(runs):
            await asyncio.sleep(random.uniform(0, interval))
            response = await loop.run_in_executor(None, lambda: session.post(
                '%s/api/v1/main/executions/bench.eda/ko' % emulator.url))
            execution_id = response.json()['id']
            while execution_id not in queue.arrivals:
                queue.changed.clear()
                await asyncio.wait_for(queue.changed.wait(), timeout=interval * 10 + 60)
            arrived, event = queue.arrivals[execution_id]
            latency = (arrived - parse_time(event['execution']['end_date'])).total_seconds()
            latencies.append(latency)
            print('run %2d: %s ended, event after %.3f s' % (number + 1, execution_id, latency))
    finally:
        source.cancel()
        try:
            await source
        except asyncio.CancelledError:
            pass
    return latencies, poller, time.time() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=20)
    parser.add_argument('--interval', type=float, default=DEFAULT_INTERVAL, help='seconds (default: the source default)')
    parser.add_argument('--profile', default='2.0', choices=['1.x', '2.0'])
    options = parser.parse_args()
    with start_emulator(profile=options.profile, time_scale=1) as emulator:
        emulator.seed_flow(FLOW)
        latencies, poller, wall = asyncio.run(measure(emulator, options.runs, options.interval))
        log = request_log(emulator)
    searches = sum(1 for entry in log if entry['path'].endswith('/executions/search'))
    probes = sum(1 for entry in log if entry['path'] == '/api/v1/configs')
    others = len(log) - searches - probes - options.runs  # minus the bench's own starts of executions
    print()
    print_table(['profile', 'interval s', 'runs', 'median s', 'max s', 'min s', 'polls', 'searches per poll',
                 'version probes', 'other requests', 'wall s'],
                [[options.profile, options.interval, len(latencies), statistics.median(latencies), max(latencies),
                  min(latencies), poller.polls, searches / float(poller.polls), probes, others, wall]],
                title='end of an execution -> its event on the source queue')


if __name__ == '__main__':
    main()
