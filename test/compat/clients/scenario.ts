// What the JavaScript compat programs share: the scenario inputs, the check runner that prints one
// JSON line per check, and the checks no SDK here does itself (the attribute digest, the envelope).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface ScenarioAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  /** base64 in scenario.json */
  readonly BinaryValue?: string;
}

export interface Scenario {
  readonly body: string;
  readonly attributes: Readonly<Record<string, ScenarioAttribute>>;
  readonly batch: readonly string[];
  readonly fifo: readonly string[];
  readonly notification: string;
  /** base64 in scenario.json */
  readonly records: readonly string[];
  /** The account of the key every program signs with, and the role (in another account) it assumes. */
  readonly sts: { readonly account: string; readonly roleArn: string; readonly roleAccount: string };
}

/** `program <endpoint> <scenario.json> <name prefix>`, as every compat program is called. */
export function programArgs(): { endpoint: string; scenario: Scenario; prefix: string } {
  const [endpoint, file, prefix] = process.argv.slice(2);
  if (!endpoint || !file || !prefix) {
    console.error('usage: <program> <endpoint> <scenario.json> <name prefix>');
    process.exit(2);
  }
  return { endpoint, scenario: JSON.parse(readFileSync(file, 'utf8')) as Scenario, prefix };
}

export const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** Runs checks in order; a check whose prerequisite failed is reported as not run. */
export class Checks {
  private readonly failed = new Set<string>();
  readonly wire: Record<string, string> = {};
  /** How each service's requests signed with temporary credentials carried the session token. */
  readonly token: Record<string, string> = {};

  check(name: string, needs: readonly string[], step: () => Promise<string | void>): Promise<void> {
    return this.run(name, needs, async () => ({ detail: (await step()) ?? '' }));
  }

  /** Records the Content-Type of the first request to `service`: the wire protocol in use. */
  sawContentType(service: string, contentType: string | undefined): void {
    if (contentType && !(service in this.wire)) this.wire[service] = contentType;
  }

  /** Records where the first request to `service` signed with a session put its token (sessionTokenIn). */
  sawToken(service: string, where: string | undefined): void {
    if (where && !(service in this.token)) this.token[service] = where;
  }

  /** The last line: which client this was. `transport` names a non-HTTP/1.1 transport per service. */
  done(sdk: string, version: string, transport: Record<string, string> = {}): void {
    console.log(JSON.stringify({ client: { sdk, version, wire: this.wire, transport, token: this.token } }));
  }

  /**
   * A check whose outcome the test judges (the STS checks, test/compat/sts.ts): the step returns
   * what the SDK gave back, printed as `got`.
   */
  reportGot(name: string, needs: readonly string[], step: () => Promise<Record<string, unknown>>): Promise<void> {
    return this.run(name, needs, async () => ({ detail: '', got: await step() }));
  }

  private async run(name: string, needs: readonly string[], step: () => Promise<{ detail: string; got?: Record<string, unknown> }>): Promise<void> {
    const missing = needs.find((n) => this.failed.has(n));
    if (missing) return this.report(name, false, `not run: ${missing} failed`);
    try {
      const { detail, got } = await step();
      this.report(name, true, detail, got);
    } catch (e) {
      this.report(name, false, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
  }

  private report(name: string, ok: boolean, detail: string, got?: Record<string, unknown>): void {
    if (!ok) this.failed.add(name);
    console.log(JSON.stringify({ check: name, ok, detail, ...(got && { got }) }));
  }
}

export const md5Hex = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/**
 * MD5OfMessageAttributes computed the way the Java SDK verifies it (the JS SDKs check only the
 * body): names sorted; name, type and value each length-prefixed (4 bytes big-endian), with a
 * transport byte before the value (1 string/number, 2 binary). Written here, apart from src/, so
 * the server's digest is checked against an independent computation.
 */
export function md5OfAttributes(attributes: Readonly<Record<string, ScenarioAttribute>>): string {
  const hash = createHash('md5');
  const prefixed = (bytes: Buffer) => {
    const n = Buffer.alloc(4);
    n.writeUInt32BE(bytes.length);
    hash.update(n).update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const a = attributes[name]!;
    prefixed(Buffer.from(name));
    prefixed(Buffer.from(a.DataType));
    const binary = a.DataType.startsWith('Binary');
    hash.update(Buffer.from([binary ? 2 : 1]));
    prefixed(binary ? Buffer.from(a.BinaryValue!, 'base64') : Buffer.from(a.StringValue!));
  }
  return hash.digest('hex');
}

export function expectDigests(scenario: Scenario, sent: string | undefined, received: string | undefined): void {
  const want = md5OfAttributes(scenario.attributes);
  if (sent !== undefined && sent !== want) throw new Error(`SendMessage MD5OfMessageAttributes ${sent}, computed ${want}`);
  if (received !== want) throw new Error(`ReceiveMessage MD5OfMessageAttributes ${received}, computed ${want}`);
}

/** Whether the attributes a client received are the ones sent (binary values as bytes). */
export function expectAttributes(scenario: Scenario, got: Record<string, { DataType?: string; StringValue?: string; BinaryValue?: Uint8Array | string }> | undefined): void {
  for (const [name, a] of Object.entries(scenario.attributes)) {
    const g = got?.[name];
    const sameValue =
      a.BinaryValue !== undefined ? g?.BinaryValue !== undefined && Buffer.from(g.BinaryValue as Uint8Array).equals(Buffer.from(a.BinaryValue, 'base64')) : g?.StringValue === a.StringValue;
    if (g?.DataType !== a.DataType || !sameValue) throw new Error(`attribute ${name} came back as ${JSON.stringify(g)}`);
  }
}

/** The JSON an SNS → SQS subscription without raw delivery puts in the queue. */
export function expectEnvelope(scenario: Scenario, body: string, topicArn: string): string {
  const env = JSON.parse(body);
  if (env.Type !== 'Notification' || env.TopicArn !== topicArn || env.Message !== scenario.notification) throw new Error(`unexpected envelope ${body}`);
  for (const field of ['MessageId', 'Timestamp', 'Signature', 'SigningCertURL', 'UnsubscribeURL']) {
    if (!env[field]) throw new Error(`envelope lacks ${field}: ${body}`);
  }
  if (env.MessageAttributes?.kind?.Type !== 'String' || env.MessageAttributes.kind.Value !== 'compat') throw new Error(`envelope attribute kind: ${body}`);
  return `Type Notification, SignatureVersion ${env.SignatureVersion}`;
}

export function expectRecords(scenario: Scenario, got: readonly (Uint8Array | string | undefined)[]): string {
  const want = scenario.records.map((r) => Buffer.from(r, 'base64'));
  const have = got.map((d) => Buffer.from(d as Uint8Array));
  if (have.length !== want.length || have.some((d, i) => !d.equals(want[i]!))) {
    throw new Error(`records ${have.map((d) => d.toString('hex'))}, want ${want.map((d) => d.toString('hex'))}`);
  }
  return 'data intact';
}

/** Retries `fn` (about 5 s in all) until it returns a value. */
export async function poll<T>(fn: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 50; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('gave up waiting');
}

/** The names AWS gives each missing-resource error: the query code, and the shape's name where it differs. */
export const SQS_ERROR_CODES = ['AWS.SimpleQueueService.NonExistentQueue', 'QueueDoesNotExist'];
export const SNS_ERROR_CODES = ['NotFound', 'NotFoundException'];
export const KINESIS_ERROR_CODES = ['ResourceNotFoundException'];

/** The error a call fails with (undefined if it succeeds). */
export const failure = (p: Promise<unknown>): Promise<any> =>
  p.then(
    () => undefined,
    (e) => e,
  );

/** The installed version of an npm package (read from its package.json: not every package exports it). */
export function packageVersion(name: string): string {
  return JSON.parse(readFileSync(new URL(`../../../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
}

/**
 * Where a request carries its session token: the `X-Amz-Security-Token` header (SigV4), the same
 * name in the query string (a presigned URL), or `SecurityToken` in a query-protocol body (SigV2).
 */
export function sessionTokenIn(headers: Record<string, unknown>, url: string, body: unknown): string | undefined {
  if (Object.keys(headers).some((h) => h.toLowerCase() === 'x-amz-security-token')) return 'header';
  if (/[?&]X-Amz-Security-Token=/i.test(url)) return 'query string';
  if (typeof body === 'string' && /(^|&)SecurityToken=/.test(body)) return 'body';
  return undefined;
}

