"""Run the ansible-test integration targets against the emulator (or a real Kestra).

    python tests/integration/run.py [--profile 1.x|2.0 ...] [--in-process on|off|both] [--full | --smoke]
                                    [--jobs 3] [TARGET ...]

Each target's aliases file says which emulator profiles and in-process settings it runs on:
`kestra/full-matrix` (both profiles x in-process on and off: the targets whose behaviour depends
on the profile or the path), else one `kestra/profile/1.x|2.0|all` and one
`kestra/in-process/on|off|both`; a target that says neither is an error, so every new target
chooses. --profile and --in-process force that dimension for every target run; --full runs every
target on every combination (the slow case, kept out of make test); --smoke runs the targets
marked `kestra/smoke` (every module on both paths, through in_process_parity, and the lookups)
in one run (profile 2.0, in-process on, unless --profile / --in-process say otherwise), as the
version matrix does.

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
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, REPO)

from tests.emulator.testing import Emulator  # noqa: E402  pylint: disable=wrong-import-position

USERNAME = 'admin@kestra.io'
PASSWORD = 'Kestra-Integration-1'
TOKEN = 'kestra-integration-token'
EE_ALIAS = 'needs/kestra-ee'
FULL_MATRIX_ALIAS = 'kestra/full-matrix'
PROFILE_ALIAS = 'kestra/profile/'
IN_PROCESS_ALIAS = 'kestra/in-process/'
SMOKE_ALIAS = 'kestra/smoke'
PROFILES = ['1.x', '2.0']
SMOKE_PROFILE = '2.0'
MODES = {'on': [True], 'off': [False], 'both': [True, False]}
TARGETS_DIR = os.path.join(REPO, 'tests', 'integration', 'targets')
EXCLUDED = {'.venv', '.venv-matrix', '.git', 'tests/output', '.cache', 'dist', '.pytest_cache', '.hypothesis'}


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


def target_times(collection):
    """'name 12 s, ...' (slowest first) from the results ansible-test wrote for the run that just ended;
    the results file is removed so the next run of the same copy reports only its own targets."""
    times = {}
    for path in glob.glob(os.path.join(collection, 'tests', 'output', 'data', 'integration-*.json')):
        with open(path) as handle:
            for name, result in json.load(handle).get('targets', {}).items():
                times[name] = result.get('run_time_seconds', 0)
        os.remove(path)
    return ', '.join('%s %d s' % item for item in sorted(times.items(), key=lambda item: -item[1])) or 'none recorded'


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


def target_aliases():
    """{target: [alias, ...]} of every target directory that has an aliases file (comments dropped)."""
    found = {}
    for name in sorted(os.listdir(TARGETS_DIR)):
        path = os.path.join(TARGETS_DIR, name, 'aliases')
        if os.path.isfile(path):
            with open(path) as handle:
                found[name] = [line.split('#', 1)[0].strip() for line in handle if line.split('#', 1)[0].strip()]
    return found


def ee_targets():
    """Targets whose aliases file holds needs/kestra-ee: they need an Enterprise Edition server."""
    return [name for name, aliases in target_aliases().items() if EE_ALIAS in aliases]


def runnable_targets():
    """The targets ansible-test runs when none is named (not the hidden/disabled ones)."""
    return [name for name, aliases in target_aliases().items()
            if not set(aliases) & {'hidden', 'disabled', 'unsupported'}]


def smoke_targets():
    return [name for name, aliases in target_aliases().items() if SMOKE_ALIAS in aliases]


def declared_combination(name, aliases):
    """(profiles, in-process modes) a target's aliases file declares for the default run."""
    if FULL_MATRIX_ALIAS in aliases:
        return list(PROFILES), MODES['both']
    profiles = [a[len(PROFILE_ALIAS):] for a in aliases if a.startswith(PROFILE_ALIAS)]
    modes = [a[len(IN_PROCESS_ALIAS):] for a in aliases if a.startswith(IN_PROCESS_ALIAS)]
    if len(profiles) != 1 or profiles[0] not in PROFILES + ['all'] or len(modes) != 1 or modes[0] not in MODES:
        raise SystemExit('integration target %s: its aliases file must hold %s, or one %s<1.x|2.0|all> and one '
                         '%s<on|off|both> (see tests/integration/run.py)'
                         % (name, FULL_MATRIX_ALIAS, PROFILE_ALIAS, IN_PROCESS_ALIAS))
    return (list(PROFILES) if profiles[0] == 'all' else profiles), MODES[modes[0]]


def combinations(targets, args):
    """[((profile, in_process), [target, ...])] for the targets: what each declares, with the command
    line's --profile / --in-process / --full / --smoke forcing their dimension."""
    aliases = target_aliases()
    planned = {}
    for name in targets:
        if name not in aliases:
            raise SystemExit('no integration target %s under %s' % (name, TARGETS_DIR))
        profiles, modes = declared_combination(name, aliases[name])
        if args.full:
            profiles, modes = list(PROFILES), MODES['both']
        if args.smoke:
            # in_process_parity runs every module on both paths within its in-process run (and ends its
            # module-path run at once) and lookups run on the controller either way: one run is enough
            profiles, modes = [SMOKE_PROFILE], MODES['on']
        if args.profile:
            profiles = args.profile
        if args.in_process:
            modes = MODES[args.in_process]
        for profile in profiles:
            for mode in modes:
                planned.setdefault((profile, mode), []).append(name)
    # --jobs starts them in this order: first the two runs that carry the faults target (1.x in-process,
    # 2.0 module processes; its slowest part, see its tasks/main.yml), then the other two, so that no slow
    # run starts last
    return sorted(planned.items(), key=lambda item: ((item[0][0] == '1.x') != item[0][1], PROFILES.index(item[0][0])))


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
            label = '%s, in-process %s (%s)' % (name, 'on' if in_process else 'off', ' '.join(targets) or 'all targets')
            print('=== integration: %s' % label, file=output or sys.stdout, flush=True)
            started = time.monotonic()
            result = run_targets(collection, targets, extra, output)
            print('--- integration: %s %s in %d s; per target: %s'
                  % (label, 'passed' if result == 0 else 'FAILED', time.monotonic() - started, target_times(collection)),
                  file=output or sys.stdout, flush=True)
            if result != 0:
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
                        help='emulator profile(s) to run against (default: what each target declares in its aliases file)')
    parser.add_argument('--in-process', choices=['on', 'off', 'both'],
                        help='in-process setting(s) of the runs (default: what each target declares in its aliases file)')
    parser.add_argument('--full', action='store_true',
                        help='every target on both profiles x in-process on and off, whatever its aliases file says')
    parser.add_argument('--smoke', action='store_true',
                        help='only the targets marked %s (unless targets are named), in one run: profile %s, in-process on, '
                             'unless --profile / --in-process say otherwise' % (SMOKE_ALIAS, SMOKE_PROFILE))
    parser.add_argument('--jobs', type=int, default=1,
                        help='emulator runs (profile x in-process setting) at the same time, each with its own emulator '
                             'and printed when it ends (default 1: one after the other, live); a real server runs one at a time')
    parser.add_argument('--ansible-test-arg', action='append', default=[],
                        help='extra argument for ansible-test (repeatable)')
    parser.add_argument('targets', nargs='*')
    args = parser.parse_args(argv)
    if args.full and args.smoke:
        parser.error('--full and --smoke exclude each other')
    requested = list(args.targets) or (smoke_targets() if args.smoke else [])

    real_url = os.environ.get('KESTRA_TEST_URL')
    jobs = []
    if real_url:
        # the real server has one profile: each target runs on it, on the in-process setting(s) it declares
        settings = real_server_settings(real_url)
        for edition, targets, excluded in edition_plans(requested, settings['kestra_edition']):
            targets = targets or [t for t in runnable_targets() if t not in excluded]
            by_mode = {}
            for (_profile, mode), names in combinations(targets, args):
                by_mode.setdefault(mode, set()).update(names)
            jobs += [('real', None, settings, [mode], args, (edition, sorted(names), []))
                     for mode, names in sorted(by_mode.items(), reverse=True)]
    else:
        # one emulator per run: the runs are independent and may go in parallel (they mostly wait
        # on simulated task durations and retry back-offs, not on the CPU)
        for edition, targets, excluded in edition_plans(requested):
            targets = targets or [t for t in runnable_targets() if t not in excluded]
            for (profile, mode), names in combinations(targets, args):
                jobs.append((profile if edition == 'oss' else '%s %s' % (profile, edition), profile, None, [mode], args,
                             (edition, names, [])))
    if not jobs:
        print('no integration target to run')
        return 1
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
