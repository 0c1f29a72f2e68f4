// One complete sign-in with the AWS SDK for JavaScript v3 and cognito-srp-wasm, shared by the Node
// and browser tests: USER_SRP_AUTH (or USER_AUTH), PASSWORD_VERIFIER, then DEVICE_SRP_AUTH and
// DEVICE_PASSWORD_VERIFIER when a remembered device is given, and ConfirmDevice when Cognito reports a
// new device. `sdk` is the @aws-sdk/client-cognito-identity-provider module, `srp` cognito-srp-wasm.

/** The claims of a JWT. */
export function claims(token) {
  const b64 = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))));
}

export async function signIn({ sdk, client, srp, poolId, clientId, clientSecret, username, password, device, flow = 'USER_SRP_AUTH' }) {
  const login = srp.startUserSrp({ userPoolId: poolId, clientId, clientSecret, username, deviceKey: device?.deviceKey });
  const started = await client.send(
    new sdk.InitiateAuthCommand({ AuthFlow: flow, ClientId: clientId, AuthParameters: login.authParameters(flow) }),
  );
  if (started.ChallengeName !== 'PASSWORD_VERIFIER') throw new Error(`unexpected challenge ${started.ChallengeName}`);
  let answer = await client.send(
    new sdk.RespondToAuthChallengeCommand({
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: clientId,
      Session: started.Session,
      ChallengeResponses: login.respond(started.ChallengeParameters, password),
    }),
  );
  let viaDevice = false;
  if (answer.ChallengeName === 'DEVICE_SRP_AUTH') {
    const deviceLogin = srp.startDeviceSrp({
      userPoolId: poolId,
      clientId,
      clientSecret,
      // The DEVICE_SRP_AUTH challenge's USERNAME, else the PASSWORD_VERIFIER challenge's USER_ID_FOR_SRP.
      username: answer.ChallengeParameters?.USERNAME ?? started.ChallengeParameters.USER_ID_FOR_SRP,
      credentials: device,
    });
    const verifier = await client.send(
      new sdk.RespondToAuthChallengeCommand({
        ChallengeName: 'DEVICE_SRP_AUTH',
        ClientId: clientId,
        Session: answer.Session,
        ChallengeResponses: deviceLogin.challengeResponses(),
      }),
    );
    answer = await client.send(
      new sdk.RespondToAuthChallengeCommand({
        ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
        ClientId: clientId,
        Session: verifier.Session,
        ChallengeResponses: deviceLogin.respond(verifier.ChallengeParameters),
      }),
    );
    viaDevice = true;
  }
  const tokens = answer.AuthenticationResult;
  if (!tokens) throw new Error(`no tokens: challenge ${answer.ChallengeName}`);
  let newDevice;
  if (tokens.NewDeviceMetadata) {
    const { DeviceKey, DeviceGroupKey } = tokens.NewDeviceMetadata;
    const confirmed = srp.confirmDevice({ deviceKey: DeviceKey, deviceGroupKey: DeviceGroupKey });
    await client.send(
      new sdk.ConfirmDeviceCommand({
        AccessToken: tokens.AccessToken,
        DeviceKey,
        DeviceName: 'cognito-srp-wasm test',
        DeviceSecretVerifierConfig: confirmed.deviceSecretVerifierConfig,
      }),
    );
    newDevice = confirmed.credentials;
  }
  return { tokens, access: claims(tokens.AccessToken), viaDevice, newDevice };
}

/**
 * The scenario both environments run: sign in (confirming the device), sign in again through the
 * remembered device, a wrong password, a wrong password with the device, a client secret and USER_AUTH.
 * Returns plain data for the test to check.
 */
export async function scenario({ sdk, srp, endpoint, pool }) {
  const client = new sdk.CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
  });
  const base = { sdk, client, srp, poolId: pool.poolId, clientId: pool.clientId, username: pool.username };
  const refusal = async (options) => {
    try {
      await signIn(options);
      return { name: 'none', message: 'signed in' };
    } catch (error) {
      return { name: error.name, message: error.message };
    }
  };
  const first = await signIn({ ...base, password: pool.password });
  const second = await signIn({ ...base, password: pool.password, device: first.newDevice });
  const wrong = await refusal({ ...base, password: `${pool.password}-wrong` });
  const wrongWithDevice = await refusal({ ...base, password: `${pool.password}-wrong`, device: first.newDevice });
  const secret = await signIn({
    ...base,
    clientId: pool.secretClientId,
    clientSecret: pool.clientSecret,
    username: pool.email,
    password: pool.password,
    flow: 'USER_AUTH',
  });
  return {
    first: { username: first.access.username, deviceKey: first.access.device_key, newDevice: first.newDevice ?? null },
    second: { viaDevice: second.viaDevice, deviceKey: second.access.device_key, newDevice: second.newDevice ?? null },
    wrong,
    wrongWithDevice,
    secret: { username: secret.access.username, clientId: secret.access.client_id },
  };
}
