// Benchmark: the math of one SRP sign-in, cognito-srp-wasm vs amazon-cognito-identity-js, in Node and
// in headless Chromium, same run. Needs wasm/pkg (bash wasm/build.sh), npm ci here, /usr/bin/chromium.
// --json PATH also writes the figures printed to PATH (scripts/perf_table.py reads it into BENCHMARKING.md).
//   node wasm/js-tests/bench.mjs [--node-only] [--json PATH]
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { measure, caseFrom } from './bench-core.mjs';
import { withPage } from './browser.mjs';

const require = createRequire(import.meta.url);
const { AuthenticationHelper } = require('amazon-cognito-identity-js');
const jsVersion = require('amazon-cognito-identity-js/package.json').version;
const srp = await import('../pkg/node.js');
const vectors = JSON.parse(readFileSync(new URL('../../test-vectors/cognito-srp-vectors.json', import.meta.url)));
const c = caseFrom(vectors);
const jsonAt = process.argv.indexOf('--json');
const jsonPath = jsonAt >= 0 ? process.argv[jsonAt + 1] : undefined;
if (jsonAt >= 0 && !jsonPath) {
  console.error('--json needs a path');
  process.exit(2);
}

const wasmFile = new URL('../pkg/cognito_srp_wasm_bg.wasm', import.meta.url);
const bytes = readFileSync(wasmFile);
const size = { bytes: statSync(wasmFile).size, gzipped: gzipSync(bytes, { level: 9 }).length };
console.log(`cognito_srp_wasm_bg.wasm: ${size.bytes} bytes, ${size.gzipped} gzipped (level 9)`);

const line = (where, r) =>
  console.log(
    `${where}: amazon-cognito-identity-js ${r.jsMs.toFixed(2)} ms, cognito-srp-wasm ${r.wasmMs.toFixed(3)} ms per sign-in (medians of ${r.jsRuns} and ${r.wasmRuns}): ${r.ratio.toFixed(1)}x`,
  );

const figures = { wasm: size, amazonCognitoIdentityJs: jsVersion, node: null, chromium: null };
const node = await measure({ AuthenticationHelper, srp, c });
line(`Node ${process.version}`, node);
figures.node = { version: process.version, ...node };
if (!process.argv.includes('--node-only')) {
  const result = await withPage(async (page, version) => {
    const r = await page.evaluate((c) => window.bench(c), c);
    return { r, version };
  });
  line(`Chromium ${result.version}`, result.r);
  figures.chromium = { version: result.version, ...result.r };
}
if (jsonPath) {
  const out = resolve(jsonPath);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
}
