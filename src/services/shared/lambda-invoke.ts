import http from 'node:http';
import https from 'node:https';
import { canonicalRequest, sha256Hex, signature, signingKey, stringToSign, uriEncode, ALGORITHM, type Scope } from '../../protocol/sigv4.js';

/**
 * Lambda's Invoke operation on the wire [Lambda API reference, "Invoke"], the one client of it
 * (SNS `lambda` subscriptions, SQS triggers): `POST /2015-03-31/functions/<FunctionName>/invocations[?Qualifier=…]`
 * with the event as the body, `X-Amz-Invocation-Type: Event` (how SNS invokes [Lambda developer
 * guide, "Invoking Lambda functions with Amazon SNS notifications"]; Lambda answers 202 once the
 * event is queued) or `RequestResponse` (how an SQS event source mapping invokes: 200 with the
 * function's result, `X-Amz-Function-Error` when it failed), signed with SigV4 for the service `lambda`.
 *
 * The path names the function by its name, not its ARN: Lambda takes either, and local Lambda
 * servers (`sam local start-lambda`) look functions up by name only. A version or alias at the
 * end of the ARN goes in `Qualifier`, as the SDKs send it.
 */
export interface LambdaFunction {
  readonly name: string;
  readonly region: string;
  readonly account: string;
  readonly qualifier?: string;
}

export interface LambdaCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export type InvocationType = 'Event' | 'RequestResponse';

/** The key calls are signed with when none is configured: local servers check no signature. */
export const DEFAULT_LAMBDA_CREDENTIALS: LambdaCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A function as an event source mapping names it: its ARN (with an optional version or alias), or
 * its bare name, which is then the function of `account` in `region` (the queue's).
 */
export function parseFunctionRef(ref: string, region: string, account: string): LambdaFunction | undefined {
  if (ref.startsWith('arn:')) return parseFunctionArn(ref);
  return FUNCTION_NAME.test(ref) ? { name: ref, region, account } : undefined;
}

/** `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`, else undefined. */
export function parseFunctionArn(arn: string): LambdaFunction | undefined {
  const m = /^arn:[\w-]+:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,140})(?::([A-Za-z0-9$_-]{1,128}))?$/.exec(arn);
  if (!m) return undefined;
  return { region: m[1]!, account: m[2]!, name: m[3]!, qualifier: m[4] };
}

export interface InvokeRequest {
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** `yyyymmddThhmmssZ` */
function amzDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The signed Invoke request for `fn` at the Lambda-compatible server `endpoint` (its path, if any, is a prefix). */
export function invokeRequest(endpoint: string, fn: LambdaFunction, event: string, type: InvocationType, credentials: LambdaCredentials, now: number): InvokeRequest {
  const url = new URL(endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/2015-03-31/functions/${uriEncode(fn.name)}/invocations`;
  url.search = fn.qualifier === undefined ? '' : `?Qualifier=${uriEncode(fn.qualifier)}`;
  const body = Buffer.from(event, 'utf8');
  const date = amzDate(now);
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/octet-stream', // the SDKs' type for Invoke's blob payload
    'x-amz-date': date,
    'x-amz-invocation-type': type,
  };
  const signed = Object.keys(headers).sort();
  const scope: Scope = { date: date.slice(0, 8), region: fn.region, service: 'lambda' };
  const canonical = canonicalRequest({ method: 'POST', path: url.pathname, query: url.search.slice(1), headers }, signed.join(';'), sha256Hex(body), undefined, signed);
  const sig = signature(signingKey(credentials.secretAccessKey, scope), stringToSign(date, scope, canonical));
  headers.authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope.date}/${scope.region}/lambda/aws4_request, SignedHeaders=${signed.join(';')}, Signature=${sig}`;
  return { url, headers, body };
}

export type InvokeOutcome = { readonly ok: true } | { readonly ok: false; readonly permanent: boolean; readonly error: string; readonly errorType?: string };

/**
 * Lambda's answer as an SNS delivery outcome. SNS does not retry client-side errors [SNS developer
 * guide, "Amazon SNS dead-letter queues"]: the function was deleted (404 ResourceNotFoundException),
 * its policy no longer lets SNS in (403 AccessDeniedException), the request is refused (400
 * InvalidRequestContentException, 413 RequestTooLargeException …): the delivery goes to the
 * dead-letter queue at once. Server-side errors are retried on the managed-endpoint schedule:
 * throttling (429 TooManyRequestsException), 5xx, a function being updated (409
 * ResourceConflictException), a timeout (408). A signature or key the server does not accept (401,
 * 403 other than AccessDenied) is retried too: that is the operator's setting to fix, not a reason
 * to drop messages.
 */
export function invokeOutcome(status: number, errorTypeHeader: string | undefined, body: string): InvokeOutcome {
  if (status >= 200 && status < 300) return { ok: true };
  const errorType = errorName(errorTypeHeader, body);
  const message = errorMessage(body);
  const error = `Lambda answered HTTP ${status}${errorType ? ` ${errorType}` : ''}${message ? `: ${message}` : ''}`;
  const accessDenied = status === 403 && /^AccessDenied/.test(errorType ?? '');
  const retried = status >= 500 || status === 429 || status === 409 || status === 408 || ((status === 401 || status === 403) && !accessDenied);
  return { ok: false, permanent: !retried, error, errorType };
}

/** The error's name: `X-Amzn-ErrorType` (`Name:namespace…`), else the body's `__type`/`code` (its `Type` is the fault, User or Service). */
function errorName(header: string | undefined, body: string): string | undefined {
  const fromHeader = header?.split(':')[0]?.trim();
  if (fromHeader) return fromHeader;
  const json = parseObject(body);
  const name = json?.__type ?? json?.code;
  return typeof name === 'string' && name !== '' ? (name.split('#').pop() ?? name) : undefined;
}

function errorMessage(body: string): string | undefined {
  const json = parseObject(body);
  const m = json?.message ?? json?.Message ?? json?.errorMessage;
  if (typeof m === 'string') return m;
  const text = body.trim();
  return text === '' || json ? undefined : text.slice(0, 200);
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Lambda's answer to one Invoke call. */
export interface InvokeAnswer {
  readonly status: number;
  /** `X-Amzn-ErrorType`: Lambda's own error (the call failed). */
  readonly errorType?: string;
  /** `X-Amz-Function-Error` (`Unhandled`, `Handled`): the call went through, the function failed. */
  readonly functionError?: string;
  /** The body: the function's result for a RequestResponse call, else an error document (cut at `maxBodyBytes`). */
  readonly body: string;
}

export interface SendOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Longest body kept (default 64 KiB, enough for an error's text). */
  readonly maxBodyBytes?: number;
}

/** Sends a signed Invoke request; rejects when no answer comes (no connection, timeout, abort). */
export function sendInvoke(req: InvokeRequest, options: SendOptions): Promise<InvokeAnswer> {
  const max = options.maxBodyBytes ?? 64 * 1024;
  return new Promise((resolve, reject) => {
    const mod = req.url.protocol === 'https:' ? https : http;
    const r = mod.request(req.url, { method: 'POST', headers: { ...req.headers, 'content-length': String(req.body.length) }, signal: options.signal, timeout: options.timeoutMs });
    r.on('timeout', () => r.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    r.on('error', reject);
    r.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if ((size += c.length) <= max) chunks.push(c);
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, errorType: header(res.headers['x-amzn-errortype']), functionError: header(res.headers['x-amz-function-error']), body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    r.end(req.body);
  });
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
