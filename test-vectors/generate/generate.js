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
 * Usage:
 *   node generate.js              write ../cognito-srp-vectors.json
 *   node generate.js --check      regenerate into a temp dir, diff against the committed file (exit 1 on difference),
 *                                 and run --selftest when the shared reference file can be found
 *   node generate.js --selftest   run this machinery on the inputs of the shared reference file
 *                                 (shared/reference/cognito-srp-vectors.json) and compare every expected value
 *   node generate.js --out FILE   write to FILE instead
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const LIB = 'amazon-cognito-identity-js';
const WordArray = require(`${LIB}/lib/utils/WordArray`).default;
const AuthenticationHelper = require(`${LIB}/lib/AuthenticationHelper`).default;
const BigInteger = require(`${LIB}/lib/BigInteger`).default;
const DateHelper = require(`${LIB}/lib/DateHelper`).default;
const { CognitoUserPool, CognitoUser, AuthenticationDetails } = require(LIB);
const LIB_VERSION = require(`${LIB}/package.json`).version;
const SHA_VERSION = require('@aws-crypto/sha256-js/package.json').version;

const OUT_DEFAULT = path.resolve(__dirname, '..', 'cognito-srp-vectors.json');
const SEED = 'cognito-srp/test-vectors/v1';

// ---------------------------------------------------------------------------------------------
// Small utilities
// ---------------------------------------------------------------------------------------------

function fail(msg) {
  throw new Error(msg);
}
function assertEq(actual, expected, what) {
  if (actual !== expected) fail(`${what}: got ${String(actual).slice(0, 120)} want ${String(expected).slice(0, 120)}`);
}
function sha256(buf) {
  return crypto.createHash('sha256').update(buf).digest();
}
function hmac(key, msg) {
  return crypto.createHmac('sha256', key).update(msg).digest();
}
function stableStringify(doc) {
  return JSON.stringify(doc, null, 1) + '\n';
}
function deepEqual(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
function firstDiff(a, b, where) {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set(Object.keys(a).concat(Object.keys(b)))) {
      if (!sortedKeysEqual(a[k], b[k])) return firstDiff(a[k], b[k], `${where}.${k}`);
    }
  }
  return where;
}
function sortedKeysEqual(a, b) {
  const canon = (o) => (o && typeof o === 'object' && !Array.isArray(o)
    ? Object.keys(o).sort().reduce((r, k) => { r[k] = canon(o[k]); return r; }, {})
    : o);
  return deepEqual(canon(a), canon(b));
}

// Deterministic byte stream: SHA-256(seed || 0x00 || label || 0x00 || counter_be32) blocks.
function rng(label, n) {
  const out = [];
  let have = 0;
  for (let ctr = 0; have < n; ctr++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(ctr);
    const block = sha256(Buffer.concat([Buffer.from(SEED), Buffer.from([0]), Buffer.from(label, 'utf8'), Buffer.from([0]), c]));
    out.push(block);
    have += block.length;
  }
  return Buffer.concat(out).subarray(0, n);
}
function rngUuid(label) {
  const b = Buffer.from(rng(label, 16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
function rngAlnum(label, n, alphabet) {
  const b = rng(label, n);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[b[i] % alphabet.length];
  return s;
}
const LOWER36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Nothing may draw on Math.random: every random value comes from the seeded stream below.
Math.random = () => fail('Math.random used');

// Fixed randomness: every WordArray.random(n) call takes the next queued buffer.
let randomQueue = [];
WordArray.prototype.random = function fixedRandom(nBytes) {
  const buf = randomQueue.shift();
  if (!buf) fail(`WordArray.random(${nBytes}) called with an empty queue`);
  if (buf.length !== nBytes) fail(`WordArray.random(${nBytes}) but queued buffer has ${buf.length} bytes`);
  const padded = Buffer.concat([buf, Buffer.alloc((4 - (nBytes % 4)) % 4)]);
  const words = [];
  for (let i = 0; i < padded.length; i += 4) words.push(padded.readInt32BE(i));
  return new WordArray(words, nBytes);
};
function setRandom(bufs) {
  randomQueue = bufs.slice();
}
function assertRandomDrained(what) {
  if (randomQueue.length) fail(`${what}: ${randomQueue.length} queued random buffer(s) not consumed`);
}

// ---------------------------------------------------------------------------------------------
// Independent model (native BigInt + node:crypto), used for server values, searching, cross-checks
// ---------------------------------------------------------------------------------------------

setRandom([Buffer.alloc(128, 1)]);
const N_HEX = new AuthenticationHelper('x_y').N.toString(16); // the library's N (checked against RFC 3526 in groupSection)
assertRandomDrained('N');
const N = BigInt('0x' + N_HEX);
const G = 2n;

function modPow(base, exp, m) {
  base %= m;
  if (base < 0n) base += m;
  let r = 1n;
  for (const bit of exp.toString(2)) {
    r = (r * r) % m;
    if (bit === '1') r = (r * base) % m;
  }
  return r;
}
// Java BigInteger.toByteArray() as lowercase hex (minimal two's complement).
function pad(n) {
  if (n >= 0n) {
    let h = n.toString(16);
    if (h.length % 2) h = '0' + h;
    if (/^[89a-f]/.test(h)) h = '00' + h;
    return h;
  }
  let len = 1;
  while (n < -(1n << BigInt(8 * len - 1))) len++;
  return ((1n << BigInt(8 * len)) + n).toString(16).padStart(2 * len, '0');
}
function parseHexSigned(s) {
  if (s.startsWith('-')) return -BigInt('0x' + s.slice(1));
  return BigInt('0x' + s);
}
function H(...hexParts) {
  return sha256(Buffer.from(hexParts.join(''), 'hex')).toString('hex');
}
const K = BigInt('0x' + H(pad(N), pad(G)));

function nativeUserpassHash(poolName, userId, password) {
  return sha256(Buffer.from(`${poolName}${userId}:${password}`, 'utf8')).toString('hex');
}
function nativeX(saltStr, poolName, userId, password) {
  return BigInt('0x' + H(pad(parseHexSigned(saltStr)), nativeUserpassHash(poolName, userId, password)));
}
function nativeU(A, B) {
  return BigInt('0x' + H(pad(A), pad(B)));
}
function nativeClientS(a, B, x, u) {
  const base = (((B - K * modPow(G, x, N)) % N) + N) % N;
  return modPow(base, a + u * x, N);
}
function nativeHkdf(S, u) {
  const prk = hmac(Buffer.from(pad(u), 'hex'), Buffer.from(pad(S), 'hex'));
  return hmac(prk, Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])])).subarray(0, 16);
}
function nativeSignature(hkdf, poolName, userId, secretBlockB64, timestamp) {
  const msg = Buffer.concat([Buffer.from(poolName, 'utf8'), Buffer.from(userId, 'utf8'),
    Buffer.from(secretBlockB64, 'base64'), Buffer.from(timestamp, 'utf8')]);
  return hmac(hkdf, msg).toString('base64');
}
const WEEK = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function nativeTimestamp(iso) {
  const d = new RealDate(iso);
  const p2 = (n) => String(n).padStart(2, '0');
  return `${WEEK[d.getUTCDay()]} ${MONTH[d.getUTCMonth()]} ${d.getUTCDate()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
// SECRET_HASH: not implemented by amazon-cognito-identity-js; AWS formula.
function secretHash(username, clientId, clientSecret) {
  return hmac(Buffer.from(clientSecret, 'utf8'), Buffer.from(username + clientId, 'utf8')).toString('base64');
}
function serverS(A, v, u, b) {
  return modPow((A * modPow(v, u, N)) % N, b, N);
}

// ---------------------------------------------------------------------------------------------
// Mocks: randomness, clock, storage, network
// ---------------------------------------------------------------------------------------------

const RealDate = Date;
let fixedNow = null;
class FixedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) {
      if (fixedNow === null) fail('new Date() called without a fixed clock');
      super(fixedNow);
    } else {
      super(...args);
    }
  }
  static now() {
    if (fixedNow === null) fail('Date.now() called without a fixed clock');
    return fixedNow;
  }
}
global.Date = FixedDate;
function setClock(iso) {
  fixedNow = iso === null ? null : new RealDate(iso).getTime();
}

class MemStorage {
  constructor() { this.m = new Map(); }
  setItem(k, v) { this.m.set(k, String(v)); }
  getItem(k) { return this.m.has(k) ? this.m.get(k) : null; }
  removeItem(k) { this.m.delete(k); }
  clear() { this.m.clear(); }
}

function fakeJwt(sub, iat) {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64').replace(/=+$/, '');
  return `${enc({ alg: 'none' })}.${enc({ sub, iat, exp: iat + 3600 })}.sig`;
}
function fakeAuthResult(sub, extra) {
  const iat = Math.floor(fixedNow / 1000);
  return Object.assign({
    AccessToken: fakeJwt(sub, iat), IdToken: fakeJwt(sub, iat), RefreshToken: 'refresh-token',
    ExpiresIn: 3600, TokenType: 'Bearer',
  }, extra || {});
}

// Spies on AuthenticationHelper methods (record only; behaviour unchanged).
const spyLog = [];
let spying = false;
function installSpies() {
  const P = AuthenticationHelper.prototype;
  const origKey = P.getPasswordAuthenticationKey;
  P.getPasswordAuthenticationKey = function (username, password, serverB, salt, cb) {
    if (spying) spyLog.push({ ev: 'key', helper: this, username, password, serverB, salt });
    return origKey.call(this, username, password, serverB, salt, cb);
  };
  const origU = P.calculateU;
  P.calculateU = function (A, B) {
    const u = origU.call(this, A, B);
    if (spying) spyLog.push({ ev: 'u', helper: this, A, B, u });
    return u;
  };
  const origS = P.calculateS;
  P.calculateS = function (x, B, cb) {
    const self = this;
    return origS.call(this, x, B, function (err, S) {
      if (spying) spyLog.push({ ev: 'S', helper: self, x, B, S, err });
      return cb(err, S);
    });
  };
  const origHkdf = P.computehkdf;
  P.computehkdf = function (ikm, salt) {
    const r = origHkdf.call(this, ikm, salt);
    if (spying) spyLog.push({ ev: 'hkdf', helper: this, ikm: Buffer.from(ikm), salt: Buffer.from(salt), hkdf: Buffer.from(r) });
    return r;
  };
  const origHash = P.generateHashDevice;
  P.generateHashDevice = function (groupKey, deviceKey, cb) {
    if (spying) spyLog.push({ ev: 'hashDevice', helper: this, groupKey, deviceKey });
    return origHash.call(this, groupKey, deviceKey, cb);
  };
}
installSpies();

function clone(o) {
  return o === undefined ? undefined : JSON.parse(JSON.stringify(o));
}

/*
 * Runs one CognitoUser flow against a scripted fake Cognito.
 * script(op, params, n) returns {data} or {err} or {hang: true} (callback never called).
 */
function runFlow({ poolId, clientId, username, password, authFlow, storage, preloadDevice, script }) {
  const calls = [];
  const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, Storage: storage });
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: storage });
  if (authFlow) user.setAuthenticationFlowType(authFlow);
  if (preloadDevice) user.getCachedDeviceKeyAndPassword();
  user.client = {
    request(op, params, cb) {
      calls.push({ op, params: clone(params) });
      const r = script(op, params, calls.length);
      if (r.hang) return;
      if (r.err) cb(r.err, null);
      else cb(null, r.data);
    },
  };
  const outcome = { result: null, thrown: null };
  const details = new AuthenticationDetails({ Username: username, Password: password });
  spyLog.length = 0;
  spying = true;
  try {
    user.authenticateUser(details, {
      onSuccess: () => { outcome.result = 'onSuccess'; },
      onFailure: (e) => { outcome.result = 'onFailure: ' + (e && e.message); },
      customChallenge: () => { outcome.result = 'customChallenge'; },
      newPasswordRequired: () => { outcome.result = 'newPasswordRequired'; },
      mfaRequired: () => { outcome.result = 'mfaRequired'; },
      totpRequired: () => { outcome.result = 'totpRequired'; },
      selectMFAType: () => { outcome.result = 'selectMFAType'; },
      mfaSetup: () => { outcome.result = 'mfaSetup'; },
    });
  } catch (e) {
    outcome.thrown = e.message;
  } finally {
    spying = false;
  }
  return { calls, outcome, spies: spyLog.slice(), user };
}

// ---------------------------------------------------------------------------------------------
// Library-driven computations (inputs in the shared schema -> expected values)
// ---------------------------------------------------------------------------------------------

function aBuffer(smallAHex) {
  const h = smallAHex.length % 2 ? '0' + smallAHex : smallAHex;
  if (h.length > 256) fail('small_a longer than 128 bytes');
  return Buffer.from(h.padStart(256, '0'), 'hex');
}
function poolNameOf(poolId) {
  return poolId.split('_')[1];
}
function hexOfLib(b) {
  return b.toString(16);
}

// Extracts SRP intermediates recorded by the spies for one helper, and re-derives the remaining ones
// with AuthenticationHelper methods.
function srpIntermediates(spies, helper, secretBlock, timestamp, signature) {
  const ev = (name) => {
    const found = spies.filter((s) => s.ev === name && s.helper === helper);
    if (found.length !== 1) fail(`expected one ${name} event, got ${found.length}`);
    return found[0];
  };
  const key = ev('key');
  const u = ev('u');
  const S = ev('S');
  const hk = ev('hkdf');
  const userpassHash = helper.hash(`${helper.poolName}${key.username}:${key.password}`);
  let gx = null;
  helper.g.modPow(S.x, helper.N, (err, r) => { gx = r; });
  const diff = key.serverB.subtract(helper.k.multiply(gx));
  assertEq(hk.ikm.toString('hex'), helper.padHex(S.S), 'hkdf ikm = padHex(S)');
  assertEq(hk.salt.toString('hex'), helper.padHex(u.u), 'hkdf salt = padHex(u)');
  return {
    A: hexOfLib(u.A),
    A_padhex: helper.padHex(u.A),
    B_padhex: helper.padHex(u.B),
    salt_padhex: helper.padHex(key.salt),
    u: hexOfLib(u.u),
    u_padhex: helper.padHex(u.u),
    userpass_hash: userpassHash,
    x: hexOfLib(S.x),
    B_minus_kgx_negative: diff.compareTo(BigInteger.ZERO) < 0,
    S: hexOfLib(S.S),
    S_padhex: helper.padHex(S.S),
    hkdf: hk.hkdf.toString('hex'),
    timestamp,
    password_claim_signature: signature,
  };
}

// Second, independent path through the library: AuthenticationHelper called directly.
function directHelperCheck(poolName, smallAHex, userId, password, srpB, salt, got) {
  setRandom([aBuffer(smallAHex)]);
  const h = new AuthenticationHelper(poolName);
  assertRandomDrained('direct helper');
  let A = null;
  h.getLargeAValue((e, v) => { A = v; });
  assertEq(A.toString(16), got.A, 'direct A');
  let hk = null;
  h.getPasswordAuthenticationKey(userId, password, new BigInteger(srpB, 16), new BigInteger(salt, 16), (e, r) => { hk = r; });
  assertEq(Buffer.from(hk).toString('hex'), got.hkdf, 'direct hkdf');
  assertEq(h.UValue.toString(16), got.u, 'direct u');
  assertEq(h.padHex(new BigInteger(salt, 16)), got.salt_padhex, 'direct salt padHex');
}

// Cross-check against the native model (catches any disagreement between the library and the spec).
function nativeCheck(poolName, smallAHex, userId, password, cp, now, got) {
  const a = BigInt('0x' + smallAHex);
  const A = modPow(G, a, N);
  assertEq(A.toString(16), got.A, 'native A');
  assertEq(pad(A), got.A_padhex, 'native A_padhex');
  const B = BigInt('0x' + cp.SRP_B);
  assertEq(pad(B), got.B_padhex, 'native B_padhex');
  assertEq(pad(parseHexSigned(cp.SALT)), got.salt_padhex, 'native salt_padhex');
  const u = nativeU(A, B);
  assertEq(u.toString(16), got.u, 'native u');
  assertEq(pad(u), got.u_padhex, 'native u_padhex');
  assertEq(nativeUserpassHash(poolName, userId, password), got.userpass_hash, 'native userpass_hash');
  const x = nativeX(cp.SALT, poolName, userId, password);
  assertEq(x.toString(16), got.x, 'native x');
  assertEq(B - K * modPow(G, x, N) < 0n, got.B_minus_kgx_negative, 'native B_minus_kgx_negative');
  const S = nativeClientS(a, B, x, u);
  assertEq(S.toString(16), got.S, 'native S');
  assertEq(pad(S), got.S_padhex, 'native S_padhex');
  const hk = nativeHkdf(S, u);
  assertEq(hk.toString('hex'), got.hkdf, 'native hkdf');
  assertEq(nativeTimestamp(now), got.timestamp, 'native timestamp');
  assertEq(nativeSignature(hk, poolName, userId, cp.SECRET_BLOCK, got.timestamp), got.password_claim_signature, 'native signature');
  return { A, B, u, x, S };
}

const SRP_FIELDS = ['A', 'A_padhex', 'B_padhex', 'salt_padhex', 'u', 'u_padhex', 'userpass_hash', 'x',
  'B_minus_kgx_negative', 'S', 'S_padhex', 'hkdf', 'timestamp', 'password_claim_signature'];

/** user_srp: input (shared schema) -> expected, driving CognitoUser.authenticateUser. */
function computeUserSrp(input) {
  const poolName = poolNameOf(input.pool_id);
  assertEq(input.pool_name, poolName, 'pool_name');
  const cp = input.challenge_parameters;
  const storage = new MemStorage();
  let deviceGroupKey = null;
  if (input.device_key) {
    // A device remembered earlier for this user (as cacheDeviceKeyAndPassword stores it).
    const prefix = `CognitoIdentityServiceProvider.${input.client_id}.${cp.USER_ID_FOR_SRP}`;
    deviceGroupKey = '-remembered';
    storage.setItem(`${prefix}.deviceKey`, input.device_key);
    storage.setItem(`${prefix}.randomPasswordKey`, 'unused-device-password');
    storage.setItem(`${prefix}.deviceGroupKey`, deviceGroupKey);
    assertEq(input.request_username, cp.USER_ID_FOR_SRP, 'remembered-device case uses the internal username');
  }
  setRandom([aBuffer(input.small_a)]);
  setClock(input.now_iso);
  const flow = runFlow({
    poolId: input.pool_id, clientId: input.client_id, username: input.request_username, password: input.password,
    authFlow: input.auth_flow, storage, preloadDevice: !!input.device_key,
    script: (op, params, n) => {
      if (n === 1) {
        assertEq(op, 'InitiateAuth', 'first call');
        return { data: { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: Object.assign({}, cp) } };
      }
      if (n === 2) {
        assertEq(op, 'RespondToAuthChallenge', 'second call');
        if (input.auth_flow === 'CUSTOM_AUTH') {
          return { data: { ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: { USERNAME: cp.USERNAME }, Session: 'session-2' } };
        }
        return { data: { AuthenticationResult: fakeAuthResult(cp.USER_ID_FOR_SRP) } };
      }
      return fail(`unexpected call ${n} ${op}`);
    },
  });
  assertRandomDrained('user flow');
  if (flow.outcome.thrown) fail('user flow threw: ' + flow.outcome.thrown);
  assertEq(flow.outcome.result, input.auth_flow === 'CUSTOM_AUTH' ? 'customChallenge' : 'onSuccess', 'flow outcome');
  assertEq(flow.calls.length, 2, 'number of requests');
  const init = flow.calls[0].params;
  const resp = flow.calls[1].params;
  assertEq(init.AuthFlow, input.auth_flow || 'USER_SRP_AUTH', 'AuthFlow');
  assertEq(init.ClientId, input.client_id, 'InitiateAuth ClientId');
  assertEq(resp.ChallengeName, 'PASSWORD_VERIFIER', 'ChallengeName');
  assertEq(resp.ClientId, input.client_id, 'Respond ClientId');
  const helper = flow.spies.find((s) => s.ev === 'key').helper;
  assertEq(helper.poolName, poolName, 'helper pool name');
  const cr = resp.ChallengeResponses;
  const got = srpIntermediates(flow.spies, helper, cp.SECRET_BLOCK, cr.TIMESTAMP, cr.PASSWORD_CLAIM_SIGNATURE);
  assertEq(init.AuthParameters.SRP_A, got.A, 'SRP_A sent = A.toString(16)');
  directHelperCheck(poolName, input.small_a, cp.USER_ID_FOR_SRP, input.password, cp.SRP_B, cp.SALT, got);
  const model = nativeCheck(poolName, input.small_a, cp.USER_ID_FOR_SRP, input.password, cp, input.now_iso, got);

  const initiateAuthParameters = Object.assign({}, init.AuthParameters);
  const challengeResponses = Object.assign({}, cr);
  if (input.client_secret) {
    // Not emitted by the library (no client-secret support): AWS formula, see meta.conventions.
    initiateAuthParameters.SECRET_HASH = secretHash(input.request_username, input.client_id, input.client_secret);
    challengeResponses.SECRET_HASH = secretHash(cp.USERNAME, input.client_id, input.client_secret);
  }
  const expected = {};
  for (const f of SRP_FIELDS) expected[f] = got[f];
  expected.initiate_auth_parameters = initiateAuthParameters;
  expected.challenge_responses = challengeResponses;
  return { expected, model };
}

/** A user-stage PASSWORD_VERIFIER challenge used only to reach the device steps (not recorded). */
function userStageChallenge(label, userId) {
  const b = BigInt('0x' + rng(`${label}/user-stage/b`, 32).toString('hex'));
  return {
    SALT: rng(`${label}/user-stage/salt`, 16).toString('hex'),
    SECRET_BLOCK: rng(`${label}/user-stage/secret-block`, 64).toString('base64'),
    SRP_B: modPow(G, b, N).toString(16),
    USERNAME: userId,
    USER_ID_FOR_SRP: userId,
  };
}
const DEVICE_FLOW_POOL = 'us-east-1_DevFlow01';
const DEVICE_FLOW_CLIENT = 'devflowclient0000000000000';

/** device_verifier: input -> expected, driving authenticateUser -> NewDeviceMetadata -> ConfirmDevice. */
function computeDeviceVerifier(input) {
  const userId = 'device-owner';
  const userA = rng(`devver/${input.device_key}/user-a`, 128);
  setRandom([userA, Buffer.from(input.random_password_bytes, 'hex'), Buffer.from(input.random_salt_bytes, 'hex')]);
  setClock('2027-01-01T00:00:00.000Z');
  const storage = new MemStorage();
  const cp = userStageChallenge(`devver/${input.device_key}`, userId);
  const flow = runFlow({
    poolId: DEVICE_FLOW_POOL, clientId: DEVICE_FLOW_CLIENT, username: userId, password: 'user-password', storage,
    script: (op, params, n) => {
      if (n === 1) return { data: { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: Object.assign({}, cp) } };
      if (n === 2) {
        return { data: { AuthenticationResult: fakeAuthResult(userId, {
          NewDeviceMetadata: { DeviceKey: input.device_key, DeviceGroupKey: input.device_group_key } }) } };
      }
      if (n === 3) {
        assertEq(op, 'ConfirmDevice', 'third call');
        return { data: { UserConfirmationNecessary: false } };
      }
      return fail(`unexpected call ${n} ${op}`);
    },
  });
  assertRandomDrained('device verifier flow');
  if (flow.outcome.thrown) fail('device verifier flow threw: ' + flow.outcome.thrown);
  assertEq(flow.outcome.result, 'onSuccess', 'device verifier outcome');
  const confirm = flow.calls[2].params;
  const helper = flow.spies.find((s) => s.ev === 'hashDevice').helper;
  const randomPassword = helper.getRandomPassword();
  const saltHex = helper.getSaltDevices();
  const verifierHex = helper.getVerifierDevices();
  // x exactly as generateHashDevice derives it
  const x = new BigInteger(helper.hexHash(saltHex + helper.hash(`${input.device_group_key}${input.device_key}:${randomPassword}`)), 16);
  // The device password/salt must be what the library cached for later device logins.
  const prefix = `CognitoIdentityServiceProvider.${DEVICE_FLOW_CLIENT}.${userId}`;
  assertEq(storage.getItem(`${prefix}.randomPasswordKey`), randomPassword, 'cached device password');
  assertEq(storage.getItem(`${prefix}.deviceKey`), input.device_key, 'cached device key');
  assertEq(storage.getItem(`${prefix}.deviceGroupKey`), input.device_group_key, 'cached device group key');

  // Second path: AuthenticationHelper.generateHashDevice called directly.
  setRandom([userA, Buffer.from(input.random_password_bytes, 'hex'), Buffer.from(input.random_salt_bytes, 'hex')]);
  const h2 = new AuthenticationHelper('direct_check');
  h2.generateHashDevice(input.device_group_key, input.device_key, () => {});
  assertRandomDrained('direct generateHashDevice');
  assertEq(h2.getRandomPassword(), randomPassword, 'direct random password');
  assertEq(h2.getSaltDevices(), saltHex, 'direct salt');
  assertEq(h2.getVerifierDevices(), verifierHex, 'direct verifier');

  // Native model.
  assertEq(Buffer.from(input.random_password_bytes, 'hex').toString('base64'), randomPassword, 'native password');
  assertEq(pad(BigInt('0x' + input.random_salt_bytes)), saltHex, 'native salt');
  const nx = nativeX(saltHex, input.device_group_key, input.device_key, randomPassword);
  assertEq(nx.toString(16), x.toString(16), 'native device x');
  assertEq(pad(modPow(G, nx, N)), verifierHex, 'native verifier');

  return {
    random_password: randomPassword,
    salt_hex: saltHex,
    x: x.toString(16),
    verifier_hex: verifierHex,
    confirm_device_request: {
      DeviceKey: confirm.DeviceKey,
      DeviceSecretVerifierConfig: {
        Salt: confirm.DeviceSecretVerifierConfig.Salt,
        PasswordVerifier: confirm.DeviceSecretVerifierConfig.PasswordVerifier,
      },
    },
  };
}

/** device_srp: input -> expected, driving authenticateUser -> DEVICE_SRP_AUTH -> DEVICE_PASSWORD_VERIFIER. */
function computeDeviceSrp(input) {
  const cp = input.challenge_parameters;
  const userId = input.username;
  assertEq(cp.USERNAME, userId, 'device challenge USERNAME');
  const storage = new MemStorage();
  const prefix = `CognitoIdentityServiceProvider.${input.client_id}.${userId}`;
  storage.setItem(`${prefix}.deviceKey`, input.device_key);
  storage.setItem(`${prefix}.randomPasswordKey`, input.device_password);
  storage.setItem(`${prefix}.deviceGroupKey`, input.device_group_key);
  const userCp = userStageChallenge(`devsrp/${input.device_key}/${input.small_a.slice(0, 16)}`, userId);
  setRandom([rng(`devsrp/${input.small_a}/user-a`, 128), aBuffer(input.small_a)]);
  setClock(input.now_iso);
  const flow = runFlow({
    poolId: input.pool_id, clientId: input.client_id, username: userId, password: 'user-password', storage,
    script: (op, params, n) => {
      if (n === 1) return { data: { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: Object.assign({}, userCp) } };
      if (n === 2) {
        assertEq(params.ChallengeName, 'PASSWORD_VERIFIER', 'user stage');
        assertEq(params.ChallengeResponses.DEVICE_KEY, input.device_key, 'user stage DEVICE_KEY');
        return { data: { ChallengeName: 'DEVICE_SRP_AUTH', ChallengeParameters: {}, Session: 'session-device' } };
      }
      if (n === 3) {
        assertEq(params.ChallengeName, 'DEVICE_SRP_AUTH', 'third call');
        assertEq(params.Session, 'session-device', 'DEVICE_SRP_AUTH echoes Session');
        return { data: { ChallengeName: 'DEVICE_PASSWORD_VERIFIER', ChallengeParameters: Object.assign({}, cp), Session: 'session-device-2' } };
      }
      if (n === 4) {
        assertEq(params.ChallengeName, 'DEVICE_PASSWORD_VERIFIER', 'fourth call');
        assertEq(params.Session, 'session-device-2', 'DEVICE_PASSWORD_VERIFIER echoes Session');
        return { data: { AuthenticationResult: fakeAuthResult(userId) } };
      }
      return fail(`unexpected call ${n} ${op}`);
    },
  });
  assertRandomDrained('device srp flow');
  if (flow.outcome.thrown) fail('device srp flow threw: ' + flow.outcome.thrown);
  assertEq(flow.outcome.result, 'onSuccess', 'device srp outcome');
  const devAuth = flow.calls[2].params;
  const devResp = flow.calls[3].params;
  const helper = flow.spies.filter((s) => s.ev === 'key').map((s) => s.helper).find((h) => h.poolName === input.device_group_key);
  if (!helper) fail('no device helper recorded');
  const cr = devResp.ChallengeResponses;
  const got = srpIntermediates(flow.spies, helper, cp.SECRET_BLOCK, cr.TIMESTAMP, cr.PASSWORD_CLAIM_SIGNATURE);
  assertEq(devAuth.ChallengeResponses.SRP_A, got.A, 'device SRP_A');
  directHelperCheck(input.device_group_key, input.small_a, input.device_key, input.device_password, cp.SRP_B, cp.SALT, got);
  const model = nativeCheck(input.device_group_key, input.small_a, input.device_key, input.device_password, cp, input.now_iso, got);

  const authResponses = Object.assign({}, devAuth.ChallengeResponses);
  const challengeResponses = Object.assign({}, cr);
  if (input.client_secret) {
    authResponses.SECRET_HASH = secretHash(cp.USERNAME, input.client_id, input.client_secret);
    challengeResponses.SECRET_HASH = secretHash(cp.USERNAME, input.client_id, input.client_secret);
  }
  const expected = {};
  for (const f of SRP_FIELDS) expected[f] = got[f];
  expected.device_srp_auth_responses = authResponses;
  expected.challenge_responses = challengeResponses;
  return { expected, model };
}

function computeTimestamp(input) {
  if (input.date_source !== undefined) assertEq(new RealDate(input.date_source).toISOString(), input.date_iso, 'date_source');
  setClock(input.date_iso);
  const ts = new DateHelper().getNowString();
  assertEq(nativeTimestamp(input.date_iso), ts, 'native timestamp');
  return { timestamp: ts };
}

const B_REJECT_BEHAVIOR = 'AuthenticationHelper.getPasswordAuthenticationKey throws synchronously (not via callback) when B mod N == 0; '
  + 'through CognitoUser.authenticateUser the throw escapes the request callback ("B cannot be zero.") and no RespondToAuthChallenge is sent';
const A_REJECT_BEHAVIOR = 'AuthenticationHelper.calculateA rejects A.mod(N) == 0 with Error(\'Illegal paramater. A mod N cannot be 0.\') '
  + 'but it is unreachable (g=2, N prime => g^a mod N != 0); its error path has no return and falls through to callback(null, A). '
  + 'getPasswordAuthenticationKey does not re-check A.';
const U_REJECT_BEHAVIOR = 'getPasswordAuthenticationKey: this.UValue = calculateU(A,B); if (UValue.equals(ZERO)) throw Error(\'U cannot be zero.\') (after the B check)';

/** reject server_B_zero_mod_N: run the helper directly and the full flow; record what the library does. */
function computeRejectB(input) {
  const poolName = poolNameOf(input.pool_id);
  setRandom([aBuffer(input.small_a)]);
  const h = new AuthenticationHelper(poolName);
  let jsError = null;
  try {
    h.getPasswordAuthenticationKey(input.user_id_for_srp, input.password, new BigInteger(input.SRP_B, 16),
      new BigInteger(input.salt, 16), () => fail('callback must not be reached'));
  } catch (e) {
    jsError = e.message;
  }
  if (jsError === null) fail('B reject: library did not throw');
  const cp = { SALT: input.salt, SECRET_BLOCK: 'AAECAwQFBgcICQ==', SRP_B: input.SRP_B, USERNAME: input.user_id_for_srp, USER_ID_FOR_SRP: input.user_id_for_srp };
  setRandom([aBuffer(input.small_a)]);
  setClock('2027-01-01T00:00:00.000Z');
  const flow = runFlow({
    poolId: input.pool_id, clientId: 'rejectclient00000000000000', username: input.user_id_for_srp, password: input.password,
    storage: new MemStorage(),
    script: (op, params, n) => (n === 1
      ? { data: { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: Object.assign({}, cp) } }
      : { data: { AuthenticationResult: fakeAuthResult(input.user_id_for_srp) } }),
  });
  assertRandomDrained('reject flow');
  return {
    expected: { must_reject: true, js_error: jsError, js_behavior: B_REJECT_BEHAVIOR },
    js_full_flow: {
      respond_sent: flow.calls.some((c) => c.op === 'RespondToAuthChallenge'),
      thrown: flow.outcome.thrown,
    },
  };
}

// Confirms the statement in A_REJECT_BEHAVIOR about calculateA's error path.
function checkCalculateAFallThrough() {
  setRandom([rng('calculateA-check', 128)]);
  const h = new AuthenticationHelper('x_y');
  const seen = [];
  h.calculateA(new BigInteger('5', 16), () => {});
  h.g = BigInteger.ZERO; // force g^a mod N == 0 to reach the otherwise unreachable branch
  h.calculateA(new BigInteger('5', 16), (err, A) => { seen.push(err ? err.message : 'ok:' + A.toString(16)); });
  assertEq(JSON.stringify(seen), JSON.stringify(['Illegal paramater. A mod N cannot be 0.', 'ok:0']), 'calculateA fall-through');
}

function groupSection() {
  setRandom([rng('group', 128)]);
  const h = new AuthenticationHelper('x_y');
  assertRandomDrained('group');
  const rfc3526 = 'ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd1';
  if (!N_HEX.startsWith(rfc3526) || !N_HEX.endsWith('ffffffffffffffff') || N_HEX.length !== 768) fail('unexpected N');
  assertEq(h.k.toString(16), K.toString(16), 'k');
  assertEq(h.k.toString(16), '538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6', 'k constant');
  return {
    N: h.N.toString(16),
    g: h.g.toString(16),
    k: h.k.toString(16),
    N_padhex: h.padHex(h.N),
    g_padhex: h.padHex(h.g),
    k_definition: 'k = SHA256(bytes(padHex(N) || padHex(g))) = SHA256(00||N(384 bytes)||02)',
    hkdf_info: 'Caldera Derived Key\\x01',
  };
}

// ---------------------------------------------------------------------------------------------
// Our own cases
// ---------------------------------------------------------------------------------------------

const POOL_A = 'eu-west-2_Zq8TnV4pX';
const POOL_B = 'ap-southeast-2_0aB1cD2eF';
const CLIENT_PLAIN = '3n5qk0v7c1l8m2hd4rj6tbp9se';
const CLIENT_SECRET_ID = '6f2h9t0m4kq1c7v3p8r5bl2nda';
const CLIENT_SECRET = rngAlnum('client-secret', 52, LOWER36);

const PW = {
  ascii: 'Tr0ub4dor&3-Staple!',
  spaces: 'with spaces, "quotes", \\backslash\\ & a:colon::',
  utf8: 'Zwölf-Boxkämpfer_пароль_密碼_ñ',
  emoji: '🦀🔑👩‍💻🏳️‍🌈!',
  combining: 'cafe\u0301 vs caf\u00e9 \u2014 \u00c5ngstr\u00f6m \u212b',
  empty: '',
  single: 'q',
};

// Fixed instants (the weekday/format edge cases are checked by the timestamps section too).
const NOW = {
  d1: '2027-03-04T05:06:07.000Z', // day < 10, hour < 10
  d2: '2027-10-17T21:42:30.000Z', // Sunday, two-digit day
  leap: '2032-02-29T18:45:59.999Z', // leap day, ms truncated
  nye: '2027-12-31T23:59:59.500Z', // last second of the year, ms truncated
  ny: '2028-01-01T00:00:00.000Z', // midnight, first day of the year
  mid: '2027-06-22T13:14:15.000Z', // Tuesday
  sep: '2027-09-09T09:09:09.000Z',
};

function secretBlock(label, len) {
  const n = len === undefined ? 1100 + (rng(label + '/len', 1)[0] % 170) : len;
  return rng(label, n).toString('base64');
}

// Salt shapes (from 16 deterministic bytes).
const SALT = {
  canonical: (r) => { const b = Buffer.from(r); b[0] = 0x10 + (b[0] % 0x70); return b.toString('hex'); },
  msb: (r) => { const b = Buffer.from(r); b[0] |= 0x80; return b.toString('hex'); },
  odd: (r) => { const b = Buffer.from(r); b[0] = 1 + (b[0] % 15); return b.toString('hex').slice(1); },
  oneByteMsb: (r) => (0x80 | r[0]).toString(16),
  oneNibble: (r) => '123456789abcdef'[r[0] % 15],
  leadingZerosMsb: (r) => '0000' + SALT.msb(r),
  negative: (r) => { // 16 random bytes with the top bit set, printed as a signed Java BigInteger
    const b = Buffer.from(r); b[0] = 0x80 | (b[0] % 0x7f); // first byte 0x80..0xfe
    return pad(BigInt('0x' + b.toString('hex')) - (1n << 128n)) === b.toString('hex')
      ? (BigInt('0x' + b.toString('hex')) - (1n << 128n)).toString(16) : fail('negative salt');
  },
  negativeFf8: (r) => { // bytes ff 8x ..: the leading ff is a redundant sign byte, Java/JS hash 15 bytes
    const b = Buffer.from(r); b[0] = 0xff; b[1] |= 0x80;
    return (BigInt('0x' + b.toString('hex')) - (1n << 128n)).toString(16);
  },
  upper: (r) => SALT.msb(r).toUpperCase(),
};

// Predicates over the native model.
const hexLen = (n) => n.toString(16).length;
const topNibble = (n) => parseInt(n.toString(16)[0], 16);
const PRED = {
  plain: (m) => hexLen(m.B) === 768 && topNibble(m.B) < 8 && topNibble(m.B) > 0,
  aOddA: (m) => hexLen(m.A) === 767,
  aMsbA: (m) => hexLen(m.A) === 768 && topNibble(m.A) >= 8,
  shortA: (m) => pad(m.A).length < 768, // padHex(A) shorter than 384 bytes
  msbB: (m) => hexLen(m.B) === 768 && topNibble(m.B) >= 8,
  shortB: (m) => pad(m.B).length < 768,
  oddB: (m) => hexLen(m.B) === 767,
  shortU: (m) => pad(m.u).length < 64, // padHex(u) shorter than 32 bytes
  shortS: (m) => pad(m.S()).length < 768,
};
// Predicates on B are searched by stepping b (b, b+1, ...: g^b is updated by one doubling), the others by stepping a.
for (const k of ['plain', 'msbB', 'shortB', 'oddB']) PRED[k].varyB = true;

/*
 * user_srp case definitions. Every random value is derived from the seed and the case id;
 * `pred` (optional) is searched for deterministically: attempt i uses a0 + i (or b0 + i for predicates on B).
 */
const USER_CASES = [
  { id: 'user-01-plain-ascii', note: 'plain username, ASCII password, canonical 32-hex salt (top nibble 1-7), B top nibble 1-7 (no 00 prefix), long secret block, day<10 and hour<10 in TIMESTAMP',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.d1, pred: PRED.plain },
  { id: 'user-02-email-alias', note: 'email-alias pool: InitiateAuth USERNAME is the email, USER_ID_FOR_SRP/USERNAME in the challenge is a UUID used for x and the signature',
    user: 'dmitri.volkov+cognito@example.net', alias: true, pw: PW.spaces, salt: SALT.canonical, now: NOW.d2 },
  { id: 'user-03-utf8-password', note: 'non-ASCII password (2-, 3-byte UTF-8: German, Cyrillic, CJK) hashed as UTF-8 bytes',
    user: 'yuki_tanaka', pw: PW.utf8, salt: SALT.canonical, now: NOW.mid },
  { id: 'user-04-emoji-password', note: 'password of 4-byte emoji and ZWJ/variation-selector sequences (UTF-16 surrogate pairs in JS, UTF-8 on the wire)',
    user: 'yuki_tanaka', pw: PW.emoji, salt: SALT.canonical, now: NOW.sep },
  { id: 'user-05-combining-password', note: 'password with a combining accent and precomposed forms side by side: no Unicode normalisation is applied',
    user: 'marguerite', pw: PW.combining, salt: SALT.canonical, now: NOW.ny },
  { id: 'user-06-empty-password', note: 'empty password string (x = H(salt | H(poolName + user + ":")))',
    user: 'marguerite', pw: PW.empty, salt: SALT.canonical, now: NOW.leap },
  { id: 'user-07-single-char-password', note: 'single-character password',
    user: 'o\'brien-7', pw: PW.single, salt: SALT.canonical, now: NOW.nye },
  { id: 'user-08-unicode-username', note: 'non-ASCII USER_ID_FOR_SRP (UTF-8 in the x hash and in the signature message), pool name starting with a digit',
    pool: POOL_B, user: 'renée.dupont', pw: PW.ascii, salt: SALT.canonical, now: NOW.d2 },
  { id: 'user-09-a-high-bit', note: 'small a is 128 bytes with the most significant bit set',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.mid, aShape: 'msb' },
  { id: 'user-10-a-short', note: 'small a of 32 bytes (the 128 random bytes start with 96 zero bytes)',
    user: 'yuki_tanaka', alias: true, pw: PW.utf8, salt: SALT.canonical, now: NOW.d1, aShape: 'short32' },
  { id: 'user-11-A-odd-length', note: 'A.toString(16) has odd length (767 hex): SRP_A sent with odd length, padHex(A) prepends a single 0',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.sep, pred: PRED.aOddA },
  { id: 'user-12-A-msb', note: 'A top nibble >= 8: SRP_A sent without prefix, padHex(A) in u gets a 00 prefix',
    user: 'yuki_tanaka', pw: PW.emoji, salt: SALT.canonical, now: NOW.d2, pred: PRED.aMsbA },
  { id: 'user-13-A-short', note: 'A < 2^3063 (leading zero byte, no 00 re-added): SRP_A hex has at most 766 digits and padHex(A) is shorter than 384 bytes (found by search over a)',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.mid, pred: PRED.shortA },
  { id: 'user-14-B-msb', note: 'B top nibble >= 8: padHex(B) in u gets a 00 prefix',
    user: 'o\'brien-7', alias: true, pw: PW.ascii, salt: SALT.canonical, now: NOW.leap, pred: PRED.msbB },
  { id: 'user-15-B-short', note: 'B < 2^3063 (leading zero byte, no 00 re-added), a realistic reduced value; SRP_B hex shorter than 768 and padHex(B) shorter than 384 bytes (found by search over b)',
    user: 'yuki_tanaka', pw: PW.spaces, salt: SALT.canonical, now: NOW.ny, pred: PRED.shortB },
  { id: 'user-16-B-odd-length', note: 'SRP_B hex has odd length (767 digits): padHex(B) prepends a single 0',
    user: 'marguerite', pw: PW.utf8, salt: SALT.canonical, now: NOW.nye, pred: PRED.oddB },
  { id: 'user-17-B-unreduced', note: 'SRP_B = k*v + g^b NOT reduced mod N (B > N, about 416 bytes): B - k*g^x is non-negative; u hashes the unreduced B',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.d1, bMode: 'unreduced' },
  { id: 'user-18-B-plus-N', note: 'SRP_B = (k*v + g^b mod N) + N: unreduced by exactly one N (385 bytes); u hashes the value as sent',
    user: 'yuki_tanaka', alias: true, pw: PW.ascii, salt: SALT.canonical, now: NOW.sep, bMode: 'plusN' },
  { id: 'user-19-B-leading-zeros', note: 'NON-CANONICAL SRP_B with leading zero digits ("000" + B): it is parsed as an integer, so padHex(B) and u are the same as for the canonical B',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.mid, bMode: 'leadingZeros' },
  { id: 'user-20-salt-msb', note: 'salt (32 hex) top nibble >= 8: padHex(salt) prepends 00 before hashing x (17 bytes)',
    user: 'marguerite', pw: PW.spaces, salt: SALT.msb, now: NOW.d2 },
  { id: 'user-21-salt-odd-length', note: 'odd-length salt hex (31 digits): padHex prepends a single 0',
    user: 'yuki_tanaka', alias: true, pw: PW.ascii, salt: SALT.odd, now: NOW.ny },
  { id: 'user-22-salt-1-byte-msb', note: 'very short salt: one byte with the high bit set (padHex -> 00xx)',
    user: 'marguerite', pw: PW.utf8, salt: SALT.oneByteMsb, now: NOW.leap },
  { id: 'user-23-salt-1-nibble', note: 'very short salt: a single hex digit (padHex -> 0x)',
    user: 'o\'brien-7', pw: PW.single, salt: SALT.oneNibble, now: NOW.d1 },
  { id: 'user-24-salt-leading-zeros-msb', note: 'NON-CANONICAL salt hex "0000" + 32 digits whose top bit is set: the JS client parses SALT into a BigInteger (drops the zeros) and padHex re-adds exactly one 00 byte (17 bytes, not the 18 raw bytes)',
    user: 'marguerite', pw: PW.ascii, salt: SALT.leadingZerosMsb, now: NOW.nye },
  { id: 'user-25-salt-negative', note: 'NEGATIVE salt: SALT is "-" + hex, as Java BigInteger.toString(16) prints 16 random bytes whose top bit is set; padHex gives back the original 16 two\'s-complement bytes',
    user: 'yuki_tanaka', alias: true, pw: PW.ascii, salt: SALT.negative, now: NOW.mid },
  { id: 'user-26-salt-negative-redundant-sign-byte', note: 'NEGATIVE salt whose 16 bytes start ff 8x: the ff is a redundant sign byte, so padHex (like Java toByteArray) gives 15 bytes starting 8x (padHex\'s FF8 branch)',
    user: 'marguerite', pw: PW.utf8, salt: SALT.negativeFf8, now: NOW.sep },
  { id: 'user-27-uppercase-hex', note: 'SALT and SRP_B in UPPERCASE hex (as the .NET SDK prints): parsed case-insensitively, every *_padhex is lowercase',
    user: 'marguerite', pw: PW.ascii, salt: SALT.upper, now: NOW.d2, bMode: 'upper', pred: PRED.msbB },
  { id: 'user-28-client-secret', note: 'app client with secret: SECRET_HASH in InitiateAuth and RespondToAuthChallenge',
    client: 'secret', user: 'yuki_tanaka', pw: PW.ascii, salt: SALT.canonical, now: NOW.ny },
  { id: 'user-29-client-secret-alias', note: 'client secret + email alias: InitiateAuth SECRET_HASH over the email, challenge SECRET_HASH over the UUID USERNAME',
    client: 'secret', user: 'dmitri.volkov+cognito@example.net', alias: true, pw: PW.emoji, salt: SALT.msb, now: NOW.d1 },
  { id: 'user-30-short-secret-block', note: 'short secret block (8 bytes, base64 with one = of padding)',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.mid, secretBlockLen: 8 },
  { id: 'user-31-u-short', note: 'u < 2^247 (leading zero byte, no 00 re-added): padHex(u) is only 31 bytes, so the HKDF salt is 31 bytes (33 bytes when the top bit of u is set) (found by search over a)',
    user: 'yuki_tanaka', alias: true, pw: PW.spaces, salt: SALT.canonical, now: NOW.sep, pred: PRED.shortU },
  { id: 'user-32-S-short', note: 'S < 2^3063 (leading zero byte, no 00 re-added): padHex(S) = HKDF input key material is shorter than 384 bytes (found by search over a)',
    user: 'marguerite', pw: PW.utf8, salt: SALT.canonical, now: NOW.leap, pred: PRED.shortS },
  { id: 'user-33-remembered-device', note: 'device remembered earlier (optional input.device_key): CognitoUser.getCachedDeviceKeyAndPassword() was called before authenticateUser, so the client sends DEVICE_KEY in InitiateAuth (first key) and in the PASSWORD_VERIFIER response',
    user: 'yuki_tanaka', pw: PW.ascii, salt: SALT.canonical, now: NOW.nye, deviceKey: true },
  { id: 'user-34-custom-auth-srp', note: 'CUSTOM_AUTH starting with SRP (input.auth_flow = CUSTOM_AUTH): AuthParameters add CHALLENGE_NAME: SRP_A; the PASSWORD_VERIFIER response is the same as for USER_SRP_AUTH',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.mid, authFlow: 'CUSTOM_AUTH' },
  { id: 'user-35-custom-auth-srp-secret-alias', note: 'CUSTOM_AUTH with SRP, email alias and client secret (SECRET_HASH over the email in InitiateAuth, over the UUID in the response)',
    client: 'secret', user: 'dmitri.volkov+cognito@example.net', alias: true, pw: PW.utf8, salt: SALT.msb, now: NOW.d2, authFlow: 'CUSTOM_AUTH' },
  { id: 'user-36-custom-auth-srp-A-odd', note: 'CUSTOM_AUTH with SRP where SRP_A has odd length (767 hex digits)',
    pool: POOL_B, user: 'o\'brien-7', pw: PW.emoji, salt: SALT.odd, now: NOW.sep, authFlow: 'CUSTOM_AUTH', pred: PRED.aOddA },
];

function smallABytes(label, shape) {
  const r = Buffer.from(rng(label, 128));
  if (shape === 'msb') r[0] |= 0x80; // top bit set
  else if (shape === 'short32') { r.fill(0, 0, 96); r[96] = 0x10 + (r[96] % 0x70); } // exactly 32 significant bytes
  return r; // otherwise: the raw 128 random bytes
}

const xvCache = new Map();
function xAndV(saltStr, poolName, userId, password) {
  const key = JSON.stringify([saltStr, poolName, userId, password]);
  if (!xvCache.has(key)) {
    const x = nativeX(saltStr, poolName, userId, password);
    xvCache.set(key, { x, v: modPow(G, x, N) });
  }
  return xvCache.get(key);
}

// Native values for one search attempt, computed only when a predicate asks for them.
// Attempt i uses a = a0 + i (or b = b0 + i when the predicate is about B), so A = g^a (or g^b) is updated by one doubling.
const gxCache = new Map();
function lazyModel(a, A, makeB, x) {
  const memo = {};
  const once = (k, f) => (k in memo ? memo[k] : (memo[k] = f()));
  return {
    A,
    get B() { return once('B', makeB); },
    get u() { return once('u', () => nativeU(this.A, this.B)); },
    S() {
      return once('S', () => {
        if (!gxCache.has(x)) gxCache.set(x, modPow(G, x, N));
        const base = (((this.B - K * gxCache.get(x)) % N) + N) % N;
        return modPow(base, a + this.u * x, N);
      });
    },
  };
}
function* searchSteps(id, aShape, varyB) {
  let a = BigInt('0x' + smallABytes(`${id}/a`, aShape).toString('hex'));
  let b = BigInt('0x' + rng(`${id}/b`, 128).toString('hex'));
  let A = modPow(G, a, N);
  let gb = modPow(G, b, N);
  for (let attempt = 0; attempt < 100000; attempt++) {
    if (attempt > 0) {
      if (varyB) { b += 1n; gb = (gb * 2n) % N; } else { a += 1n; A = (A * 2n) % N; }
    }
    yield { a, b, A, gb };
  }
}

function buildUserCase(def) {
  const poolId = def.pool || POOL_A;
  const poolName = poolNameOf(poolId);
  const clientId = def.client === 'secret' ? CLIENT_SECRET_ID : CLIENT_PLAIN;
  const userId = def.alias ? rngUuid(`${def.id}/uuid`) : def.user;
  const saltStr = def.salt(rng(`${def.id}/salt`, 16));
  const sb = secretBlock(`${def.id}/secret-block`, def.secretBlockLen);
  const { x, v } = xAndV(saltStr, poolName, userId, def.pw);
  for (const { a, b, A, gb } of searchSteps(def.id, def.aShape, def.pred && def.pred.varyB)) {
    const m = lazyModel(a, A, () => {
      if (def.bMode === 'unreduced') return K * v + gb;
      if (def.bMode === 'plusN') return (K * v + gb) % N + N;
      return (K * v + gb) % N;
    }, x);
    if (def.pred && !def.pred(m)) continue;
    if (m.u === 0n || m.B % N === 0n) continue;
    const B = m.B;
    let srpB = B.toString(16);
    if (def.bMode === 'leadingZeros') srpB = '000' + srpB;
    if (def.bMode === 'upper') srpB = srpB.toUpperCase();
    const input = {
      pool_id: poolId,
      pool_name: poolName,
      client_id: clientId,
      client_secret: def.client === 'secret' ? CLIENT_SECRET : null,
      request_username: def.user,
      password: def.pw,
      small_a: a.toString(16),
      challenge_parameters: { SALT: saltStr, SECRET_BLOCK: sb, SRP_B: srpB, USERNAME: userId, USER_ID_FOR_SRP: userId },
      now_iso: new RealDate(def.now).toISOString(),
    };
    if (def.authFlow) input.auth_flow = def.authFlow;
    if (def.deviceKey) input.device_key = `${poolId.split('_')[0]}_${rngUuid(`${def.id}/device-key`)}`;
    const { expected, model } = computeUserSrp(input);
    if (def.pred && !def.pred(Object.assign({}, model, { S: () => model.S }))) fail(`${def.id}: predicate does not hold on library output`);
    const sS = serverS(model.A, v, model.u, b);
    const server = {
      b: b.toString(16),
      v: v.toString(16),
      B_reduced_mod_N: model.B < N,
      server_S_equals_client_S: sS === model.S,
    };
    if (!server.server_S_equals_client_S) fail(`${def.id}: server S != client S`);
    return { id: def.id, note: def.note, input, server, expected, ...secretNotes(def.client === 'secret', 'user') };
  }
  return fail(`${def.id}: search exhausted`);
}

function secretNotes(hasSecret, kind) {
  if (!hasSecret) return {};
  return {
    expected_notes: [kind === 'user'
      ? 'SECRET_HASH fields are NOT emitted by amazon-cognito-identity-js (no client-secret support); added per AWS formula base64(HMAC_SHA256(key=client_secret, msg=username+client_id)) computed with node:crypto, InitiateAuth uses the request USERNAME, RespondToAuthChallenge uses the challenge USERNAME'
      : 'SECRET_HASH fields are NOT emitted by amazon-cognito-identity-js (no client-secret support); added per AWS formula base64(HMAC_SHA256(key=client_secret, msg=USERNAME+client_id)) computed with node:crypto, in both the DEVICE_SRP_AUTH and the DEVICE_PASSWORD_VERIFIER responses (AWS API docs: SECRET_HASH is required in all challenge responses for a client with a secret)'],
  };
}

// device_verifier definitions: random bytes shaped to hit each salt/verifier form.
const DEVVER_CASES = [
  { id: 'devver-01-plain', note: 'salt top bit clear (16 bytes sent), verifier top nibble >= 8 (padHex 00 prefix, 385 bytes sent)',
    shape: (b) => { b[0] = 0x10 + (b[0] % 0x70); }, pred: (v) => hexLen(v) === 768 && topNibble(v) >= 8 },
  { id: 'devver-02-salt-msb', note: 'salt first byte >= 0x80: padHex adds 00 -> 17-byte Salt sent; verifier top nibble 1-7 (384 bytes)',
    shape: (b) => { b[0] |= 0x80; }, pred: (v) => hexLen(v) === 768 && topNibble(v) < 8 },
  { id: 'devver-03-salt-leading-zero', note: 'random salt bytes start with 0x00 then a byte < 0x80: BigInteger drops the zero -> 15-byte Salt sent',
    shape: (b) => { b[0] = 0; b[1] = 0x10 + (b[1] % 0x70); } },
  { id: 'devver-04-salt-two-leading-zeros', note: 'random salt bytes start with 00 00: 14-byte Salt sent (below the usual 15..17 range)',
    shape: (b) => { b[0] = 0; b[1] = 0; b[2] = 0x10 + (b[2] % 0x70); } },
  { id: 'devver-05-salt-zero-then-msb', note: 'random salt bytes start 00 8x: BigInteger drops the 00 and padHex puts it back -> 16 bytes sent, starting 00',
    shape: (b) => { b[0] = 0; b[1] |= 0x80; } },
  { id: 'devver-06-verifier-short', note: 'verifier g^x mod N < 2^3063: padHex(v) has fewer than 384 bytes -> short PasswordVerifier (found by search over the password bytes)',
    shape: (b) => { b[0] = 0x10 + (b[0] % 0x70); }, pred: (v) => pad(v).length < 768 },
];

function buildDevverCase(def, idx) {
  const region = idx % 2 ? 'ap-southeast-2' : 'eu-west-2';
  const deviceKey = `${region}_${rngUuid(`${def.id}/device-key`)}`;
  const groupKey = '-' + rngAlnum(`${def.id}/group-key`, 9, ALNUM62);
  const saltBytes = Buffer.from(rng(`${def.id}/salt`, 16));
  def.shape(saltBytes);
  const saltHex = pad(BigInt('0x' + saltBytes.toString('hex')));
  for (let attempt = 0; attempt < 100000; attempt++) {
    const pwBytes = rng(`${def.id}/password/${attempt}`, 40);
    const pw = pwBytes.toString('base64');
    const v = modPow(G, nativeX(saltHex, groupKey, deviceKey, pw), N);
    if (def.pred && !def.pred(v)) continue;
    const input = {
      device_group_key: groupKey,
      device_key: deviceKey,
      random_password_bytes: pwBytes.toString('hex'),
      random_salt_bytes: saltBytes.toString('hex'),
    };
    return { id: def.id, note: def.note, input, expected: computeDeviceVerifier(input) };
  }
  return fail(`${def.id}: search exhausted`);
}

const DEVSRP_CASES = [
  { id: 'devsrp-01-chained', verifier: 'devver-01-plain', note: 'device password/salt/verifier from devver-01-plain; salt sent as stored; B top nibble 1-7',
    user: 'marguerite', now: NOW.d2, pred: PRED.plain },
  { id: 'devsrp-02-salt-msb-B-msb', verifier: 'devver-02-salt-msb', note: 'device salt sent with its 00 prefix as stored (devver-02-salt-msb); B top nibble >= 8; day<10 timestamp',
    user: 'uuid', now: NOW.d1, pred: PRED.msbB, saltForm: 'stored' },
  { id: 'devsrp-03-salt-msb-unprefixed', verifier: 'devver-02-salt-msb', note: 'same device as devver-02-salt-msb but SALT sent without the 00 prefix (canonical BigInteger hex, as Cognito prints it); padHex re-adds 00',
    user: 'uuid', now: NOW.sep, saltForm: 'canonical' },
  { id: 'devsrp-04-short-salt-A-odd', verifier: 'devver-03-salt-leading-zero', note: '15-byte device salt (devver-03-salt-leading-zero); A hex odd length',
    user: 'yuki_tanaka', now: NOW.nye, pred: PRED.aOddA },
  { id: 'devsrp-05-14-byte-salt-client-secret', verifier: 'devver-04-salt-two-leading-zeros', note: 'device flow with app client secret; 14-byte device salt (devver-04-salt-two-leading-zeros)',
    user: 'uuid', client: 'secret', now: NOW.leap },
  { id: 'devsrp-06-salt-00-msb-u-short', verifier: 'devver-05-salt-zero-then-msb', note: 'device salt 00 8x.. (devver-05-salt-zero-then-msb), client secret; u < 2^247 so padHex(u) is 31 bytes (found by search over a)',
    user: 'marguerite', client: 'secret', now: NOW.mid, pred: PRED.shortU },
  { id: 'devsrp-07-verifier-short-B-short', verifier: 'devver-06-verifier-short', note: 'short verifier (devver-06-verifier-short); B < 2^3063 so SRP_B has a leading zero byte and padHex(B) is shorter than 384 bytes (found by search over b)',
    user: 'uuid', now: NOW.ny, pred: PRED.shortB },
];

function buildDevsrpCase(def, devverById) {
  const dv = devverById.get(def.verifier);
  if (!dv) fail(`${def.id}: unknown verifier case`);
  const region = dv.input.device_key.split('_')[0];
  const poolId = region === 'eu-west-2' ? POOL_A : POOL_B;
  const clientId = def.client === 'secret' ? CLIENT_SECRET_ID : CLIENT_PLAIN;
  const username = def.user === 'uuid' ? rngUuid(`${def.id}/uuid`) : def.user;
  const groupKey = dv.input.device_group_key;
  const deviceKey = dv.input.device_key;
  const devicePassword = dv.expected.random_password;
  const storedSalt = dv.expected.salt_hex;
  const saltStr = def.saltForm === 'canonical' ? BigInt('0x' + storedSalt).toString(16) : storedSalt;
  const v = BigInt('0x' + dv.expected.verifier_hex);
  const x = nativeX(saltStr, groupKey, deviceKey, devicePassword);
  assertEq(modPow(G, x, N), v, `${def.id}: verifier from chained case`);
  const sb = secretBlock(`${def.id}/secret-block`);
  for (const { a, b, A, gb } of searchSteps(def.id, undefined, def.pred && def.pred.varyB)) {
    const m = lazyModel(a, A, () => (K * v + gb) % N, x);
    if (def.pred && !def.pred(m)) continue;
    if (m.u === 0n || m.B === 0n) continue;
    const B = m.B;
    const input = {
      pool_id: poolId,
      client_id: clientId,
      client_secret: def.client === 'secret' ? CLIENT_SECRET : null,
      username,
      device_key: deviceKey,
      device_group_key: groupKey,
      device_password: devicePassword,
      small_a: a.toString(16),
      challenge_parameters: { SALT: saltStr, SECRET_BLOCK: sb, SRP_B: B.toString(16), USERNAME: username },
      now_iso: new RealDate(def.now).toISOString(),
      verifier_case: def.verifier,
    };
    const { expected, model } = computeDeviceSrp(input);
    if (def.pred && !def.pred(Object.assign({}, model, { S: () => model.S }))) fail(`${def.id}: predicate does not hold on library output`);
    const sS = serverS(model.A, v, model.u, b);
    const server = { b: b.toString(16), v: v.toString(16), server_S_equals_client_S: sS === model.S };
    if (!server.server_S_equals_client_S) fail(`${def.id}: server S != client S`);
    return { id: def.id, note: def.note, input, server, expected, ...secretNotes(def.client === 'secret', 'device') };
  }
  return fail(`${def.id}: search exhausted`);
}

const SECRET_HASH_CASES = [
  { id: 'sh-01-plain', note: 'plain username', username: 'marguerite', clientId: CLIENT_SECRET_ID, secret: CLIENT_SECRET },
  { id: 'sh-02-uuid', note: 'UUID username (USER_ID_FOR_SRP)', username: rngUuid('sh-02/uuid'), clientId: CLIENT_SECRET_ID, secret: CLIENT_SECRET },
  { id: 'sh-03-email', note: 'email username with + and .', username: 'dmitri.volkov+cognito@example.net', clientId: CLIENT_SECRET_ID, secret: CLIENT_SECRET },
  { id: 'sh-04-unicode', note: 'non-ASCII username, UTF-8 bytes in the HMAC message', username: 'renée.dupont_Ωμέγα', clientId: '1q2w3e4r5t6y7u8i9o0p1a2s3d', secret: rngAlnum('sh-04/secret', 51, LOWER36) },
  { id: 'sh-05-phone', note: 'phone-number username', username: '+14255550117', clientId: CLIENT_SECRET_ID, secret: CLIENT_SECRET },
  { id: 'sh-06-secret-64-bytes', note: 'client secret of exactly 64 bytes (= SHA-256 block size: used as the HMAC key as is)', username: 'yuki_tanaka', clientId: CLIENT_SECRET_ID, secret: rngAlnum('sh-06/secret', 64, LOWER36) },
  { id: 'sh-07-long-secret', note: 'long client secret (100 bytes > 64: HMAC hashes the key first)', username: 'yuki_tanaka', clientId: CLIENT_SECRET_ID, secret: rngAlnum('sh-07/secret', 100, LOWER36) },
];

const TIMESTAMP_CASES = [
  { id: 'ts-01', note: 'Thursday, day < 10, hour < 10: day is NOT zero-padded, time fields are', date: '2027-03-04T05:06:07.000Z' },
  { id: 'ts-02', note: 'Sunday (getUTCDay()==0), two-digit day', date: '2027-10-17T21:42:30.000Z' },
  { id: 'ts-03', note: 'leap day, milliseconds truncated (not rounded)', date: '2032-02-29T18:45:59.999Z' },
  { id: 'ts-04', note: 'Tuesday, two-digit day, afternoon (24-hour clock)', date: '2027-06-22T13:14:15.000Z' },
  { id: 'ts-05', note: 'midnight on New Year\'s Day (Saturday): hour 00, not 24', date: '2028-01-01T00:00:00.000Z' },
  { id: 'ts-06', note: 'non-UTC input offset -05:00 crossing midnight: reference formats the UTC date (next day, day < 10)', date: '2027-09-01T02:30:15.250Z', source: '2027-08-31T21:30:15.250-05:00' },
  { id: 'ts-07', note: 'non-UTC input offset +09:00 crossing the year backwards: reference formats the UTC date (Dec 31)', date: '2027-12-31T23:59:59.999Z', source: '2028-01-01T08:59:59.999+09:00' },
];

function buildRejectCases() {
  const out = [];
  const bCases = [
    ['reject-01-B-zero', 'SRP_B = 0', '0'],
    ['reject-02-B-equals-N', 'SRP_B = N', N.toString(16)],
    ['reject-03-B-2N', 'SRP_B = 2*N (nonzero but == 0 mod N)', (2n * N).toString(16)],
    ['reject-04-B-N-leading-zeros', 'SRP_B = N written with leading zeros (0000ff..)', '0000' + N.toString(16)],
    ['reject-05-B-5N-uppercase', 'SRP_B = 5*N in uppercase hex (nonzero but == 0 mod N)', (5n * N).toString(16).toUpperCase()],
  ];
  const pws = [PW.ascii, PW.utf8, PW.spaces, PW.emoji, PW.single];
  bCases.forEach(([id, note, srpB], i) => {
    const input = {
      pool_id: POOL_A,
      user_id_for_srp: i % 2 ? rngUuid(`${id}/uuid`) : 'marguerite',
      password: pws[i],
      small_a: smallABytes(`${id}/a`).toString('hex'),
      salt: SALT.canonical(rng(`${id}/salt`, 16)),
      SRP_B: srpB,
    };
    input.small_a = BigInt('0x' + input.small_a).toString(16);
    const r = computeRejectB(input);
    if (!r.js_full_flow.thrown || r.js_full_flow.respond_sent) fail(`${id}: library did not reject`);
    out.push({ id, note, kind: 'server_B_zero_mod_N', input, expected: r.expected, js_full_flow: r.js_full_flow });
  });
  checkCalculateAFallThrough();
  const aCases = [
    ['reject-06-A-zero', 'zero', '0'],
    ['reject-07-A-equals-N', 'equals-N', N.toString(16)],
    ['reject-08-A-2N', '2N', (2n * N).toString(16)],
    ['reject-09-A-N-leading-zeros', 'N with leading zeros', '00' + N.toString(16)],
  ];
  for (const [id, what, srpA] of aCases) {
    out.push({ id, note: `SRP_A = ${what} (== 0 mod N): a server (or a client validating a computed A) must reject`, kind: 'A_zero_mod_N',
      input: { SRP_A: srpA }, expected: { must_reject: true, js_behavior: A_REJECT_BEHAVIOR } });
  }
  out.push({ id: 'reject-10-u-zero', note: 'u = SHA256(padHex(A)|padHex(B)) == 0 must abort; not constructible (needs a SHA-256 preimage of zero)',
    kind: 'u_zero', input: null, expected: { must_reject: true, js_behavior: U_REJECT_BEHAVIOR } });
  return out;
}

function buildMeta() {
  return {
    generator: 'test-vectors/generate/generate.js: a Node script driving amazon-cognito-identity-js with mocked randomness (WordArray.random fed from a fixed seed), clock (global Date) and network (user.client.request stub)',
    reference: {
      'amazon-cognito-identity-js': LIB_VERSION,
      '@aws-crypto/sha256-js': SHA_VERSION,
      node: '>=18 (output does not depend on the Node version; generated with Node 20)',
    },
    conventions: {
      hex: 'lowercase; plain hex = BigInteger.toString(16) (no leading zeros); *_padhex = AuthenticationHelper.padHex (even length, 00 prefix when top bit set)',
      expected_source: 'amazon-cognito-identity-js AuthenticationHelper/CognitoUser/DateHelper driven with mocked client, randomness and clock (request maps recorded from CognitoUser.authenticateUser and the device flow; intermediates recorded from AuthenticationHelper during the same flow and re-derived by calling AuthenticationHelper directly); SECRET_HASH (not supported by that library) uses the AWS formula, computed with node:crypto',
      server: 'server.b / server.v generated independently with native BigInt: v = g^x mod N, B = (k*v + g^b) mod N; server_S_equals_client_S checks (A*v^u)^b mod N == S (u computed from B as sent); for non-canonical salts v uses the salt bytes the JS client hashes (padHex of the parsed integer)',
      now_iso: 'the instant DateHelper.getNowString() was evaluated at (clock mocked); expected.timestamp is its output',
      randomness: `every random value (a, b, salts, secret blocks, device password bytes, UUIDs) is SHA-256(seed || 0 || label || 0 || counter) with seed "${SEED}"; edge cases are found deterministically by stepping a (or b) by 1 from its seeded value, or (device verifier) an attempt counter in the label of the password bytes`,
      cross_checks: 'every library value is also recomputed with an independent native-BigInt/node:crypto model of SPEC.md; the generator aborts on any disagreement',
    },
    schema: {
      user_srp: 'input{pool_id,pool_name,client_id,client_secret|null,request_username,password,small_a,challenge_parameters{SALT,SECRET_BLOCK,SRP_B,USERNAME,USER_ID_FOR_SRP},now_iso[,auth_flow][,device_key]} server{b,v,...} expected{A,A_padhex,B_padhex,salt_padhex,u,u_padhex,userpass_hash,x,B_minus_kgx_negative,S,S_padhex,hkdf,timestamp,password_claim_signature,initiate_auth_parameters,challenge_responses}; optional input.auth_flow = "CUSTOM_AUTH": CognitoUser.authenticationFlowType was CUSTOM_AUTH (InitiateAuth AuthFlow CUSTOM_AUTH, AuthParameters add CHALLENGE_NAME: SRP_A), absent = USER_SRP_AUTH; optional input.device_key: a remembered device, sent as DEVICE_KEY in InitiateAuth and the PASSWORD_VERIFIER response',
      device_verifier: 'input{device_group_key,device_key,random_password_bytes(40, hex),random_salt_bytes(16, hex)} expected{random_password,salt_hex,x,verifier_hex,confirm_device_request{DeviceKey,DeviceSecretVerifierConfig{Salt,PasswordVerifier}}}',
      device_srp: 'input{pool_id,client_id,client_secret|null,username,device_key,device_group_key,device_password,small_a,challenge_parameters{SALT,SECRET_BLOCK,SRP_B,USERNAME},now_iso,verifier_case} expected{... as user_srp ..., device_srp_auth_responses, challenge_responses}',
      secret_hash: 'input{username,client_id,client_secret} expected{secret_hash}',
      timestamps: 'input{date_iso[,date_source]} expected{timestamp}',
      reject: 'kind in server_B_zero_mod_N | A_zero_mod_N | u_zero; expected.must_reject = true',
      pycognito_divergence: 'not used in this file (pycognito is not run by this generator)',
    },
    set: 'project',
  };
}

function buildDocument() {
  const doc = { meta: buildMeta(), group: groupSection() };
  doc.user_srp = USER_CASES.map(buildUserCase);
  doc.device_verifier = DEVVER_CASES.map(buildDevverCase);
  const devverById = new Map(doc.device_verifier.map((c) => [c.id, c]));
  doc.device_srp = DEVSRP_CASES.map((d) => buildDevsrpCase(d, devverById));
  doc.secret_hash = SECRET_HASH_CASES.map((c) => ({
    id: c.id, note: c.note,
    input: { username: c.username, client_id: c.clientId, client_secret: c.secret },
    expected: { secret_hash: secretHash(c.username, c.clientId, c.secret) },
  }));
  doc.timestamps = TIMESTAMP_CASES.map((c) => {
    const input = { date_iso: c.date };
    if (c.source) input.date_source = c.source;
    return { id: c.id, note: c.note, input, expected: computeTimestamp(input) };
  });
  doc.reject = buildRejectCases();
  setClock(null);
  checkCoverage(doc);
  return doc;
}

// Asserts that the edge-case kinds promised by the notes really occur in the output.
function checkCoverage(doc) {
  const all = doc.user_srp.concat(doc.device_srp);
  const has = (what, f) => { if (!all.some(f)) fail(`coverage: no case with ${what}`); };
  has('u top bit set', (c) => c.expected.u_padhex.length === 66);
  has('u short', (c) => c.expected.u_padhex.length < 64);
  has('S msb', (c) => c.expected.S_padhex.length === 770);
  has('S short', (c) => c.expected.S_padhex.length < 768);
  has('A odd', (c) => c.expected.A.length === 767);
  has('A short', (c) => c.expected.A_padhex.length < 768);
  has('B short', (c) => c.expected.B_padhex.length < 768);
  has('B unreduced', (c) => c.server.B_reduced_mod_N === false);
  has('B - k g^x >= 0', (c) => c.expected.B_minus_kgx_negative === false);
  has('negative salt', (c) => c.input.challenge_parameters.SALT.startsWith('-'));
  has('15-byte salt_padhex', (c) => c.expected.salt_padhex.length === 30);
  has('14-byte salt_padhex', (c) => c.expected.salt_padhex.length === 28);
  const pads = doc.user_srp.map((c) => (c.input.challenge_parameters.SECRET_BLOCK.match(/=*$/) || [''])[0].length);
  for (const p of [0, 1, 2]) if (!pads.includes(p)) fail(`coverage: no secret block with ${p} '=' of padding`);
  const days = new Set(doc.timestamps.map((t) => t.expected.timestamp.slice(0, 3)));
  if (!days.has('Sun')) fail('coverage: no Sunday timestamp');
}

// ---------------------------------------------------------------------------------------------
// Self-test against the shared reference file
// ---------------------------------------------------------------------------------------------

function findReference() {
  const candidates = [
    process.env.COGNITO_SRP_REFERENCE,
    path.resolve(__dirname, '..', '..', '..', 'shared', 'reference', 'cognito-srp-vectors.json'),
    '/work/shared/reference/cognito-srp-vectors.json',
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

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

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
