/*
 * Small shared helpers: assertions, SHA-256/HMAC, the JSON output form, and the structural comparison
 * the self-test reports differences with.
 */
'use strict';

const crypto = require('crypto');

function fail(msg) {
  throw new Error(msg);
}
function assertEq(actual, expected, what) {
  if (actual !== expected) fail(`${what}: got ${String(actual).slice(0, 120)} want ${String(expected).slice(0, 120)}`);
}
function sha256(buf) {
  return crypto.createHash('sha256').update(buf).digest();
}
function hmac(key, msg) {
  return crypto.createHmac('sha256', key).update(msg).digest();
}
function stableStringify(doc) {
  return JSON.stringify(doc, null, 1) + '\n';
}
function deepEqual(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
function firstDiff(a, b, where) {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set(Object.keys(a).concat(Object.keys(b)))) {
      if (!sortedKeysEqual(a[k], b[k])) return firstDiff(a[k], b[k], `${where}.${k}`);
    }
  }
  return where;
}
function sortedKeysEqual(a, b) {
  const canon = (o) => (o && typeof o === 'object' && !Array.isArray(o)
    ? Object.keys(o).sort().reduce((r, k) => { r[k] = canon(o[k]); return r; }, {})
    : o);
  return deepEqual(canon(a), canon(b));
}

module.exports = { fail, assertEq, sha256, hmac, stableStringify, firstDiff, sortedKeysEqual };
