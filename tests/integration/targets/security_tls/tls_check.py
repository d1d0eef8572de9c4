"""Start an HTTPS emulator whose certificate comes from a CA made for this run, then run tls.yml
(which also points an https:// url at the harness's plain HTTP emulator)."""

import os
import shutil
import sys
import tempfile

import trustme

import script_target  # on PYTHONPATH, set by runme.sh

INSECURE_WARNING = 'validate_certs is false: the TLS certificate of'


def write_certificates(directory):
    """A private CA and a server certificate for 127.0.0.1; returns (ca, chain, key) paths."""
    authority = trustme.CA()
    server = authority.issue_cert('127.0.0.1', 'localhost')
    paths = [os.path.join(directory, name) for name in ('ca.pem', 'server-chain.pem', 'server-key.pem')]
    authority.cert_pem.write_to_path(paths[0])
    with open(paths[1], 'wb') as handle:
        for blob in server.cert_chain_pems:
            handle.write(blob.bytes())
    server.private_key_pem.write_to_path(paths[2])
    return paths


def main():
    config = script_target.load_config()
    work = tempfile.mkdtemp(prefix='kestra-tls-')
    emulator = None
    try:
        ca_path, chain, key = write_certificates(work)
        emulator = script_target.Emulator(profile=config.get('kestra_profile', '1.x'),
                                          username=config['kestra_username'] or 'admin@kestra.io',
                                          password=config['kestra_password'] or 'Kestra-Tls-1',
                                          time_scale=0.05, tls_cert=chain, tls_key=key)
        if not emulator.url.startswith('https://'):
            script_target.fail('the emulator did not start with TLS: %s' % emulator.url)
        # the harness's emulator serves plain HTTP: the same port named with https://
        plain_url = 'https://' + config['kestra_url'].split('://', 1)[1]
        extra = {'tls_url': emulator.url, 'tls_ca_path': ca_path, 'tls_plain_url': plain_url,
                 'tls_username': config['kestra_username'] or 'admin@kestra.io',
                 'tls_password': config['kestra_password'] or 'Kestra-Tls-1'}
        # no CA bundle from the environment may make the default verification pass by accident
        env = {'REQUESTS_CA_BUNDLE': '', 'CURL_CA_BUNDLE': ''}
        code, output = script_target.run_playbook('tls.yml', config, extra, env=env)
        sys.stdout.write(output)
        if code != 0:
            script_target.fail('tls.yml failed (%s path)' % script_target.in_process_label(config))
        # the lookup prints its warning on the controller's display, not in a task result
        if output.count(INSECURE_WARNING) < 1:
            script_target.fail('no warning about validate_certs: false in the output')
        print('security_tls passed (%s path, profile %s)' % (
            script_target.in_process_label(config), config.get('kestra_profile')))
    finally:
        if emulator is not None:
            emulator.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
