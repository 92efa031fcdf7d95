import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * A fake Lambda Invoke API for SNS → Lambda tests (what `sam local start-lambda` serves):
 * `POST /2015-03-31/functions/<FunctionName>/invocations[?Qualifier=…]`. Each call's SigV4
 * signature is checked with the JS SDK's own signer (@smithy/signature-v4, an implementation
 * independent of Switchyard's), re-signing the request as received with the key given, and the
 * call is recorded with its event. Answers are 202 (Event) / 200 (RequestResponse) unless a rule
 * says otherwise; a rule may also hold the call unanswered, and for a RequestResponse call (an SQS
 * trigger's) give the function's result (`result`) or its failure (`functionError`, sent as
 * `X-Amz-Function-Error` with a 200, as Lambda and `sam local start-lambda` do).
 */
export interface Invocation {
  readonly functionName: string;
  readonly qualifier: string | null;
  readonly invocationType: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly event: any;
  /** The Authorization header's signature is the one @smithy/signature-v4 computes for this request. */
  readonly signatureValid: boolean;
  /** The credential scope signed: `<date>/<region>/<service>/aws4_request` and the key id. */
  readonly scope: string;
  readonly accessKeyId: string;
  readonly status: number;
}

export interface Answer {
  readonly status: number;
  /** Sent as `X-Amzn-ErrorType`, as Lambda names its errors. */
  readonly errorType?: string;
  readonly message?: string;
  /** A RequestResponse call's result: the function's return value (JSON-encoded unless a string). */
  readonly result?: unknown;
  /** The function failed: `Unhandled` (it threw) or `Handled`; the result is then its error document. */
  readonly functionError?: string;
  /** Sent as `X-Amz-Executed-Version` (Lambda sends the version that ran). */
  readonly executedVersion?: string;
}

/** What to answer the n-th call (1-based) of a function (its event parsed); 'hold' leaves it unanswered. */
export type Rule = (attempt: number, invocationType: string, event: any) => Answer | 'hold';

export interface FakeLambda {
  readonly url: string;
  readonly invocations: Invocation[];
  of(functionName: string): Invocation[];
  respond(functionName: string, rule: Rule | undefined): void;
  waitFor(functionName: string, count: number, timeoutMs?: number): Promise<Invocation[]>;
  /** The key signatures are checked against from now on. */
  expectKey(credentials: { accessKeyId: string; secretAccessKey: string }): void;
  /** Calls being held. */
  held(): number;
  release(): void;
  /** Answers the calls being held (default: 200, the function returned null). */
  answerHeld(answer?: Answer): void;
  close(): Promise<void>;
}

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startFakeLambda(key = { accessKeyId: 'test', secretAccessKey: 'test' }): Promise<FakeLambda> {
  let credentials = key;
  const invocations: Invocation[] = [];
  const rules = new Map<string, Rule>();
  const held: http.ServerResponse[] = [];
  const send = (res: http.ServerResponse, answer: Answer) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (answer.errorType) headers['x-amzn-errortype'] = answer.errorType;
    if (answer.functionError) headers['x-amz-function-error'] = answer.functionError;
    if (answer.executedVersion) headers['x-amz-executed-version'] = answer.executedVersion;
    const result = answer.result === undefined ? undefined : typeof answer.result === 'string' ? answer.result : JSON.stringify(answer.result);
    res.writeHead(answer.status, headers).end(result ?? (answer.errorType ? JSON.stringify({ Type: 'User', message: answer.message ?? answer.errorType }) : answer.status === 200 ? 'null' : ''));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const m = PATH.exec(url.pathname);
        if (req.method !== 'POST' || !m) {
          res.writeHead(404, { 'x-amzn-errortype': 'UnknownOperationException' }).end('{"message":"unknown operation"}');
          return;
        }
        const body = Buffer.concat(chunks).toString('utf8');
        const functionName = decodeURIComponent(m[1]!);
        const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
        const auth = parseAuthorization(String(req.headers.authorization ?? ''));
        const signatureValid = auth !== undefined && (await expectedSignature(req, url, body, auth, credentials)) === auth.signature;
        let event: unknown;
        try {
          event = JSON.parse(body);
        } catch {
          event = undefined;
        }
        const attempt = invocations.filter((i) => i.functionName === functionName).length + 1;
        const rule = rules.get(functionName);
        const answer = rule ? rule(attempt, invocationType, event) : { status: invocationType === 'Event' ? 202 : 200 };
        invocations.push({
          functionName,
          qualifier: url.searchParams.get('Qualifier'),
          invocationType,
          headers: req.headers,
          body,
          event,
          signatureValid,
          scope: auth?.scope ?? '',
          accessKeyId: auth?.accessKeyId ?? '',
          status: answer === 'hold' ? 0 : answer.status,
        });
        if (answer === 'hold') {
          held.push(res);
          return;
        }
        send(res, answer);
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const of = (name: string) => invocations.filter((i) => i.functionName === name);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    invocations,
    of,
    respond: (name, rule) => void (rule ? rules.set(name, rule) : rules.delete(name)),
    async waitFor(name, count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (of(name).length < count) {
        if (Date.now() > deadline) throw new Error(`only ${of(name).length} of ${count} invocations of ${name} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return of(name);
    },
    expectKey: (k) => void (credentials = k),
    held: () => held.length,
    release: () => {
      for (const r of held.splice(0)) r.destroy();
    },
    answerHeld: (answer = { status: 200 }) => {
      for (const r of held.splice(0)) send(r, answer);
    },
    close: () =>
      new Promise<void>((r) => {
        for (const h of held.splice(0)) h.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

interface Authorization {
  readonly accessKeyId: string;
  readonly scope: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

function parseAuthorization(header: string): Authorization | undefined {
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(header);
  if (!m) return undefined;
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]!, scope: `${m[2]}/${m[3]}/${m[4]}/aws4_request`, signedHeaders: m[5]!.split(';'), signature: m[6]! };
}

/** What @smithy/signature-v4 signs this request as, over the headers the client said it signed. */
async function expectedSignature(req: http.IncomingMessage, url: URL, body: string, auth: Authorization, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<string> {
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) headers[name] = String(req.headers[name] ?? '');
  const amzDate = headers['x-amz-date'] ?? '';
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signer = new SignatureV4({ service: auth.service, region: auth.region, credentials, sha256: Sha256, applyChecksum: false });
  const [host, port] = (headers.host ?? '').split(':');
  const signed = await signer.sign(
    { method: req.method ?? 'POST', protocol: 'http:', hostname: host ?? '', port: port ? Number(port) : undefined, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body },
    { signingDate },
  );
  const m = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? signed.headers.Authorization ?? ''));
  return m?.[1] ?? '';
}
