import pg from 'pg';
import type { Durability, Engine, EngineConfig } from '../engine.js';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';
import { watchSchema } from './schema-watch.js';
import { nodeGone, nodeName, nodeSeen } from './schema-nodes.js';
import { newerStoreNotice } from '../schema-compat.js';
import { channelFor, PgNotifier } from './notify.js';
import { checkSchemaName, quoteIdent } from './sql.js';
import { PostgresSqsStore } from './sqs-store.js';
import { PostgresKinesisStore } from './kinesis-store.js';
import { PostgresSnsStore } from './sns-store.js';
import { PostgresRateBuckets } from './rate-buckets.js';
import { PostgresTriggerCheckpoints } from './trigger-checkpoints.js';

/**
 * The PostgreSQL engine: one pg Pool whose every connection has search_path = the engine's
 * schema and synchronous_commit per the durability setting (both set as startup options, so
 * they cost no round trip), numbered migrations applied at open, and one extra connection that
 * LISTENs for other nodes' wakeups.
 *
 * Several Switchyard nodes may open the same database and schema at once; see migrate.ts for
 * how migrations stay single-writer and sqs-sql.ts for how each statement stays correct across
 * nodes.
 */
export async function openPostgresEngine(config: EngineConfig): Promise<Engine> {
  const url = config.databaseUrl;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) throw new Error('openPostgresEngine needs databaseUrl = postgres://…');
  const schema = checkSchemaName(config.schema ?? 'switchyard');
  const { connectionString, userOptions } = splitOptions(url);
  const options = [userOptions, `-c search_path=${quoteIdent(schema)}`, `-c synchronous_commit=${synchronousCommit(config.durability ?? 'full')}`]
    .filter(Boolean)
    .join(' ');
  const clientConfig: pg.ClientConfig = {
    connectionString,
    options,
    types: { getTypeParser: typeParser } as pg.CustomTypesConfig,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    application_name: `switchyard ${schema}`.slice(0, 63),
  };

  const pool = new pg.Pool({ ...clientConfig, max: 10, idleTimeoutMillis: 30_000 });
  // An idle pooled connection that breaks emits 'error' on the pool; the pool discards it and
  // the next query opens a new one. Without a handler Node would treat it as fatal.
  pool.on('error', () => {});
  const ownPids = new Set<number>();
  pool.on('connect', (c) => ownPids.add(processId(c)));
  pool.on('remove', (c) => ownPids.delete(processId(c)));

  const sqsChannel = channelFor(schema, 'sqs');
  const sqs = new PostgresSqsStore(pool, sqsChannel);
  const kinesis = new PostgresKinesisStore(pool, { channel: channelFor(schema, 'kinesis'), ownPids, clientConfig: { ...clientConfig, application_name: `switchyard-kinesis ${schema}`.slice(0, 63) } });
  const sns = new PostgresSnsStore(pool);
  const notifier = new PgNotifier({ ...clientConfig, application_name: `switchyard-listen ${schema}`.slice(0, 63) }, sqsChannel, ownPids, (payload) => {
    const queueId = Number(payload);
    if (Number.isSafeInteger(queueId)) sqs.dispatch(queueId);
  });

  const known = migrations.map((m) => m.version);
  const node = nodeName();
  let verdict;
  try {
    verdict = await migrate(pool, schema, migrations);
    await nodeSeen(pool, quoteIdent(schema), node, Math.max(...known));
    await notifier.start();
  } catch (err) {
    await notifier.close();
    await pool.end().catch(() => {});
    throw new Error(`PostgreSQL at ${redact(url)} (schema ${schema}): ${(err as Error).message}`, { cause: err });
  }

  // Rolling upgrades (README "Upgrading"): a newer store this build may serve is said once, and
  // a migration applied later by a newer node is watched for. One it cannot run against ends the
  // pool at once (statements under way finish, new ones fail) rather than let this code write.
  if (verdict.storeVersion > verdict.knownVersion) config.log?.('warn', newerStoreNotice(`PostgreSQL schema "${schema}"`, verdict));
  let ending: Promise<void> | undefined;
  const endPool = () => (ending ??= pool.end());
  const watch = watchSchema({
    pool,
    schema,
    node,
    known,
    reported: verdict.storeVersion,
    intervalMs: config.schemaCheckMs,
    log: config.log,
    onIncompatible(message) {
      config.log?.('error', `${message}; this node stops using the database`);
      endPool().catch(() => {});
      config.onFatal?.(new Error(message));
    },
  });
  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    location: redact(url),
    sqs,
    kinesis,
    sns,
    rateBuckets: new PostgresRateBuckets(pool),
    triggerCheckpoints: new PostgresTriggerCheckpoints(pool),
    close() {
      closing ??= (async () => {
        watch.stop();
        await notifier.close();
        await kinesis.close();
        if (!ending) await nodeGone(pool, quoteIdent(schema), node).catch(() => {});
        await endPool();
      })();
      return closing;
    },
  };
}

/**
 * Durability → PostgreSQL's synchronous_commit, set explicitly so a server default cannot weaken it:
 * - `full`: on. The server flushes the commit's WAL to disk before it answers.
 * - `normal`: also on. `normal` promises to survive a crash of the process; with PostgreSQL the
 *   answer to any process crash (Switchyard's or PostgreSQL's own) is the server's WAL, which is
 *   only guaranteed once flushed. There is no "written to the OS, not fsync'd" level: `off`
 *   would lose recent commits if PostgreSQL itself crashed, which `normal` does not allow.
 * - `off`: off. Commits are answered before their WAL is flushed; a PostgreSQL crash can lose
 *   the last few hundred ms of them (never leaving the database inconsistent). Benchmarks only.
 */
function synchronousCommit(d: Durability): 'on' | 'off' {
  return d === 'off' ? 'off' : 'on';
}

/** int8 (bigint, count(*)) as a JS number: ids, seqs, counts and epoch ms all fit in 2^53. */
function typeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === 20) return (v: string) => Number(v);
  return (pg.types.getTypeParser as (oid: number, format?: string) => (value: string) => unknown)(oid, format);
}

function processId(c: pg.PoolClient): number {
  return (c as unknown as { processID: number }).processID;
}

/**
 * pg lets a connection string's parameters override the config object, so an `options`
 * parameter in the URL would replace ours; take it out and keep it in front of ours.
 */
function splitOptions(url: string): { connectionString: string; userOptions: string } {
  try {
    const u = new URL(url);
    const userOptions = u.searchParams.get('options') ?? '';
    if (!u.searchParams.has('options')) return { connectionString: url, userOptions };
    u.searchParams.delete('options');
    return { connectionString: u.toString(), userOptions };
  } catch {
    return { connectionString: url, userOptions: '' };
  }
}

/** The URL without its password, for logs and `Engine.location`. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    // pg also takes the password as a query parameter
    for (const k of ['password', 'sslpassword']) if (u.searchParams.has(k)) u.searchParams.set(k, '***');
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1@');
  }
}
