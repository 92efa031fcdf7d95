import { resolve } from 'node:path';
import { DEFAULT_ON_DEMAND_STREAM_LIMIT, MAX_QUOTA } from '../services/kinesis/domain/limits.js';
import type { Durability } from '../storage/engine.js';
import type { LogLevel } from './logger.js';
import type { AccessKey } from '../protocol/sigv4-verify.js';
import { parseSender } from '../services/sns/delivery/email-message.js';

/** Everything a server needs to start; each field also has an environment variable (see README). */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  /** Public `scheme://host[:port]` to build queue URLs from, instead of the request's Host header. */
  readonly hostname?: string;
  readonly dataDir: string;
  readonly inMemory: boolean;
  readonly databaseUrl?: string;
  /** PostgreSQL schema (tests give each run its own). */
  readonly databaseSchema?: string;
  readonly durability: Durability;
  /**
   * SQLite: a file holding a 256-bit key (64 hex characters): the database file and its WAL are
   * encrypted with it (storage/sqlite/encryption.ts). Read at start; absent, the file is plain.
   */
  readonly encryptionKeyFile?: string;
  readonly region: string;
  readonly accountId: string;
  readonly logLevel: LogLevel;
  /** How long a new Kinesis stream stays CREATING before it is ACTIVE (AWS takes seconds). */
  readonly kinesisCreateDelayMs: number;
  /** How long a Kinesis SubscribeToShard event stream lasts (AWS: 5 minutes; shorter in tests). */
  readonly kinesisSubscriptionMs: number;
  /** Opt-in: enforce AWS's Kinesis rate limits, per-shard throughput and per-operation call rates (off by default; for testing back-off code). */
  readonly kinesisThroughputLimits: boolean;
  /**
   * Opt-in: AWS's rate quotas for all three services: SQS FIFO transactions per second per action,
   * SNS publish and API rates, and the Kinesis limits above (off by default; counted per node, in memory).
   */
  readonly throughputLimits: boolean;
  /** In the throughput mode: bytes per second each enhanced fan-out consumer gets per shard (AWS: 2 MiB; lower it to see a slow pipe). */
  readonly kinesisFanOutBytesPerSecond: number;
  /** Kinesis open shards per account and region, when set the same in every region (unset: AWS's default, 20,000 or 1,000 by region). */
  readonly kinesisShardLimit?: number;
  /** Kinesis on-demand streams per account and region (AWS's default: 50). */
  readonly kinesisOnDemandStreamLimit: number;
  /**
   * Opt-in: evaluate SQS queue policies, SNS topic policies and Kinesis resource policies before
   * each resource-scoped request (cross-account access, explicit Deny, SNS → SQS delivery needing
   * the queue to allow sns.amazonaws.com); off, policies are stored and never read.
   */
  readonly enforcePolicies: boolean;
  /**
   * Base of the SigningCertURL in SNS messages (default `https://sns.<region>.amazonaws.com`, the
   * shape signature validators expect); point it at where the signing certificate is served.
   */
  readonly snsCertBaseUrl?: string;
  /**
   * Opt-in: `smtp://user:pass@host:port` or `smtps://…`, the SMTP server SNS email and email-json
   * deliveries are sent through; without it they are recorded, not sent.
   */
  readonly snsSmtpUrl?: string;
  /** The sender of SNS e-mail: an address or `Name <address>` (default AWS's `no-reply@sns.amazonaws.com`). */
  readonly snsEmailFrom?: string;
  /**
   * Opt-in: `http(s)://host:port` of a Lambda-compatible Invoke API (`sam local start-lambda`) that
   * SNS lambda subscriptions and the resource file's SQS triggers invoke; without it SNS records
   * Lambda deliveries instead, and a resource file with an enabled trigger is refused.
   */
  readonly lambdaEndpoint?: string;
  /** The key Invoke calls are signed with (default `test` / `test`; local servers take any). */
  readonly lambdaAccessKeyId?: string;
  readonly lambdaSecretAccessKey?: string;
  /** Deprecated names of lambdaEndpoint, lambdaAccessKeyId, lambdaSecretAccessKey (read into them; never set in a built config). */
  readonly snsLambdaEndpoint?: string;
  readonly snsLambdaAccessKeyId?: string;
  readonly snsLambdaSecretAccessKey?: string;
  /** PEM files of a certificate (chain) and its key: the port then also accepts TLS (https, h2 by ALPN). */
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  /** Serve Prometheus metrics at `GET /metrics` on the AWS port (runtime/metrics.ts). */
  readonly metrics: boolean;
  /** A resource file (runtime/resources.ts) applied at every start: queues, topics, subscriptions, streams. */
  readonly resources?: string;
  /** Serve the web console and its admin API at /_switchyard/console (src/console/). */
  readonly console: boolean;
  /**
   * Opt-in SigV4 verification: a credentials file (runtime/credentials.ts), or, embedded, the keys
   * themselves (a list, or the file's content as an object, limits included). Every SQS, SNS and
   * Kinesis request must then be signed by one of the keys and acts as its account; the console and
   * admin routes take the same keys by HTTP Basic auth.
   */
  readonly credentials?: string | readonly AccessKey[] | InlineCredentials;
  /**
   * An audit log file (runtime/audit-log.ts): one CloudTrail-shaped JSON line per management call
   * (and the console's changes); reopened on SIGHUP for logrotate.
   */
  readonly auditLog?: string;
  /** With the audit log: also record data events (SendMessage, ReceiveMessage, Publish, PutRecords, GetRecords …). */
  readonly auditLogDataEvents: boolean;
}

export const DEFAULTS: ServerConfig = {
  host: '127.0.0.1',
  port: 4566,
  dataDir: './data',
  inMemory: false,
  durability: 'full',
  region: 'us-east-1',
  accountId: '000000000000',
  logLevel: 'info',
  kinesisCreateDelayMs: 500,
  kinesisSubscriptionMs: 300_000,
  kinesisThroughputLimits: false,
  throughputLimits: false,
  kinesisFanOutBytesPerSecond: 2 * 1_048_576,
  kinesisOnDemandStreamLimit: DEFAULT_ON_DEMAND_STREAM_LIMIT,
  enforcePolicies: false,
  metrics: true,
  console: true,
  auditLogDataEvents: false,
};

/** Environment variable for each setting; flags override them. */
export const ENV: Readonly<Record<keyof ServerConfig, string>> = {
  host: 'SWITCHYARD_HOST',
  port: 'SWITCHYARD_PORT',
  hostname: 'SWITCHYARD_HOSTNAME',
  dataDir: 'SWITCHYARD_DATA_DIR',
  inMemory: 'SWITCHYARD_IN_MEMORY',
  databaseUrl: 'SWITCHYARD_DATABASE_URL',
  databaseSchema: 'SWITCHYARD_DATABASE_SCHEMA',
  durability: 'SWITCHYARD_DURABILITY',
  encryptionKeyFile: 'SWITCHYARD_ENCRYPTION_KEY_FILE',
  region: 'SWITCHYARD_REGION',
  accountId: 'SWITCHYARD_ACCOUNT_ID',
  logLevel: 'SWITCHYARD_LOG_LEVEL',
  kinesisCreateDelayMs: 'SWITCHYARD_KINESIS_CREATE_DELAY_MS',
  kinesisSubscriptionMs: 'SWITCHYARD_KINESIS_SUBSCRIPTION_MS',
  kinesisThroughputLimits: 'SWITCHYARD_KINESIS_THROUGHPUT_LIMITS',
  throughputLimits: 'SWITCHYARD_THROUGHPUT_LIMITS',
  kinesisFanOutBytesPerSecond: 'SWITCHYARD_KINESIS_FAN_OUT_BYTES_PER_SECOND',
  kinesisShardLimit: 'SWITCHYARD_KINESIS_SHARD_LIMIT',
  kinesisOnDemandStreamLimit: 'SWITCHYARD_KINESIS_ON_DEMAND_STREAM_LIMIT',
  enforcePolicies: 'SWITCHYARD_ENFORCE_POLICIES',
  snsCertBaseUrl: 'SWITCHYARD_SNS_CERT_BASE_URL',
  snsSmtpUrl: 'SWITCHYARD_SNS_SMTP_URL',
  snsEmailFrom: 'SWITCHYARD_SNS_EMAIL_FROM',
  lambdaEndpoint: 'SWITCHYARD_LAMBDA_ENDPOINT',
  lambdaAccessKeyId: 'SWITCHYARD_LAMBDA_ACCESS_KEY_ID',
  lambdaSecretAccessKey: 'SWITCHYARD_LAMBDA_SECRET_ACCESS_KEY',
  snsLambdaEndpoint: 'SWITCHYARD_SNS_LAMBDA_ENDPOINT',
  snsLambdaAccessKeyId: 'SWITCHYARD_SNS_LAMBDA_ACCESS_KEY_ID',
  snsLambdaSecretAccessKey: 'SWITCHYARD_SNS_LAMBDA_SECRET_ACCESS_KEY',
  tlsCert: 'SWITCHYARD_TLS_CERT',
  tlsKey: 'SWITCHYARD_TLS_KEY',
  metrics: 'SWITCHYARD_METRICS',
  resources: 'SWITCHYARD_RESOURCES',
  console: 'SWITCHYARD_CONSOLE',
  credentials: 'SWITCHYARD_CREDENTIALS',
  auditLog: 'SWITCHYARD_AUDIT_LOG',
  auditLogDataEvents: 'SWITCHYARD_AUDIT_LOG_DATA_EVENTS',
};

export class ConfigError extends Error {}

/** Raw settings: text from flags and the environment; embedding may give the access keys as a list. */
export type RawSettings = Partial<Record<Exclude<keyof ServerConfig, 'credentials'>, string | boolean | undefined>> & {
  readonly credentials?: string | boolean | readonly AccessKey[] | InlineCredentials | undefined;
};

/** Builds a config from raw string settings (flags merged over environment), checking each. */
export function buildConfig(raw: RawSettings): ServerConfig {
  const str = (k: Exclude<keyof ServerConfig, 'credentials'>) => (raw[k] === undefined || raw[k] === '' ? undefined : String(raw[k]));
  const port = str('port') === undefined ? DEFAULTS.port : Number(str('port'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`invalid port: ${str('port')}`);
  const durability = (str('durability') ?? DEFAULTS.durability) as Durability;
  if (!['full', 'normal', 'off'].includes(durability)) throw new ConfigError(`invalid durability: ${durability} (full | normal | off)`);
  const logLevel = (str('logLevel') ?? DEFAULTS.logLevel) as LogLevel;
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) throw new ConfigError(`invalid log level: ${logLevel}`);
  const databaseUrl = str('databaseUrl');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('--database must be a postgres:// URL');
  // Encryption at rest is the SQLite engine's: PostgreSQL's data is its own server's (or its disk's)
  // to encrypt, and an in-memory store keeps nothing at rest. Refused rather than ignored, so that
  // nobody believes data encrypted that is not.
  const encryptionKeyFile = str('encryptionKeyFile');
  if (encryptionKeyFile !== undefined && databaseUrl) {
    throw new ConfigError('--encryption-key-file encrypts the SQLite engine\'s file; on PostgreSQL encrypt at rest with PostgreSQL\'s or its disk\'s own means (README "Durability")');
  }
  if (encryptionKeyFile !== undefined && (raw.inMemory === true || raw.inMemory === 'true' || raw.inMemory === '1')) {
    throw new ConfigError('--encryption-key-file with --in-memory: nothing is kept at rest to encrypt');
  }
  const accountId = str('accountId') ?? DEFAULTS.accountId;
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError('the account id must be 12 digits');
  const hostname = str('hostname');
  const kinesisCreateDelayMs = str('kinesisCreateDelayMs') === undefined ? DEFAULTS.kinesisCreateDelayMs : Number(str('kinesisCreateDelayMs'));
  if (!Number.isInteger(kinesisCreateDelayMs) || kinesisCreateDelayMs < 0) throw new ConfigError(`invalid Kinesis create delay: ${str('kinesisCreateDelayMs')} (milliseconds)`);
  const kinesisSubscriptionMs = str('kinesisSubscriptionMs') === undefined ? DEFAULTS.kinesisSubscriptionMs : Number(str('kinesisSubscriptionMs'));
  if (!Number.isInteger(kinesisSubscriptionMs) || kinesisSubscriptionMs < 1) throw new ConfigError(`invalid Kinesis subscription length: ${str('kinesisSubscriptionMs')} (milliseconds)`);
  const throughput = raw.kinesisThroughputLimits;
  const fanOutRate = str('kinesisFanOutBytesPerSecond') === undefined ? DEFAULTS.kinesisFanOutBytesPerSecond : Number(str('kinesisFanOutBytesPerSecond'));
  if (!Number.isInteger(fanOutRate) || fanOutRate < 1) throw new ConfigError(`invalid Kinesis fan-out rate: ${str('kinesisFanOutBytesPerSecond')} (bytes per second)`);
  // A quota is a whole number within the range DescribeLimits may report it in.
  const quota = (k: 'kinesisShardLimit' | 'kinesisOnDemandStreamLimit', what: string): number | undefined => {
    const text = str(k);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > MAX_QUOTA) throw new ConfigError(`invalid Kinesis ${what}: ${text} (0 … ${MAX_QUOTA})`);
    return n;
  };
  const kinesisShardLimit = quota('kinesisShardLimit', 'shard limit');
  const kinesisOnDemandStreamLimit = quota('kinesisOnDemandStreamLimit', 'on-demand stream limit') ?? DEFAULTS.kinesisOnDemandStreamLimit;
  const enforcePolicies = raw.enforcePolicies === undefined || raw.enforcePolicies === '' ? DEFAULTS.enforcePolicies : onOff(raw.enforcePolicies);
  if (enforcePolicies === undefined) throw new ConfigError(`invalid enforce-policies setting: ${String(raw.enforcePolicies)} (true | false)`);
  const throughputLimits = raw.throughputLimits === undefined || raw.throughputLimits === '' ? DEFAULTS.throughputLimits : onOff(raw.throughputLimits);
  if (throughputLimits === undefined) throw new ConfigError(`invalid throughput-limits setting: ${String(raw.throughputLimits)} (true | false)`);
  const snsSmtpUrl = str('snsSmtpUrl');
  if (snsSmtpUrl !== undefined && !/^smtps?:\/\/[^/?#]+/.test(snsSmtpUrl)) throw new ConfigError('--sns-smtp-url must be an smtp:// or smtps:// URL (smtp://user:pass@host:port)');
  const snsEmailFrom = str('snsEmailFrom');
  if (snsEmailFrom !== undefined) {
    try {
      parseSender(snsEmailFrom);
    } catch (error) {
      throw new ConfigError(`--sns-email-from: ${(error as Error).message}`);
    }
  }
  // --sns-lambda-* are the first names of --lambda-* (when only SNS invoked functions): still read.
  const aliased = (name: 'lambdaEndpoint' | 'lambdaAccessKeyId' | 'lambdaSecretAccessKey', old: 'snsLambdaEndpoint' | 'snsLambdaAccessKeyId' | 'snsLambdaSecretAccessKey', flag: string): string | undefined => {
    const value = str(name);
    const before = str(old);
    if (value !== undefined && before !== undefined && value !== before) throw new ConfigError(`--${flag} and its old name --sns-${flag} disagree: give one`);
    return value ?? before;
  };
  const lambdaEndpoint = aliased('lambdaEndpoint', 'snsLambdaEndpoint', 'lambda-endpoint');
  if (lambdaEndpoint !== undefined && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(lambdaEndpoint)) throw new ConfigError('--lambda-endpoint must be an http:// or https:// URL (http://127.0.0.1:3001)');
  const lambdaAccessKeyId = aliased('lambdaAccessKeyId', 'snsLambdaAccessKeyId', 'lambda-access-key-id');
  const lambdaSecretAccessKey = aliased('lambdaSecretAccessKey', 'snsLambdaSecretAccessKey', 'lambda-secret-access-key');
  if ((lambdaAccessKeyId === undefined) !== (lambdaSecretAccessKey === undefined)) throw new ConfigError('signing Lambda calls needs both --lambda-access-key-id and --lambda-secret-access-key');
  const tlsCert = str('tlsCert');
  const tlsKey = str('tlsKey');
  if ((tlsCert === undefined) !== (tlsKey === undefined)) throw new ConfigError('TLS needs both --tls-cert and --tls-key');
  const metrics = raw.metrics === undefined || raw.metrics === '' ? DEFAULTS.metrics : onOff(raw.metrics);
  if (metrics === undefined) throw new ConfigError(`invalid metrics setting: ${String(raw.metrics)} (true | false)`);
  const consoleOn = raw.console === undefined || raw.console === '' ? DEFAULTS.console : onOff(raw.console);
  if (consoleOn === undefined) throw new ConfigError(`invalid console setting: ${String(raw.console)} (true | false)`);
  const auditLogDataEvents = raw.auditLogDataEvents === undefined || raw.auditLogDataEvents === '' ? DEFAULTS.auditLogDataEvents : onOff(raw.auditLogDataEvents);
  if (auditLogDataEvents === undefined) throw new ConfigError(`invalid audit-log-data-events setting: ${String(raw.auditLogDataEvents)} (true | false)`);
  return {
    host: str('host') ?? DEFAULTS.host,
    port,
    hostname: hostname === undefined ? undefined : /^https?:\/\//.test(hostname) ? hostname.replace(/\/$/, '') : `http://${hostname}`,
    dataDir: resolve(str('dataDir') ?? DEFAULTS.dataDir),
    inMemory: raw.inMemory === true || raw.inMemory === 'true' || raw.inMemory === '1',
    databaseUrl,
    databaseSchema: str('databaseSchema'),
    durability,
    encryptionKeyFile: encryptionKeyFile === undefined ? undefined : resolve(encryptionKeyFile),
    region: str('region') ?? DEFAULTS.region,
    accountId,
    logLevel,
    kinesisCreateDelayMs,
    kinesisSubscriptionMs,
    kinesisThroughputLimits: throughput === true || throughput === 'true' || throughput === '1',
    throughputLimits,
    kinesisFanOutBytesPerSecond: fanOutRate,
    kinesisShardLimit,
    kinesisOnDemandStreamLimit,
    enforcePolicies,
    snsCertBaseUrl: str('snsCertBaseUrl')?.replace(/\/$/, ''),
    snsSmtpUrl,
    snsEmailFrom,
    lambdaEndpoint: lambdaEndpoint?.replace(/\/+$/, ''),
    lambdaAccessKeyId,
    lambdaSecretAccessKey,
    tlsCert: tlsCert === undefined ? undefined : resolve(tlsCert),
    tlsKey: tlsKey === undefined ? undefined : resolve(tlsKey),
    metrics,
    resources: str('resources') === undefined ? undefined : resolve(str('resources')!),
    console: consoleOn,
    credentials: credentialsSetting(raw.credentials),
    auditLog: str('auditLog') === undefined ? undefined : resolve(str('auditLog')!),
    auditLogDataEvents,
  };
}

/** A credentials file path (resolved) or the keys given inline; read and checked at start (server.ts). */
function credentialsSetting(value: RawSettings['credentials']): ServerConfig['credentials'] {
  if (value === undefined || value === '') return undefined;
  if (Array.isArray(value)) return value as readonly AccessKey[];
  if (typeof value === 'object' && value !== null) return value as InlineCredentials;
  if (typeof value !== 'string') throw new ConfigError('--credentials needs a file (JSON: {"accessKeys": [...]})');
  return resolve(value);
}

/** Embedded only: what a credentials file holds, given as an object (runtime/credentials.ts checks it). */
export interface InlineCredentials {
  /** A key may name an IAM user of its account (`user`, declared in `users`). */
  readonly accessKeys: readonly (AccessKey & { readonly user?: string })[];
  /** `{"<account>" | "*": {requestsPerSecond, burst?}}` (runtime/account-limits.ts). */
  readonly limits?: Readonly<Record<string, { readonly requestsPerSecond: number; readonly burst?: number }>>;
  /** IAM users and their identity policies (runtime/identity-config.ts; README "Identity policies"). */
  readonly users?: readonly InlineUser[];
  /** IAM roles: trust policy, identity policies, maxSessionDuration (runtime/identity-config.ts). */
  readonly roles?: readonly InlineRole[];
  /** Customer managed policies users and roles attach (`managedPolicies`) and sessions name (PolicyArns). */
  readonly policies?: readonly InlineManagedPolicy[];
}

/** `arn`, or `accountId` + `name` + optional `path`, with the document. */
export interface InlineManagedPolicy {
  readonly arn?: string;
  readonly accountId?: string;
  readonly name?: string;
  readonly path?: string;
  readonly document: InlinePolicy;
}

/** A policy document, as an object or as its JSON text. */
type InlinePolicy = object | string;

export interface InlineUser {
  readonly accountId: string;
  readonly name: string;
  readonly path?: string;
  readonly policies?: readonly InlinePolicy[];
  /** ARNs of attached managed policies (AWS managed, or declared in `policies`), at most 10. */
  readonly managedPolicies?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface InlineRole {
  /** `arn:aws:iam::<account>:role/[path/]<name>`. */
  readonly arn: string;
  readonly trustPolicy?: InlinePolicy;
  readonly policies?: readonly InlinePolicy[];
  readonly managedPolicies?: readonly string[];
  readonly maxSessionDuration?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

/** A switch given as a flag (boolean) or as text: true/false, 1/0, on/off; undefined if it is none of these. */
function onOff(value: string | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = value.trim().toLowerCase();
  if (text === 'true' || text === '1' || text === 'on') return true;
  if (text === 'false' || text === '0' || text === 'off') return false;
  return undefined;
}

export function configFromEnv(env: NodeJS.ProcessEnv, flags: Partial<Record<keyof ServerConfig, string | boolean | undefined>> = {}): ServerConfig {
  const raw: Record<string, string | boolean | undefined> = {};
  for (const key of Object.keys(ENV) as (keyof ServerConfig)[]) raw[key] = flags[key] ?? env[ENV[key]];
  return buildConfig(raw as RawSettings);
}
