// The SDKs the compatibility matrix runs (COMPATIBILITY.md): how to find each, how to run its
// program (test/compat/clients/), and what it must report. Each program prints one JSON line per
// check and a last line naming the client; runClient parses them.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestServer } from '../helpers/server.js';
import { selfSignedTls } from '../helpers/tls.js';
import { judgeSts } from './sts.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export const SCENARIO = here('./scenario.json');
/**
 * The server runs with --credentials set to this file (the key every program signs with), so every
 * request of every SDK also has its SigV4 signature checked.
 */
export const CREDENTIALS = here('./credentials.json');

/** The server every client runs against: its http URL, and the CA file that makes its https port trusted. */
export interface CompatServer {
  readonly url: string;
  readonly caFile: string;
  close(): Promise<void>;
}

/**
 * Starts the server the matrix runs against: SigV4 checked (--credentials), and TLS on the same
 * port (--tls-cert, a self-signed certificate), because Ruby v1's STS client refuses plain http.
 * Every other client, and Ruby's other services, use http.
 */
export async function startCompatServer(): Promise<CompatServer> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-compat-tls-'));
  const tls = selfSignedTls();
  const caFile = join(dir, 'cert.pem');
  writeFileSync(caFile, tls.cert);
  writeFileSync(join(dir, 'key.pem'), tls.key);
  const server = await startTestServer('sqlite', {}, { credentials: CREDENTIALS, tlsCert: caFile, tlsKey: join(dir, 'key.pem') });
  return {
    url: server.url,
    caFile,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The checks, in matrix order, with their column titles. */
export const CHECKS = [
  ['sqs.create-queue', 'create queue'],
  ['sqs.send-attributes', 'send + attributes'],
  ['sqs.receive', 'receive'],
  ['sqs.md5', 'MD5 body + attributes'],
  ['sqs.delete', 'delete'],
  ['sqs.batch', 'batch'],
  ['sqs.fifo', 'FIFO'],
  ['sqs.error', 'missing queue error'],
  ['sns.create-topic', 'create topic'],
  ['sns.subscribe', 'subscribe SQS'],
  ['sns.envelope', 'publish → envelope'],
  ['sns.error', 'missing topic error'],
  ['kinesis.create-stream', 'create stream'],
  ['kinesis.put-records', 'put records'],
  ['kinesis.get-records', 'get records'],
  ['kinesis.error', 'missing stream error'],
] as const;
/** The STS checks (their own table), judged on the TypeScript side (sts.ts). */
export const STS_CHECKS = [
  ['sts.caller-identity', 'caller identity (access key)'],
  ['sts.assume-role', 'assume role (other account)'],
  ['sts.session-identity', 'caller identity (session)'],
  ['sts.session-sqs', 'SQS as the role'],
  ['sts.session-sns', 'SNS as the role'],
] as const;
export type CheckName = (typeof CHECKS)[number][0] | (typeof STS_CHECKS)[number][0];
const STS: readonly CheckName[] = STS_CHECKS.map(([c]) => c);
const ALL: readonly CheckName[] = [...CHECKS.map(([c]) => c), ...STS];
const SQS_ONLY = ALL.filter((c) => c.startsWith('sqs.'));

export interface CheckResult {
  readonly check: CheckName;
  readonly ok: boolean;
  /** The SDK cannot express this (an API newer than the SDK): neither passed nor failed. */
  readonly unsupported?: boolean;
  readonly detail: string;
  /** What the SDK gave back, for checks judged here (the STS checks). */
  readonly got?: Record<string, unknown>;
}

export interface ClientReport {
  readonly sdk: string;
  readonly version: string;
  /** Content-Type of the first request per service: the wire protocol. */
  readonly wire: Readonly<Record<string, string>>;
  /** Transport other than HTTP/1.1, per service. */
  readonly transport: Readonly<Record<string, string>>;
  /** Per service, where requests signed with temporary credentials carried the session token. */
  readonly token: Readonly<Record<string, string>>;
  readonly checks: readonly CheckResult[];
  /** How long the program ran (and, for Go, the compile before it), in ms. */
  readonly ms: number;
  readonly buildMs?: number;
}

export interface CompatClient {
  readonly id: string;
  /** The checks this client's program runs (sqs-consumer only consumes; the 3.445 row is SQS only, with STS). */
  readonly checks: readonly CheckName[];
  /** Checks the SDK cannot express, reported as unsupported rather than passed. */
  readonly unsupported?: readonly CheckName[];
  /** The wire protocol it must speak per service, where that is the point of the row. */
  readonly wire?: Readonly<Record<string, string>>;
  /** Why this row runs no STS checks, where it runs none (COMPATIBILITY.md says so). */
  readonly noSts?: string;
  /** Takes many seconds (a compile, or a process per call): the test starts these first. */
  readonly slow?: boolean;
  /** Why it cannot run here (not installed), or undefined. */
  unavailable(): Promise<string | undefined>;
  /** The program to run: `file args… <endpoint> <scenario.json> <prefix> extra…` (COMPAT_CA_FILE in its environment). */
  command(): Promise<{ file: string; args: string[]; extra?: string[]; buildMs?: number }>;
}

const works = (file: string, args: string[]) => run(file, args, { timeout: 20_000 }).then(() => true, () => false);
const onPath = (cmd: string) => run('sh', ['-c', `command -v ${cmd}`]).then((r) => r.stdout.trim(), () => '');

function tsProgram(file: string, extra: string[] = []) {
  return async () => ({ file: process.execPath, args: ['--import', 'tsx', here(`./clients/${file}`)], extra });
}

/** Where the Go program is compiled, with Go's build cache beside it: outside the repo, kept between runs. */
const GO_CACHE = join(tmpdir(), 'switchyard-compat', 'go');
const GO_SOURCES = '/usr/share/gocode';
let goBuild: Promise<{ binary: string; ms: number }> | undefined;

/**
 * Compiles test/compat/clients/go once per process, in GOPATH mode against Debian's SDK sources
 * (GO111MODULE=off, offline). A cold build took 16–26 s on two cores, a warm one under 1 s.
 */
function buildGo(): Promise<{ binary: string; ms: number }> {
  goBuild ??= (async () => {
    mkdirSync(GO_CACHE, { recursive: true });
    const binary = join(GO_CACHE, 'compat-go');
    const started = Date.now();
    const env = { ...process.env, GO111MODULE: 'off', GOPATH: GO_SOURCES, GOCACHE: join(GO_CACHE, 'build-cache'), GOFLAGS: '' };
    await run('go', ['build', '-o', binary, './test/compat/clients/go'], { env, cwd: ROOT, timeout: 300_000 });
    return { binary, ms: Date.now() - started };
  })();
  return goBuild;
}

async function goUnavailable(sdkDir: string, pkg: string): Promise<string | undefined> {
  if (!(await onPath('go'))) return 'Go is not installed (.ci/run installs golang-go)';
  for (const service of ['sqs', 'sts']) {
    if (!existsSync(join(GO_SOURCES, 'src/github.com/aws', sdkDir, 'service', service))) return `${pkg} (with service/${service}) is not installed (.ci/run installs it)`;
  }
  return undefined;
}

function goClient(id: string, which: 'v1' | 'v2', sdkDir: string, pkg: string): CompatClient {
  return {
    id,
    checks: ALL,
    slow: true,
    wire: { sqs: 'query', sns: 'query', kinesis: 'JSON 1.1', sts: 'query' },
    unavailable: () => goUnavailable(sdkDir, pkg),
    async command() {
      const { binary, ms } = await buildGo();
      return { file: binary, args: [which], buildMs: ms };
    },
  };
}

function boto3Client(id: string, python: string, wire?: Record<string, string>): CompatClient {
  return {
    id,
    checks: ALL,
    wire,
    unavailable: async () => ((await works(python, ['-c', 'import boto3'])) ? undefined : `boto3 is not installed for ${python} (.ci/run installs python3-boto3)`),
    command: async () => ({ file: python, args: [here('./clients/boto3_compat.py')] }),
  };
}

function cliClient(id: string, cli: string, wire?: Record<string, string>): CompatClient {
  return {
    id,
    checks: ALL,
    slow: true,
    wire,
    unavailable: async () => (existsSync(cli) ? undefined : `${cli} is not installed (.ci/run installs awscli)`),
    command: tsProgram('aws-cli.ts', [cli]),
  };
}

/** Whether php and Debian's AsyncAws packages (found through PHP's include_path, /usr/share/php) are there. */
async function phpUnavailable(): Promise<string | undefined> {
  if (!(await onPath('php'))) return 'php is not installed (.ci/run installs php-cli)';
  for (const [service, pkg] of [['Sqs', 'php-async-aws-sqs'], ['Sns', 'php-async-aws-sns']]) {
    const load = `exit((@include "AsyncAws/${service}/autoload.php") && class_exists("AsyncAws\\${service}\\${service}Client") ? 0 : 1);`;
    if (!(await works('php', ['-r', load]))) return `${pkg} is not installed (.ci/run installs it)`;
  }
  return undefined;
}

/** A pyenv shim re-resolves itself on every call (about 0.3 s): run what it points at instead. */
async function unshim(path: string): Promise<string> {
  if (!path.includes('/shims/')) return path;
  const cmd = path.slice(path.lastIndexOf('/') + 1);
  return run('pyenv', ['which', cmd]).then((r) => r.stdout.trim() || path, () => path);
}
const pathPython = await onPath('python3').then(unshim);
const pathAws = await onPath('aws').then(unshim);
const realPath = (p: string) => run('readlink', ['-f', p]).then((r) => r.stdout.trim(), () => p);

/**
 * Every client: the JS SDKs from package.json, and what Debian packages (.ci/run installs them).
 * A python3 or aws on PATH other than Debian's (e.g. a newer one that speaks SQS JSON) adds a row.
 */
export const CLIENTS: readonly CompatClient[] = [
  { id: 'js-v3', checks: ALL, wire: { sqs: 'JSON 1.0', sns: 'query', kinesis: 'JSON 1.1 (HTTP/2)', sts: 'query' }, unavailable: async () => undefined, command: tsProgram('js-v3.ts') },
  { id: 'js-v3-query', checks: [...SQS_ONLY, ...STS.filter((c) => c !== 'sts.session-sns')], wire: { sqs: 'query', sts: 'query' }, unavailable: async () => undefined, command: tsProgram('js-v3.ts', ['--legacy-sqs']) },
  {
    id: 'sqs-consumer',
    checks: ['sqs.receive', 'sqs.md5', 'sqs.delete', 'sqs.batch', 'sqs.fifo', 'sqs.error'],
    wire: { sqs: 'JSON 1.0' },
    noSts: 'no STS client: sqs-consumer takes a JS v3 SQSClient, whose credentials (temporary ones too) are the JS v3 rows\'',
    unavailable: async () => undefined,
    command: tsProgram('sqs-consumer.ts'),
  },
  {
    id: 'js-v2',
    checks: ALL,
    wire: { sqs: 'JSON 1.0', sns: 'query', kinesis: 'JSON 1.1', sts: 'query' },
    unavailable: async () => (existsSync(join(ROOT, 'node_modules/aws-sdk/package.json')) ? undefined : 'aws-sdk (v2) is not installed (npm ci installs it)'),
    command: tsProgram('js-v2.ts'),
  },
  boto3Client('boto3-debian', '/usr/bin/python3', { sqs: 'query', sns: 'query', kinesis: 'JSON 1.1' }),
  ...(pathPython && (await realPath(pathPython)) !== (await realPath('/usr/bin/python3')) ? [boto3Client('boto3-path', pathPython)] : []),
  cliClient('aws-cli-debian', '/usr/bin/aws', { sqs: 'query', sns: 'query', kinesis: 'JSON 1.1' }),
  ...(pathAws && (await realPath(pathAws)) !== (await realPath('/usr/bin/aws')) ? [cliClient('aws-cli-path', pathAws)] : []),
  goClient('go-v1', 'v1', 'aws-sdk-go', 'golang-github-aws-aws-sdk-go-dev'),
  goClient('go-v2', 'v2', 'aws-sdk-go-v2', 'golang-github-aws-aws-sdk-go-v2-dev'),
  {
    id: 'ruby-v1',
    checks: ALL,
    // 1.67 predates FIFO queues and GetCallerIdentity (2016).
    unsupported: ['sqs.fifo', 'sts.caller-identity', 'sts.session-identity'],
    wire: { sqs: 'query', sns: 'query', kinesis: 'JSON 1.1', sts: 'query' },
    unavailable: async () => ((await works('ruby', ['-e', 'require "aws-sdk-v1"'])) ? undefined : 'ruby-aws-sdk (v1) is not installed (.ci/run installs it)'),
    command: async () => ({ file: 'ruby', args: [here('./clients/ruby_v1_compat.rb')] }),
  },
  {
    id: 'php-asyncaws',
    // Debian packages AsyncAws's SQS and SNS clients (STS is in its core), not async-aws/kinesis.
    // async-aws/sqs 1.x speaks query; 2.x speaks SQS JSON 1.0, which this wire check would flag.
    checks: ALL.filter((c) => !c.startsWith('kinesis.')),
    wire: { sqs: 'query', sns: 'query', sts: 'query' },
    unavailable: phpUnavailable,
    command: async () => ({ file: 'php', args: [here('./clients/php_asyncaws_compat.php')] }),
  },
];

/**
 * The order to run them in, two at a time (CI machines have two cores): the slow ones (Go's
 * compile, the CLIs' process per call) first, so the quick ones fill in beside them.
 */
export const RUN_ORDER: readonly CompatClient[] = [...CLIENTS].sort((a, b) => Number(b.slow ?? false) - Number(a.slow ?? false));

/** The wire protocol a Content-Type names, with the transport when it is not HTTP/1.1. */
export function protocolName(contentType: string | undefined, transport?: string): string {
  const ct = (contentType ?? '').split(';')[0]!.trim();
  const name =
    ct === 'application/x-www-form-urlencoded'
      ? 'query'
      : ct === 'application/x-amz-json-1.0'
        ? 'JSON 1.0'
        : ct === 'application/x-amz-json-1.1'
          ? 'JSON 1.1'
          : ct === 'application/x-amz-cbor-1.1'
            ? 'CBOR'
            : ct || '—';
  return transport ? `${name} (${transport})` : name;
}

/** Runs one client's program against the server and parses what it printed. */
export async function runClient(client: CompatClient, server: Pick<CompatServer, 'url' | 'caFile'>): Promise<ClientReport> {
  const endpoint = server.url;
  const { file, args, extra = [], buildMs } = await client.command();
  const started = Date.now();
  const prefix = `compat-${client.id}`;
  // Generous: on a busy two-core machine a CLI row (a process per step) has taken over a minute.
  const out = await run(file, [...args, endpoint, SCENARIO, prefix, ...extra], { cwd: ROOT, timeout: 240_000, maxBuffer: 8 << 20, env: { ...process.env, COMPAT_CA_FILE: server.caFile } }).catch((e) => {
    throw new Error(`${client.id} exited with ${e.code}: ${String(e.stderr).slice(-2000)}\n${String(e.stdout).slice(-2000)}`);
  });
  const lines = out.stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l));
  const last = lines.at(-1)?.client;
  if (!last) throw new Error(`${client.id} printed no client line: ${out.stdout.slice(-2000)} ${out.stderr.slice(-2000)}`);
  // The STS checks' expectations are judged here, the same for every language (sts.ts).
  const checks = lines.filter((l) => l.check).map((c) => judgeSts(c, prefix));
  return { wire: {}, transport: {}, token: {}, ...last, checks, ms: Date.now() - started, buildMs };
}
