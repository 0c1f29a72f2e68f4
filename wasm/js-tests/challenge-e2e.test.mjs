// End to end in Node: the AWS SDK for JavaScript v3 answers SOFTWARE_TOKEN_MFA (totpCode) and
// NEW_PASSWORD_REQUIRED through challengeContext of the published build (wasm/pkg), against
// `cognito-srp serve` on loopback.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startUserSrp, challengeContext, totpCode } from '../pkg/node.js';
import { POOL_ID, CLIENT_ID, PASSWORD, MFA_USERNAME, NEW_PASSWORD_USERNAME, TOTP_SECRET, startServe } from './serve.mjs';

const server = await startServe();
after(() => server.stop());

const client = new CognitoIdentityProviderClient({
  region: 'us-east-1',
  endpoint: server.url,
  credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
});

/** USER_SRP_AUTH and PASSWORD_VERIFIER; returns Cognito's answer and the responses sent. */
async function passwordVerifier(username, password) {
  const login = startUserSrp({ userPoolId: POOL_ID, clientId: CLIENT_ID, username });
  const started = await client.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: CLIENT_ID, AuthParameters: login.authParameters('USER_SRP_AUTH') }),
  );
  const responses = login.respond(started.ChallengeParameters, password);
  const answer = await client.send(
    new RespondToAuthChallengeCommand({
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: CLIENT_ID,
      Session: started.Session,
      ChallengeResponses: responses,
    }),
  );
  return { answer, responses };
}

async function respond(name, answer, responses) {
  return client.send(
    new RespondToAuthChallengeCommand({ ChallengeName: name, ClientId: CLIENT_ID, Session: answer.Session, ChallengeResponses: responses }),
  );
}

test('SOFTWARE_TOKEN_MFA answered with totpCode through challengeContext', async () => {
  const { answer, responses } = await passwordVerifier(MFA_USERNAME, PASSWORD);
  assert.equal(answer.ChallengeName, 'SOFTWARE_TOKEN_MFA');
  const context = challengeContext({
    userPoolId: POOL_ID,
    clientId: CLIENT_ID,
    challengeParameters: answer.ChallengeParameters,
    requestParameters: responses,
  });
  assert.equal(context.username, MFA_USERNAME);
  const done = await respond('SOFTWARE_TOKEN_MFA', answer, context.softwareTokenMfa(totpCode(TOTP_SECRET)));
  assert.match(done.AuthenticationResult.IdToken, /^[^.]+\.[^.]+\.[^.]+$/);
});

test('a wrong TOTP code is refused', async () => {
  const { answer, responses } = await passwordVerifier(MFA_USERNAME, PASSWORD);
  const context = challengeContext({ userPoolId: POOL_ID, clientId: CLIENT_ID, challengeParameters: answer.ChallengeParameters, requestParameters: responses });
  const wrong = String((Number(totpCode(TOTP_SECRET)) + 1) % 1_000_000).padStart(6, '0');
  await assert.rejects(respond('SOFTWARE_TOKEN_MFA', answer, context.softwareTokenMfa(wrong)), { name: 'CodeMismatchException' });
});

test('NEW_PASSWORD_REQUIRED answered through challengeContext; the new password then signs in', async () => {
  const { answer, responses } = await passwordVerifier(NEW_PASSWORD_USERNAME, PASSWORD);
  assert.equal(answer.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  const context = challengeContext({ userPoolId: POOL_ID, clientId: CLIENT_ID, challengeParameters: answer.ChallengeParameters, requestParameters: responses });
  const changed = await respond('NEW_PASSWORD_REQUIRED', answer, context.newPasswordRequired(answer.ChallengeParameters, 'Nell-Pass-456!'));
  assert.ok(changed.AuthenticationResult.AccessToken);
  const again = await passwordVerifier(NEW_PASSWORD_USERNAME, 'Nell-Pass-456!');
  assert.ok(again.answer.AuthenticationResult.AccessToken);
});
