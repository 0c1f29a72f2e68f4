/*
 * Flows driven through the official client (amazon-cognito-identity-js) over the stubbed network: each
 * compute* function takes a case input in the shared schema and returns its expected values, cross-checked
 * against a direct AuthenticationHelper call and against the independent model. Also the group section and
 * the library's reject behaviour.
 */
'use strict';

const { fail, assertEq } = require('./util');
const { rng, setRandom, assertRandomDrained, RealDate, setClock } = require('./determinism');
const {
  N_HEX, N, G, K, modPow, pad, parseHexSigned, nativeUserpassHash, nativeX, nativeU, nativeClientS, nativeHkdf,
  nativeSignature, nativeTimestamp, secretHash,
} = require('./model');
const { AuthenticationHelper, BigInteger, DateHelper } = require('./library');
const { MemStorage, fakeAuthResult, runFlow } = require('./fake-cognito');

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

module.exports = {
  poolNameOf, computeUserSrp, computeDeviceVerifier, computeDeviceSrp, computeTimestamp, computeRejectB,
  checkCalculateAFallThrough, groupSection, A_REJECT_BEHAVIOR, U_REJECT_BEHAVIOR,
};
