import type { Handler, RequestContext } from '../services/shared/service.js';
import { isServiceError } from '../services/shared/errors.js';
import { ConfigError } from './config.js';
import type { AttributeValue } from './resources-spec.js';

/**
 * What applying and exporting a resource file share: the services they call (their operation
 * handlers, in-process, exactly as a request would), the context they call them with, and how
 * attribute values are written and compared.
 */
export interface ResourceServices {
  readonly sqs: { readonly handlers: Readonly<Record<string, Handler>> };
  readonly sns: { readonly handlers: Readonly<Record<string, Handler>> };
  readonly kinesis: { readonly handlers: Readonly<Record<string, Handler>> };
}

/**
 * The request context resources are applied and exported in: the account and region names
 * resolve in, and `baseUrl`, the `scheme://host[:port]` clients reach the server at (it goes into
 * queue URLs and into the SubscribeURL of HTTP/S subscription confirmations).
 */
export function resourceContext(target: { accountId: string; region: string; baseUrl: string }, requestId = 'resources'): RequestContext {
  return { requestId, accountId: target.accountId, region: target.region, baseUrl: target.baseUrl, signal: new AbortController().signal };
}

export type Service = keyof ResourceServices;

/** Calls one operation; a failure becomes a ConfigError saying where in the file it came from. */
export async function call<T = any>(services: ResourceServices, service: Service, operation: string, input: object, ctx: RequestContext, where: string): Promise<T> {
  try {
    return (await services[service].handlers[operation]!(input, ctx)) as T;
  } catch (error) {
    throw new ConfigError(`${where}: ${operation} failed: ${errorText(error)}`, { cause: error });
  }
}

/** Calls one operation: true when it succeeds, false when it answers one of the `tolerated` errors (a race with another node). */
export async function attempt(services: ResourceServices, service: Service, operation: string, input: object, ctx: RequestContext, where: string, tolerated: readonly string[]): Promise<boolean> {
  try {
    await services[service].handlers[operation]!(input, ctx);
    return true;
  } catch (error) {
    if (isServiceError(error) && tolerated.includes(error.shape)) return false;
    throw new ConfigError(`${where}: ${operation} failed: ${errorText(error)}`, { cause: error });
  }
}

/** Calls one operation and answers undefined when it says the resource does not exist. */
export async function lookup<T = any>(services: ResourceServices, service: Service, operation: string, input: object, ctx: RequestContext, where: string): Promise<T | undefined> {
  try {
    return (await services[service].handlers[operation]!(input, ctx)) as T;
  } catch (error) {
    if (isServiceError(error) && NOT_FOUND.has(error.shape)) return undefined;
    throw new ConfigError(`${where}: ${operation} failed: ${errorText(error)}`, { cause: error });
  }
}

const NOT_FOUND = new Set(['QueueDoesNotExist', 'NotFoundException', 'NotFound', 'ResourceNotFoundException']);

export function errorText(error: unknown): string {
  return isServiceError(error) ? `${error.shape}: ${error.message}` : String((error as Error)?.message ?? error);
}

/** The attribute as AWS's string: numbers and booleans printed, objects and lists as JSON. */
export function attributeString(value: AttributeValue): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Whether the value a file asks for is the value an attribute has: JSON compared as data (key
 * order and spacing aside), numbers as numbers, true/false in any case, anything else exactly. An
 * attribute the service does not report counts as "".
 */
export function sameAttribute(wanted: string, current: string | undefined): boolean {
  const have = current ?? '';
  if (wanted === have) return true;
  const w = wanted.trim();
  const h = have.trim();
  if (/^-?\d+$/.test(w) && /^-?\d+$/.test(h)) return Number(w) === Number(h);
  if (/^(true|false)$/i.test(w) && /^(true|false)$/i.test(h)) return w.toLowerCase() === h.toLowerCase();
  const a = parseJson(w);
  const b = parseJson(h);
  return a !== undefined && b !== undefined && canonical(a) === canonical(b);
}

/** A JSON object or list in a string, else undefined. */
export function parseJson(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The names of `wanted` whose values differ from `current`'s. */
export function differences(wanted: Readonly<Record<string, string>>, current: Readonly<Record<string, string>>): string[] {
  return Object.keys(wanted).filter((k) => !sameAttribute(wanted[k]!, current[k]));
}

/** Attribute values of a file as AWS's strings. */
export function attributeStrings(attributes: Readonly<Record<string, AttributeValue>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes ?? {}).map(([k, v]) => [k, attributeString(v)]));
}

export interface ApplySummary {
  /** `queue orders`, `subscription events → queue orders`, `stream clicks`, `consumer clicks/audit` … */
  readonly created: string[];
  /** What changed on each, e.g. `queue orders (VisibilityTimeout, tag team)`. */
  readonly updated: string[];
  readonly unchanged: string[];
  /** HTTP/S and email subscriptions waiting for their endpoint to confirm (as on AWS). */
  readonly pending: string[];
}

export interface Run {
  readonly services: ResourceServices;
  readonly ctx: RequestContext;
  readonly summary: ApplySummary;
}

/** Records what happened to one resource: created, its changes, or nothing. */
export function report(run: Run, label: string, changes: readonly string[] | 'created'): void {
  if (changes === 'created') run.summary.created.push(label);
  else if (changes.length > 0) run.summary.updated.push(`${label} (${changes.join(', ')})`);
  else run.summary.unchanged.push(label);
}

/** Tag keys the file gives a value the resource does not have. */
export function tagDifferences(wanted: Readonly<Record<string, string>> | undefined, current: Readonly<Record<string, string>>): string[] {
  return Object.keys(wanted ?? {}).filter((k) => current[k] !== wanted![k]);
}

