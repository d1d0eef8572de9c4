"""Run the ansible-test integration targets against the emulator (or a real Kestra).

    python tests/integration/run.py [--profile 1.x|2.0 ...] [--in-process on|off|both] [--jobs 2] [TARGET ...]

For each profile and in-process setting it starts an emulator with basic auth on a
free port, copies the collection to a temporary ansible_collections/kestra_io/kestra
(ansible-test needs that layout and rejects symlinks), writes integration_config.yml
there and runs ansible-test integration. --jobs N runs N of those at the same time.
Targets whose aliases file holds `needs/kestra-ee` run against an emulator started with
--edition ee (integration variable kestra_edition: ee); the others against an OSS one
(kestra_edition: oss), so OSS behaviour stays tested. The 2.0 EE emulator takes a bearer
token (kestra_token) instead of basic auth, as Kestra EE 2.0 does.

With KESTRA_TEST_URL set (and KESTRA_TEST_USERNAME / KESTRA_TEST_PASSWORD or
KESTRA_TEST_TOKEN), it runs against that server instead; tasks that need the
emulator's control endpoints are skipped (kestra_emulator is false). KESTRA_TEST_EDITION=ee
says that server is an Enterprise one (otherwise the needs/kestra-ee targets are left out).
"""

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, REPO)

from tests.emulator.testing import Emulator  # noqa: E402  pylint: disable=wrong-import-position

USERNAME = 'admin@kestra.io'
PASSWORD = 'Kestra-Integration-1'
TOKEN = 'kestra-integration-token'
EE_ALIAS = 'needs/kestra-ee'
TARGETS_DIR = os.path.join(REPO, 'tests', 'integration', 'targets')
EXCLUDED = {'.venv', '.git', 'tests/output', '.cache', 'dist', '.pytest_cache', '.hypothesis'}


def copy_collection(work):
    dest = os.path.join(work, 'ansible_collections', 'kestra_io', 'kestra')

    def ignore(directory, names):
        rel = os.path.relpath(directory, REPO)
        return [n for n in names if os.path.normpath(os.path.join(rel, n)) in EXCLUDED or n == '__pycache__']

    shutil.copytree(REPO, dest, ignore=ignore)
    return dest


def write_config(collection, settings):
    path = os.path.join(collection, 'tests', 'integration', 'integration_config.yml')
    with open(path, 'w') as handle:
        for key, value in settings.items():
            handle.write('%s: %s\n' % (key, _yaml_scalar(value)))


def _yaml_scalar(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return "'%s'" % str(value).replace("'", "''")


def run_targets(collection, targets, extra_args, output=None):
    """Run ansible-test integration; output None prints live, else a file object receives it."""
    bindir = os.path.dirname(sys.executable)
    # --continue-on-error: one failing target must not hide the results of the others
    cmd = [os.path.join(bindir, 'ansible-test'), 'integration', '--python', '%d.%d' % sys.version_info[:2], '--color', 'no',
           '--continue-on-error'] + list(extra_args) + list(targets)
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', PATH=bindir + os.pathsep + os.environ.get('PATH', ''))
    env.pop('ANSIBLE_COLLECTIONS_PATH', None)
    return subprocess.call(cmd, cwd=collection, env=env, stdout=output, stderr=subprocess.STDOUT if output else None)


def real_server_settings(url):
    return {
        'kestra_url': url.rstrip('/'),
        'kestra_username': os.environ.get('KESTRA_TEST_USERNAME', ''),
        'kestra_password': os.environ.get('KESTRA_TEST_PASSWORD', ''),
        'kestra_token': os.environ.get('KESTRA_TEST_TOKEN', ''),
        'kestra_emulator': False,
        'kestra_profile': os.environ.get('KESTRA_TEST_PROFILE', '1.x'),
        'kestra_edition': os.environ.get('KESTRA_TEST_EDITION', 'oss'),
    }


def ee_targets():
    """Targets whose aliases file holds needs/kestra-ee: they need an Enterprise Edition server."""
    found = []
    for name in sorted(os.listdir(TARGETS_DIR)):
        aliases = os.path.join(TARGETS_DIR, name, 'aliases')
        if os.path.isfile(aliases):
            with open(aliases) as handle:
                if EE_ALIAS in handle.read().split():
                    found.append(name)
    return found


def edition_plans(requested, edition_of_server=None):
    """[(edition, targets, excluded)]: the OSS part and the EE part of the requested targets (all when
    none is named). With edition_of_server set (a real server), only the part that server can run."""
    ee = ee_targets()
    if requested:
        parts = [('oss', [t for t in requested if t not in ee], []), ('ee', [t for t in requested if t in ee], [])]
        parts = [p for p in parts if p[1]]
    else:
        parts = [('oss', [], ee)] + ([('ee', ee, [])] if ee else [])
    if edition_of_server is None:
        return parts
    if edition_of_server == 'ee':
        return [(edition_of_server, list(requested), [])]
    return [p for p in parts if p[0] == 'oss']


def run_server(name, profile, settings, modes, args, plan=('oss', None, ()), output=None):
    """All in-process modes against one server (an emulator of 'profile' and plan's edition when settings
    is None), from a collection copy of its own. plan: (edition, targets or None for the command line's,
    targets to exclude). Returns the labels of the failed runs."""
    edition, targets, excluded = plan
    targets = args.targets if targets is None else targets
    extra = list(args.ansible_test_arg) + [arg for name_ in excluded for arg in ('--exclude', name_)]
    failures = []
    work = tempfile.mkdtemp(prefix='kestra-integration-')
    emulator = None
    try:
        collection = copy_collection(work)
        if settings is None:
            # EE 2.0 has no per-request basic auth: its clients send an API token (bearer)
            token = TOKEN if edition == 'ee' and profile == '2.0' else None
            credentials = {'token': token} if token else {'username': USERNAME, 'password': PASSWORD}
            emulator = Emulator(profile=profile, time_scale=0.1, edition=edition, **credentials)
            settings = {'kestra_url': emulator.url, 'kestra_username': '' if token else USERNAME,
                        'kestra_password': '' if token else PASSWORD, 'kestra_token': token or '',
                        'kestra_emulator': True, 'kestra_profile': profile, 'kestra_edition': edition}
        for in_process in modes:
            write_config(collection, dict(settings, kestra_in_process=in_process))
            label = '%s, in-process %s' % (name, 'on' if in_process else 'off')
            print('=== integration: %s' % label, file=output or sys.stdout, flush=True)
            if run_targets(collection, targets, extra, output) != 0:
                failures.append(label)
    finally:
        if emulator is not None:
            emulator.stop()
        shutil.rmtree(work, ignore_errors=True)
    return failures


def run_captured(job):
    """run_server with its output kept in a temporary file; returns (failures, output text)."""
    with tempfile.TemporaryFile(mode='w+') as output:
        failures = run_server(*job, output=output)
        output.seek(0)
        return failures, output.read()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--profile', action='append', choices=['1.x', '2.0'],
                        help='emulator profile(s) to run against (default: both)')
    parser.add_argument('--in-process', choices=['on', 'off', 'both'], default='both')
    parser.add_argument('--jobs', type=int, default=1,
                        help='emulator runs (profile x in-process setting) at the same time, each with its own emulator '
                             'and printed when it ends (default 1: one after the other, live); a real server runs one at a time')
    parser.add_argument('--ansible-test-arg', action='append', default=[],
                        help='extra argument for ansible-test (repeatable)')
    parser.add_argument('targets', nargs='*')
    args = parser.parse_args(argv)
    modes = {'on': [True], 'off': [False], 'both': [True, False]}[args.in_process]

    real_url = os.environ.get('KESTRA_TEST_URL')
    if real_url:
        settings = real_server_settings(real_url)
        jobs = [('real', None, settings, modes, args, plan)
                for plan in edition_plans(args.targets, settings['kestra_edition'])]
    else:
        # one emulator per run: the runs are independent and may go in parallel (they mostly wait
        # on simulated task durations and retry back-offs, not on the CPU)
        jobs = [(profile if plan[0] == 'oss' else '%s %s' % (profile, plan[0]), profile, None, [mode], args, plan)
                for plan in edition_plans(args.targets)
                for profile in (args.profile or ['1.x', '2.0']) for mode in modes]
    failures = []
    if args.jobs > 1 and len(jobs) > 1:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for job_failures, text in pool.map(run_captured, jobs):
                sys.stdout.write(text)
                failures += job_failures
    else:
        for job in jobs:
            failures += run_server(*job)
    if failures:
        print('integration FAILED for: %s' % '; '.join(failures))
        return 1
    print('integration passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
