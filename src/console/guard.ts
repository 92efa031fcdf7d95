/**
 * Cross-site request forgery guard of the console's API. The API changes state (sends, purges,
 * deletes, redrives) without any credential, so another site open in the same browser must not be
 * able to call it. A page can make a cross-site POST without asking (a form, `fetch` in no-cors
 * mode) only with a form or text content type and no custom header; anything else needs a CORS
 * preflight, which this server never grants. So every API call must be a POST with
 * `content-type: application/json` and the `x-switchyard-console: 1` header the console's JS sets,
 * and a request the browser itself marks as cross-site (`Sec-Fetch-Site`) is refused whatever it
 * carries.
 */
import type { WireRequest, WireResponse } from '../protocol/index.js';

export const CONSOLE_HEADER = 'x-switchyard-console';

/** The refusal to answer, or undefined when the request may be served. */
export function refuseUnlessConsoleCall(req: WireRequest): WireResponse | undefined {
  if (req.method !== 'POST') {
    const res = consoleError(405, 'MethodNotAllowed', 'The console API takes POST only.');
    return { ...res, headers: { ...res.headers, allow: 'POST' } };
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') return consoleError(403, 'Forbidden', 'The console API refuses cross-site requests.');
  const media = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (media !== 'application/json') return consoleError(415, 'UnsupportedMediaType', 'The console API takes content-type application/json.');
  if (req.headers[CONSOLE_HEADER] !== '1') return consoleError(403, 'Forbidden', `The console API needs the header ${CONSOLE_HEADER}: 1.`);
  return undefined;
}

export function consoleError(status: number, code: string, message: string, extra: Record<string, string> = {}): WireResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ error: { code, message, ...extra } }),
  };
}
