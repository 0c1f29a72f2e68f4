// Node entry point: instantiates the module from the file beside this one at import (no network),
// so `import { startUserSrp } from 'cognito-srp-wasm'` is all it takes. `init()` is a no-op here.
import { readFileSync } from 'node:fs';
import { initSync } from './cognito_srp_wasm.js';

initSync({ module: readFileSync(new URL('./cognito_srp_wasm_bg.wasm', import.meta.url)) });

export * from './cognito_srp_wasm.js';

/** Already initialised in Node; kept so that code shared with browsers can `await init()`. */
export default async function init() {}
