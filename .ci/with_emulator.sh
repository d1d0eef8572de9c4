#!/usr/bin/env bash
# Start the Kestra API emulator, run a command against it, stop the emulator.
#   .ci/with_emulator.sh PORT USERNAME PASSWORD CMD [ARGS...]
# PORT 0 picks a free port. The command sees KESTRA_URL (where the emulator listens),
# KESTRA_USERNAME and KESTRA_PASSWORD. PORT_HINT (optional) says how to choose another
# port when PORT is taken (default: pass another PORT). EMULATOR_ARGS (optional) adds emulator
# options, for example EMULATOR_ARGS="--edition ee".
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=$1 USERNAME=$2 PASSWORD=$3
shift 3
read -r -a extra_args <<<"${EMULATOR_ARGS:-}"
dir="$(mktemp -d "${TMPDIR:-/tmp}/kestra-emulator.XXXXXX")"
log="$dir/log"
mkfifo "$dir/parent"
# the emulator stops when the pipe on its stdin closes: it cannot outlive this script, even killed
(cd "$REPO" && exec python -m tests.emulator --port "$PORT" --username "$USERNAME" --password "$PASSWORD" \
  --exit-with-parent "${extra_args[@]}" <"$dir/parent") >"$log" 2>&1 &
pid=$!
exec 3>"$dir/parent"
cleanup() {
  exec 3>&-
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
for _ in $(seq 100); do
  grep -q 'listening on' "$log" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q 'listening on' "$log"; then
  if grep -q 'already in use' "$log"; then
    cat "$log"
    echo "${PORT_HINT:-pass another port (0 picks a free one)}"
  elif kill -0 "$pid" 2>/dev/null; then
    echo "the emulator did not start within 10s:"; cat "$log"
  else
    echo "the emulator did not start:"; cat "$log"
  fi
  exit 1
fi
line="$(head -n 1 "$log")"
echo "emulator: $line"
url="$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' <<<"$line")"
export KESTRA_URL="$url" KESTRA_USERNAME="$USERNAME" KESTRA_PASSWORD="$PASSWORD"
"$@" 3>&-
