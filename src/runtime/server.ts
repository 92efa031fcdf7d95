import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { startListener } from '../http/listener.js';
import { createProtocolHandler } from '../protocol/index.js';
import { createSessionAccountResolver, createSigV4Verifier } from '../protocol/sigv4-verify.js';
import { createSqsService } from '../services/sqs/index.js';
import { createKinesisService } from '../services/kinesis/index.js';
import { trimExpiredRecords } from '../services/kinesis/domain/retention.js';
import { createSnsService } from '../services/sns/index.js';
import { createStsService } from '../services/sts/index.js';
import { trimExpiredMessages } from '../services/sqs/retention.js';
import { openEngine } from '../storage/open.js';
import type { Engine, SharedRateBuckets } from '../storage/engine.js';
import { systemClock, type Clock } from './clock.js';
import { ConfigError, type ServerConfig } from './config.js';
import { randomIds, type Ids } from './ids.js';
import { startJobs } from './jobs.js';
import { withAdminRoutes } from './admin-routes.js';
import { checkAccessKeys, checkCredentials, readCredentialsFile, type AccessKeys, type Credentials } from './credentials.js';
import { reloadCredentialsOnHangUp, type LiveCredentials } from './credentials-reload.js';
import { AccountRateLimiter, withAccountLimits } from './account-limits.js';
import { SharedAccountRateLimiter } from './account-limits-shared.js';
import { createLogger, type Log } from './logger.js';
import { lambdaClient } from './lambda-client.js';
import { startAuditLog, type AuditLog } from './audit-log.js';
import { createMetrics } from './metrics.js';
import { applyResources, readResourcesFile, resourceContext, summaryLine } from './resources.js';
import { createTriggers, streamTriggerMappings, triggerMappings, type Triggers } from './triggers/index.js';
import { everyObserver } from '../services/shared/observers.js';
import { operatorOnly, withBackupRoute } from './backup.js';
import { NO_SQS_OBSERVER, type SqsObserver } from '../services/sqs/observer.js';
import { NO_SNS_OBSERVER, type SnsObserver } from '../services/sns/delivery/observer.js';
import { NO_KINESIS_OBSERVER, type KinesisObserver } from '../services/kinesis/observer.js';

/**
 * The composition root: opens the engine, builds every service over it, and puts the protocol
 * layer behind one listener. Nothing here is global, so several servers can run in one process.
 */
export interface RunningServer {
  /** `http://host:port` the server listens on. */
  readonly url: string;
  /** `https://host:port`, the same port, when TLS is configured. */
  readonly tlsUrl?: string;
  readonly port: number;
  readonly engine: Engine;
  /** The access keys requests must be signed with (`--credentials`); undefined when nothing is verified. */
  readonly accessKeys?: AccessKeys;
  /**
   * Settles, with why, if the server can no longer serve: a newer node applied a migration this
   * build cannot run against (README "Upgrading"; the engine has stopped using the store). Its
   * owner should then close it (the CLI does, and exits 1). Never settles otherwise.
   */
  readonly failed: Promise<Error>;
  close(): Promise<void>;
}

export interface ServerDeps {
  readonly clock?: Clock;
  readonly ids?: Ids;
  readonly log?: Log;
  /** More observers of the services' traffic, beside the metrics (the embedded spy: runtime/spy.ts). */
  readonly observers?: { readonly sqs?: SqsObserver; readonly sns?: SnsObserver; readonly kinesis?: KinesisObserver };
}

export async function startServer(config: ServerConfig, deps: ServerDeps = {}): Promise<RunningServer> {
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? randomIds;
  const log = deps.log ?? createLogger(config.logLevel);
  const tls = readTls(config);
  // Read and checked before anything starts: a bad file is a ConfigError, not a half-started server.
  const resources = config.resources === undefined ? undefined : readResourcesFile(config.resources);
  // Its queue and stream triggers too: an enabled one needs --lambda-endpoint (runtime/triggers/).
  if (resources !== undefined) {
    triggerMappings(resources, config, config.lambdaEndpoint);
    streamTriggerMappings(resources, config, config.lambdaEndpoint);
  }
  const credentials = readCredentials(config);
  const accessKeys = credentials?.keys;
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<Error>((resolve) => (fail = resolve));
  const engine = await openEngine({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    inMemory: config.inMemory,
    durability: config.durability,
    encryptionKeyFile: config.encryptionKeyFile,
    schema: config.databaseSchema,
    log,
    onFatal: (error) => fail(error),
  });
  // Prometheus metrics (GET /metrics): the services count through observers handed to them here.
  const metrics = config.metrics ? createMetrics(log, engine.usage) : undefined;
  const sqs = createSqsService({ store: engine.sqs, clock, ids, log, enforcePolicies: config.enforcePolicies, throughputLimits: config.throughputLimits, sharedRates: engine.rateBuckets, observer: everyObserver(NO_SQS_OBSERVER, metrics?.sqs, deps.observers?.sqs) });
  await sqs.start();
  // The Lambda-compatible server SNS lambda subscriptions and SQS triggers invoke (--lambda-endpoint).
  const lambdaKey = config.lambdaAccessKeyId === undefined ? undefined : { accessKeyId: config.lambdaAccessKeyId, secretAccessKey: config.lambdaSecretAccessKey! };
  const lambda = config.lambdaEndpoint === undefined ? undefined : lambdaClient(config.lambdaEndpoint, lambdaKey, () => clock.now());
  // SNS delivers to SQS by calling the SQS service's operations in-process.
  const certBase = config.snsCertBaseUrl;
  const sns = createSnsService({ store: engine.sns, sqs, clock, ids, log, enforcePolicies: config.enforcePolicies, throughputLimits: config.throughputLimits, sharedRates: engine.rateBuckets, certBaseUrl: certBase ? () => certBase : undefined, email: config.snsSmtpUrl === undefined ? undefined : { smtpUrl: config.snsSmtpUrl, from: config.snsEmailFrom }, lambda: lambda && { invoker: lambda }, observer: everyObserver(NO_SNS_OBSERVER, metrics?.sns, deps.observers?.sns) });
  const kinesisConfig = {
    createDelayMs: config.kinesisCreateDelayMs,
    subscriptionMs: config.kinesisSubscriptionMs,
    // --throughput-limits is every service's; --kinesis-throughput-limits Kinesis's alone.
    throughputLimits: config.kinesisThroughputLimits || config.throughputLimits,
    fanOutBytesPerSecond: config.kinesisFanOutBytesPerSecond,
    shardLimit: config.kinesisShardLimit,
    onDemandStreamLimit: config.kinesisOnDemandStreamLimit,
  };
  const kinesis = createKinesisService({ store: engine.kinesis, clock, ids, log, config: kinesisConfig, enforcePolicies: config.enforcePolicies, sharedRates: engine.rateBuckets, observer: everyObserver(NO_KINESIS_OBSERVER, metrics?.kinesis, deps.observers?.kinesis) });
  await kinesis.start();
  // Queue and stream triggers (runtime/triggers/): a stream's read through the Kinesis service, with checkpoints in the store.
  const triggers: Triggers | undefined = resources === undefined ? undefined : createTriggers(resources, config, { sqs, sns, kinesis, checkpoints: engine.triggerCheckpoints, clock, log, lambda });
  // STS: temporary credentials are sealed tokens (services/sts/domain/session-token.ts) under a key
  // derived from the store's server key, the one Kinesis seals iterators with: created once per
  // database, so a session works on every node and after a restart without a lookup per request.
  const sts = createStsService({ serverKey: await engine.kinesis.serverKey(ids.bytes(32)), clock, ids, enforcePolicies: config.enforcePolicies, listedKeyAccount: (id) => accessKeys?.get(id)?.accountId, defaultAccountId: config.accountId });
  // The audit log (--audit-log): open before the listener, closed after it, so every answered request is in it.
  let audit: AuditLog | undefined;
  try {
    const settings = { dataEvents: config.auditLogDataEvents, verifiesSignatures: credentials !== undefined, now: () => clock.now(), uuid: () => ids.uuid() };
    audit = config.auditLog === undefined ? undefined : startAuditLog(config.auditLog, settings, log);
  } catch (error) {
    await sns.close();
    await sqs.close();
    await engine.close();
    throw error;
  }
  // Non-AWS routes (the SNS signing certificate …) in front of the AWS protocols.
  const handler = withAdminRoutes(createProtocolHandler({
    services: [sqs, sns, kinesis, sts],
    defaultRegion: config.region,
    defaultAccountId: config.accountId,
    externalBaseUrl: config.hostname,
    log,
    observe: metrics?.requests,
    audit: audit?.requests,
    // Resource policies see a role session as its role (services/shared/policy/context-keys.ts).
    sessions: sts.sessionIdentity,
    verify: credentials === undefined ? createSessionAccountResolver(sts.session, () => clock.now()) : verifier({ ...credentials, sessions: sts.session }, () => clock.now(), engine.rateBuckets, log),
  }), { sns, sqs, kinesis, triggers }, log, { accountId: config.accountId, region: config.region, hostname: config.hostname, console: config.console, accessKeys, audit: audit?.console });
  const served = metrics ? metrics.route(handler, (max) => sqs.gauges(max)) : handler;
  const outermost = withBackupRoute(served, engine, log, accessKeys && operatorOnly(accessKeys, config.accountId));
  let listener;
  try {
    listener = await startListener({ host: config.host, port: config.port, handler: audit ? audit.adminRoutes(outermost, { accountId: config.accountId, region: config.region, accessKeys }) : outermost, ids, log, tls });
  } catch (error) {
    await sns.close();
    await sqs.close();
    await audit?.close();
    await engine.close();
    throw error;
  }
  const jobs = startJobs(
    [
      { name: 'sqs-retention', intervalMs: 60_000, run: () => trimExpiredMessages(engine.sqs, clock) },
      { name: 'kinesis-retention', intervalMs: 60_000, run: () => trimExpiredRecords(engine.kinesis, clock.now()) },
      { name: 'sns-housekeeping', intervalMs: 60_000, run: () => sns.housekeeping() },
    ],
    clock,
    log,
  );
  sns.start();
  const stopReloading = credentials?.live && reloadCredentialsOnHangUp(config.credentials as string, credentials.live, log);
  const authority = `${config.host.includes(':') ? `[${config.host}]` : config.host}:${listener.port}`;
  const url = `http://${authority}`;
  const running: RunningServer = {
    url,
    tlsUrl: config.tlsCert === undefined ? undefined : `https://${authority}`,
    port: listener.port,
    engine,
    accessKeys,
    failed,
    async close() {
      stopReloading?.();
      await triggers?.close(); // before SQS: a batch the function processed is still deleted
      await jobs.stop();
      await sns.close(); // before SQS: deliveries under way still send to it
      await sqs.close();
      await listener.close();
      await audit?.close();
      await engine.close();
    },
  };
  if (resources !== undefined) {
    // Once listening: HTTP/S subscriptions get a SubscribeURL on this server, and the outbox
    // sends their confirmations.
    try {
      const ctx = resourceContext({ accountId: config.accountId, region: config.region, baseUrl: config.hostname ?? url });
      log('info', summaryLine(await applyResources({ sqs, sns, kinesis }, resources, ctx)));
      await triggers?.start(); // once the file's queues and streams exist
    } catch (error) {
      await running.close();
      throw error;
    }
  }
  return running;
}

/**
 * The access keys (and account limits) of `--credentials` (a file), or of the embedding option
 * (a list of keys, or the file's content as an object), checked. A file's go into maps of their own that SIGHUP fills again
 * (credentials-reload.ts); its limits map exists even when empty, so that a re-read may add limits.
 */
function readCredentials(config: ServerConfig): (Credentials & { readonly live?: LiveCredentials }) | undefined {
  if (config.credentials === undefined) return undefined;
  if (Array.isArray(config.credentials)) return { keys: checkAccessKeys(config.credentials, 'the credentials option') };
  if (typeof config.credentials !== 'string') return checkCredentials(config.credentials, 'the credentials option');
  const file = readCredentialsFile(config.credentials);
  const live = { keys: new Map(file.keys), limits: new Map(file.limits ?? []) };
  return { ...live, live };
}

/**
 * SigV4 verification with the keys, then the account's request rate when the file sets limits:
 * counted in memory on SQLite (one process), in buckets every node shares on PostgreSQL.
 */
function verifier(credentials: Credentials, now: () => number, shared: SharedRateBuckets | undefined, log: Log) {
  const verify = createSigV4Verifier({ keys: credentials.keys, now, sessions: credentials.sessions });
  const limits = credentials.limits;
  if (limits === undefined) return verify;
  return withAccountLimits(verify, shared ? new SharedAccountRateLimiter(limits, shared, now, log) : new AccountRateLimiter(limits, now));
}

/**
 * The TLS certificate and key, read and checked before anything starts: a missing file or a key
 * that does not match its certificate is a ConfigError, not a half-started server.
 */
function readTls(config: ServerConfig): { cert: Buffer; key: Buffer } | undefined {
  if (config.tlsCert === undefined || config.tlsKey === undefined) return undefined;
  try {
    const credentials = { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) };
    createSecureContext(credentials);
    return credentials;
  } catch (error) {
    throw new ConfigError(`cannot use the TLS certificate ${config.tlsCert} and key ${config.tlsKey}: ${(error as Error).message}`);
  }
}
