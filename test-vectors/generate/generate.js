#!/usr/bin/env node
/*
 * Generates ../cognito-srp-vectors.json: known-answer vectors for Amazon Cognito user-pool SRP,
 * produced by driving the official client amazon-cognito-identity-js (pinned in package.json) with
 *   - fixed randomness: WordArray.prototype.random (lib/utils/WordArray) replaced by a queue of
 *     buffers derived from a fixed seed (SHA-256 counter mode; no Math.random anywhere),
 *   - a fixed clock: global Date replaced by a subclass whose no-argument constructor returns a fixed instant,
 *   - a stubbed network: user.client.request records every request map and answers with canned
 *     PASSWORD_VERIFIER / DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER challenges.
 * Server-side values (b, v, B) are generated independently with native BigInt and node:crypto, and every
 * library value is cross-checked against that independent model.
 *
 * Layout (CommonJS modules in this directory; this file is the command line):
 *   util.js          assertions, SHA-256/HMAC, JSON output form, structural comparison
 *   library.js       the pinned library's modules and versions
 *   determinism.js   seeded byte stream, Math.random trap, fixed WordArray.random queue, fixed clock
 *   model.js         the independent BigInt/node:crypto model (N, g, k, x, u, S, HKDF, signature, server S)
 *   fake-cognito.js  in-memory storage, fake tokens, spies on AuthenticationHelper, runFlow over the network stub
 *   flows.js         the library driven per flow (user SRP, device verifier, device SRP, timestamp, reject, group)
 *   cases.js         this project's case definitions and their inputs
 *   document.js      case definitions -> inputs (edge-case search), server values, meta, coverage check
 *   selftest.js      replay of the shared reference file's inputs
 *
 * Usage:
 *   node generate.js              write ../cognito-srp-vectors.json
 *   node generate.js --check      regenerate into a temp dir, diff against the committed file (exit 1 on difference),
 *                                 and run --selftest when the shared reference file can be found
 *   node generate.js --selftest   run this machinery on the inputs of the shared reference file
 *                                 (shared/reference/cognito-srp-vectors.json) and compare every expected value
 *   node generate.js --out FILE   write to FILE instead
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const { stableStringify } = require('./util');
const { buildDocument } = require('./document');
const { findReference, selftest } = require('./selftest');

const OUT_DEFAULT = path.resolve(__dirname, '..', 'cognito-srp-vectors.json');

function main() {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const outPath = outIdx >= 0 ? path.resolve(args[outIdx + 1]) : OUT_DEFAULT;
  if (args.includes('--selftest')) {
    const ref = findReference();
    if (!ref) { console.error('selftest: shared reference file not found (set COGNITO_SRP_REFERENCE)'); process.exit(2); }
    process.exit(selftest(ref) ? 0 : 1);
  }
  const text = stableStringify(buildDocument());
  if (args.includes('--check')) {
    let ok = true;
    const ref = findReference();
    if (ref) ok = selftest(ref) && ok;
    else console.log('selftest skipped: shared reference file not found');
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-srp-vectors-'));
    const tmpFile = path.join(tmpDir, path.basename(outPath));
    fs.writeFileSync(tmpFile, text);
    const committed = fs.existsSync(outPath) ? fs.readFileSync(outPath, 'utf8') : null;
    if (committed === null) console.log(`check: ${outPath} does not exist`);
    if (committed !== text) {
      ok = false;
      console.log(`check: ${outPath} differs from the regenerated ${tmpFile}`);
      try {
        execFileSync('diff', ['-u', outPath, tmpFile], { stdio: 'pipe' });
      } catch (e) {
        console.log(String(e.stdout || '').split('\n').slice(0, 60).join('\n'));
      }
    } else {
      console.log(`check: ${path.relative(process.cwd(), outPath)} is up to date (${text.length} bytes)`);
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
    process.exit(ok ? 0 : 1);
  }
  fs.writeFileSync(outPath, text);
  const doc = JSON.parse(text);
  const counts = ['user_srp', 'device_verifier', 'device_srp', 'secret_hash', 'timestamps', 'reject']
    .map((s) => `${s}=${doc[s].length}`).join(' ');
  console.log(`wrote ${outPath} (${text.length} bytes): ${counts}`);
}

main();
