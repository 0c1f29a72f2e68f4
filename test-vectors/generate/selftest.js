/*
 * Self-test against the shared reference file: feeds its inputs through the same flows and compares every
 * expected value (and the server values) with the file's.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const { firstDiff, sortedKeysEqual } = require('./util');
const { setClock } = require('./determinism');
const { N, G, K, modPow, nativeX, secretHash, serverS } = require('./model');
const {
  poolNameOf, computeUserSrp, computeDeviceVerifier, computeDeviceSrp, computeTimestamp, computeRejectB, groupSection,
} = require('./flows');

function findReference() {
  const candidates = [
    process.env.COGNITO_SRP_REFERENCE,
    // `shared/` beside the repository, or one level further up (a checkout inside a folder of checkouts).
    path.resolve(__dirname, '..', '..', '..', 'shared', 'reference', 'cognito-srp-vectors.json'),
    path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'cognito-srp-vectors.json'),
  ].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p)) || null;
}

function selftest(refPath) {
  const ref = JSON.parse(fs.readFileSync(refPath, 'utf8'));
  const problems = [];
  let compared = 0;
  const cmp = (id, what, got, want) => {
    compared++;
    if (!sortedKeysEqual(got, want)) problems.push(`${id}: ${what} differs at ${firstDiff(got, want, what)}`);
  };
  cmp('group', 'group', groupSection(), ref.group);
  for (const c of ref.user_srp) {
    try {
      const { expected, model } = computeUserSrp(c.input);
      cmp(c.id, 'expected', expected, c.expected);
      const poolName = poolNameOf(c.input.pool_id);
      const cp = c.input.challenge_parameters;
      const v = modPow(G, nativeX(cp.SALT, poolName, cp.USER_ID_FOR_SRP, c.input.password), N);
      const b = BigInt('0x' + c.server.b);
      const Bred = (K * v + modPow(G, b, N)) % N;
      const Bsent = c.server.B_reduced_mod_N ? Bred : K * v + modPow(G, b, N);
      cmp(c.id, 'server.v', v.toString(16), c.server.v);
      cmp(c.id, 'server B = SRP_B', Bsent.toString(16), BigInt('0x' + cp.SRP_B).toString(16));
      cmp(c.id, 'server_S_equals_client_S', serverS(model.A, v, model.u, b) === model.S, c.server.server_S_equals_client_S);
    } catch (e) {
      problems.push(`${c.id}: ${e.message}`);
    }
  }
  for (const c of ref.device_verifier) {
    try {
      cmp(c.id, 'expected', computeDeviceVerifier(c.input), c.expected);
    } catch (e) {
      problems.push(`${c.id}: ${e.message}`);
    }
  }
  for (const c of ref.device_srp) {
    try {
      const { expected, model } = computeDeviceSrp(c.input);
      cmp(c.id, 'expected', expected, c.expected);
      const v = BigInt('0x' + c.server.v);
      cmp(c.id, 'server_S_equals_client_S', serverS(model.A, v, model.u, BigInt('0x' + c.server.b)) === model.S, c.server.server_S_equals_client_S);
    } catch (e) {
      problems.push(`${c.id}: ${e.message}`);
    }
  }
  for (const c of ref.secret_hash) {
    cmp(c.id, 'secret_hash', secretHash(c.input.username, c.input.client_id, c.input.client_secret), c.expected.secret_hash);
  }
  for (const c of ref.timestamps) {
    try {
      cmp(c.id, 'timestamp', computeTimestamp(c.input), c.expected);
    } catch (e) {
      problems.push(`${c.id}: ${e.message}`);
    }
  }
  for (const c of ref.reject.filter((r) => r.kind === 'server_B_zero_mod_N')) {
    try {
      const r = computeRejectB(c.input);
      cmp(c.id, 'js_error', r.expected.js_error, c.expected.js_error);
      cmp(c.id, 'js_full_flow', r.js_full_flow, c.js_full_flow);
    } catch (e) {
      problems.push(`${c.id}: ${e.message}`);
    }
  }
  setClock(null);
  const counts = ['user_srp', 'device_verifier', 'device_srp', 'secret_hash', 'timestamps', 'reject']
    .map((s) => `${s}=${ref[s].length}`).join(' ');
  console.log(`selftest: shared reference ${refPath} (${counts}): ${compared} comparisons, ${problems.length} mismatches`);
  for (const p of problems) console.log('  MISMATCH ' + p);
  return problems.length === 0;
}

module.exports = { findReference, selftest };
