// amazon-cognito-identity-js (pinned in package.json) answers NEW_PASSWORD_REQUIRED for a user made by
// AdminCreateUser, then signs in with the new password. Run by boto3_check.py.
// Usage: node js_new_password.js ENDPOINT POOL_ID CLIENT_ID USERNAME TEMPORARY_PASSWORD NEW_PASSWORD
// Prints three lines, "ok NAME" or "not ok NAME: why".
'use strict';

const { CognitoUserPool, CognitoUser, AuthenticationDetails } = require('amazon-cognito-identity-js');

const [endpoint, poolId, clientId, username, temporary, fresh] = process.argv.slice(2);
const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint });
let failures = 0;
function report(name, why) {
	if (why) {
		failures += 1;
		console.log(`not ok ${name}: ${why}`);
	} else {
		console.log(`ok ${name}`);
	}
}
const why = err => `${err.code || err.name}: ${err.message}`;

function signIn(user, password, onNewPassword) {
	return new Promise(resolve => {
		user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
			onSuccess: session => resolve({ session }),
			onFailure: err => resolve({ err }),
			newPasswordRequired: (userAttributes, requiredAttributes) =>
				onNewPassword ? onNewPassword(resolve, userAttributes, requiredAttributes) : resolve({ err: new Error('NEW_PASSWORD_REQUIRED') }),
			mfaRequired: () => resolve({ err: new Error('MFA') }),
			totpRequired: () => resolve({ err: new Error('TOTP') }),
		});
	});
}

async function main() {
	const user = new CognitoUser({ Username: username, Pool: pool });
	const first = await signIn(user, temporary, (resolve, userAttributes) => resolve({ challenged: userAttributes }));
	const name1 = 'js AdminCreateUser temporary password -> newPasswordRequired callback';
	if (!first.challenged) {
		report(name1, first.err ? why(first.err) : 'signed in without the challenge');
		report('js completeNewPasswordChallenge -> tokens', 'not reached');
		report('js sign-in with the password chosen in completeNewPasswordChallenge', 'not reached');
		return;
	}
	report(name1, first.challenged.email === 'jo@example.com' || username !== 'jo' ? null : JSON.stringify(first.challenged));
	const done = await new Promise(resolve =>
		user.completeNewPasswordChallenge(fresh, {}, {
			onSuccess: session => resolve({ session }),
			onFailure: err => resolve({ err }),
		})
	);
	report('js completeNewPasswordChallenge -> tokens',
		done.err ? why(done.err) : done.session.isValid() && done.session.getIdToken().decodePayload()['cognito:username'] === username ? null : 'session not valid');
	const again = await signIn(new CognitoUser({ Username: username, Pool: pool }), fresh);
	report('js sign-in with the password chosen in completeNewPasswordChallenge', again.err ? why(again.err) : null);
}

const timer = setTimeout(() => {
	console.log('not ok js new password: timed out');
	process.exit(1);
}, 45000);
timer.unref();
main().then(
	() => process.exit(failures ? 1 : 0),
	e => {
		console.log(`not ok js new password: ${e && e.stack ? e.stack : e}`);
		process.exit(1);
	}
);
