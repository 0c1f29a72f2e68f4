/*
 * The independent model of the protocol (native BigInt + node:crypto), used for the server values, the
 * edge-case searches and the cross-checks of every library value. Only N is taken from the library
 * (and checked against RFC 3526 in groupSection).
 */
'use strict';

const { hmac, sha256 } = require('./util');
const { setRandom, assertRandomDrained, RealDate } = require('./determinism');
const { AuthenticationHelper } = require('./library');

setRandom([Buffer.alloc(128, 1)]);
const N_HEX = new AuthenticationHelper('x_y').N.toString(16); // the library's N (checked against RFC 3526 in groupSection)
assertRandomDrained('N');
const N = BigInt('0x' + N_HEX);
const G = 2n;

function modPow(base, exp, m) {
  base %= m;
  if (base < 0n) base += m;
  let r = 1n;
  for (const bit of exp.toString(2)) {
    r = (r * r) % m;
    if (bit === '1') r = (r * base) % m;
  }
  return r;
}
// Java BigInteger.toByteArray() as lowercase hex (minimal two's complement).
function pad(n) {
  if (n >= 0n) {
    let h = n.toString(16);
    if (h.length % 2) h = '0' + h;
    if (/^[89a-f]/.test(h)) h = '00' + h;
    return h;
  }
  let len = 1;
  while (n < -(1n << BigInt(8 * len - 1))) len++;
  return ((1n << BigInt(8 * len)) + n).toString(16).padStart(2 * len, '0');
}
function parseHexSigned(s) {
  if (s.startsWith('-')) return -BigInt('0x' + s.slice(1));
  return BigInt('0x' + s);
}
function H(...hexParts) {
  return sha256(Buffer.from(hexParts.join(''), 'hex')).toString('hex');
}
const K = BigInt('0x' + H(pad(N), pad(G)));

function nativeUserpassHash(poolName, userId, password) {
  return sha256(Buffer.from(`${poolName}${userId}:${password}`, 'utf8')).toString('hex');
}
function nativeX(saltStr, poolName, userId, password) {
  return BigInt('0x' + H(pad(parseHexSigned(saltStr)), nativeUserpassHash(poolName, userId, password)));
}
function nativeU(A, B) {
  return BigInt('0x' + H(pad(A), pad(B)));
}
function nativeClientS(a, B, x, u) {
  const base = (((B - K * modPow(G, x, N)) % N) + N) % N;
  return modPow(base, a + u * x, N);
}
function nativeHkdf(S, u) {
  const prk = hmac(Buffer.from(pad(u), 'hex'), Buffer.from(pad(S), 'hex'));
  return hmac(prk, Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])])).subarray(0, 16);
}
function nativeSignature(hkdf, poolName, userId, secretBlockB64, timestamp) {
  const msg = Buffer.concat([Buffer.from(poolName, 'utf8'), Buffer.from(userId, 'utf8'),
    Buffer.from(secretBlockB64, 'base64'), Buffer.from(timestamp, 'utf8')]);
  return hmac(hkdf, msg).toString('base64');
}
const WEEK = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function nativeTimestamp(iso) {
  const d = new RealDate(iso);
  const p2 = (n) => String(n).padStart(2, '0');
  return `${WEEK[d.getUTCDay()]} ${MONTH[d.getUTCMonth()]} ${d.getUTCDate()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
// SECRET_HASH: not implemented by amazon-cognito-identity-js; AWS formula.
function secretHash(username, clientId, clientSecret) {
  return hmac(Buffer.from(clientSecret, 'utf8'), Buffer.from(username + clientId, 'utf8')).toString('base64');
}
function serverS(A, v, u, b) {
  return modPow((A * modPow(v, u, N)) % N, b, N);
}

module.exports = {
  N_HEX, N, G, K, modPow, pad, parseHexSigned, nativeUserpassHash, nativeX, nativeU, nativeClientS, nativeHkdf,
  nativeSignature, nativeTimestamp, secretHash, serverS,
};
