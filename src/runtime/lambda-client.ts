import http from 'node:http';
import https from 'node:https';
import { canonicalRequest, sha256Hex, signature, signingKey, stringToSign, uriEncode, ALGORITHM, type Scope } from '../protocol/sigv4.js';
import type { InvocationType, InvokeAnswer, InvokeOptions, LambdaFunction, LambdaInvoker } from '../services/shared/lambda.js';

/**
 * The Lambda Invoke client (services/shared/lambda.ts says what the calls mean): a signed
 * `POST /2015-03-31/functions/<name>/invocations[?Qualifier=…]` to the Lambda-compatible server of
 * `--lambda-endpoint`, for SNS `lambda` subscriptions and SQS triggers alike.
 */
export function lambdaClient(endpoint: string, credentials: LambdaCredentials = DEFAULT_LAMBDA_CREDENTIALS, now: () => number = Date.now): LambdaInvoker {
  return {
    endpoint,
    invoke: (fn, event, type, options) => sendInvoke(invokeRequest(endpoint, fn, event, type, credentials, now()), options),
  };
}

export interface LambdaCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The key calls are signed with when none is configured: local servers check no signature. */
export const DEFAULT_LAMBDA_CREDENTIALS: LambdaCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };

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

/** Sends a signed Invoke request; rejects when no answer comes (no connection, timeout, abort). */
export function sendInvoke(req: InvokeRequest, options: InvokeOptions): Promise<InvokeAnswer> {
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
        resolve({ status: res.statusCode ?? 0, errorType: header(res.headers['x-amzn-errortype']), functionError: header(res.headers['x-amz-function-error']), executedVersion: header(res.headers['x-amz-executed-version']), body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    r.end(req.body);
  });
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
