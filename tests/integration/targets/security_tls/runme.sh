#!/usr/bin/env bash
# HTTPS with a private CA generated here: every module and the lookup succeed with
# ca_path, fail clearly with the default verification, and succeed (with a warning)
# with validate_certs: false; an https:// url of a plain HTTP port says it is not TLS. See tls_check.py.
set -eu
# the shared helpers (script_target.py) live in the collection tree, not in this copy of the target
helpers="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/kestra_io/kestra/tests/integration/targets/setup_kestra/files"
PYTHONPATH="$helpers${PYTHONPATH:+:$PYTHONPATH}" exec python tls_check.py "$@"
