"""Offline stand-in for ansible-test's get-pip-<version>.py download.

ansible-test creates each sanity venv with --without-pip and bootstraps pip with a
script it downloads from a host this machine cannot reach; .ci/in_collection.sh
puts this file in ansible-test's cache under the expected name instead. It installs
pip from the interpreter's bundled ensurepip wheel, in a child process (in-process
ensurepip sets PIP_CONFIG_FILE=/dev/null, which would hide /etc/pip.conf), then
pip-installs what ansible-test asked for from the configured package index.
"""
import subprocess
import sys

args = [a for a in sys.argv[1:] if a not in ('--no-setuptools', '--no-wheel')]
subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade'], stdout=subprocess.DEVNULL)
subprocess.check_call([sys.executable, '-m', 'pip', 'install', '-q'] + args)
