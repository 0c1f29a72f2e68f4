// Amplify JS v6 (aws-amplify, pinned in package.json) in Node against `cognito-srp serve`, configured with
// Auth.Cognito.userPoolEndpoint (Amplify then sends every Cognito call there, unsigned, as JSON 1.1).
// Node 20 has most of what Amplify needs (fetch, WebCrypto's getRandomValues, TextEncoder); tokens are
// kept in Amplify's in-memory storage, as it falls back to when there is no localStorage. The one
// polyfill: `navigator` (global only from Node 21), which Amplify reads for the DeviceName of
// ConfirmDevice; without it Amplify silently skips confirming the device.
//
// Usage: node amplify_check.mjs ENDPOINT POOL_ID CLIENT_ID MFA_POOL_ID MFA_CLIENT_ID
// POOL_ID: email auto-verified, MFA off. MFA_POOL_ID: MFA "on" with SOFTWARE_TOKEN_MFA and EMAIL_OTP
// offered, device tracking off (a remembered device would skip MFA). Clients without a secret.
// Codes (sign-up, password reset, EMAIL_OTP) are read from GET /_cognito-srp/codes.
// Prints one line per check: "ok NAME" or "not ok NAME: why".

import { Amplify } from 'aws-amplify';
import {
	confirmResetPassword,
	confirmSignIn,
	confirmSignUp,
	fetchAuthSession,
	fetchDevices,
	fetchMFAPreference,
	resetPassword,
	signIn,
	signOut,
	signUp,
	updatePassword,
} from 'aws-amplify/auth';

if (typeof globalThis.navigator === 'undefined') {
	globalThis.navigator = { userAgent: `node/${process.versions.node} cognito-srp-interop` };
}

const [endpoint, poolId, clientId, mfaPoolId, mfaClientId] = process.argv.slice(2);
const base = endpoint.replace(/\/$/, '');

let failures = 0;
function report(name, why) {
	if (why) {
		failures += 1;
		console.log(`not ok ${name}: ${why}`);
	} else {
		console.log(`ok ${name}`);
	}
}
const describe = e => `${e && e.name}: ${e && e.message}`;
const show = v => JSON.stringify(v);

function configure(pool, client) {
	Amplify.configure({
		Auth: {
			Cognito: {
				userPoolId: pool,
				userPoolClientId: client,
				userPoolEndpoint: base,
				loginWith: { username: true },
				signUpVerificationMethod: 'code',
			},
		},
	});
}

// The codes of `kind` sent to `username` in `pool`, oldest first.
async function codes(pool, username, kind) {
	const listed = await (await fetch(`${base}/_cognito-srp/codes`)).json();
	return listed.Codes.filter(c => c.PoolId === pool && c.Username === username && c.ChallengeName === kind).map(
		c => c.Code
	);
}
async function lastCode(pool, username, kind) {
	const mine = await codes(pool, username, kind);
	if (!mine.length) throw new Error(`no ${kind} code listed for ${username}`);
	return mine[mine.length - 1];
}

// Runs `step`; reports `name` with `judge(result)` (null when right), or the error thrown.
async function check(name, step, judge) {
	try {
		const result = await step();
		report(name, judge(result));
		return result;
	} catch (e) {
		report(name, describe(e));
		return undefined;
	}
}
async function refused(name, step, errorName) {
	try {
		const result = await step();
		report(name, `accepted: ${show(result)}`);
	} catch (e) {
		report(name, e.name === errorName ? null : describe(e));
	}
}
const signedIn = r => (r.isSignedIn && r.nextStep.signInStep === 'DONE' ? null : show(r));

async function idTokenUsername() {
	const session = await fetchAuthSession();
	return session.tokens && session.tokens.idToken && session.tokens.idToken.payload['cognito:username'];
}

async function accountLifecycle() {
	configure(poolId, clientId);
	const username = 'amy';
	const first = 'Amy-Pass-0001';
	await check(
		'amplify signUp -> CONFIRM_SIGN_UP, code sent by EMAIL',
		() => signUp({ username, password: first, options: { userAttributes: { email: 'amy@example.com' } } }),
		r =>
			!r.isSignUpComplete &&
			r.nextStep.signUpStep === 'CONFIRM_SIGN_UP' &&
			r.nextStep.codeDeliveryDetails.deliveryMedium === 'EMAIL'
				? null
				: show(r)
	);
	// Amplify turns UserNotConfirmedException into this step.
	await check(
		'amplify signIn before confirmSignUp -> CONFIRM_SIGN_UP (UserNotConfirmedException)',
		() => signIn({ username, password: first }),
		r => (!r.isSignedIn && r.nextStep.signInStep === 'CONFIRM_SIGN_UP' ? null : show(r))
	);
	const code = await lastCode(poolId, username, 'SIGN_UP');
	await check(
		'amplify confirmSignUp with the code from the codes endpoint',
		() => confirmSignUp({ username, confirmationCode: code }),
		r => (r.isSignUpComplete && r.nextStep.signUpStep === 'DONE' ? null : show(r))
	);
	await check('amplify signIn (USER_SRP_AUTH) -> DONE', () => signIn({ username, password: first }), signedIn);
	await check('amplify fetchAuthSession: ID token of the user', idTokenUsername, u =>
		u === username ? null : `cognito:username ${u}`
	);
	const devices = await check('amplify fetchDevices: the device confirmed at sign-in (ConfirmDevice)', () => fetchDevices(), r =>
		r.length === 1 && r[0].id ? null : show(r)
	);
	await check('amplify fetchMFAPreference (MFA off): nothing enabled', () => fetchMFAPreference(), r =>
		!r.enabled && !r.preferred ? null : show(r)
	);
	const second = 'Amy-Pass-0002';
	await check('amplify updatePassword (ChangePassword)', () => updatePassword({ oldPassword: first, newPassword: second }), () => null);
	await signOut();
	await refused(
		'amplify signIn with the password before updatePassword refused (NotAuthorizedException)',
		() => signIn({ username, password: first }),
		'NotAuthorizedException'
	);
	await check('amplify signIn with the updated password -> DONE', () => signIn({ username, password: second }), signedIn);
	// Amplify answers DEVICE_SRP_AUTH itself with the device it confirmed; the access token then names it.
	await check('amplify signIn on the remembered device (DEVICE_SRP_AUTH): access token device_key', () => fetchAuthSession(), s => {
		const key = s.tokens && s.tokens.accessToken.payload.device_key;
		return devices && devices.length && key === devices[0].id ? null : `device_key ${key}, device ${devices && show(devices[0])}`;
	});
	// Amplify refreshes with GetTokensFromRefreshToken (with the device key of the remembered device).
	const stale = (await fetchAuthSession()).tokens.accessToken.toString();
	await check('amplify fetchAuthSession({forceRefresh: true}) (GetTokensFromRefreshToken) -> new tokens', () => fetchAuthSession({ forceRefresh: true }), s => {
		const access = s.tokens && s.tokens.accessToken;
		return access && access.toString() !== stale && access.payload.username === username && s.tokens.idToken
			? null
			: `tokens ${s.tokens ? 'unchanged' : 'dropped'}`;
	});
	await signOut();

	await check(
		'amplify resetPassword -> CONFIRM_RESET_PASSWORD_WITH_CODE by EMAIL',
		() => resetPassword({ username }),
		r =>
			!r.isPasswordReset &&
			r.nextStep.resetPasswordStep === 'CONFIRM_RESET_PASSWORD_WITH_CODE' &&
			r.nextStep.codeDeliveryDetails.deliveryMedium === 'EMAIL'
				? null
				: show(r)
	);
	const third = 'Amy-Pass-0003';
	const resetCode = await lastCode(poolId, username, 'FORGOT_PASSWORD');
	await refused(
		'amplify confirmResetPassword with a wrong code refused (CodeMismatchException)',
		() => confirmResetPassword({ username, confirmationCode: resetCode === '000000' ? '111111' : '000000', newPassword: third }),
		'CodeMismatchException'
	);
	await check(
		'amplify confirmResetPassword with the code from the codes endpoint',
		() => confirmResetPassword({ username, confirmationCode: resetCode, newPassword: third }),
		() => null
	);
	await refused(
		'amplify signIn with the password before the reset refused (NotAuthorizedException)',
		() => signIn({ username, password: second }),
		'NotAuthorizedException'
	);
	await check('amplify signIn with the reset password -> DONE', () => signIn({ username, password: third }), signedIn);
	await signOut();
}

async function emailMfaSetup() {
	configure(mfaPoolId, mfaClientId);
	const username = 'max';
	const email = 'max@example.com';
	const password = 'Max-Pass-0001';
	await signUp({ username, password, options: { userAttributes: { email } } });
	await confirmSignUp({ username, confirmationCode: await lastCode(mfaPoolId, username, 'SIGN_UP') });
	await check(
		'amplify signIn in a pool with MFA on (TOTP and EMAIL offered) -> CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION',
		() => signIn({ username, password }),
		r =>
			!r.isSignedIn &&
			r.nextStep.signInStep === 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION' &&
			[...r.nextStep.allowedMFATypes].sort().join() === 'EMAIL,TOTP'
				? null
				: show(r)
	);
	await check(
		"amplify confirmSignIn({challengeResponse: 'EMAIL'}) -> CONTINUE_SIGN_IN_WITH_EMAIL_SETUP",
		() => confirmSignIn({ challengeResponse: 'EMAIL' }),
		r => (r.nextStep.signInStep === 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' ? null : show(r))
	);
	const before = (await codes(mfaPoolId, username, 'EMAIL_OTP')).length;
	await check(
		'amplify confirmSignIn with the address -> CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
		() => confirmSignIn({ challengeResponse: email }),
		r =>
			r.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' &&
			r.nextStep.codeDeliveryDetails.deliveryMedium === 'EMAIL'
				? null
				: show(r)
	);
	const sent = await codes(mfaPoolId, username, 'EMAIL_OTP');
	await check(
		'amplify confirmSignIn with the EMAIL_OTP code from the codes endpoint -> DONE',
		() => {
			if (sent.length !== before + 1) throw new Error(`${sent.length - before} EMAIL_OTP codes sent`);
			return confirmSignIn({ challengeResponse: sent[sent.length - 1] });
		},
		signedIn
	);
	await check('amplify fetchMFAPreference after the email setup: EMAIL enabled and preferred', () => fetchMFAPreference(), r =>
		r.enabled && r.enabled.includes('EMAIL') && r.preferred === 'EMAIL' ? null : show(r)
	);
	await signOut();
	await check(
		'amplify signIn again -> CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
		() => signIn({ username, password }),
		r => (r.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' ? null : show(r))
	);
	await refused(
		'amplify confirmSignIn with a wrong email code refused (CodeMismatchException)',
		async () => {
			const code = await lastCode(mfaPoolId, username, 'EMAIL_OTP');
			return confirmSignIn({ challengeResponse: code === '000000' ? '111111' : '000000' });
		},
		'CodeMismatchException'
	);
	await check(
		'amplify confirmSignIn with the new EMAIL_OTP code -> DONE',
		async () => confirmSignIn({ challengeResponse: await lastCode(mfaPoolId, username, 'EMAIL_OTP') }),
		signedIn
	);
	await signOut();
}

const timer = setTimeout(() => {
	console.log('not ok amplify checks: timed out');
	process.exit(1);
}, 90000);
timer.unref();
try {
	await accountLifecycle();
	await emailMfaSetup();
} catch (e) {
	report('amplify checks', e && e.stack ? e.stack : String(e));
}
process.exit(failures ? 1 : 0);
