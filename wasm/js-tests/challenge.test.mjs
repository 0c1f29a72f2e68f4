// The published package (wasm/pkg): answers to the challenges that follow SRP (Cognito's user name,
// SECRET_HASH over it, DEVICE_KEY from the previous request), totpCode and requiredAttributes.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const { challengeContext, totpCode, requiredAttributes, secretHash } = await import(
  new URL('../pkg/node.js', import.meta.url)
);

const POOL = { userPoolId: 'us-east-1_AbCdEf123', clientId: 'client-1' };
const DEVICE_KEY = 'us-east-1_82822b08-cec1-4d06-aeea-57369f1db49d';
const SECRET = 'shh';

// The previous request carried Cognito's name and a device key; the challenge names the user too.
const context = () =>
  challengeContext({
    ...POOL,
    clientSecret: SECRET,
    challengeParameters: { USER_ID_FOR_SRP: 'uuid-1', USERNAME: 'alias' },
    requestParameters: { USERNAME: 'uuid-1', DEVICE_KEY, PASSWORD_CLAIM_SIGNATURE: 'x' },
  });
const base = () => ({
  USERNAME: 'uuid-1',
  SECRET_HASH: secretHash({ clientSecret: SECRET, username: 'uuid-1', clientId: POOL.clientId }),
  DEVICE_KEY,
});

test('the name is USER_ID_FOR_SRP, then USERNAME, then the request', () => {
  const named = (challengeParameters, requestParameters) =>
    challengeContext({ ...POOL, challengeParameters, requestParameters });
  assert.equal(named({ USER_ID_FOR_SRP: 'a', USERNAME: 'b' }, { USERNAME: 'c' }).username, 'a');
  assert.equal(named({ USERNAME: 'b' }, { USERNAME: 'c' }).username, 'b');
  const onlyRequest = named({}, { USERNAME: 'c' });
  assert.equal(onlyRequest.username, 'c');
  assert.equal(onlyRequest.deviceKey, undefined);
  assert.equal(context().deviceKey, DEVICE_KEY);
  assert.throws(() => named({}, {}), { name: 'MissingParameter', message: /USERNAME/ });
});

test('MFA code answers', () => {
  const ctx = context();
  assert.deepEqual(ctx.smsMfa('123456'), { ...base(), SMS_MFA_CODE: '123456' });
  assert.deepEqual(ctx.softwareTokenMfa('654321'), { ...base(), SOFTWARE_TOKEN_MFA_CODE: '654321' });
  assert.deepEqual(ctx.emailOtp('12345678'), { ...base(), EMAIL_OTP_CODE: '12345678' });
  assert.deepEqual(ctx.mfaCode('SOFTWARE_TOKEN_MFA', '1'), ctx.softwareTokenMfa('1'));
  assert.deepEqual(ctx.mfaCode('SMS_MFA', '1'), ctx.smsMfa('1'));
  assert.deepEqual(ctx.mfaCode('EMAIL_OTP', '1'), ctx.emailOtp('1'));
  assert.throws(() => ctx.mfaCode('PUSH', '1'), { name: 'TypeError', message: /SOFTWARE_TOKEN_MFA/ });
});

test('SELECT_MFA_TYPE, MFA_SETUP and CUSTOM_CHALLENGE answers', () => {
  const ctx = context();
  assert.deepEqual(ctx.selectMfaType('SOFTWARE_TOKEN_MFA'), { ...base(), ANSWER: 'SOFTWARE_TOKEN_MFA' });
  assert.deepEqual(ctx.selectMfaType('EMAIL_OTP'), { ...base(), ANSWER: 'EMAIL_OTP' });
  assert.deepEqual(ctx.mfaSetup(), base());
  assert.deepEqual(ctx.mfaSetupEmail('a@example.com'), { ...base(), EMAIL: 'a@example.com' });
  assert.deepEqual(ctx.customChallenge('42'), { ...base(), ANSWER: '42' });
});

test('NEW_PASSWORD_REQUIRED with attributes, and the required ones enforced', () => {
  const challenge = { requiredAttributes: '["userAttributes.email", "name"]', userAttributes: '{}' };
  assert.deepEqual(requiredAttributes(challenge), ['email', 'name']);
  assert.deepEqual(requiredAttributes({}), []);
  assert.deepEqual(
    context().newPasswordRequired(challenge, 'New-Pass-1!', { email: 'a@example.com', name: 'A', locale: 'fr' }),
    {
      ...base(),
      NEW_PASSWORD: 'New-Pass-1!',
      'userAttributes.email': 'a@example.com',
      'userAttributes.name': 'A',
      'userAttributes.locale': 'fr',
    },
  );
  assert.deepEqual(context().newPasswordRequired({}, 'New-Pass-1!'), { ...base(), NEW_PASSWORD: 'New-Pass-1!' });
  assert.throws(() => context().newPasswordRequired(challenge, 'New-Pass-1!', { name: 'A' }), {
    name: 'MissingRequiredAttribute',
    message: /userAttributes\.email/,
  });
  assert.throws(() => requiredAttributes({ requiredAttributes: '{' }), { name: 'InvalidJson' });
});

test('answers without a secret or device carry only the name', () => {
  const ctx = challengeContext({ ...POOL, challengeParameters: { USERNAME: 'uuid-2' }, requestParameters: {} });
  assert.deepEqual(ctx.softwareTokenMfa('000000'), { USERNAME: 'uuid-2', SOFTWARE_TOKEN_MFA_CODE: '000000' });
});

test('device SRP started from the context answers as the context user', () => {
  const credentials = {
    deviceKey: DEVICE_KEY,
    deviceGroupKey: '-8W66aq8j1',
    devicePassword: 'eKepB+GKdhS1RE/0Fykf2oLKM4Pqy2cK3TNFOoYGLG0Zdv0F4aLVTA==',
  };
  const login = context().startDeviceSrp(credentials);
  assert.deepEqual(login.challengeResponses(), { ...base(), SRP_A: login.srpA });
  assert.throws(() => context().startDeviceSrp({ deviceKey: 'k' }), { name: 'TypeError', message: /devicePassword is required/ });
});

test('totpCode: RFC 6238 appendix B (SHA-1), secrets in either case, errors', () => {
  // The key "12345678901234567890" in base32.
  const key = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.equal(totpCode(key, { at: new Date(59_000) }), '287082');
  assert.equal(totpCode(key, { at: new Date(1_111_111_109_000) }), '081804');
  assert.equal(totpCode(key, { at: new Date(1_234_567_890_000) }), '005924');
  assert.equal(totpCode(key.toLowerCase(), { at: new Date(2_000_000_000_000) }), '279037');
  const before = totpCode(key, { at: new Date() });
  const now = totpCode(key);
  const after = totpCode(key, { at: new Date() });
  assert.ok(now === before || now === after);
  assert.throws(() => totpCode('not base32!'), { name: 'InvalidBase32', message: /SecretCode/ });
  assert.throws(() => totpCode(key, { at: 'now' }), { name: 'TypeError', message: /at must be a Date/ });
  assert.throws(() => totpCode(key, { at: new Date(-1000) }), { name: 'TypeError', message: /1970/ });
});

test('challengeContext needs its options', () => {
  assert.throws(() => challengeContext({ ...POOL, requestParameters: {} }), {
    name: 'TypeError',
    message: /challengeParameters is required/,
  });
  assert.throws(
    () => challengeContext({ ...POOL, challengeParameters: { USERNAME: 1 }, requestParameters: {} }),
    { name: 'TypeError', message: /USERNAME must be a string/ },
  );
});
