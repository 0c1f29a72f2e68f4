// Compares builds of the package on the same sign-in in one Node process, alternating (for kernel and
// optimisation-level measurements):  node compare-builds.mjs DIR_A DIR_B ...  (each DIR has node.js)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { caseFrom } from './bench-core.mjs';

const c = caseFrom(JSON.parse(readFileSync(new URL('../../test-vectors/cognito-srp-vectors.json', import.meta.url))));
const dirs = process.argv.slice(2);
const builds = [];
for (const dir of dirs) builds.push(await import(pathToFileURL(resolve(dir, 'node.js')).href));
const times = dirs.map(() => []);
const signIn = (srp) => {
  const login = srp.startUserSrp({ userPoolId: c.poolId, clientId: c.clientId, username: c.username });
  login.authParameters('USER_SRP_AUTH');
  return login.respond(c.challenge, c.password);
};
builds.forEach((b) => signIn(b));
for (let round = 0; round < 40; round++) {
  builds.forEach((b, k) => {
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      signIn(b);
      times[k].push(performance.now() - t);
    }
  });
}
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
dirs.forEach((d, k) => console.log(`${d}: ${median(times[k]).toFixed(3)} ms per sign-in (median of ${times[k].length})`));
