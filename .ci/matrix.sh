#!/usr/bin/env bash
# Run the version matrix: for each ansible-core version given, from its venv .venv-matrix/<version>
# (the Makefile creates it), the steps in MATRIX_STEPS (default: sanity units smoke):
#   sanity  ansible-test sanity (all tests) with that ansible-test and its controller Python
#   units   ansible-test units
#   smoke   tests/integration/run.py --smoke: every module in-process and as a module process
#           (in_process_parity) and the lookups, against the emulator, profile 2.0
# Every version runs even when one fails; the summary lists each step's time and result.
# MATRIX_PARALLEL=1 runs the versions side by side (each prints its output when it ends): the smoke
# set mostly waits on the emulator, so two versions fit on two cores.
#   .ci/matrix.sh 2.17 2.21
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO" || exit 2
STEPS="${MATRIX_STEPS:-sanity units smoke}"
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
started=$SECONDS

# run_version VERSION: its steps, one summary line per step in $results/VERSION.summary
run_version() {
  local version="$1" venv="$REPO/.venv-matrix/$1" py core step t0 result
  local -a cmd
  py="$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  core="$("$venv/bin/python" -c 'from ansible.release import __version__; print(__version__)')"
  for step in $STEPS; do
    echo; echo "=== matrix: ansible-core $core, Python $py: $step"
    t0=$SECONDS
    case "$step" in
      sanity) cmd=(.ci/in_collection.sh ansible-test sanity --python "$py" --color no) ;;
      units) cmd=(.ci/in_collection.sh ansible-test units --python "$py" --color no) ;;
      smoke) cmd=(python tests/integration/run.py --smoke) ;;
    esac
    # the version's venv first on PATH: ansible-test, python and the get-pip shim's pip version are its own
    if env PATH="$venv/bin:$PATH" VIRTUAL_ENV="$venv" "${cmd[@]}"; then result=ok; else result=FAILED; fi
    printf '%-8s %-7s %-7s %-7s %4ss\n' "$core" "py$py" "$step" "$result" "$((SECONDS - t0))" >> "$results/$version.summary"
  done
}

for step in $STEPS; do
  case "$step" in sanity|units|smoke) ;; *) echo "unknown matrix step $step (sanity, units, smoke)" >&2; exit 2 ;; esac
done
for version in "$@"; do
  if [ ! -x "$REPO/.venv-matrix/$version/bin/python" ]; then
    echo "no venv for ansible-core $version: run make matrix (it creates $REPO/.venv-matrix/$version)" >&2
    exit 2
  fi
done
if [ "${MATRIX_PARALLEL:-0}" = 1 ]; then
  for version in "$@"; do run_version "$version" > "$results/$version.log" 2>&1 & done
  wait
  for version in "$@"; do cat "$results/$version.log"; done
else
  for version in "$@"; do run_version "$version"; done
fi
echo; echo "=== matrix summary (ansible-core, controller Python, step, result, time)"
for version in "$@"; do cat "$results/$version.summary" 2>/dev/null; done
failed="$(cat "$results"/*.summary 2>/dev/null | grep -c ' FAILED ')"
missing=0
for version in "$@"; do [ -s "$results/$version.summary" ] || missing=$((missing + 1)); done
echo "matrix: $((SECONDS - started))s, $failed failed"
[ "$failed" -eq 0 ] && [ "$missing" -eq 0 ]
