// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) on a page served from
// 127.0.0.1 that loads cognito-srp-wasm from wasm/pkg with one `await init()`.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const HERE = new URL('.', import.meta.url).pathname;
const PKG = new URL('../pkg/', import.meta.url).pathname;
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>cognito-srp-wasm test page</title>
<script type="module">
  import init, * as srp from '/pkg/cognito_srp_wasm.js';
  import { sdk, AuthenticationHelper } from '/bundle.js';
  import { scenario } from '/signin.mjs';
  import { measure } from '/bench-core.mjs';
  await init();
  window.signInScenario = (endpoint, pool) => scenario({ sdk, srp, endpoint, pool });
  window.bench = (c) => measure({ AuthenticationHelper, srp, c });
  window.ready = true;
</script>
`;

async function bundle() {
  const result = await build({
    entryPoints: [join(HERE, 'browser-entry.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'error',
    define: { global: 'globalThis' },
  });
  return result.outputFiles[0].contents;
}

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

/** Serves the page on 127.0.0.1; resolves to { origin, close }. */
async function servePage() {
  const bundled = await bundle();
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    let body;
    if (path === '/') body = PAGE;
    else if (path === '/bundle.js') body = bundled;
    else if (path === '/signin.mjs' || path === '/bench-core.mjs') body = readFileSync(join(HERE, path));
    else if (path.startsWith('/pkg/')) {
      const file = normalize(join(PKG, path.slice(5)));
      if (!file.startsWith(PKG)) body = undefined;
      else {
        try {
          body = readFileSync(file);
        } catch {
          body = undefined;
        }
      }
    }
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    const ext = path === '/' ? '.html' : path.slice(path.lastIndexOf('.'));
    res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/**
 * Runs `fn(page, chromiumVersion, requests)` on the ready test page, then closes everything.
 * `requests` lists every URL the page has asked for so far.
 */
export async function withPage(fn) {
  const site = await servePage();
  const profile = mkdtempSync(join(tmpdir(), 'cognito-srp-wasm-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
  });
  try {
    const page = await context.newPage();
    const errors = [];
    const requests = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${site.origin}/`);
    await page.waitForFunction(() => window.ready === true, null, { timeout: 30000 }).catch((error) => {
      throw new Error(`page not ready: ${errors.join('; ') || error.message}`);
    });
    return await fn(page, context.browser()?.version() ?? readVersion(), requests);
  } finally {
    await context.close();
    site.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

function readVersion() {
  try {
    return readFileSync('/usr/lib/chromium/VERSION', 'utf8').trim();
  } catch {
    return 'chromium';
  }
}
