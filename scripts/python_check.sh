#!/usr/bin/env bash
# Builds and checks the Python package cognito-srp (python/), loopback only:
#   1. the test build (maturin develop --features test-hooks, debug): the shared reference vectors,
#      the API, its errors, threads, and mypy --strict on python/typing/;
#   2. the published wheel (maturin build --release): what it exports, the API again, boto3 against
#      `cognito-srp serve` and ministack, the pycognito-compatible AWSSRP (tests/serve), its size.
# Pinned tools: python/requirements-dev.txt, installed into python/.venv (git-ignored) and reused
# while the pins do not change. Needs python3 (>= 3.9) with venv, and cargo.
set -euo pipefail
export LC_ALL=C
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYDIR="$ROOT/python"
VENV="$PYDIR/.venv"
START=$SECONDS
elapsed() { echo "$((SECONDS - START))s"; }

# Loopback only: no proxies, no instance metadata, no host AWS configuration.
unset HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN

# The server of the boto3 tests: the debug CLI (CI's test build made it), built without the AWS SDK when
# missing.
export COGNITO_SRP_BIN="${COGNITO_SRP_BIN:-$ROOT/target/debug/cognito-srp}"
if ! [ -x "$COGNITO_SRP_BIN" ]; then
	echo "python: building the server (cargo build -p cognito-srp-cli --no-default-features)" >&2
	(cd "$ROOT" && cargo build --locked -q -p cognito-srp-cli --no-default-features)
fi

stamp=$(sha256sum "$PYDIR/requirements-dev.txt" | cut -c1-16)
if ! [ -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "python: installing the pinned tools into python/.venv" >&2
	rm -rf "$VENV"
	python3 -m venv "$VENV"
	timeout 600 "$VENV/bin/pip" install --disable-pip-version-check -q -r "$PYDIR/requirements-dev.txt"
	echo "$stamp" >"$VENV/.stamp"
fi
export VIRTUAL_ENV="$VENV"
PY="$VENV/bin/python"
echo "python: $("$PY" --version), maturin $("$VENV/bin/maturin" --version | cut -d' ' -f2) ($(elapsed))"

cd "$PYDIR"
# Wheels are installed, not linked to the source folder: the tests import what a user would.
install() {
	rm -rf "$PYDIR/dist"
	local log
	log=$(mktemp)
	if ! "$VENV/bin/maturin" build --locked --out "$PYDIR/dist" "$@" >"$log" 2>&1; then
		tail -40 "$log" >&2
		rm -f "$log"
		return 1
	fi
	grep 'Built wheel' "$log" >&2 || true
	rm -f "$log"
	WHEEL=$(ls "$PYDIR"/dist/cognito_srp-*.whl)
	"$VENV/bin/pip" install --disable-pip-version-check -q --force-reinstall --no-deps "$WHEEL"
}
echo "python: test build (maturin build --features test-hooks)"
install --features test-hooks
"$VENV/bin/pytest" -q tests --ignore=tests/published --ignore=tests/serve
echo "python: test build checked ($(elapsed))"

echo "python: published wheel (maturin build --release --strip)"
install --release --strip
"$VENV/bin/pytest" -q tests/published tests/test_api.py tests/test_errors.py tests/test_challenge.py tests/serve
# The README's two-command demo, on the server already built.
"$PY" examples/signin.py
echo "python: wheel $(basename "$WHEEL"): $(stat -c %s "$WHEEL") bytes ($(elapsed))"
