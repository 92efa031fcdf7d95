// The console page and its files: served with a restrictive Content-Security-Policy, from src/
// through tsx and from dist/ as `npm start` runs it; nothing outside the UI folder is served.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { consoleE2E } from './console-e2e.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const UI_FILES = ['app.js', 'api.js', 'dom.js', 'sqs.js', 'redrive.js', 'message-form.js', 'sns.js', 'kinesis.js', 'tail.js', 'console.css', 'favicon.svg'];

/** Fetches the page and every file it needs; asserts the headers of each. */
async function checkConsole(base: string): Promise<void> {
  for (const path of ['/_switchyard/console', '/_switchyard/console/']) {
    const page = await fetch(base + path);
    assert.equal(page.status, 200, path);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]) assert.ok(csp.includes(directive), `${directive} in ${csp}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.match(await page.text(), /\/_switchyard\/console\/ui\/app\.js/);
  }
  for (const file of UI_FILES) {
    const res = await fetch(`${base}/_switchyard/console/ui/${file}`);
    assert.equal(res.status, 200, file);
    assert.match(res.headers.get('content-type')!, file.endsWith('.js') ? /^text\/javascript/ : file.endsWith('.css') ? /^text\/css/ : /^image\/svg/);
    assert.ok((await res.text()).length > 0);
  }
}

consoleE2E('console page', (t) => {
  it('serves the page and its files with a restrictive CSP', async () => {
    await checkConsole(t().server.url);
  });

  it('serves nothing else under the console path', async () => {
    const base = t().server.url;
    for (const path of ['/_switchyard/console/ui/nope.js', '/_switchyard/console/ui/..%2F..%2Fpackage.json', '/_switchyard/console/ui/../api.ts', '/_switchyard/console/other', '/_switchyard/console/ui/sub/app.js']) {
      const res = await fetch(base + path);
      assert.equal(res.status, 404, path);
      assert.equal((await res.json()).error.code, 'NotFound');
    }
    const post = await fetch(`${base}/_switchyard/console`, { method: 'POST', body: 'x' });
    assert.equal(post.status, 405);
  });
}, ['sqlite']);

// `npm start` runs dist/ (tsc copies no UI files): the page must be served from there too.
const built = existsSync(`${ROOT}dist/console/ui.js`);
it('serves the console when started from dist/ (bin/switchyard.js)', { skip: built ? false : 'dist/ is not built with the console (npm run build)', timeout: 30_000 }, async () => {
  const child = spawn(process.execPath, [`${ROOT}bin/switchyard.js`, 'start', '--port', '0', '--in-memory', '--log-level', 'warn'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    await checkConsole(url);
  } finally {
    child.kill('SIGTERM');
  }
});
