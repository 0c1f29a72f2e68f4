// What the sign-in scenario (signin.mjs) must have done, in Node and in the browser alike.
import assert from 'node:assert/strict';
import { POOL } from './serve.mjs';

export function checkScenario(r, serverLog) {
  assert.equal(r.first.username, POOL.username);
  assert.ok(r.first.newDevice, 'the first sign-in reports a new device');
  assert.equal(r.first.deviceKey, r.first.newDevice.deviceKey, 'the access token names the confirmed device');
  assert.equal(r.second.viaDevice, true, 'the second sign-in goes through DEVICE_SRP_AUTH');
  assert.equal(r.second.deviceKey, r.first.newDevice.deviceKey);
  assert.equal(r.second.newDevice, null, 'no new device on the remembered one');
  // serve's log line for a device sign-in it verified (values bare or quoted).
  assert.match(serverLog, /step="?DEVICE_PASSWORD_VERIFIER"? client="?wasm-client"? .*verified="?device"? outcome="?tokens/);
  const refused = { name: 'NotAuthorizedException', message: 'Incorrect username or password.' };
  assert.deepEqual(r.wrong, refused);
  assert.deepEqual(r.wrongWithDevice, refused);
  assert.deepEqual(r.secret, { username: POOL.username, clientId: POOL.secretClientId });
}
