// Type-checked by types.test.mjs against the published package's declarations (wasm/pkg): the README's
// calls, with the SDK's own types where they meet.
import type { RespondToAuthChallengeCommandInput, InitiateAuthCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import init, { startUserSrp, startDeviceSrp, confirmDevice, secretHash, type StoredDevice } from '../../pkg/cognito_srp_wasm.js';

export async function example(challengeParameters: Record<string, string>, stored: StoredDevice): Promise<void> {
  await init();
  const login = startUserSrp({ userPoolId: 'us-east-1_AbCdEf123', clientId: 'c', username: 'alice' });
  const initiate: InitiateAuthCommandInput = {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: 'c',
    AuthParameters: login.authParameters('USER_SRP_AUTH'),
  };
  const respond: RespondToAuthChallengeCommandInput = {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: 'c',
    ChallengeResponses: login.respond(challengeParameters, 'pw', { now: new Date() }),
  };
  const confirmed = confirmDevice({ deviceKey: 'k', deviceGroupKey: 'g' });
  const password: string = confirmed.credentials.devicePassword;
  const verifier: { PasswordVerifier: string; Salt: string } = confirmed.deviceSecretVerifierConfig;
  const device = startDeviceSrp({ userPoolId: 'us-east-1_AbCdEf123', clientId: 'c', username: 'u', credentials: stored });
  const deviceAuth: Record<string, string> = device.challengeResponses();
  const answer: Record<string, string> = device.respond(challengeParameters);
  const hash: string = secretHash({ clientSecret: 's', username: 'alice', clientId: 'c' });
  void [initiate, respond, password, verifier, deviceAuth, answer, hash, login.srpA];
}
