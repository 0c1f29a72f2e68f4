// The same sign-in as e2e.test.mjs in headless Chromium: the page (served on 127.0.0.1) loads
// cognito-srp-wasm with `await init()` and the AWS SDK v3, and calls `cognito-srp serve` on another
// port (its CORS headers allow it).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { withPage } from './browser.mjs';
import { checkScenario } from './check.mjs';
import { POOL, startServe } from './serve.mjs';

const server = await startServe();
after(() => server.stop());

test('Chromium: AWS SDK v3 + cognito-srp-wasm against cognito-srp serve (device SRP, wrong password, secret, USER_AUTH)', async () => {
  const { result, requests } = await withPage(async (page, _version, requests) => ({
    result: await page.evaluate(([endpoint, pool]) => window.signInScenario(endpoint, pool), [server.url, POOL]),
    requests,
  }));
  checkScenario(result, server.log());
  // The module, its .wasm and the sign-in: nothing but the page's server and `serve`, both on loopback.
  assert.ok(requests.some((url) => url.endsWith('/pkg/cognito_srp_wasm_bg.wasm')), 'the page fetched the .wasm');
  for (const url of requests) assert.equal(new URL(url).hostname, '127.0.0.1', url);
});
