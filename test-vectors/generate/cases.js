/*
 * This project's own cases: pools, clients, passwords, instants, salt shapes, the predicates the edge-case
 * searches look for, and the definitions of every user_srp, device_verifier, device_srp, secret_hash,
 * timestamps and reject case. Every random value is derived from the seed and a label.
 */
'use strict';

const { fail } = require('./util');
const { rng, rngUuid, rngAlnum, LOWER36 } = require('./determinism');
const { N, pad } = require('./model');

const POOL_A = 'eu-west-2_Zq8TnV4pX';
const POOL_B = 'ap-southeast-2_0aB1cD2eF';
const CLIENT_PLAIN = '3n5qk0v7c1l8m2hd4rj6tbp9se';
const CLIENT_SECRET_ID = '6f2h9t0m4kq1c7v3p8r5bl2nda';
const CLIENT_SECRET = rngAlnum('client-secret', 52, LOWER36);

const PW = {
  ascii: 'Tr0ub4dor&3-Staple!',
  spaces: 'with spaces, "quotes", \\backslash\\ & a:colon::',
  utf8: 'Zwölf-Boxkämpfer_пароль_密碼_ñ',
  emoji: '🦀🔑👩‍💻🏳️‍🌈!',
  combining: 'cafe\u0301 vs caf\u00e9 \u2014 \u00c5ngstr\u00f6m \u212b',
  empty: '',
  single: 'q',
};

// Fixed instants (the weekday/format edge cases are checked by the timestamps section too).
const NOW = {
  d1: '2027-03-04T05:06:07.000Z', // day < 10, hour < 10
  d2: '2027-10-17T21:42:30.000Z', // Sunday, two-digit day
  leap: '2032-02-29T18:45:59.999Z', // leap day, ms truncated
  nye: '2027-12-31T23:59:59.500Z', // last second of the year, ms truncated
  ny: '2028-01-01T00:00:00.000Z', // midnight, first day of the year
  mid: '2027-06-22T13:14:15.000Z', // Tuesday
  sep: '2027-09-09T09:09:09.000Z',
};

function secretBlock(label, len) {
  const n = len === undefined ? 1100 + (rng(label + '/len', 1)[0] % 170) : len;
  return rng(label, n).toString('base64');
}

// Salt shapes (from 16 deterministic bytes).
const SALT = {
  canonical: (r) => { const b = Buffer.from(r); b[0] = 0x10 + (b[0] % 0x70); return b.toString('hex'); },
  msb: (r) => { const b = Buffer.from(r); b[0] |= 0x80; return b.toString('hex'); },
  odd: (r) => { const b = Buffer.from(r); b[0] = 1 + (b[0] % 15); return b.toString('hex').slice(1); },
  oneByteMsb: (r) => (0x80 | r[0]).toString(16),
  oneNibble: (r) => '123456789abcdef'[r[0] % 15],
  leadingZerosMsb: (r) => '0000' + SALT.msb(r),
  negative: (r) => { // 16 random bytes with the top bit set, printed as a signed Java BigInteger
    const b = Buffer.from(r); b[0] = 0x80 | (b[0] % 0x7f); // first byte 0x80..0xfe
    return pad(BigInt('0x' + b.toString('hex')) - (1n << 128n)) === b.toString('hex')
      ? (BigInt('0x' + b.toString('hex')) - (1n << 128n)).toString(16) : fail('negative salt');
  },
  negativeFf8: (r) => { // bytes ff 8x ..: the leading ff is a redundant sign byte, Java/JS hash 15 bytes
    const b = Buffer.from(r); b[0] = 0xff; b[1] |= 0x80;
    return (BigInt('0x' + b.toString('hex')) - (1n << 128n)).toString(16);
  },
  upper: (r) => SALT.msb(r).toUpperCase(),
};

// Predicates over the native model.
const hexLen = (n) => n.toString(16).length;
const topNibble = (n) => parseInt(n.toString(16)[0], 16);
const PRED = {
  plain: (m) => hexLen(m.B) === 768 && topNibble(m.B) < 8 && topNibble(m.B) > 0,
  aOddA: (m) => hexLen(m.A) === 767,
  aMsbA: (m) => hexLen(m.A) === 768 && topNibble(m.A) >= 8,
  shortA: (m) => pad(m.A).length < 768, // padHex(A) shorter than 384 bytes
  msbB: (m) => hexLen(m.B) === 768 && topNibble(m.B) >= 8,
  shortB: (m) => pad(m.B).length < 768,
  oddB: (m) => hexLen(m.B) === 767,
  shortU: (m) => pad(m.u).length < 64, // padHex(u) shorter than 32 bytes
  shortS: (m) => pad(m.S()).length < 768,
};
// Predicates on B are searched by stepping b (b, b+1, ...: g^b is updated by one doubling), the others by stepping a.
for (const k of ['plain', 'msbB', 'shortB', 'oddB']) PRED[k].varyB = true;

/*
 * user_srp case definitions. Every random value is derived from the seed and the case id;
 * `pred` (optional) is searched for deterministically: attempt i uses a0 + i (or b0 + i for predicates on B).
 */
const USER_CASES = [
  { id: 'user-01-plain-ascii', note: 'plain username, ASCII password, canonical 32-hex salt (top nibble 1-7), B top nibble 1-7 (no 00 prefix), long secret block, day<10 and hour<10 in TIMESTAMP',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.d1, pred: PRED.plain },
  { id: 'user-02-email-alias', note: 'email-alias pool: InitiateAuth USERNAME is the email, USER_ID_FOR_SRP/USERNAME in the challenge is a UUID used for x and the signature',
    user: 'dmitri.volkov+cognito@example.net', alias: true, pw: PW.spaces, salt: SALT.canonical, now: NOW.d2 },
  { id: 'user-03-utf8-password', note: 'non-ASCII password (2-, 3-byte UTF-8: German, Cyrillic, CJK) hashed as UTF-8 bytes',
    user: 'yuki_tanaka', pw: PW.utf8, salt: SALT.canonical, now: NOW.mid },
  { id: 'user-04-emoji-password', note: 'password of 4-byte emoji and ZWJ/variation-selector sequences (UTF-16 surrogate pairs in JS, UTF-8 on the wire)',
    user: 'yuki_tanaka', pw: PW.emoji, salt: SALT.canonical, now: NOW.sep },
  { id: 'user-05-combining-password', note: 'password with a combining accent and precomposed forms side by side: no Unicode normalisation is applied',
    user: 'marguerite', pw: PW.combining, salt: SALT.canonical, now: NOW.ny },
  { id: 'user-06-empty-password', note: 'empty password string (x = H(salt | H(poolName + user + ":")))',
    user: 'marguerite', pw: PW.empty, salt: SALT.canonical, now: NOW.leap },
  { id: 'user-07-single-char-password', note: 'single-character password',
    user: 'o\'brien-7', pw: PW.single, salt: SALT.canonical, now: NOW.nye },
  { id: 'user-08-unicode-username', note: 'non-ASCII USER_ID_FOR_SRP (UTF-8 in the x hash and in the signature message), pool name starting with a digit',
    pool: POOL_B, user: 'renée.dupont', pw: PW.ascii, salt: SALT.canonical, now: NOW.d2 },
  { id: 'user-09-a-high-bit', note: 'small a is 128 bytes with the most significant bit set',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.mid, aShape: 'msb' },
  { id: 'user-10-a-short', note: 'small a of 32 bytes (the 128 random bytes start with 96 zero bytes)',
    user: 'yuki_tanaka', alias: true, pw: PW.utf8, salt: SALT.canonical, now: NOW.d1, aShape: 'short32' },
  { id: 'user-11-A-odd-length', note: 'A.toString(16) has odd length (767 hex): SRP_A sent with odd length, padHex(A) prepends a single 0',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.sep, pred: PRED.aOddA },
  { id: 'user-12-A-msb', note: 'A top nibble >= 8: SRP_A sent without prefix, padHex(A) in u gets a 00 prefix',
    user: 'yuki_tanaka', pw: PW.emoji, salt: SALT.canonical, now: NOW.d2, pred: PRED.aMsbA },
  { id: 'user-13-A-short', note: 'A < 2^3063 (leading zero byte, no 00 re-added): SRP_A hex has at most 766 digits and padHex(A) is shorter than 384 bytes (found by search over a)',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.mid, pred: PRED.shortA },
  { id: 'user-14-B-msb', note: 'B top nibble >= 8: padHex(B) in u gets a 00 prefix',
    user: 'o\'brien-7', alias: true, pw: PW.ascii, salt: SALT.canonical, now: NOW.leap, pred: PRED.msbB },
  { id: 'user-15-B-short', note: 'B < 2^3063 (leading zero byte, no 00 re-added), a realistic reduced value; SRP_B hex shorter than 768 and padHex(B) shorter than 384 bytes (found by search over b)',
    user: 'yuki_tanaka', pw: PW.spaces, salt: SALT.canonical, now: NOW.ny, pred: PRED.shortB },
  { id: 'user-16-B-odd-length', note: 'SRP_B hex has odd length (767 digits): padHex(B) prepends a single 0',
    user: 'marguerite', pw: PW.utf8, salt: SALT.canonical, now: NOW.nye, pred: PRED.oddB },
  { id: 'user-17-B-unreduced', note: 'SRP_B = k*v + g^b NOT reduced mod N (B > N, about 416 bytes): B - k*g^x is non-negative; u hashes the unreduced B',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.d1, bMode: 'unreduced' },
  { id: 'user-18-B-plus-N', note: 'SRP_B = (k*v + g^b mod N) + N: unreduced by exactly one N (385 bytes); u hashes the value as sent',
    user: 'yuki_tanaka', alias: true, pw: PW.ascii, salt: SALT.canonical, now: NOW.sep, bMode: 'plusN' },
  { id: 'user-19-B-leading-zeros', note: 'NON-CANONICAL SRP_B with leading zero digits ("000" + B): it is parsed as an integer, so padHex(B) and u are the same as for the canonical B',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.mid, bMode: 'leadingZeros' },
  { id: 'user-20-salt-msb', note: 'salt (32 hex) top nibble >= 8: padHex(salt) prepends 00 before hashing x (17 bytes)',
    user: 'marguerite', pw: PW.spaces, salt: SALT.msb, now: NOW.d2 },
  { id: 'user-21-salt-odd-length', note: 'odd-length salt hex (31 digits): padHex prepends a single 0',
    user: 'yuki_tanaka', alias: true, pw: PW.ascii, salt: SALT.odd, now: NOW.ny },
  { id: 'user-22-salt-1-byte-msb', note: 'very short salt: one byte with the high bit set (padHex -> 00xx)',
    user: 'marguerite', pw: PW.utf8, salt: SALT.oneByteMsb, now: NOW.leap },
  { id: 'user-23-salt-1-nibble', note: 'very short salt: a single hex digit (padHex -> 0x)',
    user: 'o\'brien-7', pw: PW.single, salt: SALT.oneNibble, now: NOW.d1 },
  { id: 'user-24-salt-leading-zeros-msb', note: 'NON-CANONICAL salt hex "0000" + 32 digits whose top bit is set: the JS client parses SALT into a BigInteger (drops the zeros) and padHex re-adds exactly one 00 byte (17 bytes, not the 18 raw bytes)',
    user: 'marguerite', pw: PW.ascii, salt: SALT.leadingZerosMsb, now: NOW.nye },
  { id: 'user-25-salt-negative', note: 'NEGATIVE salt: SALT is "-" + hex, as Java BigInteger.toString(16) prints 16 random bytes whose top bit is set; padHex gives back the original 16 two\'s-complement bytes',
    user: 'yuki_tanaka', alias: true, pw: PW.ascii, salt: SALT.negative, now: NOW.mid },
  { id: 'user-26-salt-negative-redundant-sign-byte', note: 'NEGATIVE salt whose 16 bytes start ff 8x: the ff is a redundant sign byte, so padHex (like Java toByteArray) gives 15 bytes starting 8x (padHex\'s FF8 branch)',
    user: 'marguerite', pw: PW.utf8, salt: SALT.negativeFf8, now: NOW.sep },
  { id: 'user-27-uppercase-hex', note: 'SALT and SRP_B in UPPERCASE hex (as the .NET SDK prints): parsed case-insensitively, every *_padhex is lowercase',
    user: 'marguerite', pw: PW.ascii, salt: SALT.upper, now: NOW.d2, bMode: 'upper', pred: PRED.msbB },
  { id: 'user-28-client-secret', note: 'app client with secret: SECRET_HASH in InitiateAuth and RespondToAuthChallenge',
    client: 'secret', user: 'yuki_tanaka', pw: PW.ascii, salt: SALT.canonical, now: NOW.ny },
  { id: 'user-29-client-secret-alias', note: 'client secret + email alias: InitiateAuth SECRET_HASH over the email, challenge SECRET_HASH over the UUID USERNAME',
    client: 'secret', user: 'dmitri.volkov+cognito@example.net', alias: true, pw: PW.emoji, salt: SALT.msb, now: NOW.d1 },
  { id: 'user-30-short-secret-block', note: 'short secret block (8 bytes, base64 with one = of padding)',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.mid, secretBlockLen: 8 },
  { id: 'user-31-u-short', note: 'u < 2^247 (leading zero byte, no 00 re-added): padHex(u) is only 31 bytes, so the HKDF salt is 31 bytes (33 bytes when the top bit of u is set) (found by search over a)',
    user: 'yuki_tanaka', alias: true, pw: PW.spaces, salt: SALT.canonical, now: NOW.sep, pred: PRED.shortU },
  { id: 'user-32-S-short', note: 'S < 2^3063 (leading zero byte, no 00 re-added): padHex(S) = HKDF input key material is shorter than 384 bytes (found by search over a)',
    user: 'marguerite', pw: PW.utf8, salt: SALT.canonical, now: NOW.leap, pred: PRED.shortS },
  { id: 'user-33-remembered-device', note: 'device remembered earlier (optional input.device_key): CognitoUser.getCachedDeviceKeyAndPassword() was called before authenticateUser, so the client sends DEVICE_KEY in InitiateAuth (first key) and in the PASSWORD_VERIFIER response',
    user: 'yuki_tanaka', pw: PW.ascii, salt: SALT.canonical, now: NOW.nye, deviceKey: true },
  { id: 'user-34-custom-auth-srp', note: 'CUSTOM_AUTH starting with SRP (input.auth_flow = CUSTOM_AUTH): AuthParameters add CHALLENGE_NAME: SRP_A; the PASSWORD_VERIFIER response is the same as for USER_SRP_AUTH',
    user: 'marguerite', pw: PW.ascii, salt: SALT.canonical, now: NOW.mid, authFlow: 'CUSTOM_AUTH' },
  { id: 'user-35-custom-auth-srp-secret-alias', note: 'CUSTOM_AUTH with SRP, email alias and client secret (SECRET_HASH over the email in InitiateAuth, over the UUID in the response)',
    client: 'secret', user: 'dmitri.volkov+cognito@example.net', alias: true, pw: PW.utf8, salt: SALT.msb, now: NOW.d2, authFlow: 'CUSTOM_AUTH' },
  { id: 'user-36-custom-auth-srp-A-odd', note: 'CUSTOM_AUTH with SRP where SRP_A has odd length (767 hex digits)',
    pool: POOL_B, user: 'o\'brien-7', pw: PW.emoji, salt: SALT.odd, now: NOW.sep, authFlow: 'CUSTOM_AUTH', pred: PRED.aOddA },
];

function smallABytes(label, shape) {
  const r = Buffer.from(rng(label, 128));
  if (shape === 'msb') r[0] |= 0x80; // top bit set
  else if (shape === 'short32') { r.fill(0, 0, 96); r[96] = 0x10 + (r[96] % 0x70); } // exactly 32 significant bytes
  return r; // otherwise: the raw 128 random bytes
}

// device_verifier definitions: random bytes shaped to hit each salt/verifier form.
const DEVVER_CASES = [
  { id: 'devver-01-plain', note: 'salt top bit clear (16 bytes sent), verifier top nibble >= 8 (padHex 00 prefix, 385 bytes sent)',
    shape: (b) => { b[0] = 0x10 + (b[0] % 0x70); }, pred: (v) => hexLen(v) === 768 && topNibble(v) >= 8 },
  { id: 'devver-02-salt-msb', note: 'salt first byte >= 0x80: padHex adds 00 -> 17-byte Salt sent; verifier top nibble 1-7 (384 bytes)',
    shape: (b) => { b[0] |= 0x80; }, pred: (v) => hexLen(v) === 768 && topNibble(v) < 8 },
  { id: 'devver-03-salt-leading-zero', note: 'random salt bytes start with 0x00 then a byte < 0x80: BigInteger drops the zero -> 15-byte Salt sent',
    shape: (b) => { b[0] = 0; b[1] = 0x10 + (b[1] % 0x70); } },
  { id: 'devver-04-salt-two-leading-zeros', note: 'random salt bytes start with 00 00: 14-byte Salt sent (below the usual 15..17 range)',
    shape: (b) => { b[0] = 0; b[1] = 0; b[2] = 0x10 + (b[2] % 0x70); } },
  { id: 'devver-05-salt-zero-then-msb', note: 'random salt bytes start 00 8x: BigInteger drops the 00 and padHex puts it back -> 16 bytes sent, starting 00',
    shape: (b) => { b[0] = 0; b[1] |= 0x80; } },
  { id: 'devver-06-verifier-short', note: 'verifier g^x mod N < 2^3063: padHex(v) has fewer than 384 bytes -> short PasswordVerifier (found by search over the password bytes)',
    shape: (b) => { b[0] = 0x10 + (b[0] % 0x70); }, pred: (v) => pad(v).length < 768 },
];

// device_srp definitions: each reuses the device of the device_verifier case named by `verifier`.
const DEVSRP_CASES = [
  { id: 'devsrp-01-chained', verifier: 'devver-01-plain', note: 'device password/salt/verifier from devver-01-plain; salt sent as stored; B top nibble 1-7',
    user: 'marguerite', now: NOW.d2, pred: PRED.plain },
  { id: 'devsrp-02-salt-msb-B-msb', verifier: 'devver-02-salt-msb', note: 'device salt sent with its 00 prefix as stored (devver-02-salt-msb); B top nibble >= 8; day<10 timestamp',
    user: 'uuid', now: NOW.d1, pred: PRED.msbB, saltForm: 'stored' },
  { id: 'devsrp-03-salt-msb-unprefixed', verifier: 'devver-02-salt-msb', note: 'same device as devver-02-salt-msb but SALT sent without the 00 prefix (canonical BigInteger hex, as Cognito prints it); padHex re-adds 00',
    user: 'uuid', now: NOW.sep, saltForm: 'canonical' },
  { id: 'devsrp-04-short-salt-A-odd', verifier: 'devver-03-salt-leading-zero', note: '15-byte device salt (devver-03-salt-leading-zero); A hex odd length',
    user: 'yuki_tanaka', now: NOW.nye, pred: PRED.aOddA },
  { id: 'devsrp-05-14-byte-salt-client-secret', verifier: 'devver-04-salt-two-leading-zeros', note: 'device flow with app client secret; 14-byte device salt (devver-04-salt-two-leading-zeros)',
    user: 'uuid', client: 'secret', now: NOW.leap },
  { id: 'devsrp-06-salt-00-msb-u-short', verifier: 'devver-05-salt-zero-then-msb', note: 'device salt 00 8x.. (devver-05-salt-zero-then-msb), client secret; u < 2^247 so padHex(u) is 31 bytes (found by search over a)',
    user: 'marguerite', client: 'secret', now: NOW.mid, pred: PRED.shortU },
  { id: 'devsrp-07-verifier-short-B-short', verifier: 'devver-06-verifier-short', note: 'short verifier (devver-06-verifier-short); B < 2^3063 so SRP_B has a leading zero byte and padHex(B) is shorter than 384 bytes (found by search over b)',
    user: 'uuid', now: NOW.ny, pred: PRED.shortB },
];

const SECRET_HASH_CASES = [
  { id: 'sh-01-plain', note: 'plain username', username: 'marguerite', clientId: CLIENT_SECRET_ID, secret: CLIENT_SECRET },
  { id: 'sh-02-uuid', note: 'UUID username (USER_ID_FOR_SRP)', username: rngUuid('sh-02/uuid'), clientId: CLIENT_SECRET_ID, secret: CLIENT_SECRET },
  { id: 'sh-03-email', note: 'email username with + and .', username: 'dmitri.volkov+cognito@example.net', clientId: CLIENT_SECRET_ID, secret: CLIENT_SECRET },
  { id: 'sh-04-unicode', note: 'non-ASCII username, UTF-8 bytes in the HMAC message', username: 'renée.dupont_Ωμέγα', clientId: '1q2w3e4r5t6y7u8i9o0p1a2s3d', secret: rngAlnum('sh-04/secret', 51, LOWER36) },
  { id: 'sh-05-phone', note: 'phone-number username', username: '+14255550117', clientId: CLIENT_SECRET_ID, secret: CLIENT_SECRET },
  { id: 'sh-06-secret-64-bytes', note: 'client secret of exactly 64 bytes (= SHA-256 block size: used as the HMAC key as is)', username: 'yuki_tanaka', clientId: CLIENT_SECRET_ID, secret: rngAlnum('sh-06/secret', 64, LOWER36) },
  { id: 'sh-07-long-secret', note: 'long client secret (100 bytes > 64: HMAC hashes the key first)', username: 'yuki_tanaka', clientId: CLIENT_SECRET_ID, secret: rngAlnum('sh-07/secret', 100, LOWER36) },
];

const TIMESTAMP_CASES = [
  { id: 'ts-01', note: 'Thursday, day < 10, hour < 10: day is NOT zero-padded, time fields are', date: '2027-03-04T05:06:07.000Z' },
  { id: 'ts-02', note: 'Sunday (getUTCDay()==0), two-digit day', date: '2027-10-17T21:42:30.000Z' },
  { id: 'ts-03', note: 'leap day, milliseconds truncated (not rounded)', date: '2032-02-29T18:45:59.999Z' },
  { id: 'ts-04', note: 'Tuesday, two-digit day, afternoon (24-hour clock)', date: '2027-06-22T13:14:15.000Z' },
  { id: 'ts-05', note: 'midnight on New Year\'s Day (Saturday): hour 00, not 24', date: '2028-01-01T00:00:00.000Z' },
  { id: 'ts-06', note: 'non-UTC input offset -05:00 crossing midnight: reference formats the UTC date (next day, day < 10)', date: '2027-09-01T02:30:15.250Z', source: '2027-08-31T21:30:15.250-05:00' },
  { id: 'ts-07', note: 'non-UTC input offset +09:00 crossing the year backwards: reference formats the UTC date (Dec 31)', date: '2027-12-31T23:59:59.999Z', source: '2028-01-01T08:59:59.999+09:00' },
];

// reject server_B_zero_mod_N definitions: [id, note, SRP_B (== 0 mod N), password].
const REJECT_B_CASES = [
  ['reject-01-B-zero', 'SRP_B = 0', '0', PW.ascii],
  ['reject-02-B-equals-N', 'SRP_B = N', N.toString(16), PW.utf8],
  ['reject-03-B-2N', 'SRP_B = 2*N (nonzero but == 0 mod N)', (2n * N).toString(16), PW.spaces],
  ['reject-04-B-N-leading-zeros', 'SRP_B = N written with leading zeros (0000ff..)', '0000' + N.toString(16), PW.emoji],
  ['reject-05-B-5N-uppercase', 'SRP_B = 5*N in uppercase hex (nonzero but == 0 mod N)', (5n * N).toString(16).toUpperCase(), PW.single],
];

// reject A_zero_mod_N definitions: [id, what, SRP_A (== 0 mod N)].
const REJECT_A_CASES = [
  ['reject-06-A-zero', 'zero', '0'],
  ['reject-07-A-equals-N', 'equals-N', N.toString(16)],
  ['reject-08-A-2N', '2N', (2n * N).toString(16)],
  ['reject-09-A-N-leading-zeros', 'N with leading zeros', '00' + N.toString(16)],
];

module.exports = {
  POOL_A, POOL_B, CLIENT_PLAIN, CLIENT_SECRET_ID, CLIENT_SECRET, secretBlock, SALT, USER_CASES, smallABytes,
  DEVVER_CASES, DEVSRP_CASES, SECRET_HASH_CASES, TIMESTAMP_CASES, REJECT_B_CASES, REJECT_A_CASES,
};
