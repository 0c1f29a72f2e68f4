// The sign-in math measured the same way in Node and in the browser: one user sign-in's client
// computations with cognito-srp-wasm (startUserSrp + authParameters + respond, which also signs) and
// with amazon-cognito-identity-js's AuthenticationHelper (constructor with getLargeAValue, then
// getPasswordAuthenticationKey), on the same challenge, alternating, in the same process.

const now = () => performance.now();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function wasmSignIn(srp, c) {
  const login = srp.startUserSrp({ userPoolId: c.poolId, clientId: c.clientId, username: c.username });
  login.authParameters('USER_SRP_AUTH');
  return login.respond(c.challenge, c.password);
}

function jsSignIn(AuthenticationHelper, c) {
  const helper = new AuthenticationHelper(c.poolName);
  let key;
  helper.getLargeAValue((err) => {
    if (err) throw err;
  });
  helper.getPasswordAuthenticationKey(
    c.challenge.USER_ID_FOR_SRP,
    c.password,
    new helper.N.constructor(c.challenge.SRP_B, 16),
    new helper.N.constructor(c.challenge.SALT, 16),
    (err, hkdf) => {
      if (err) throw err;
      key = hkdf;
    },
  );
  return key;
}

/**
 * Runs `rounds` rounds; each times `jsPerRound` JS sign-ins and `wasmPerRound` wasm sign-ins.
 * Returns the medians in milliseconds per sign-in and their ratio.
 */
export async function measure({ AuthenticationHelper, srp, c, rounds = 15, jsPerRound = 2, wasmPerRound = 10 }) {
  wasmSignIn(srp, c);
  jsSignIn(AuthenticationHelper, c);
  const js = [];
  const wasm = [];
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < jsPerRound; i++) {
      const t = now();
      jsSignIn(AuthenticationHelper, c);
      js.push(now() - t);
    }
    for (let i = 0; i < wasmPerRound; i++) {
      const t = now();
      wasmSignIn(srp, c);
      wasm.push(now() - t);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const jsMs = median(js);
  const wasmMs = median(wasm);
  return { jsMs, wasmMs, ratio: jsMs / wasmMs, jsRuns: js.length, wasmRuns: wasm.length };
}

/** The benchmark's challenge: the public vectors' first user case. */
export function caseFrom(vectors) {
  const { input } = vectors.user_srp[0];
  return {
    poolId: input.pool_id,
    poolName: input.pool_name,
    clientId: input.client_id,
    username: input.request_username,
    password: input.password,
    challenge: input.challenge_parameters,
  };
}
