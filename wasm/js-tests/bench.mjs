// Benchmark: the math of one SRP sign-in, cognito-srp-wasm vs amazon-cognito-identity-js, in Node and
// in headless Chromium, same run. Needs wasm/pkg (bash wasm/build.sh), npm ci here, /usr/bin/chromium.
//   node wasm/js-tests/bench.mjs [--node-only]
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { measure, caseFrom } from './bench-core.mjs';
import { withPage } from './browser.mjs';

const require = createRequire(import.meta.url);
const { AuthenticationHelper } = require('amazon-cognito-identity-js');
const srp = await import('../pkg/node.js');
const vectors = JSON.parse(readFileSync(new URL('../../test-vectors/cognito-srp-vectors.json', import.meta.url)));
const c = caseFrom(vectors);

const wasmFile = new URL('../pkg/cognito_srp_wasm_bg.wasm', import.meta.url);
const bytes = readFileSync(wasmFile);
console.log(`cognito_srp_wasm_bg.wasm: ${statSync(wasmFile).size} bytes, ${gzipSync(bytes, { level: 9 }).length} gzipped (level 9)`);

const line = (where, r) =>
  console.log(
    `${where}: amazon-cognito-identity-js ${r.jsMs.toFixed(2)} ms, cognito-srp-wasm ${r.wasmMs.toFixed(3)} ms per sign-in (medians of ${r.jsRuns} and ${r.wasmRuns}): ${r.ratio.toFixed(1)}x`,
  );

line(`Node ${process.version}`, await measure({ AuthenticationHelper, srp, c }));
if (!process.argv.includes('--node-only')) {
  const result = await withPage(async (page, version) => {
    const r = await page.evaluate((c) => window.bench(c), c);
    return { r, version };
  });
  line(`Chromium ${result.version}`, result.r);
}
