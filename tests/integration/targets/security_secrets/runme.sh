#!/usr/bin/env bash
# Credentials never show in any output: playbooks at -vvv with faults, wrong
# credentials and bad input, for every module and the lookup. See secrets_check.py.
set -eu
# the shared helpers (script_target.py) live in the collection tree, not in this copy of the target
helpers="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/kestra_io/kestra/tests/integration/targets/setup_kestra/files"
PYTHONPATH="$helpers${PYTHONPATH:+:$PYTHONPATH}" exec python secrets_check.py "$@"
