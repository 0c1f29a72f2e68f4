// aws-jwt-verify (pinned in package.json), AWS's verifier for Cognito tokens, against the tokens and keys of
// `cognito-srp serve`. Each pool's verifier is built from its discovery document
// ({issuer}/.well-known/openid-configuration): `issuer` and `jwks_uri` as the document gives them, and the
// Cognito claims (token_use, aud of ID tokens, client_id of access tokens) checked with the library's own
// validateCognitoJwtFields. CognitoJwtVerifier itself cannot be used: it fixes the issuer to
// https://cognito-idp.REGION.amazonaws.com/POOL. aws-jwt-verify fetches the JWKS with Node's https module
// only, so its JWKS cache is given a fetcher over plain HTTP (loopback); fetching, key selection by kid,
// the RS256 signature and every claim check stay the library's.
//
// Usage: node jwt_check.mjs ENDPOINT POOL_A CLIENT_A POOL_B CLIENT_B USERNAME PASSWORD
// USERNAME with PASSWORD exists in both pools; tokens come from USER_PASSWORD_AUTH.
// Prints one line per check: "ok NAME" or "not ok NAME: why".

import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import * as errors from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

const [endpoint, poolA, clientA, poolB, clientB, username, password] = process.argv.slice(2);
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

const loopbackFetcher = {
	async fetch(uri) {
		const url = new URL(uri);
		if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error(`not loopback: ${uri}`);
		const response = await fetch(url, { signal: AbortSignal.timeout(10000) });
		if (response.status !== 200) throw new Error(`${uri}: HTTP ${response.status}`);
		return response.arrayBuffer();
	},
};

async function tokens(pool, clientId) {
	const response = await fetch(`${base}/`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/x-amz-json-1.1',
			'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
		},
		body: JSON.stringify({
			AuthFlow: 'USER_PASSWORD_AUTH',
			ClientId: clientId,
			AuthParameters: { USERNAME: username, PASSWORD: password },
		}),
		signal: AbortSignal.timeout(10000),
	});
	const body = await response.json();
	if (!body.AuthenticationResult) throw new Error(`sign-in to ${pool}: ${JSON.stringify(body)}`);
	return body.AuthenticationResult;
}

async function discovery(pool) {
	const issuer = `${base}/${pool}`;
	const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10000) });
	if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
	return response.json();
}

// A verifier of `tokenUse` tokens for `clientId` from the discovery document `doc`.
function verifier(doc, clientId, tokenUse) {
	return JwtVerifier.create(
		{
			issuer: doc.issuer,
			jwksUri: doc.jwks_uri,
			audience: null,
			customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse, clientId }),
		},
		{ jwksCache: new SimpleJwksCache({ fetcher: loopbackFetcher }) }
	);
}

async function verified(name, v, token, judge) {
	try {
		const payload = await v.verify(token);
		report(name, judge(payload));
	} catch (e) {
		report(name, `${e.name}: ${e.message}`);
	}
}
// Reports whether `v` refuses `token` with the library's error class `errorName`.
async function refused(name, v, token, errorName) {
	try {
		await v.verify(token);
		report(name, 'verified');
	} catch (e) {
		report(name, e instanceof errors[errorName] ? null : `${e.constructor.name}: ${e.message}, expected ${errorName}`);
	}
}

async function main() {
	const docA = await discovery(poolA);
	const docB = await discovery(poolB);
	report(
		'openid-configuration of each pool: issuer {endpoint}/{pool}, jwks_uri under it, RS256',
		docA.issuer === `${base}/${poolA}` &&
			docB.issuer === `${base}/${poolB}` &&
			docA.jwks_uri === `${docA.issuer}/.well-known/jwks.json` &&
			docB.jwks_uri === `${docB.issuer}/.well-known/jwks.json` &&
			(docA.id_token_signing_alg_values_supported || []).includes('RS256')
			? null
			: JSON.stringify([docA, docB])
	);
	const a = await tokens(poolA, clientA);
	const b = await tokens(poolB, clientB);
	const idA = verifier(docA, clientA, 'id');
	const accessA = verifier(docA, clientA, 'access');
	await verified('aws-jwt-verify: ID token (RS256 key from jwks_uri, iss, aud, token_use, exp)', idA, a.IdToken, p =>
		p['cognito:username'] === username && p.aud === clientA ? null : JSON.stringify(p)
	);
	await verified('aws-jwt-verify: access token (client_id, token_use access)', accessA, a.AccessToken, p =>
		p.username === username && p.client_id === clientA ? null : JSON.stringify(p)
	);
	await refused('aws-jwt-verify: an ID token refused as an access token', accessA, a.IdToken, 'CognitoJwtInvalidTokenUseError');
	await refused(
		"aws-jwt-verify: a token refused by another app client's verifier",
		verifier(docA, `${clientA}-other`, 'id'),
		a.IdToken,
		'CognitoJwtInvalidClientIdError'
	);
	const [h, p, s] = a.IdToken.split('.');
	const claims = JSON.parse(Buffer.from(p, 'base64url'));
	claims['cognito:username'] = 'mallory';
	const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
	await refused('aws-jwt-verify: a token with a changed claim refused (signature)', idA, forged, 'JwtInvalidSignatureError');
	await verified("aws-jwt-verify: the other pool's ID token by its own verifier", verifier(docB, clientB, 'id'), b.IdToken, p =>
		p.iss === docB.issuer ? null : JSON.stringify(p)
	);
	const jwksA = await (await fetch(docA.jwks_uri)).json();
	const jwksB = await (await fetch(docB.jwks_uri)).json();
	const kidsA = jwksA.keys.map(k => k.kid);
	const kidsB = jwksB.keys.map(k => k.kid);
	report(
		'each pool has its own signing keys (no kid shared between the JWKS)',
		kidsA.length && kidsB.length && !kidsA.some(k => kidsB.includes(k)) ? null : `${kidsA} / ${kidsB}`
	);
	await refused(
		"aws-jwt-verify: one pool's token refused by another pool's verifier (its kid not in that pool's JWKS)",
		verifier(docB, clientA, 'id'),
		a.IdToken,
		'KidNotFoundInJwksError'
	);
	// With the keys that signed it but another pool's issuer expected.
	await refused(
		"aws-jwt-verify: one pool's token refused where another pool's issuer is expected",
		verifier({ issuer: docB.issuer, jwks_uri: docA.jwks_uri }, clientA, 'id'),
		a.IdToken,
		'JwtInvalidIssuerError'
	);
}

const timer = setTimeout(() => {
	console.log('not ok jwt checks: timed out');
	process.exit(1);
}, 45000);
timer.unref();
try {
	await main();
} catch (e) {
	report('jwt checks', e && e.stack ? e.stack : String(e));
}
process.exit(failures ? 1 : 0);
