/*
 * The pinned official client, amazon-cognito-identity-js (see package.json): the modules the generator
 * drives or patches, and the versions recorded in meta.reference.
 */
'use strict';

const LIB = 'amazon-cognito-identity-js';
const WordArray = require(`${LIB}/lib/utils/WordArray`).default;
const AuthenticationHelper = require(`${LIB}/lib/AuthenticationHelper`).default;
const BigInteger = require(`${LIB}/lib/BigInteger`).default;
const DateHelper = require(`${LIB}/lib/DateHelper`).default;
const { CognitoUserPool, CognitoUser, AuthenticationDetails } = require(LIB);
const LIB_VERSION = require(`${LIB}/package.json`).version;
const SHA_VERSION = require('@aws-crypto/sha256-js/package.json').version;

module.exports = {
  WordArray, AuthenticationHelper, BigInteger, DateHelper, CognitoUserPool, CognitoUser, AuthenticationDetails,
  LIB_VERSION, SHA_VERSION,
};
