// The published package decodes TOTP secrets and reads requiredAttributes itself (to keep data-encoding
// and serde_json out of the module); the test build (wasm/pkg-test) checks it agrees with the core's own
// functions, on valid inputs and on every refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const srp = await import(new URL('../pkg-test/node.js', import.meta.url));

const outcome = (f) => {
  try {
    return { value: f() };
  } catch (error) {
    return { name: error.name, message: error.message };
  }
};

test('totpCode decodes secrets as the core does', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const secrets = [
    'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    'gezdgnbvgy3tqojqgezdgnbvgy3tqojq',
    'JBSW Y3DP-EHPK 3PXP',
    'JBSWY3DPEHPK3PXP====',
    'MZXW6===',
    'MZXW6YQ=',
    'MZXW6YTB',
    'MY',
    'MZXQ',
    'MZXW6',
    'MZXW6YQ',
    'M',
    'MZX',
    'MZXW6Y',
    'MZ',
    'MZXR',
    '',
    '====',
    'A1',
    'ABC!',
    'ÀBCD',
    'A'.repeat(1024),
    'A'.repeat(1025),
  ];
  for (let i = 0; i < 300; i++) {
    let s = '';
    for (let j = 0; j < i % 41; j++) s += alphabet[(i * 7 + j * 13) % 32];
    secrets.push(s);
  }
  let refused = 0;
  for (const secret of secrets) {
    for (const at of [0, 59, 1_234_567_890]) {
      const ours = outcome(() => srp.totpCode(secret, { at: new Date(at * 1000) }));
      const core = outcome(() => srp.__totpCodeViaCore(secret, at));
      assert.deepEqual(ours, core, `secret ${JSON.stringify(secret)} at ${at}`);
      if (ours.name) refused++;
    }
  }
  assert.ok(refused > 20, `${refused} refusals compared`);
});

test('requiredAttributes reads the list as the core does', () => {
  const lists = [
    undefined,
    '[]',
    '["userAttributes.email"]',
    '["email", "userAttributes.name", "userAttributes.custom:x"]',
    ' [ "a" ] ',
    '["userAttributes."]',
    '{}',
    '[1]',
    '["a", null]',
    '"email"',
    '[',
    '',
    'null',
    '["\\u0041"]',
    `[${'"a",'.repeat(20000)}"a"]`,
  ];
  for (const list of lists) {
    const parameters = list === undefined ? {} : { requiredAttributes: list };
    assert.deepEqual(
      outcome(() => srp.requiredAttributes(parameters)),
      outcome(() => srp.__requiredAttributesViaCore(parameters)),
      `requiredAttributes ${String(list).slice(0, 40)}`,
    );
  }
});
