#!/usr/bin/env bash
# Builds the npm package of cognito-srp-wasm.
#   bash wasm/build.sh              -> wasm/pkg       (the published package: no test hooks)
#   bash wasm/build.sh --test-hooks -> wasm/pkg-test  (adds the __* exports the known-answer tests use)
# Needs the wasm32-unknown-unknown target, wasm-bindgen-cli at exactly the version wasm/Cargo.toml pins,
# and wasm-opt from the npm package binaryen pinned in wasm/js-tests; installs them when missing.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

OUT=wasm/pkg
FEATURES=()
if [ "${1:-}" = --test-hooks ]; then
	OUT=wasm/pkg-test
	FEATURES=(--features test-hooks)
fi

PINNED=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' wasm/Cargo.toml)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $PINNED" ]; then
	echo "installing wasm-bindgen-cli $PINNED" >&2
	cargo install wasm-bindgen-cli --version "$PINNED" >&2
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
	rustup target add wasm32-unknown-unknown >&2
fi

JS=wasm/js-tests
STAMP=$(cat "$JS/package.json" "$JS/package-lock.json" | sha256sum | cut -c1-16)
if [ "$(cat "$JS/node_modules/.stamp" 2>/dev/null)" != "$STAMP" ]; then
	(cd "$JS" && npm ci --no-audit --no-fund --loglevel=error) >&2
	echo "$STAMP" >"$JS/node_modules/.stamp"
fi

TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cargo build --locked --target wasm32-unknown-unknown --profile wasm -p cognito-srp-wasm "${FEATURES[@]}"
rm -rf "$OUT"
wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir "$OUT" --out-name cognito_srp_wasm \
	"$TARGET_DIR/wasm32-unknown-unknown/wasm/cognito_srp_wasm.wasm"
"$JS/node_modules/.bin/wasm-opt" -O3 "$OUT/cognito_srp_wasm_bg.wasm" -o "$OUT/cognito_srp_wasm_bg.wasm"
cp wasm/npm/package.json wasm/npm/node.js wasm/README.md LICENSE-MIT LICENSE-APACHE "$OUT/"
WASM="$OUT/cognito_srp_wasm_bg.wasm"
echo "$OUT: $(stat -c %s "$WASM") bytes of wasm, $(gzip -9 -c "$WASM" | wc -c) gzipped" >&2
