/*
 * The stubbed Cognito service: in-memory storage, fake tokens, recording spies on AuthenticationHelper
 * (installed when this module is loaded), and runFlow, which runs CognitoUser.authenticateUser against a
 * scripted network stub that records every request map.
 */
'use strict';

const { fixedNowMs } = require('./determinism');
const { AuthenticationHelper, CognitoUserPool, CognitoUser, AuthenticationDetails } = require('./library');

class MemStorage {
  constructor() { this.m = new Map(); }
  setItem(k, v) { this.m.set(k, String(v)); }
  getItem(k) { return this.m.has(k) ? this.m.get(k) : null; }
  removeItem(k) { this.m.delete(k); }
  clear() { this.m.clear(); }
}

function fakeJwt(sub, iat) {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64').replace(/=+$/, '');
  return `${enc({ alg: 'none' })}.${enc({ sub, iat, exp: iat + 3600 })}.sig`;
}
function fakeAuthResult(sub, extra) {
  const iat = Math.floor(fixedNowMs() / 1000);
  return Object.assign({
    AccessToken: fakeJwt(sub, iat), IdToken: fakeJwt(sub, iat), RefreshToken: 'refresh-token',
    ExpiresIn: 3600, TokenType: 'Bearer',
  }, extra || {});
}

// Spies on AuthenticationHelper methods (record only; behaviour unchanged).
const spyLog = [];
let spying = false;
function installSpies() {
  const P = AuthenticationHelper.prototype;
  const origKey = P.getPasswordAuthenticationKey;
  P.getPasswordAuthenticationKey = function (username, password, serverB, salt, cb) {
    if (spying) spyLog.push({ ev: 'key', helper: this, username, password, serverB, salt });
    return origKey.call(this, username, password, serverB, salt, cb);
  };
  const origU = P.calculateU;
  P.calculateU = function (A, B) {
    const u = origU.call(this, A, B);
    if (spying) spyLog.push({ ev: 'u', helper: this, A, B, u });
    return u;
  };
  const origS = P.calculateS;
  P.calculateS = function (x, B, cb) {
    const self = this;
    return origS.call(this, x, B, function (err, S) {
      if (spying) spyLog.push({ ev: 'S', helper: self, x, B, S, err });
      return cb(err, S);
    });
  };
  const origHkdf = P.computehkdf;
  P.computehkdf = function (ikm, salt) {
    const r = origHkdf.call(this, ikm, salt);
    if (spying) spyLog.push({ ev: 'hkdf', helper: this, ikm: Buffer.from(ikm), salt: Buffer.from(salt), hkdf: Buffer.from(r) });
    return r;
  };
  const origHash = P.generateHashDevice;
  P.generateHashDevice = function (groupKey, deviceKey, cb) {
    if (spying) spyLog.push({ ev: 'hashDevice', helper: this, groupKey, deviceKey });
    return origHash.call(this, groupKey, deviceKey, cb);
  };
}
installSpies();

function clone(o) {
  return o === undefined ? undefined : JSON.parse(JSON.stringify(o));
}

/*
 * Runs one CognitoUser flow against a scripted fake Cognito.
 * script(op, params, n) returns {data} or {err} or {hang: true} (callback never called).
 */
function runFlow({ poolId, clientId, username, password, authFlow, storage, preloadDevice, script }) {
  const calls = [];
  const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, Storage: storage });
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: storage });
  if (authFlow) user.setAuthenticationFlowType(authFlow);
  if (preloadDevice) user.getCachedDeviceKeyAndPassword();
  user.client = {
    request(op, params, cb) {
      calls.push({ op, params: clone(params) });
      const r = script(op, params, calls.length);
      if (r.hang) return;
      if (r.err) cb(r.err, null);
      else cb(null, r.data);
    },
  };
  const outcome = { result: null, thrown: null };
  const details = new AuthenticationDetails({ Username: username, Password: password });
  spyLog.length = 0;
  spying = true;
  try {
    user.authenticateUser(details, {
      onSuccess: () => { outcome.result = 'onSuccess'; },
      onFailure: (e) => { outcome.result = 'onFailure: ' + (e && e.message); },
      customChallenge: () => { outcome.result = 'customChallenge'; },
      newPasswordRequired: () => { outcome.result = 'newPasswordRequired'; },
      mfaRequired: () => { outcome.result = 'mfaRequired'; },
      totpRequired: () => { outcome.result = 'totpRequired'; },
      selectMFAType: () => { outcome.result = 'selectMFAType'; },
      mfaSetup: () => { outcome.result = 'mfaSetup'; },
    });
  } catch (e) {
    outcome.thrown = e.message;
  } finally {
    spying = false;
  }
  return { calls, outcome, spies: spyLog.slice(), user };
}

module.exports = { MemStorage, fakeAuthResult, runFlow };
