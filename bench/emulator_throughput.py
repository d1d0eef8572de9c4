"""Requests per second the emulator serves for flow get/put and KV get/put, 4 concurrent clients; start-up time.

    .venv/bin/python bench/emulator_throughput.py [--requests N] [--clients C] [--profile 1.x|2.0]

Each client is a separate process with its own HTTP session (keep-alive), so the
client side is not limited by one interpreter; the emulator runs with basic auth
as in the other benchmarks. Prints figures only.
"""

import argparse
import multiprocessing
import time

import requests

from _common import PASSWORD, USERNAME, print_table, start_emulator

NAMESPACE = 'bench.throughput'
FLOW_ID = 'hello'
FLOW = """id: hello
namespace: bench.throughput
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: hello
"""


def operations(url):
    flow = '%s/api/v1/main/flows/%s/%s' % (url, NAMESPACE, FLOW_ID)
    kv = '%s/api/v1/main/namespaces/%s/kv/' % (url, NAMESPACE)
    yaml = {'Content-Type': 'application/x-yaml'}
    text = {'Content-Type': 'text/plain'}
    return {
        'flow get': lambda s, i: s.get(flow),
        'flow put': lambda s, i: s.put(flow, data=FLOW, headers=yaml),
        'kv get': lambda s, i: s.get(kv + 'key%d' % (i % 50)),
        'kv put': lambda s, i: s.put(kv + 'key%d' % (i % 50), data='"value %d"' % i, headers=text),
    }


def client(job):
    url, name, count = job
    operation = operations(url)[name]
    errors = 0
    with requests.Session() as session:
        session.auth = (USERNAME, PASSWORD)
        for index in range(count):
            if operation(session, index).status_code >= 400:
                errors += 1
    return errors


def prepare(url):
    with requests.Session() as session:
        session.auth = (USERNAME, PASSWORD)
        session.post(url + '/api/v1/main/flows', data=FLOW, headers={'Content-Type': 'application/x-yaml'}).raise_for_status()
        for index in range(50):
            session.put('%s/api/v1/main/namespaces/%s/kv/key%d' % (url, NAMESPACE, index), data='"seed"',
                        headers={'Content-Type': 'text/plain'}).raise_for_status()


def startup_seconds(runs=5):
    """Seconds from starting the process until it listens (it prints its address then)."""
    timings = []
    for _run in range(runs):
        started = time.monotonic()
        emulator = start_emulator()
        timings.append(time.monotonic() - started)
        emulator.stop()
    return sorted(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--requests', type=int, default=500, help='requests per client and operation (default 500)')
    parser.add_argument('--clients', type=int, default=4)
    parser.add_argument('--profile', default='1.x', choices=['1.x', '2.0'])
    args = parser.parse_args()
    rows = []
    with start_emulator(profile=args.profile) as emulator:
        prepare(emulator.url)
        with multiprocessing.Pool(args.clients) as pool:
            for name in operations(emulator.url):
                started = time.monotonic()
                errors = sum(pool.map(client, [(emulator.url, name, args.requests)] * args.clients))
                elapsed = time.monotonic() - started
                total = args.requests * args.clients
                rows.append((name, total, errors, elapsed, '%.0f' % (total / elapsed), '%.2f' % (1000 * elapsed / total)))
    print_table(['operation', 'requests', 'errors', 'wall s', 'req/s', 'ms/req (wall)'], rows,
                title='emulator throughput, profile %s, %d concurrent clients' % (args.profile, args.clients))
    timings = startup_seconds()
    print('\nstart-up (process start to listening), 5 runs: min %.3fs, median %.3fs, max %.3fs'
          % (timings[0], timings[len(timings) // 2], timings[-1]))


if __name__ == '__main__':
    main()
