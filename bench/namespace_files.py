"""Namespace files benchmark: a converged tree with kestra_namespace_file against a loop of ansible.builtin.uri uploads.

    .venv/bin/python bench/namespace_files.py [--files 200] [--profile 1.x|2.0] [--out-of-process] [--uri-calls N]

A local tree of --files files (text and binary, in 10 directories) is deployed under one
namespace path. Each row is one ansible-playbook run: wall seconds (ansible-playbook
start-up included; the empty play row shows that part alone), the HTTP requests the
emulator received and how many were writes. The module's converged re-run reads
(one listing plus one GET per file) and writes nothing; a uri loop has no way to know
what is stored, so every run uploads every file again. Figures only, no time assertions.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import PLAY_HEADER, connection_vars, is_write, print_table, run_playbook, start_emulator  # noqa: E402

NAMESPACE = 'bench.files'

PLAY = PLAY_HEADER + """%s
"""

TASKS = {
    'empty play': """
    - ansible.builtin.meta: noop
""",
    'module: one task, src tree': """
    - kestra_io.kestra.kestra_namespace_file:
        namespace: %(ns)s
        path: /project
        src: "{{ bench_tree }}"
        prune: true
""",
    'uri: one upload per file': """
    - ansible.builtin.uri:
        url: "{{ kestra_url }}/api/v1/main/namespaces/%(ns)s/files?path=/project/{{ item | urlencode }}"
        method: POST
        url_username: "{{ kestra_username }}"
        url_password: "{{ kestra_password }}"
        force_basic_auth: true
        body_format: form-multipart
        body:
          fileContent:
            filename: "{{ bench_tree }}/{{ item }}"
            mime_type: application/octet-stream
      loop: "{{ bench_files[:bench_uri_calls | int] }}"
""",
}


def make_tree(root, count):
    """count files in 10 directories: every fourth one binary; returns their relative paths."""
    paths = []
    for index in range(count):
        relative = 'dir%02d/file-%04d.%s' % (index % 10, index, 'bin' if index % 4 == 3 else 'sql')
        full = os.path.join(root, relative)
        if not os.path.isdir(os.path.dirname(full)):
            os.makedirs(os.path.dirname(full))
        with open(full, 'wb') as handle:
            if index % 4 == 3:
                handle.write(bytes(bytearray((index * 7 + i) % 256 for i in range(512))))
            else:
                handle.write(('-- query %d\nSELECT %d AS n, \'%s\' AS label;\n' % (index, index, 'x' * 200)).encode())
        paths.append(relative)
    return paths


def measure(emulator, name, extra_vars, env):
    emulator.clear_requests()
    seconds, _output = run_playbook(PLAY % (TASKS[name] % {'ns': NAMESPACE}), extra_vars=extra_vars, env=env)
    log = emulator.requests()
    return [name, seconds, len(log), len([r for r in log if is_write(r)])]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--files', type=int, default=200)
    parser.add_argument('--profile', default='1.x', choices=['1.x', '2.0'])
    parser.add_argument('--out-of-process', action='store_true',
                        help='run the module as a process (kestra_in_process: false) instead of in-process')
    parser.add_argument('--uri-calls', type=int, help='ansible.builtin.uri uploads to compare with (default: '
                        '--files; 0 skips them: about 0.4 s each)')
    args = parser.parse_args(argv)
    uri_calls = args.files if args.uri_calls is None else args.uri_calls
    env = {'KESTRA_IN_PROCESS': 'false'} if args.out_of_process else {}
    tree = tempfile.mkdtemp(prefix='kestra-bench-tree-')
    try:
        files = make_tree(tree, args.files)
        with start_emulator(profile=args.profile) as emulator:
            extra_vars = dict(connection_vars(emulator), bench_tree=tree, bench_files=files, bench_uri_calls=uri_calls)
            rows = [measure(emulator, 'empty play', extra_vars, env)]
            rows.append(measure(emulator, 'module: one task, src tree', extra_vars, env))
            rows[-1][0] += ' (first run)'
            rows.append(measure(emulator, 'module: one task, src tree', extra_vars, env))
            rows[-1][0] += ' (converged re-run)'
            if uri_calls:
                rows.append(measure(emulator, 'uri: one upload per file', extra_vars, env))
                rows[-1][0] = 'uri: %d uploads, one task per file' % uri_calls
    finally:
        shutil.rmtree(tree, ignore_errors=True)
    mode = 'module processes' if args.out_of_process else 'in-process'
    print_table(['run', 'wall s', 'requests', 'writes'], rows,
                title='kestra_namespace_file, %d files, emulator profile %s, %s' % (args.files, args.profile, mode))
    print(json.dumps({'files': args.files, 'profile': args.profile, 'mode': mode,
                      'rows': [dict(zip(['run', 'wall_s', 'requests', 'writes'], row)) for row in rows]}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
