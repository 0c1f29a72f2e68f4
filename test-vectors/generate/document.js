/*
 * Assembles the vectors document: turns each case definition into concrete inputs (searching
 * deterministically for the edge-case shapes a case asks for), runs them through the flows, adds the
 * independently generated server values, the meta section, and checks that the promised edge cases occur.
 */
'use strict';

const { fail, assertEq } = require('./util');
const { SEED, rng, rngUuid, rngAlnum, ALNUM62, RealDate, setClock } = require('./determinism');
const { N, G, K, modPow, pad, nativeX, nativeU, secretHash, serverS } = require('./model');
const { LIB_VERSION, SHA_VERSION } = require('./library');
const {
  poolNameOf, computeUserSrp, computeDeviceVerifier, computeDeviceSrp, computeTimestamp, computeRejectB,
  checkCalculateAFallThrough, groupSection, A_REJECT_BEHAVIOR, U_REJECT_BEHAVIOR,
} = require('./flows');
const {
  POOL_A, POOL_B, CLIENT_PLAIN, CLIENT_SECRET_ID, CLIENT_SECRET, secretBlock, SALT, USER_CASES, smallABytes,
  DEVVER_CASES, DEVSRP_CASES, SECRET_HASH_CASES, TIMESTAMP_CASES, REJECT_B_CASES, REJECT_A_CASES,
} = require('./cases');

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

function buildRejectCases() {
  const out = [];
  REJECT_B_CASES.forEach(([id, note, srpB, password], i) => {
    const input = {
      pool_id: POOL_A,
      user_id_for_srp: i % 2 ? rngUuid(`${id}/uuid`) : 'marguerite',
      password,
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
  for (const [id, what, srpA] of REJECT_A_CASES) {
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

module.exports = { buildDocument };
