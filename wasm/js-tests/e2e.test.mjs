// End to end in Node: the AWS SDK for JavaScript v3 with cognito-srp-wasm (the published build,
// wasm/pkg) signs in against `cognito-srp serve` on loopback.
import { test, after } from 'node:test';
import * as sdk from '@aws-sdk/client-cognito-identity-provider';
import * as srp from '../pkg/node.js';
import { scenario } from './signin.mjs';
import { checkScenario } from './check.mjs';
import { POOL, startServe } from './serve.mjs';

const server = await startServe();
after(() => server.stop());

test('Node: AWS SDK v3 + cognito-srp-wasm against cognito-srp serve (device SRP, wrong password, secret, USER_AUTH)', async () => {
  const result = await scenario({ sdk, srp, endpoint: server.url, pool: POOL });
  checkScenario(result, server.log());
});
