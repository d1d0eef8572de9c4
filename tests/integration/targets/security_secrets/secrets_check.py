"""Run secrets.yml at -vvv (normal, check+diff, credentials from the environment) and grep all output for secrets.

The secrets are the credentials and the values of sensitive: true KV keys (sensitive.yml).

Two emulators of the configured profile are started here, one with basic auth and
one with a bearer token, so that every credential the playbooks use is known and
distinctive. The output must contain none of them (nor the base64 of user:password
that goes into the Authorization header), and no Python traceback.
"""

import base64
import os
import re
import shutil
import tempfile

import script_target  # on PYTHONPATH, set by runme.sh

USERNAME = 'secrets-check@kestra.io'
PASSWORD = 'Basic-Secret-Pw-4e1c7a'
WRONG_PASSWORD = 'Wrong-Secret-Pw-8b2f90'
TOKEN = 'bearer-secret-token-5d7e13'
WRONG_TOKEN = 'wrong-secret-token-a9c0f2'
# values of sensitive: true KV keys (sensitive.yml), hidden like the values of no_log options
KV_SECRET = 'Kv-Sensitive-Value-c41d9e'
KV_SECRET_NEW = 'Kv-Sensitive-Value-2b87f0'
KV_SECRET_ENTRY = 'Kv-Sensitive-Entry-93ae5d'
# kestra_secret values (secret_values.yml), written to an Enterprise Edition emulator
SECRET_VALUE = 'Ee-Secret-Value-6d1f0a'
SECRET_BULK = 'Ee-Secret-Bulk-8c2e47'
# the password of a user the access modules create (access.yml); the API token values they get are made by the
# server, written by access.yml to a dump directory and added to the secrets of that run (dumped_secrets)
ACCESS_PASSWORD = 'Access-User-Pw-7e20b4'
SECRETS = (PASSWORD, WRONG_PASSWORD, TOKEN, WRONG_TOKEN, KV_SECRET, KV_SECRET_NEW, KV_SECRET_ENTRY, SECRET_VALUE,
           SECRET_BULK, ACCESS_PASSWORD)


def dumped_secrets(directory):
    """The secrets a playbook run wrote to directory (values made by the server, such as API tokens)."""
    found = set()
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name)) as handle:
            value = handle.read().strip()
        if value:
            found.add(value)
    return found


def forbidden_strings(extra=()):
    """Each secret and the Authorization header values built from them."""
    values = set(SECRETS) | set(extra)
    for password in (PASSWORD, WRONG_PASSWORD):
        values.add(base64.b64encode(('%s:%s' % (USERNAME, password)).encode('utf-8')).decode('ascii'))
    return values


def leaks(output, extra=()):
    """Lines of output that hold a forbidden string (the secret itself masked)."""
    found = []
    for secret in forbidden_strings(extra):
        for line in output.splitlines():
            if secret in line:
                found.append(line.replace(secret, '<SECRET:%s...>' % secret[:6])[:400])
    return found


RUNS = (
    # (label, ansible-playbook arguments, credentials from the environment)
    ('-vvv', (), False),
    ('-vvv --check --diff', ('--check', '--diff'), False),
    ('-vvv --diff, credentials from KESTRA_* environment variables', ('--diff',), True),
)


def main():
    config = script_target.load_config()
    profile = config.get('kestra_profile', '1.x')
    basic = script_target.Emulator(profile=profile, username=USERNAME, password=PASSWORD, time_scale=0.05)
    bearer = script_target.Emulator(profile=profile, token=TOKEN, time_scale=0.05)
    enterprise = script_target.Emulator(profile=profile, username=USERNAME, password=PASSWORD, time_scale=0.05,
                                        edition='ee')
    try:
        problems = []
        for label, args, from_env in RUNS:
            dump_dir = tempfile.mkdtemp(prefix='kestra-secrets-dump-')
            extra = {'sec_basic_url': basic.url, 'sec_token_url': bearer.url, 'sec_username': USERNAME,
                     'sec_from_env': from_env, 'sec_kv_secret': KV_SECRET, 'sec_kv_secret_new': KV_SECRET_NEW,
                     'sec_kv_secret_entry': KV_SECRET_ENTRY, 'sec_ee_url': enterprise.url,
                     'sec_secret_value': SECRET_VALUE, 'sec_secret_bulk': SECRET_BULK,
                     'sec_access_password': ACCESS_PASSWORD, 'sec_dump_dir': dump_dir}
            env = {}
            if from_env:
                env = {'KESTRA_USERNAME': USERNAME, 'KESTRA_PASSWORD': PASSWORD}
            else:
                extra.update(sec_password=PASSWORD, sec_wrong_password=WRONG_PASSWORD, sec_token=TOKEN,
                             sec_wrong_token=WRONG_TOKEN)
            basic.reset()
            bearer.reset()
            enterprise.reset()
            try:
                code, output = script_target.run_playbook('secrets.yml', config, extra, verbosity=3, env=env,
                                                          args=args)
                made = dumped_secrets(dump_dir)
            finally:
                shutil.rmtree(dump_dir, ignore_errors=True)
            print('=== %s: exit %d, %d lines of output' % (label, code, output.count('\n')))
            if code != 0:
                script_target.fail('secrets.yml failed (%s)' % label, output)
            if 'ok: [testhost]' not in output or 'FAILED!' not in output:
                problems.append('%s: expected both succeeding and failing tasks' % label)
            if len(made) < 2:
                problems.append('%s: access.yml left %d API token values to check, not 2' % (label, len(made)))
            for line in leaks(output, made):
                problems.append('%s: secret in output: %s' % (label, line))
            if '"value": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"' not in output:
                problems.append('%s: no masked sensitive KV value in the output (was sensitive.yml run?)' % label)
            if re.search(r'^Traceback \(most recent call last\)', output, re.M):
                problems.append('%s: a Python traceback in the output' % label)
        if problems:
            script_target.fail('\n'.join(problems))
        print('security_secrets passed (%s path, profile %s): no secret in %d runs at -vvv' % (
            script_target.in_process_label(config), profile, len(RUNS)))
    finally:
        basic.stop()
        bearer.stop()
        enterprise.stop()


if __name__ == '__main__':
    main()
