/*
 * Determinism stubs, installed when this module is loaded:
 *   - the seeded byte stream every random value comes from (rng, rngUuid, rngAlnum),
 *   - Math.random made to throw,
 *   - WordArray.prototype.random (the library's only randomness source) fed from a queue (setRandom),
 *   - global Date replaced by a subclass whose no-argument constructor and Date.now() return a fixed instant (setClock).
 */
'use strict';

const { fail, sha256 } = require('./util');
const { WordArray } = require('./library');

const SEED = 'cognito-srp/test-vectors/v1';

// Deterministic byte stream: SHA-256(seed || 0x00 || label || 0x00 || counter_be32) blocks.
function rng(label, n) {
  const out = [];
  let have = 0;
  for (let ctr = 0; have < n; ctr++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(ctr);
    const block = sha256(Buffer.concat([Buffer.from(SEED), Buffer.from([0]), Buffer.from(label, 'utf8'), Buffer.from([0]), c]));
    out.push(block);
    have += block.length;
  }
  return Buffer.concat(out).subarray(0, n);
}
function rngUuid(label) {
  const b = Buffer.from(rng(label, 16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
function rngAlnum(label, n, alphabet) {
  const b = rng(label, n);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[b[i] % alphabet.length];
  return s;
}
const LOWER36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Nothing may draw on Math.random: every random value comes from the seeded stream above.
Math.random = () => fail('Math.random used');

// Fixed randomness: every WordArray.random(n) call takes the next queued buffer.
let randomQueue = [];
WordArray.prototype.random = function fixedRandom(nBytes) {
  const buf = randomQueue.shift();
  if (!buf) fail(`WordArray.random(${nBytes}) called with an empty queue`);
  if (buf.length !== nBytes) fail(`WordArray.random(${nBytes}) but queued buffer has ${buf.length} bytes`);
  const padded = Buffer.concat([buf, Buffer.alloc((4 - (nBytes % 4)) % 4)]);
  const words = [];
  for (let i = 0; i < padded.length; i += 4) words.push(padded.readInt32BE(i));
  return new WordArray(words, nBytes);
};
function setRandom(bufs) {
  randomQueue = bufs.slice();
}
function assertRandomDrained(what) {
  if (randomQueue.length) fail(`${what}: ${randomQueue.length} queued random buffer(s) not consumed`);
}

// Fixed clock: new Date() and Date.now() return the instant set by setClock and fail when none is set.
const RealDate = Date;
let fixedNow = null;
class FixedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) {
      if (fixedNow === null) fail('new Date() called without a fixed clock');
      super(fixedNow);
    } else {
      super(...args);
    }
  }
  static now() {
    if (fixedNow === null) fail('Date.now() called without a fixed clock');
    return fixedNow;
  }
}
global.Date = FixedDate;
function setClock(iso) {
  fixedNow = iso === null ? null : new RealDate(iso).getTime();
}

// The fixed instant in milliseconds (null when no clock is set).
function fixedNowMs() {
  return fixedNow;
}

module.exports = {
  SEED, rng, rngUuid, rngAlnum, LOWER36, ALNUM62, setRandom, assertRandomDrained, RealDate, setClock, fixedNowMs,
};
