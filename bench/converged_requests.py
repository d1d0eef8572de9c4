"""HTTP requests, writes and wall seconds of a converged run of each module, on both emulator profiles.

    .venv/bin/python bench/converged_requests.py [--profile 1.x|2.0 ...] [--edition oss|ee ...]

Per scenario: an optional set-up playbook (the realistic state), the task once to
converge, then the same task again with the emulator's request log cleared before it:
that converged run gives the figures (wall seconds of ansible-playbook, start-up
included; the empty play row shows that part alone). One ansible-playbook run per
scenario run, modules in-process. Exits 1 if a converged run reports `changed`.

The access modules (users, groups, roles, bindings, service accounts, API tokens, tenants, worker
groups, and kestra_access_info) need Enterprise Edition: they are measured in a second table, on an
EE emulator.

The request column is the point: a task asks the server's version (GET /api/v1/configs)
only when a request it sends differs between Kestra 1.x and 2.0, and kestra_kv lists the
namespace only when the task needs a key's metadata (description, ttl, prune).
"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import (PLAY_HEADER, clear_request_log, connection_vars, is_write, print_table,  # noqa: E402  pylint: disable=wrong-import-position
                     request_log, run_playbook, start_emulator)

KEYS = 100
FLOWS = 50
TRIGGER_FLOWS, TRIGGERS_PER_FLOW = 10, 5

SEED_KEYS = """
    - kestra_io.kestra.kestra_kv:
        namespace: bench.converged.kv_many
        values: "{{ bench_values }}"
"""

EXECUTIONS = 60
SEED_EXECUTIONS = """
    - kestra_io.kestra.kestra_flow:
        source: "{{ bench_flow_sources[0] }}"
    - kestra_io.kestra.kestra_execution:
        namespace: bench.converged.flows
        flow_id: flow_000
        idempotency_key: "bench-info-{{ item }}"
      loop: "{{ range(%d) | list }}"
""" % EXECUTIONS

# (scenario, set-up tasks or None, task run to converge then measured)
SCENARIOS = [
    ('empty play (ansible-playbook start-up)', None, """
    - ansible.builtin.meta: noop
"""),
    ('kestra_kv: one key', None, """
    - kestra_io.kestra.kestra_kv:
        namespace: bench.converged.kv_one
        key: region
        value: eu-west-1
"""),
    ('kestra_kv: one key, description (metadata: listing)', None, """
    - kestra_io.kestra.kestra_kv:
        namespace: bench.converged.kv_one
        key: team
        value: data
        description: Owning team
"""),
    ('kestra_kv: one key, state absent', None, """
    - kestra_io.kestra.kestra_kv:
        namespace: bench.converged.kv_one
        key: obsolete
        state: absent
"""),
    ('kestra_kv: values, %d keys' % KEYS, None, SEED_KEYS),
    ('kestra_kv_info: namespace of %d keys' % KEYS, SEED_KEYS, """
    - kestra_io.kestra.kestra_kv_info:
        namespace: bench.converged.kv_many
        include_values: true
"""),
    ('lookup kestra_kv: %d keys' % KEYS, SEED_KEYS, """
    - ansible.builtin.set_fact:
        bench_read: "{{ query('kestra_io.kestra.kestra_kv', *(bench_values.keys()), namespace='bench.converged.kv_many') }}"
"""),
    ('kestra_flow: one flow', None, """
    - kestra_io.kestra.kestra_flow:
        source: "{{ bench_flow_sources[0] }}"
"""),
    ('kestra_flow: %d flows, one multi-document source' % FLOWS, None, """
    - kestra_io.kestra.kestra_flow:
        source: "{{ bench_flow_sources | join('---\\n') }}"
"""),
    ('kestra_trigger: enabled false, %d schedule triggers' % (TRIGGER_FLOWS * TRIGGERS_PER_FLOW), """
    - kestra_io.kestra.kestra_flow:
        source: "{{ bench_trigger_sources | join('---\\n') }}"
    - kestra_io.kestra.kestra_trigger:
        namespace: bench.converged.triggers
        allow_empty: true
      register: bench_triggers
      until: bench_triggers.triggers | length == %d
      retries: 20
      delay: 1
""" % (TRIGGER_FLOWS * TRIGGERS_PER_FLOW), """
    - kestra_io.kestra.kestra_trigger:
        namespace: bench.converged.triggers
        enabled: false
"""),
    ('kestra_execution: idempotency_key already used', """
    - kestra_io.kestra.kestra_flow:
        source: "{{ bench_flow_sources[0] }}"
""", """
    - kestra_io.kestra.kestra_execution:
        namespace: bench.converged.flows
        flow_id: flow_000
        idempotency_key: bench-converged
"""),
    ('kestra_flow_info: namespace of %d flows, with sources' % FLOWS, """
    - kestra_io.kestra.kestra_flow:
        source: "{{ bench_flow_sources | join('---\\n') }}"
""", """
    - kestra_io.kestra.kestra_flow_info:
        namespace: bench.converged.flows
"""),
    ('kestra_flow_info: namespace and children, %d flows, light' % FLOWS, """
    - kestra_io.kestra.kestra_flow:
        source: "{{ bench_flow_sources | join('---\\n') }}"
""", """
    - kestra_io.kestra.kestra_flow_info:
        namespace: bench.converged
        include_child_namespaces: true
        source: false
"""),
    ('kestra_execution_info: search, %d executions (pages of 50)' % EXECUTIONS, SEED_EXECUTIONS, """
    - kestra_io.kestra.kestra_execution_info:
        namespace: bench.converged.flows
        limit: 0
"""),
    ('kestra_execution_info: search, 10 executions with task runs', SEED_EXECUTIONS, """
    - kestra_io.kestra.kestra_execution_info:
        namespace: bench.converged.flows
        limit: 10
        include_task_runs: true
"""),
]


# Enterprise Edition: the access modules, on an EE emulator (same converged-run measure)
ACCESS_SETUP = """
    - kestra_io.kestra.kestra_user:
        email: "{{ item }}"
        first_name: Bench
      loop: [bench.one@example.com, bench.two@example.com]
    - kestra_io.kestra.kestra_group:
        name: bench-team
        members: [bench.one@example.com, bench.two@example.com]
    - kestra_io.kestra.kestra_role:
        name: bench-dev
        permissions: {FLOW: "{{ bench_actions }}"}
    - kestra_io.kestra.kestra_service_account:
        name: bench-ci
        groups: [bench-team]
"""
EE_SCENARIOS = [
    ('kestra_tenant: one tenant', None, """
    - kestra_io.kestra.kestra_tenant:
        id: bench-tenant
        name: Bench tenant
"""),
    ('kestra_worker_group: one worker group', None, """
    - kestra_io.kestra.kestra_worker_group:
        key: bench-workers
        description: Bench workers
"""),
    ('kestra_user: names and groups', ACCESS_SETUP, """
    - kestra_io.kestra.kestra_user:
        email: bench.one@example.com
        first_name: Bench
        last_name: One
        groups: [bench-team]
"""),
    ('kestra_group: two members', ACCESS_SETUP, """
    - kestra_io.kestra.kestra_group:
        name: bench-team
        description: Bench team
        members: [bench.one@example.com, bench.two@example.com]
"""),
    ('kestra_role: permissions', None, """
    - kestra_io.kestra.kestra_role:
        name: bench-dev
        description: Bench developers
        permissions: {FLOW: "{{ bench_actions }}", EXECUTION: "{{ bench_actions }}"}
"""),
    ('kestra_binding: group on a namespace', ACCESS_SETUP, """
    - kestra_io.kestra.kestra_binding:
        role: bench-dev
        group: bench-team
        namespace: bench.access
"""),
    ('kestra_service_account: groups', ACCESS_SETUP, """
    - kestra_io.kestra.kestra_service_account:
        name: bench-ci
        description: Bench CI
        groups: [bench-team]
"""),
    ('kestra_api_token: kept', ACCESS_SETUP, """
    - kestra_io.kestra.kestra_api_token:
        service_account: bench-ci
        name: ci
        max_age: P1D
      no_log: true
"""),
    ('kestra_access_info: every kind', ACCESS_SETUP + """
    - kestra_io.kestra.kestra_binding:
        role: bench-dev
        group: bench-team
        namespace: bench.access
    - kestra_io.kestra.kestra_api_token:
        service_account: bench-ci
        name: ci
      no_log: true
""", """
    - kestra_io.kestra.kestra_access_info:
"""),
]


def flow_source(namespace, flow_id, triggers=0):
    source = ('id: %s\nnamespace: %s\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n'
              '    message: Hello from %s\n') % (flow_id, namespace, flow_id)
    if triggers:
        trigger = '  - id: schedule%d\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "%d * * * *"\n'
        source += 'triggers:\n' + ''.join(trigger % (index, index) for index in range(triggers))
    return source


def bench_vars():
    return {
        'bench_values': dict(('key-%03d' % index, [index, 'value %d' % index, index % 2 == 0, {'n': index}][index % 4])
                             for index in range(KEYS)),
        'bench_flow_sources': [flow_source('bench.converged.flows', 'flow_%03d' % index) for index in range(FLOWS)],
        'bench_trigger_sources': [flow_source('bench.converged.triggers', 'flow_%02d' % index, TRIGGERS_PER_FLOW)
                                  for index in range(TRIGGER_FLOWS)],
    }


def converged_run(emulator, setup, task, extra_vars):
    """Set up, converge, then measure one more run: (requests, version probes, writes, wall seconds, changed tasks)."""
    if setup:
        run_playbook(PLAY_HEADER + setup, extra_vars=extra_vars)
    run_playbook(PLAY_HEADER + task, extra_vars=extra_vars)
    clear_request_log(emulator)
    seconds, output = run_playbook(PLAY_HEADER + task, extra_vars=extra_vars)
    log = request_log(emulator)
    changed = sum(int(count) for count in re.findall(r'\bchanged=(\d+)', output))
    probes = len([entry for entry in log if entry['path'] == '/api/v1/configs'])
    return len(log), probes, len([entry for entry in log if is_write(entry)]), seconds, changed


def measure_profile(profile, unexpected, scenarios=None, edition='oss'):
    """The [requests, probes, writes, wall seconds] of each scenario on a fresh emulator; changed runs go to unexpected."""
    columns = []
    with start_emulator(profile=profile, edition=edition) as emulator:
        extra_vars = dict(connection_vars(emulator), **bench_vars())
        # role actions: Kestra 2.0 has finer ones than the CRUD actions of 1.x
        extra_vars['bench_actions'] = ['VIEW', 'LIST'] if profile == '2.0' else ['READ']
        for name, setup, task in scenarios or SCENARIOS:
            requests, probes, writes, seconds, changed = converged_run(emulator, setup, task, extra_vars)
            columns.append([requests, probes, writes, seconds])
            if changed:
                unexpected.append('%s (%s): converged run changed=%d' % (name, profile, changed))
    return columns


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--profile', action='append', choices=['1.x', '2.0'],
                        help='emulator profile; repeat for several (default: 1.x and 2.0)')
    parser.add_argument('--edition', action='append', choices=['oss', 'ee'],
                        help='oss: the scenarios of every edition; ee: the access modules on an Enterprise Edition '
                             'emulator; repeat for both (default: both)')
    args = parser.parse_args(argv)
    profiles = args.profile or ['1.x', '2.0']
    editions = args.edition or ['oss', 'ee']
    unexpected = []
    headers = ['scenario'] + ['%s %s' % (profile, figure) for profile in profiles for figure in ('requests', 'probes', 'writes', 'wall s')]
    for title, scenarios, edition in (('Converged run per module scenario (in-process)', SCENARIOS, 'oss'),
                                      ('Enterprise Edition: converged run per access module (in-process)',
                                       EE_SCENARIOS, 'ee')):
        if edition not in editions:
            continue
        rows = [[name] for name, _setup, _task in scenarios]
        for profile in profiles:
            for row, figures in zip(rows, measure_profile(profile, unexpected, scenarios, edition)):
                row.extend(figures)
        print_table(headers, rows, title=title)
    for line in unexpected:
        print('UNEXPECTED: ' + line)
    return 1 if unexpected else 0


if __name__ == '__main__':
    sys.exit(main())
