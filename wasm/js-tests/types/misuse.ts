// Each call below must be a type error (types.test.mjs counts them by line).
import { startUserSrp, confirmDevice, challengeContext, totpCode } from '../../pkg/cognito_srp_wasm.js';

const login = startUserSrp({ userPoolId: 'p', clientId: 'c', username: 'u' });
login.authParameters('USER_PASSWORD_AUTH'); // error: not an SRP flow
startUserSrp({ userPoolId: 'p', clientId: 'c' }); // error: username missing
login.respond({}, 'pw', { now: 'today' }); // error: now is a Date
confirmDevice({ deviceKey: 'k' }); // error: deviceGroupKey missing
const context = challengeContext({ userPoolId: 'p', clientId: 'c', challengeParameters: {}, requestParameters: {} });
context.selectMfaType('VOICE'); // error: not an MFA type
totpCode('SECRET', { at: 0 }); // error: at is a Date
challengeContext({ userPoolId: 'p', clientId: 'c', challengeParameters: {} }); // error: requestParameters missing
