/**
 * The web console, served on the AWS port under /_switchyard/console:
 *
 *   GET  /_switchyard/console                      the page (ui/index.html)
 *   GET  /_switchyard/console/ui/<file>            its scripts and styles (ui.ts)
 *   POST /_switchyard/console/api/<svc>/<Op>       the admin API (api.ts), guarded against CSRF (guard.ts)
 *
 * The page also reads the existing admin routes (SQS peek, SNS recorded deliveries). It calls the
 * services' operations in-process, never a store and never HTTP to itself.
 */
import type { Log, RequestAuditor, WireRequest, WireResponse } from '../protocol/index.js';
import type { IamCaller } from '../services/shared/policy/identity.js';
import { createConsoleApi, type ConsoleServices, type ConsoleSettings } from './api.js';
import { consoleError } from './guard.js';
import { uiFile } from './ui.js';

export type { ConsoleServices, ConsoleSettings } from './api.js';

export const CONSOLE_PATH = '/_switchyard/console';
const API = /^\/_switchyard\/console\/api\/([^/]+)\/([^/]+)$/;
const UI = /^\/_switchyard\/console\/ui\/([a-z0-9-]+\.[a-z]+)$/;

export function isConsolePath(path: string): boolean {
  return path === CONSOLE_PATH || path.startsWith(CONSOLE_PATH + '/');
}

/** Serves a console request; `caller`: the signed-in key's IAM identity, when the credentials file declares users or roles (api.ts). */
export type ConsoleHandler = (req: WireRequest, caller?: IamCaller) => Promise<WireResponse>;

export function createConsole(services: ConsoleServices, settings: ConsoleSettings, log?: Log, audit?: RequestAuditor): ConsoleHandler {
  const api = createConsoleApi(services, settings, log, audit);
  return async (req, caller) => {
    const call = API.exec(req.path);
    if (call) return api(req, safeDecode(call[1]!), safeDecode(call[2]!), caller);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const res = consoleError(405, 'MethodNotAllowed', 'The console page and its files take GET only.');
      return { ...res, headers: { ...res.headers, allow: 'GET, HEAD' } };
    }
    const file = req.path === CONSOLE_PATH || req.path === CONSOLE_PATH + '/' ? 'index.html' : UI.exec(req.path)?.[1];
    return (file !== undefined ? uiFile(file) : undefined) ?? consoleError(404, 'NotFound', 'No such console page.');
  };
}

/** A path segment as text; a malformed escape stays as it came (and then names nothing). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
