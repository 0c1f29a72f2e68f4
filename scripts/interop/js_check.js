// The official JavaScript client (amazon-cognito-identity-js, pinned in package.json) against
// `cognito-srp serve`. Prints one line per check: "ok NAME" or "not ok NAME: why".
//
// Usage: node js_check.js ENDPOINT POOL_ID CLIENT_ID USERNAME PASSWORD [NEWPW_USER NEWPW_PASSWORD
//        [TOTP_USER TOTP_SECRET SMS_USER]]
// TOTP_USER (SOFTWARE_TOKEN_MFA, base32 TOTP_SECRET) is answered through the totpRequired callback with a
// code computed here (RFC 6238 with node's crypto); SMS_USER (SMS_MFA) through mfaRequired, with the code
// read from the server's GET /_cognito-srp/codes. Both with PASSWORD.
// NEWPW_USER (status FORCE_CHANGE_PASSWORD) is answered through the newPasswordRequired callback with
// completeNewPasswordChallenge; the new password then signs in.
// The device check needs a pool with device tracking "user_opt_in": the first sign-in confirms the
// device (ConfirmDevice) and marks it remembered (UpdateDeviceStatus); the second sign-in must go
// through DEVICE_SRP_AUTH, which the access token's device_key claim and the server log show.
'use strict';

const {
	CognitoUserPool,
	CognitoUser,
	AuthenticationDetails,
} = require('amazon-cognito-identity-js');

const [endpoint, poolId, clientId, username, password, newpwUser, newpwPassword, totpUser, totpSecret, smsUser] =
	process.argv.slice(2);
const crypto = require('crypto');

// RFC 6238: HMAC-SHA1 over the 30-second step, 6 digits.
function totp(base32, at) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const c of base32.replace(/=+$/, '').toUpperCase()) {
		bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
	}
	const key = Buffer.from(bits.match(/.{8}/g).map(b => parseInt(b, 2)));
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(at / 30)));
	const mac = crypto.createHmac('sha1', key).update(counter).digest();
	const offset = mac[mac.length - 1] & 0x0f;
	return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// Signs in and answers the MFA challenge with code(challengeName); resolves with the outcome.
function signInWithMfa(user, pw, code) {
	return new Promise(resolve => {
		const answer = { onSuccess: session => resolve({ session }), onFailure: err => resolve({ err }) };
		const callbacks = {
			...answer,
			newPasswordRequired: () => resolve({ err: new Error('NEW_PASSWORD_REQUIRED') }),
			customChallenge: () => resolve({ err: new Error('CUSTOM_CHALLENGE') }),
			totpRequired: async name => {
				user.sendMFACode(await code(name), answer, 'SOFTWARE_TOKEN_MFA');
			},
			mfaRequired: async name => {
				user.sendMFACode(await code(name), answer);
			},
		};
		user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: pw }), callbacks);
	});
}
const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint });

let failures = 0;
function report(name, err) {
	if (err) {
		failures += 1;
		console.log(`not ok ${name}: ${err}`);
	} else {
		console.log(`ok ${name}`);
	}
}

function signIn(user, pw) {
	return new Promise(resolve => {
		user.authenticateUser(
			new AuthenticationDetails({ Username: user.getUsername(), Password: pw }),
			{
				onSuccess: (session, userConfirmationNecessary) =>
					resolve({ session, userConfirmationNecessary }),
				onFailure: err => resolve({ err }),
				newPasswordRequired: () => resolve({ err: new Error('NEW_PASSWORD_REQUIRED') }),
				mfaRequired: () => resolve({ err: new Error('MFA') }),
				totpRequired: () => resolve({ err: new Error('TOTP') }),
				customChallenge: () => resolve({ err: new Error('CUSTOM_CHALLENGE') }),
			}
		);
	});
}

function call(user, method, ...args) {
	return new Promise(resolve => {
		user[method](...args, {
			onSuccess: result => resolve({ result }),
			onFailure: err => resolve({ err }),
		});
	});
}

async function main() {
	// 1. Right password.
	const first = new CognitoUser({ Username: username, Pool: pool });
	const r1 = await signIn(first, password);
	let deviceKey = null;
	if (r1.err) {
		report('js sign-in with the right password', `${r1.err.code}: ${r1.err.message}`);
	} else {
		const access = r1.session.getAccessToken().decodePayload();
		const id = r1.session.getIdToken().decodePayload();
		const why =
			!r1.session.isValid() ? 'session not valid' :
			access.username !== username ? `access token username ${access.username}` :
			id['cognito:username'] !== username ? 'id token cognito:username' :
			id.aud !== clientId ? 'id token aud' :
			access.token_use !== 'access' ? 'token_use' : null;
		report('js sign-in with the right password (SRP, tokens parse)', why);
		deviceKey = first.deviceKey;
		report(
			'js ConfirmDevice after NewDeviceMetadata',
			deviceKey && access.device_key === deviceKey ? null : `device key ${deviceKey}, token ${access.device_key}`
		);
		if (r1.userConfirmationNecessary) {
			const s = await call(first, 'setDeviceStatusRemembered');
			report('js UpdateDeviceStatus remembered', s.err ? `${s.err.code}: ${s.err.message}` : null);
		}
		const u = await new Promise(resolve => first.getUserAttributes((err, attrs) => resolve({ err, attrs })));
		report(
			'js GetUser',
			u.err ? `${u.err.code}: ${u.err.message}` : u.attrs.some(a => a.getName() === 'sub') ? null : 'no sub attribute'
		);
	}

	// 2. Wrong password.
	const wrong = new CognitoUser({ Username: username, Pool: pool });
	const r2 = await signIn(wrong, `${password}-wrong`);
	report(
		'js wrong password refused with NotAuthorizedException',
		!r2.err ? 'signed in' :
			r2.err.code === 'NotAuthorizedException' && r2.err.message === 'Incorrect username or password.' ? null :
			`${r2.err.code}: ${r2.err.message}`
	);

	// 3. Remembered device: a new CognitoUser reads the device key and password the first sign-in
	//    cached, and the sign-in must go through DEVICE_SRP_AUTH.
	if (deviceKey) {
		const again = new CognitoUser({ Username: username, Pool: pool });
		const r3 = await signIn(again, password);
		if (r3.err) {
			report('js second sign-in through DEVICE_SRP_AUTH', `${r3.err.code}: ${r3.err.message}`);
		} else {
			const access = r3.session.getAccessToken().decodePayload();
			report(
				'js second sign-in through DEVICE_SRP_AUTH',
				access.device_key === deviceKey ? null : `token device_key ${access.device_key}, expected ${deviceKey}`
			);
			const l = await new Promise(resolve =>
				again.listDevices(10, null, { onSuccess: result => resolve({ result }), onFailure: err => resolve({ err }) })
			);
			const listed = l.result && l.result.Devices.find(d => d.DeviceKey === deviceKey);
			const remembered =
				listed && listed.DeviceAttributes.find(a => a.Name === 'dev:device_remembered_status');
			report(
				'js ListDevices shows the device remembered',
				l.err ? `${l.err.code}: ${l.err.message}` : remembered && remembered.Value === 'remembered' ? null : JSON.stringify(l.result)
			);
		}
	} else {
		report('js second sign-in through DEVICE_SRP_AUTH', 'no device from the first sign-in');
	}

	// 4. NEW_PASSWORD_REQUIRED through the newPasswordRequired callback.
	if (newpwUser) {
		const fresh = `${newpwPassword}-New1`;
		const user = new CognitoUser({ Username: newpwUser, Pool: pool });
		const r4 = await new Promise(resolve => {
			const callbacks = {
				onSuccess: session => resolve({ session }),
				onFailure: err => resolve({ err }),
				newPasswordRequired: (userAttributes, requiredAttributes) => {
					resolve({ challenged: { userAttributes, requiredAttributes } });
				},
				mfaRequired: () => resolve({ err: new Error('MFA') }),
				totpRequired: () => resolve({ err: new Error('TOTP') }),
			};
			user.authenticateUser(new AuthenticationDetails({ Username: newpwUser, Password: newpwPassword }), callbacks);
		});
		if (!r4.challenged) {
			report('js newPasswordRequired callback', r4.err ? `${r4.err.code}: ${r4.err.message}` : 'signed in without the challenge');
		} else {
			report('js newPasswordRequired callback', null);
			const done = await new Promise(resolve =>
				user.completeNewPasswordChallenge(fresh, {}, {
					onSuccess: session => resolve({ session }),
					onFailure: err => resolve({ err }),
				})
			);
			report(
				'js completeNewPasswordChallenge -> tokens',
				done.err ? `${done.err.code}: ${done.err.message}` : done.session.isValid() ? null : 'session not valid'
			);
			const again = await signIn(new CognitoUser({ Username: newpwUser, Pool: pool }), fresh);
			report('js sign-in with the new password', again.err ? `${again.err.code || ''} ${again.err.message}` : null);
		}
	}

	// 5. SOFTWARE_TOKEN_MFA through totpRequired, SMS_MFA through mfaRequired.
	if (totpUser) {
		// The wrong code first: once a sign-in succeeds, the JS client remembers the device and later
		// sign-ins go through DEVICE_SRP_AUTH, which Cognito lets skip MFA.
		const r6 = await signInWithMfa(new CognitoUser({ Username: totpUser, Pool: pool }), password, () => '000000');
		report(
			'js SOFTWARE_TOKEN_MFA wrong code refused with CodeMismatchException',
			r6.err && r6.err.code === 'CodeMismatchException' ? null : r6.err ? `${r6.err.code}: ${r6.err.message}` : 'signed in'
		);
		let asked = null;
		const r5 = await signInWithMfa(new CognitoUser({ Username: totpUser, Pool: pool }), password, name => {
			asked = name;
			return totp(totpSecret, Date.now() / 1000);
		});
		report(
			'js SOFTWARE_TOKEN_MFA through totpRequired and sendMFACode -> tokens',
			r5.err ? `${r5.err.code || ''} ${r5.err.message}` : asked !== 'SOFTWARE_TOKEN_MFA' ? `challenge ${asked}` : null
		);
	}
	if (smsUser) {
		let asked = null;
		const r7 = await signInWithMfa(new CognitoUser({ Username: smsUser, Pool: pool }), password, async name => {
			asked = name;
			const listed = await (await fetch(`${endpoint}_cognito-srp/codes`)).json();
			const mine = listed.Codes.filter(c => c.Username === smsUser);
			return mine.length ? mine[mine.length - 1].Code : 'none';
		});
		report(
			'js SMS_MFA through mfaRequired and sendMFACode (code from GET /_cognito-srp/codes) -> tokens',
			r7.err ? `${r7.err.code || ''} ${r7.err.message}` : asked !== 'SMS_MFA' ? `challenge ${asked}` : null
		);
	}
	process.exit(failures ? 1 : 0);
}

const timer = setTimeout(() => {
	console.log('not ok js checks: timed out');
	process.exit(1);
}, 60000);
timer.unref();
main().catch(e => {
	console.log(`not ok js checks: ${e && e.stack ? e.stack : e}`);
	process.exit(1);
});
