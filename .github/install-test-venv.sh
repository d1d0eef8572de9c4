#!/usr/bin/env bash
# Used by .github/workflows/*.yml: install ansible-core <version>.* and what the emulator and
# tests/integration/run.py need into the current Python, pinned by the version matrix's constraints
# (.ci/matrix-constraints/<version>.txt) when that file exists.
#   .github/install-test-venv.sh 2.17
set -euo pipefail
version="$1"
constraints=()
if [ -f ".ci/matrix-constraints/${version}.txt" ]; then
  constraints=(-c ".ci/matrix-constraints/${version}.txt")
fi
python -m pip install --disable-pip-version-check "ansible-core==${version}.*" -r .ci/matrix-requirements.txt "${constraints[@]}"
ansible --version
