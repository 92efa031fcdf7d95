/**
 * The console's page and its files (plain HTML, CSS and JS modules in src/console/ui/, no build
 * step). They are found from the package root, `../../src/console/ui/` from this module, which is
 * the same folder whether this runs as src/console/ui.ts (tsx) or dist/console/ui.js (tsc copies
 * no non-TS files, and the package ships src/). Read once, then served from memory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WireResponse } from '../protocol/index.js';

const UI_DIR = fileURLToPath(new URL('../../src/console/ui/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Only this server's own scripts and styles, its own API, no inline script or style (an
 * injection that got past the escaping still could not run), no framing, no form posts.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // The files change with the server version; revalidating each load is cheap on loopback.
  'cache-control': 'no-cache',
};

let files: ReadonlyMap<string, Buffer> | undefined;

/** The UI's files by name; only names of the served types, nothing below subfolders. */
function uiFiles(): ReadonlyMap<string, Buffer> {
  files ??= new Map(readdirSync(UI_DIR).filter((name) => TYPES[extname(name)] !== undefined).map((name) => [name, readFileSync(UI_DIR + name)]));
  return files;
}

/** The file `name` of the UI (`index.html` for the page itself), or undefined. */
export function uiFile(name: string): WireResponse | undefined {
  const body = uiFiles().get(name);
  if (body === undefined) return undefined;
  return { status: 200, headers: { 'content-type': TYPES[extname(name)]!, ...SECURITY_HEADERS }, body };
}
