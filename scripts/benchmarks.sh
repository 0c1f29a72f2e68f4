#!/usr/bin/env bash
# Every measured figure of BENCHMARKING.md, from one run on a quiet machine (nothing else running):
#   bash scripts/benchmarks.sh [--note TEXT]
# Builds first (the CLI's release build, the core's benches, the wasm package, the Python package when
# missing), so no build runs during a measurement; then, one after another:
#   1. python/bench/bench.py --rust: pycognito against the binding, and `login/this_crate` (its criterion
#      run without the bench features comes first so the core's own run below replaces its result);
#   2. wasm/js-tests/bench.mjs: amazon-cognito-identity-js against cognito-srp-wasm, Node and Chromium;
#   3. cognito-srp load --clients 8 --seconds 10: full sign-ins over HTTP and in process;
#   4. the server's in-process benches: InitiateAuth for known and unknown names, RS256 token signing;
#   5. the core's criterion benches (modpow, login; GMP and OpenSSL beside the engine);
# each writing its results under target/bench-results/ (criterion: target/criterion/), then
# `python3 scripts/perf_table.py` writes BENCHMARKING.md. Takes about 7 minutes of measurements on
# 2 cores. Needs what .ci/run installs: libgmp-dev, libssl-dev, pkg-config, node with npm, /usr/bin/chromium.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=target/bench-results
NOTE=()
if [ "${1:-}" = --note ]; then
	NOTE=(--note "$2")
fi
loadavg() { cut -d' ' -f1 /proc/loadavg; }

echo "benchmarks: building" >&2
cargo build --release --locked -q -p cognito-srp-cli --no-default-features
cargo bench -p cognito-srp-core --locked -q --bench login --no-run
cargo bench -p cognito-srp-core --locked -q --features bench-gmp,bench-openssl --bench modpow --bench login --no-run
cargo bench -p cognito-srp-server --locked -q --features unstable-bench-hooks --bench initiate_auth --bench token_signing --no-run
[ -f wasm/pkg/node.js ] || bash wasm/build.sh
if ! python/.venv/bin/python -c 'import cognito_srp, pycognito' 2>/dev/null; then
	bash scripts/python_check.sh
fi

rm -rf "$OUT"
mkdir -p "$OUT"
START=$(date +%s.%N)
LOAD_START=$(loadavg)
COMMIT=$(git rev-parse --short HEAD)
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
	COMMIT="$COMMIT with uncommitted changes"
fi
# Written now too, so that criterion results older than this run never count, even if it stops midway.
printf '{"commit": "%s", "start": %s, "load_start": "%s"}\n' "$COMMIT" "$START" "$LOAD_START" >"$OUT/run.json"
echo "benchmarks: measuring (load average $LOAD_START)" >&2
# A tool that fails leaves its section "not measured in this run"; the others still run.
python/.venv/bin/python python/bench/bench.py --rust --json "$OUT/python.json" || echo "python bench failed" >&2
(cd wasm/js-tests && node bench.mjs --json "../../$OUT/wasm.json") || echo "wasm bench failed" >&2
target/release/cognito-srp load --clients 8 --seconds 10 --json "$OUT/load.json" || echo "load: not every sign-in completed" >&2
# These two print their figures; the file is written only when both complete.
if ROUNDS=1000 cargo bench -p cognito-srp-server --locked -q --features unstable-bench-hooks \
	--bench initiate_auth --bench token_signing >"$OUT/server-benches.tmp"; then
	mv "$OUT/server-benches.tmp" "$OUT/server-benches.txt"
else
	echo "server benches failed" >&2
fi
cat "$OUT/server-benches.tmp" "$OUT/server-benches.txt" 2>/dev/null || true
cargo bench -p cognito-srp-core --locked --features bench-gmp,bench-openssl --bench modpow --bench login ||
	echo "core benches failed" >&2
END=$(date +%s.%N)
printf '{"commit": "%s", "start": %s, "end": %s, "load_start": "%s", "load_end": "%s"}\n' \
	"$COMMIT" "$START" "$END" "$LOAD_START" "$(loadavg)" >"$OUT/run.json"
python3 scripts/perf_table.py "${NOTE[@]}"
