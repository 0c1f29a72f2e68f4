// Starts `cognito-srp serve` on a loopback port with a pool for these tests, and stops it.
// The binary: $COGNITO_SRP_BIN, else the workspace's debug build (target/debug/cognito-srp).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const POOL_ID = 'us-east-1_WasmE2e1';
export const CLIENT_ID = 'wasm-client';
export const SECRET_CLIENT_ID = 'wasm-secret';
export const CLIENT_SECRET = 'wasm-client-secret-0123456789';
export const USERNAME = 'hana';
export const EMAIL = 'hana@example.com';
export const PASSWORD = 'Hana-Pass-123!';
/** A user with an authenticator app (SOFTWARE_TOKEN_MFA) and one who must set a new password. */
export const MFA_USERNAME = 'ivo';
export const NEW_PASSWORD_USERNAME = 'nell';
export const TOTP_SECRET = 'KRSXG5DTMVRXEZLUKN2XAZLSKNSWG4TFOQ';
/** The pool as the sign-in scenario takes it. */
export const POOL = {
  poolId: POOL_ID,
  clientId: CLIENT_ID,
  secretClientId: SECRET_CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  username: USERNAME,
  email: EMAIL,
  password: PASSWORD,
};

const CONFIG = `
[[pools]]
id = "${POOL_ID}"
device_tracking = "always"
salt_sign = "any"
alias_attributes = ["email"]
mfa = "optional"
[[pools.clients]]
id = "${CLIENT_ID}"
[[pools.clients]]
id = "${SECRET_CLIENT_ID}"
secret = "${CLIENT_SECRET}"
[[pools.users]]
username = "${USERNAME}"
password = "${PASSWORD}"
attributes = { email = "${EMAIL}" }
[[pools.users]]
username = "${MFA_USERNAME}"
password = "${PASSWORD}"
mfa = ["SOFTWARE_TOKEN_MFA"]
totp_secret = "${TOTP_SECRET}"
[[pools.users]]
username = "${NEW_PASSWORD_USERNAME}"
password = "${PASSWORD}"
status = "FORCE_CHANGE_PASSWORD"
`;

export function binary() {
  const bin = process.env.COGNITO_SRP_BIN ?? new URL('../../target/debug/cognito-srp', import.meta.url).pathname;
  if (!existsSync(bin)) throw new Error(`${bin} not found: build it with cargo build -p cognito-srp-cli`);
  return bin;
}

/** Starts the server; resolves to { url, log(), stop() }. */
export async function startServe() {
  const dir = mkdtempSync(join(tmpdir(), 'cognito-srp-wasm-'));
  const config = join(dir, 'serve.toml');
  writeFileSync(config, CONFIG);
  const child = spawn(binary(), ['serve', '--listen', '127.0.0.1:0', '--config', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let log = '';
  child.stderr.on('data', (chunk) => (log += chunk));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 30 s: ${log}`)), 30000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /^listening on (\S+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${log}`)));
  });
  return {
    url,
    log: () => log,
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
