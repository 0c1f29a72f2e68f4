#!/usr/bin/env bash
# Hostile clients and a short load run against `cognito-srp serve` (the demo pool with a user cap of 300,
# so the SignUp flood reaches it; loopback):
#   1. cognito-srp hostile: every case, each followed by a normal sign-in; the server must keep running;
#   2. cognito-srp load: 4 clients for 3 s over kept-alive connections, every sign-in completed;
#   3. SIGTERM: the server stops gracefully with exit code 0.
# HOSTILE_PROFILE=dev (default) uses target/debug (the build `cargo test` makes); release uses target/release.
# HOSTILE_STATE=1 runs the server with a state file (--state): every change the hostile clients make is
# committed to it, and after the SIGTERM the server starts again from that file and serves a sign-in.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case "${HOSTILE_PROFILE:-dev}" in
	dev) FLAGS=() BIN="$ROOT/target/debug/cognito-srp" ;;
	release) FLAGS=(--release) BIN="$ROOT/target/release/cognito-srp" ;;
	*) echo "hostile: HOSTILE_PROFILE must be dev or release" >&2; exit 2 ;;
esac
(cd "$ROOT" && cargo build -q "${FLAGS[@]}" -p cognito-srp-cli) || exit 1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cognito-srp-hostile.XXXXXX")
cat >"$WORK/pools.toml" <<'TOML'
[[pools]]
id = "us-east-1_DemoPool1"
alias_attributes = ["email"]
auto_verified_attributes = ["email"]
max_users = 300
[[pools.clients]]
id = "demo-client"
[[pools.users]]
username = "alice"
password = "Correct-Horse-Battery-9"
attributes = { email = "alice@example.com", email_verified = "true" }
TOML
STATE=()
[ "${HOSTILE_STATE:-0}" = 1 ] && STATE=(--state "$WORK/state.db")
"$BIN" serve --listen 127.0.0.1:0 --config "$WORK/pools.toml" "${STATE[@]}" -q >"$WORK/out" 2>"$WORK/err" &
PID=$!
trap 'kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
URL=""
for _ in $(seq 1 300); do
	URL=$(sed -n 's/^listening on //p' "$WORK/out" | head -1)
	[ -n "$URL" ] && break
	sleep 0.1
done
[ -n "$URL" ] || { echo "hostile: serve did not start: $(cat "$WORK/err")" >&2; exit 1; }
FAILED=0
timeout 600 "$BIN" hostile --endpoint "$URL" --pid "$PID" || FAILED=1
timeout 120 "$BIN" load --endpoint "$URL" --clients 4 --seconds 3 --no-baseline --latency-requests 20 || FAILED=1
if kill -0 "$PID" 2>/dev/null; then
	kill -TERM "$PID"
	wait "$PID"
	RC=$?
	echo "hostile: serve exited with $RC after SIGTERM"
	[ "$RC" = 0 ] || FAILED=1
else
	echo "hostile: serve is not running" >&2
	FAILED=1
fi
if [ "${#STATE[@]}" -gt 0 ] && [ "$FAILED" = 0 ]; then
	ADDR=${URL#http://}
	"$BIN" serve --listen "$ADDR" --config "$WORK/pools.toml" "${STATE[@]}" -q >"$WORK/out2" 2>"$WORK/err2" &
	PID=$!
	for _ in $(seq 1 300); do
		grep -q '^listening on ' "$WORK/out2" && break
		sleep 0.1
	done
	if timeout 60 "$BIN" load --endpoint "$URL" --clients 1 --seconds 1 --no-baseline --latency-requests 5; then
		echo "hostile: restarted from the state file, sign-ins served"
	else
		echo "hostile: restart from the state file failed: $(cat "$WORK/err2")" >&2
		FAILED=1
	fi
	kill -TERM "$PID" 2>/dev/null
	wait "$PID"
fi
exit "$FAILED"
