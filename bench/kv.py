"""KV benchmark: one kestra_kv task with `values` against a loop of one task per key, and the lookup against uri.

    .venv/bin/python bench/kv.py [--keys 300] [--profile 1.x|2.0] [--out-of-process] [--uri-calls N]

Each row is one ansible-playbook run against a fresh emulator namespace: wall seconds
(ansible-playbook start-up included; the empty play row shows that part alone), the
HTTP requests the emulator received and how many of them were writes. It prints
figures and asserts nothing about time.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import PLAY_HEADER, connection_vars, is_write, print_table, run_playbook, start_emulator  # noqa: E402

NAMESPACE = 'bench.kv'

PLAY = PLAY_HEADER + """%s
"""

TASKS = {
    'empty play': """
    - ansible.builtin.meta: noop
""",
    'bulk: one task with values': """
    - kestra_io.kestra.kestra_kv:
        namespace: %(ns)s
        values: "{{ bench_values }}"
""",
    'loop: one task per key': """
    - kestra_io.kestra.kestra_kv:
        namespace: %(ns)s
        key: "{{ item.key }}"
        value: "{{ item.value }}"
      loop: "{{ bench_values | dict2items }}"
""",
    'lookup: one call, all keys': """
    - ansible.builtin.set_fact:
        bench_read: "{{ query('kestra_io.kestra.kestra_kv', *(bench_values.keys()), namespace='%(ns)s') }}"
    - ansible.builtin.assert:
        that: bench_read | length == bench_values | length
""",
    'uri: one GET per key': """
    - ansible.builtin.uri:
        url: "{{ kestra_url }}/api/v1/main/namespaces/%(ns)s/kv/{{ item }}"
        url_username: "{{ kestra_username }}"
        url_password: "{{ kestra_password }}"
        force_basic_auth: true
      loop: "{{ (bench_values.keys() | list)[:bench_uri_calls | int] }}"
""",
}


def bench_values(count):
    """Mixed types, as a real namespace holds them."""
    values = {}
    for index in range(count):
        kind = index % 4
        values['key-%04d' % index] = [index, 'value %d' % index, index % 2 == 0, {'n': index, 'tags': ['a', 'b']}][kind]
    return values


def measure(emulator, name, extra_vars, env):
    emulator.clear_requests()
    seconds, _output = run_playbook(PLAY % (TASKS[name] % {'ns': NAMESPACE}), extra_vars=extra_vars, env=env)
    log = emulator.requests()
    return [name, seconds, len(log), len([r for r in log if is_write(r)])]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--keys', type=int, default=300)
    parser.add_argument('--profile', default='1.x', choices=['1.x', '2.0'])
    parser.add_argument('--out-of-process', action='store_true',
                        help='run the modules as processes (kestra_in_process: false) instead of in-process')
    parser.add_argument('--uri-calls', type=int, help='ansible.builtin.uri calls to compare the lookup with '
                        '(default: --keys; 0 skips them: about 0.4 s each)')
    args = parser.parse_args(argv)
    uri_calls = args.keys if args.uri_calls is None else args.uri_calls
    env = {'KESTRA_IN_PROCESS': 'false'} if args.out_of_process else {}
    values = bench_values(args.keys)
    with start_emulator(profile=args.profile) as emulator:
        extra_vars = dict(connection_vars(emulator), bench_values=values, bench_uri_calls=uri_calls)
        rows = [measure(emulator, 'empty play', extra_vars, env)]
        for name in ('bulk: one task with values', 'loop: one task per key'):
            emulator.reset()
            rows.append(measure(emulator, name, extra_vars, env))
            rows.append(measure(emulator, name, extra_vars, env))
            rows[-1][0] += ' (converged re-run)'
        rows.append(measure(emulator, 'lookup: one call, all keys', extra_vars, env))
        if uri_calls:
            rows.append(measure(emulator, 'uri: one GET per key', extra_vars, env))
            rows[-1][0] = 'uri: %d GETs, one task per key' % uri_calls
    mode = 'module processes' if args.out_of_process else 'in-process'
    print_table(['run', 'wall s', 'requests', 'writes'], rows,
                title='kestra_kv, %d keys, emulator profile %s, %s' % (args.keys, args.profile, mode))
    by_name = dict((row[0], row) for row in rows)
    base = by_name['empty play'][1]
    bulk, loop = by_name['bulk: one task with values'][1], by_name['loop: one task per key'][1]
    print('bulk vs loop: %.1fx faster (wall), %.1fx faster without the empty-play start-up' % (
        loop / bulk, (loop - base) / max(bulk - base, 1e-3)))
    print(json.dumps({'keys': args.keys, 'profile': args.profile, 'mode': mode,
                      'rows': [dict(zip(['run', 'wall_s', 'requests', 'writes'], row)) for row in rows]}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
