// Bundled for the browser pages of the tests (browser.mjs): the AWS SDK v3 client and
// amazon-cognito-identity-js's AuthenticationHelper. cognito-srp-wasm itself is loaded unbundled,
// from the package folder, as a page would.
export * as sdk from '@aws-sdk/client-cognito-identity-provider';
export { AuthenticationHelper } from 'amazon-cognito-identity-js';
