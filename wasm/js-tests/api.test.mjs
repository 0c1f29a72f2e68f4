// The published package (wasm/pkg, made by `bash wasm/build.sh`): what it exports, its errors, single
// use, randomness. Plain `import` in Node, as a user would write it.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const srp = await import(new URL('../pkg/node.js', import.meta.url));
const { startUserSrp, startDeviceSrp, confirmDevice, secretHash } = srp;

const POOL = { userPoolId: 'us-east-1_AbCdEf123', clientId: 'client-1' };
// A challenge taken from the public vectors (user-01): well-formed in every field.
const CHALLENGE = {
  SALT: '5ec37ebb65054ad03e286efc917b3f09',
  SRP_B: '5c98f37d62aef9a9fea3b0e2',
  SECRET_BLOCK: 'AAAA',
  USERNAME: 'alice',
  USER_ID_FOR_SRP: 'alice',
};
const CREDENTIALS = {
  deviceKey: 'us-east-1_82822b08-cec1-4d06-aeea-57369f1db49d',
  deviceGroupKey: '-8W66aq8j1',
  devicePassword: 'eKepB+GKdhS1RE/0Fykf2oLKM4Pqy2cK3TNFOoYGLG0Zdv0F4aLVTA==',
};

test('the published package exports the API and no secret injection', () => {
  assert.deepEqual(
    Object.keys(srp).sort(),
    [
      'ChallengeContext',
      'DeviceLogin',
      'UserLogin',
      'challengeContext',
      'confirmDevice',
      'default',
      'initSync',
      'requiredAttributes',
      'secretHash',
      'startDeviceSrp',
      'startUserSrp',
      'totpCode',
    ],
  );
  assert.equal(typeof srp.UserLogin.prototype.__respondWithScrambler, 'undefined');
});

test('init() resolves in Node (the module is instantiated at import)', async () => {
  await srp.default();
});

test('authParameters for each SRP flow', () => {
  const login = startUserSrp({ ...POOL, username: 'alice' });
  assert.match(login.srpA, /^[0-9a-f]{2,768}$/);
  assert.deepEqual(login.authParameters('USER_SRP_AUTH'), { USERNAME: 'alice', SRP_A: login.srpA });
  assert.deepEqual(login.authParameters('USER_AUTH'), {
    USERNAME: 'alice',
    SRP_A: login.srpA,
    PREFERRED_CHALLENGE: 'PASSWORD_SRP',
  });
  assert.deepEqual(login.authParameters('CUSTOM_AUTH'), {
    USERNAME: 'alice',
    SRP_A: login.srpA,
    CHALLENGE_NAME: 'SRP_A',
  });
  assert.deepEqual(login.selectChallengeResponses(), {
    USERNAME: 'alice',
    ANSWER: 'PASSWORD_SRP',
    SRP_A: login.srpA,
  });
});

test('client secret and device key are added to AuthParameters', () => {
  const login = startUserSrp({ ...POOL, username: 'alice', clientSecret: 'shh', deviceKey: CREDENTIALS.deviceKey });
  const params = login.authParameters('USER_SRP_AUTH');
  assert.equal(params.SECRET_HASH, secretHash({ clientSecret: 'shh', username: 'alice', clientId: POOL.clientId }));
  assert.equal(params.DEVICE_KEY, CREDENTIALS.deviceKey);
});

test('each login draws a fresh ephemeral key', () => {
  const a = startUserSrp({ ...POOL, username: 'alice' }).srpA;
  const b = startUserSrp({ ...POOL, username: 'alice' }).srpA;
  assert.notEqual(a, b);
});

test('respond answers with the challenge user name, the secret block and a timestamp of the given instant', () => {
  const login = startUserSrp({ ...POOL, username: 'alice@example.com' });
  const responses = login.respond(CHALLENGE, 'pw', { now: new Date('2026-11-03T09:05:07Z') });
  assert.deepEqual(Object.keys(responses).sort(), [
    'PASSWORD_CLAIM_SECRET_BLOCK',
    'PASSWORD_CLAIM_SIGNATURE',
    'TIMESTAMP',
    'USERNAME',
  ]);
  assert.equal(responses.USERNAME, 'alice');
  assert.equal(responses.PASSWORD_CLAIM_SECRET_BLOCK, 'AAAA');
  assert.equal(responses.TIMESTAMP, 'Tue Nov 3 09:05:07 UTC 2026');
  assert.match(responses.PASSWORD_CLAIM_SIGNATURE, /^[A-Za-z0-9+/]{43}=$/);
});

test('respond consumes the login: a second call throws AlreadyUsed', () => {
  const login = startUserSrp({ ...POOL, username: 'alice' });
  login.respond(CHALLENGE, 'pw');
  assert.throws(() => login.respond(CHALLENGE, 'pw'), { name: 'AlreadyUsed', message: /startUserSrp/ });
  assert.throws(() => login.authParameters('USER_SRP_AUTH'), { name: 'AlreadyUsed' });
  assert.throws(() => login.srpA, { name: 'AlreadyUsed' });
});

test('a refused challenge consumes the login too', () => {
  const login = startUserSrp({ ...POOL, username: 'alice' });
  assert.throws(() => login.respond({ ...CHALLENGE, SRP_B: '0' }, 'pw'), { name: 'ServerPublicZero' });
  assert.throws(() => login.respond(CHALLENGE, 'pw'), { name: 'AlreadyUsed' });
});

test('challenge errors carry the core kind as name and name the parameter', () => {
  const cases = [
    [{ ...CHALLENGE, SRP_B: undefined }, 'MissingParameter', /SRP_B.*ChallengeParameters/],
    [{ ...CHALLENGE, SALT: 'xyz' }, 'InvalidHex', /SALT/],
    [{ ...CHALLENGE, SRP_B: '' }, 'Empty', /SRP_B/],
    [{ ...CHALLENGE, SECRET_BLOCK: '@@' }, 'InvalidBase64', /SECRET_BLOCK/],
    [{ ...CHALLENGE, SRP_B: 'f'.repeat(5000) }, 'TooLong', /SRP_B/],
  ];
  for (const [challenge, name, message] of cases) {
    for (const key of Object.keys(challenge)) if (challenge[key] === undefined) delete challenge[key];
    const login = startUserSrp({ ...POOL, username: 'alice' });
    assert.throws(() => login.respond(challenge, 'pw'), (error) => {
      assert.ok(error instanceof Error);
      assert.equal(error.name, name);
      assert.match(error.message, message);
      return true;
    });
  }
});

test('option errors', () => {
  assert.throws(() => startUserSrp({ ...POOL, userPoolId: 'nounderscore', username: 'a' }), {
    name: 'InvalidPoolId',
    message: /us-east-1_AbCdEf123/,
  });
  assert.throws(() => startUserSrp({ ...POOL }), { name: 'TypeError', message: /username is required/ });
  assert.throws(() => startUserSrp(), { name: 'TypeError', message: /options object/ });
  assert.throws(() => startUserSrp({ ...POOL, username: 5 }), { name: 'TypeError', message: /username must be a string/ });
  const login = startUserSrp({ ...POOL, username: 'alice' });
  assert.throws(() => login.authParameters('USER_PASSWORD_AUTH'), { name: 'TypeError', message: /USER_SRP_AUTH/ });
  assert.throws(() => login.respond({ SALT: 1 }, 'pw'), { name: 'TypeError', message: /SALT must be a string/ });
  const other = startUserSrp({ ...POOL, username: 'alice' });
  assert.throws(() => other.respond(CHALLENGE, 'pw', { now: 'today' }), { name: 'TypeError', message: /Date/ });
});

test('confirmDevice returns fresh credentials and the verifier config', () => {
  const meta = { deviceKey: CREDENTIALS.deviceKey, deviceGroupKey: CREDENTIALS.deviceGroupKey };
  const first = confirmDevice(meta);
  const second = confirmDevice(meta);
  assert.equal(first.credentials.deviceKey, meta.deviceKey);
  assert.equal(first.credentials.deviceGroupKey, meta.deviceGroupKey);
  assert.equal(Buffer.from(first.credentials.devicePassword, 'base64').length, 40);
  assert.notEqual(first.credentials.devicePassword, second.credentials.devicePassword);
  assert.deepEqual(Object.keys(first.deviceSecretVerifierConfig).sort(), ['PasswordVerifier', 'Salt']);
  const salt = Buffer.from(first.deviceSecretVerifierConfig.Salt, 'base64').length;
  assert.ok(salt >= 15 && salt <= 17, `salt of ${salt} bytes`);
});

test('device login: DEVICE_SRP_AUTH responses, single use', () => {
  const login = startDeviceSrp({ ...POOL, username: 'uuid-1', credentials: CREDENTIALS, clientSecret: 'shh' });
  assert.deepEqual(login.challengeResponses(), {
    USERNAME: 'uuid-1',
    DEVICE_KEY: CREDENTIALS.deviceKey,
    SRP_A: login.srpA,
    SECRET_HASH: secretHash({ clientSecret: 'shh', username: 'uuid-1', clientId: POOL.clientId }),
  });
  const { USER_ID_FOR_SRP, ...deviceChallenge } = CHALLENGE;
  const responses = login.respond({ ...deviceChallenge, USERNAME: 'uuid-1' });
  assert.equal(responses.DEVICE_KEY, CREDENTIALS.deviceKey);
  assert.throws(() => login.respond(deviceChallenge), { name: 'AlreadyUsed', message: /startDeviceSrp/ });
});

test('startDeviceSrp needs the stored credentials', () => {
  assert.throws(() => startDeviceSrp({ ...POOL, username: 'u' }), { name: 'TypeError', message: /credentials is required/ });
  assert.throws(
    () => startDeviceSrp({ ...POOL, username: 'u', credentials: { deviceKey: 'k', deviceGroupKey: 'g' } }),
    { name: 'TypeError', message: /devicePassword is required/ },
  );
});
