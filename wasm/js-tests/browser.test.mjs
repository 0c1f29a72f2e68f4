// The same sign-in as e2e.test.mjs in headless Chromium: the page (served on 127.0.0.1) loads
// cognito-srp-wasm with `await init()` and the AWS SDK v3, and calls `cognito-srp serve` on another
// port (its CORS headers allow it).
import { test, after } from 'node:test';
import { withPage } from './browser.mjs';
import { checkScenario } from './check.mjs';
import { POOL, startServe } from './serve.mjs';

const server = await startServe();
after(() => server.stop());

test('Chromium: AWS SDK v3 + cognito-srp-wasm against cognito-srp serve (device SRP, wrong password, secret, USER_AUTH)', async () => {
  const result = await withPage((page) =>
    page.evaluate(([endpoint, pool]) => window.signInScenario(endpoint, pool), [server.url, POOL]),
  );
  checkScenario(result, server.log());
});
