#!/usr/bin/env bash
# Run a command inside a temporary copy of the repository laid out as
# $WORK/ansible_collections/kestra_io/kestra, with ANSIBLE_COLLECTIONS_PATH=$WORK.
# ansible-test needs that layout and resolves the physical cwd, so a symlink will not do.
#   .ci/in_collection.sh ansible-test sanity --python 3.11
# The copy keeps .git (ansible-test lists files through git, honouring .gitignore)
# and drops the virtualenv and build/test outputs. $WORK is exported for the command.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/kestra-collection.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
COLLECTION="$WORK/ansible_collections/kestra_io/kestra"
mkdir -p "$COLLECTION"
# tar exits 1 when a file changed while it read it (a commit made meanwhile in .git): the copy is still usable
{ tar -C "$REPO" --exclude=./.venv --exclude=./.venv-matrix --exclude=./tests/output --exclude=./.cache --exclude=./dist \
    --exclude=./.pytest_cache --exclude=./.hypothesis --exclude='__pycache__' -cf - . || [ $? -eq 1 ]; } | tar -C "$COLLECTION" -xf -

# ansible-test bootstraps pip in its sanity venvs with a get-pip script it downloads from a
# host that cannot be reached here: seed its cache with the offline shim, under the pip
# version this ansible-test expects.
PIP_VERSION="$(python - <<'PY'
import os, re, ansible_test
source = open(os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')).read()
print(re.search(r"pip='([0-9.]+)'", source).group(1))
PY
)"
mkdir -p "$HOME/.ansible/test/cache"
cp "$REPO/.ci/get_pip_shim.py" "$HOME/.ansible/test/cache/get_pip_${PIP_VERSION//./_}.py"

export WORK ANSIBLE_COLLECTIONS_PATH="$WORK"
cd "$COLLECTION"
"$@"
