#!/usr/bin/env bash
# Start the Kestra API emulator, run a command against it, stop the emulator.
#   .ci/with_emulator.sh PORT USERNAME PASSWORD CMD [ARGS...]
# The command sees KESTRA_URL, KESTRA_USERNAME and KESTRA_PASSWORD.
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=$1 USERNAME=$2 PASSWORD=$3
shift 3
log="$(mktemp "${TMPDIR:-/tmp}/kestra-emulator.XXXXXX")"
(cd "$REPO" && exec python -m tests.emulator --port "$PORT" --username "$USERNAME" --password "$PASSWORD") >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do
  grep -q 'listening on' "$log" && break
  kill -0 "$pid" 2>/dev/null || { echo "the emulator did not start:"; cat "$log"; exit 1; }
  sleep 0.1
done
grep -q 'listening on' "$log" || { echo "the emulator did not start within 10s:"; cat "$log"; exit 1; }
echo "emulator: $(head -n 1 "$log")"
export KESTRA_URL="http://127.0.0.1:$PORT" KESTRA_USERNAME="$USERNAME" KESTRA_PASSWORD="$PASSWORD"
"$@"
