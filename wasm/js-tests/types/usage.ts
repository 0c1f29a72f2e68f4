// Type-checked by types.test.mjs against the published package's declarations (wasm/pkg): the README's
// calls, with the SDK's own types where they meet.
import type { RespondToAuthChallengeCommandInput, InitiateAuthCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import init, {
  startUserSrp,
  startDeviceSrp,
  confirmDevice,
  secretHash,
  challengeContext,
  totpCode,
  requiredAttributes,
  type StoredDevice,
  type MfaType,
} from '../../pkg/cognito_srp_wasm.js';

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

export function challenges(challengeParameters: Record<string, string>, stored: StoredDevice): Record<string, string>[] {
  const context = challengeContext({
    userPoolId: 'us-east-1_AbCdEf123',
    clientId: 'c',
    clientSecret: 's',
    challengeParameters,
    requestParameters: { USERNAME: 'uuid' },
  });
  const name: string = context.username;
  const key: string | undefined = context.deviceKey;
  const method: MfaType = 'EMAIL_OTP';
  const required: string[] = requiredAttributes(challengeParameters);
  const device = context.startDeviceSrp(stored);
  void [name, key, required, device.srpA];
  const respond: RespondToAuthChallengeCommandInput = {
    ChallengeName: 'SOFTWARE_TOKEN_MFA',
    ClientId: 'c',
    ChallengeResponses: context.softwareTokenMfa(totpCode('JBSWY3DPEHPK3PXP', { at: new Date() })),
  };
  void respond;
  return [
    context.smsMfa('123456'),
    context.softwareTokenMfa(totpCode('JBSWY3DPEHPK3PXP')),
    context.emailOtp('12345678'),
    context.mfaCode(method, '1'),
    context.selectMfaType('SOFTWARE_TOKEN_MFA'),
    context.mfaSetup(),
    context.mfaSetupEmail('a@example.com'),
    context.customChallenge('42'),
    context.newPasswordRequired(challengeParameters, 'New-Pass-1!', { email: 'a@example.com' }),
    context.newPasswordRequired(challengeParameters, 'New-Pass-1!'),
  ];
}
