import type { Socket } from 'node:net';
import type { WireHandler } from '../protocol/wire.js';
import type { Ids } from '../runtime/ids.js';
import type { HttpLimits } from './limits.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;

/** What an exchange needs to cancel when the listener closes. */
export interface Abortable {
  abort(reason: unknown): void;
}

/**
 * Everything one listener shares between its connections. One per `startListener` call, so two
 * listeners in a process share nothing. `closing` flips once, when `close()` is called.
 */
export interface ListenerContext {
  readonly handler: WireHandler;
  /** Answers `GET /_switchyard/health`, with the same contract as `handler`. */
  readonly health: WireHandler;
  readonly ids: Ids;
  readonly limits: HttpLimits;
  readonly log: LogFn;
  /** Every open client socket (for `close()`). */
  readonly sockets: Set<Socket>;
  /** Exchanges between their request headers and the end of their response. */
  readonly live: Set<Abortable>;
  closing: boolean;
}

export const HEALTH_PATH = '/_switchyard/health';

/** Shared by every listener: a listener without a logger still reports errors and warnings. */
export const defaultLog: LogFn = (level, msg, fields) => {
  if (level === 'error' || level === 'warn') console.error(JSON.stringify({ level, msg, ...fields }));
};

export function describeError(err: unknown): string {
  return err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
}

/** A small JSON error body in the AWS JSON shape (`__type` + `message`); the listener knows no protocol. */
export function errorBody(type: string, message: string): string {
  return JSON.stringify({ __type: type, message });
}

// Response headers the listener owns or drops, recognised case-insensitively without lower-casing
// every name: only names of a matching length are compared.
export const H_KEEP = 0;
export const H_REQUEST_ID = 1;
export const H_CONTENT_LENGTH = 2;
/** `transfer-encoding`: framing is the listener's business on both protocols. */
export const H_FRAMING = 3;
/** Connection-specific headers, forbidden in HTTP/2 (RFC 9113 §8.2.2); kept on HTTP/1.1. */
export const H_CONNECTION = 4;

export function headerKind(name: string): number {
  switch (name.length) {
    case 7:
      return same(name, 'upgrade') ? H_CONNECTION : H_KEEP;
    case 10:
      return same(name, 'connection') || same(name, 'keep-alive') ? H_CONNECTION : H_KEEP;
    case 14:
      return same(name, 'content-length') ? H_CONTENT_LENGTH : H_KEEP;
    case 16:
      if (same(name, 'x-amzn-requestid')) return H_REQUEST_ID;
      return same(name, 'proxy-connection') ? H_CONNECTION : H_KEEP;
    case 17:
      return same(name, 'transfer-encoding') ? H_FRAMING : H_KEEP;
    default:
      return H_KEEP;
  }
}

function same(name: string, lower: string): boolean {
  return name === lower || name.toLowerCase() === lower;
}

/** Statuses that never carry a body or a Content-Length. */
export function bodiless(status: number): boolean {
  return status < 200 || status === 204 || status === 304;
}
