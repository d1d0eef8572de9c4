#!/usr/bin/env bash
# Run the version matrix: for each ansible-core version given, from its venv .venv-matrix/<version>
# (the Makefile creates it), the steps in MATRIX_STEPS (default: sanity units smoke):
#   sanity  ansible-test sanity (all tests) with that ansible-test and its controller Python
#   units   ansible-test units
#   smoke   tests/integration/run.py --smoke: every module in-process and as a module process
#           (in_process_parity) and the lookups, against the emulator, profile 2.0
# Every version runs even when one fails; the summary lists each step's time and result.
#   .ci/matrix.sh 2.17 2.21
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO" || exit 2
STEPS="${MATRIX_STEPS:-sanity units smoke}"
summary=()
failed=0
started=$SECONDS
for version in "$@"; do
  venv="$REPO/.venv-matrix/$version"
  if [ ! -x "$venv/bin/python" ]; then
    echo "no venv for ansible-core $version: run make matrix (it creates $venv)" >&2
    exit 2
  fi
  py="$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  core="$("$venv/bin/python" -c 'from ansible.release import __version__; print(__version__)')"
  for step in $STEPS; do
    echo; echo "=== matrix: ansible-core $core, Python $py: $step"
    t0=$SECONDS
    case "$step" in
      sanity) cmd=(.ci/in_collection.sh ansible-test sanity --python "$py" --color no) ;;
      units) cmd=(.ci/in_collection.sh ansible-test units --python "$py" --color no) ;;
      smoke) cmd=(python tests/integration/run.py --smoke) ;;
      *) echo "unknown matrix step $step" >&2; exit 2 ;;
    esac
    # the version's venv first on PATH: ansible-test, python and the get-pip shim's pip version are its own
    if env PATH="$venv/bin:$PATH" VIRTUAL_ENV="$venv" "${cmd[@]}"; then result=ok; else result=FAILED; failed=$((failed + 1)); fi
    summary+=("$(printf '%-8s %-7s %-7s %-7s %4ss' "$core" "py$py" "$step" "$result" "$((SECONDS - t0))")")
  done
done
echo; echo "=== matrix summary (ansible-core, controller Python, step, result, time)"
printf '%s\n' "${summary[@]}"
echo "matrix: $((SECONDS - started))s, $failed failed"
[ "$failed" -eq 0 ]
