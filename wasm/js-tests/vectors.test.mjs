// The shared known-answer vectors through the JavaScript API of a build with test hooks
// (wasm/pkg-test, made by `bash wasm/build.sh --test-hooks`), which can inject ephemeral secrets.
// Expected values are the reference implementation's (amazon-cognito-identity-js), read from the files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const srp = await import(new URL('../pkg-test/node.js', import.meta.url));

const files = [new URL('../../test-vectors/cognito-srp-vectors.json', import.meta.url).pathname];
if (process.env.COGNITO_SRP_VECTORS) files.push(process.env.COGNITO_SRP_VECTORS);

const bytes = (hex) => Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
const orUndefined = (value) => value ?? undefined;

for (const file of files) {
  assert.ok(existsSync(file), `vector file ${file} exists`);
  const vectors = JSON.parse(readFileSync(file, 'utf8'));
  const name = file.split('/').slice(-2).join('/');

  test(`${name}: user SRP (${vectors.user_srp.length} cases)`, async (t) => {
    for (const { id, input, expected } of vectors.user_srp) {
      await t.test(id, () => {
        const login = srp.__startUserSrpWithSecret(
          {
            userPoolId: input.pool_id,
            clientId: input.client_id,
            username: input.request_username,
            clientSecret: orUndefined(input.client_secret),
            deviceKey: orUndefined(input.device_key),
          },
          bytes(input.small_a),
        );
        assert.equal(login.srpA, expected.A);
        assert.deepEqual(login.authParameters(input.auth_flow ?? 'USER_SRP_AUTH'), expected.initiate_auth_parameters);
        const responses = login.respond(input.challenge_parameters, input.password, {
          now: new Date(input.now_iso),
        });
        assert.deepEqual(responses, expected.challenge_responses);
      });
    }
  });

  test(`${name}: device verifiers (${vectors.device_verifier.length} cases)`, async (t) => {
    for (const { id, input, expected } of vectors.device_verifier) {
      await t.test(id, () => {
        const confirmed = srp.__confirmDeviceFromRandom(
          { deviceKey: input.device_key, deviceGroupKey: input.device_group_key },
          bytes(input.random_password_bytes),
          bytes(input.random_salt_bytes),
        );
        assert.deepEqual(confirmed.credentials, {
          deviceKey: expected.confirm_device_request.DeviceKey,
          deviceGroupKey: input.device_group_key,
          devicePassword: expected.random_password,
        });
        assert.deepEqual(
          confirmed.deviceSecretVerifierConfig,
          expected.confirm_device_request.DeviceSecretVerifierConfig,
        );
      });
    }
  });

  test(`${name}: device SRP (${vectors.device_srp.length} cases)`, async (t) => {
    for (const { id, input, expected } of vectors.device_srp) {
      await t.test(id, () => {
        const login = srp.__startDeviceSrpWithSecret(
          {
            userPoolId: input.pool_id,
            clientId: input.client_id,
            clientSecret: orUndefined(input.client_secret),
            username: input.username,
            credentials: {
              deviceKey: input.device_key,
              deviceGroupKey: input.device_group_key,
              devicePassword: input.device_password,
            },
          },
          bytes(input.small_a),
        );
        assert.deepEqual(login.challengeResponses(), expected.device_srp_auth_responses);
        const responses = login.respond(input.challenge_parameters, { now: new Date(input.now_iso) });
        assert.deepEqual(responses, expected.challenge_responses);
      });
    }
  });

  test(`${name}: SECRET_HASH (${vectors.secret_hash.length} cases)`, () => {
    for (const { id, input, expected } of vectors.secret_hash) {
      const got = srp.secretHash({
        clientSecret: input.client_secret,
        username: input.username,
        clientId: input.client_id,
      });
      assert.equal(got, expected.secret_hash, id);
    }
  });

  test(`${name}: timestamps signed by respond (${vectors.timestamps.length} cases)`, () => {
    const { input } = vectors.user_srp[0];
    for (const { id, input: ts, expected } of vectors.timestamps) {
      const login = srp.__startUserSrpWithSecret(
        { userPoolId: input.pool_id, clientId: input.client_id, username: input.request_username },
        bytes(input.small_a),
      );
      const responses = login.respond(input.challenge_parameters, input.password, {
        now: new Date(ts.date_iso),
      });
      assert.equal(responses.TIMESTAMP, expected.timestamp, id);
    }
  });

  test(`${name}: every reject case is refused with its error (${vectors.reject.length} cases)`, async (t) => {
    for (const { id, kind, input, expected } of vectors.reject) {
      await t.test(id, () => {
        assert.equal(expected.must_reject, true);
        if (kind === 'server_B_zero_mod_N') {
          const login = srp.__startUserSrpWithSecret(
            { userPoolId: input.pool_id, clientId: 'client', username: input.user_id_for_srp },
            bytes(input.small_a),
          );
          const challenge = {
            SALT: input.salt,
            SRP_B: input.SRP_B,
            SECRET_BLOCK: 'AAAA',
            USER_ID_FOR_SRP: input.user_id_for_srp,
            USERNAME: input.user_id_for_srp,
          };
          assert.throws(() => login.respond(challenge, input.password), {
            name: 'ServerPublicZero',
            message: /SRP_B/,
          });
        } else if (kind === 'A_zero_mod_N') {
          assert.throws(() => srp.__serverAcceptsSrpA(input.SRP_A), { name: 'ClientPublicZero' });
        } else if (kind === 'u_zero') {
          // No input produces u = 0 (a SHA-256 preimage of zero): the hook forces it.
          const login = srp.__startUserSrpWithSecret(
            { userPoolId: 'us-east-1_Pool', clientId: 'client', username: 'alice' },
            Buffer.alloc(32, 9),
          );
          const challenge = { SALT: 'ab', SRP_B: '1234', SECRET_BLOCK: 'AAAA', USER_ID_FOR_SRP: 'alice' };
          assert.throws(() => login.__respondWithScrambler(challenge, 'pw', Buffer.alloc(32)), {
            name: 'ScramblerZero',
          });
        } else {
          assert.fail(`unknown reject kind ${kind}`);
        }
      });
    }
  });
}

test('a valid SRP_A is accepted by the server check the reject cases use', () => {
  assert.equal(srp.__serverAcceptsSrpA('2'), true);
});
