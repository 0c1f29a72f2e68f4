#!/usr/bin/env bash
# Regenerates the vectors into a temp dir and diffs them against the committed
# test-vectors/cognito-srp-vectors.json; also replays the shared reference file's
# inputs through the same machinery when shared/reference/ is reachable.
# Exits non-zero on any difference. Needs Node >= 18 and npm.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
node generate.js --check
