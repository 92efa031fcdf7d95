/**
 * `switchyard copy` end to end, through the real CLI and the SDKs: a SQLite store filled with all
 * three services (in-flight messages, a DLQ, a FIFO queue with deduplication and a receive
 * attempt, a topic with SQS and HTTP subscriptions and a delivery still pending, a stream after a
 * split with a consumer) is copied to a new PostgreSQL schema; a server on it shows the same
 * store and goes on from where the first stopped; then PostgreSQL is copied back to a new SQLite
 * data directory, and that server too. Copies refuse a store in use and a target with data.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GetTopicAttributesCommand, PublishCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetRecordsCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { openPostgresSide } from '../../src/storage/copy/postgres-side.js';
import { openSqliteSide } from '../../src/storage/copy/sqlite-side.js';
import { TABLES, tableOn, uncovered } from '../../src/storage/copy/tables.js';
import { migrate } from '../../src/storage/sqlite/migrate.js';
import { migrations } from '../../src/storage/sqlite/migrations/index.js';
import { spawnServer, type SpawnedServer } from '../helpers/process.js';
import { E2E_ENGINES } from '../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../helpers/postgres.js';
import { startSubscriber, type Subscriber } from '../helpers/sns-http.js';
import {
  clientsFor,
  fill,
  HOOK_PATH,
  putRecords,
  queueUrl,
  receiveAll,
  release,
  runCli,
  shardRecords,
  snapshot,
  type Clients,
  type Filled,
} from './copy-fixture.js';

const SERVER_ARGS = ['--kinesis-create-delay-ms', '50'];
/** Every suite here reads or writes PostgreSQL (a copy between engines needs both). */
const skip = E2E_ENGINES.includes('postgres') ? false : 'SWITCHYARD_E2E_ENGINES leaves PostgreSQL out, and every copy here involves it';
const kindX = { kind: { DataType: 'String', StringValue: 'x' } };

/** Waits until the HTTP endpoint answered 200 to a notification of `message`. */
async function delivered(hook: Subscriber, message: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!hook.to(HOOK_PATH).some((p) => p.status === 200 && p.json?.Message === message)) {
    assert.ok(Date.now() < deadline, `${message} was not delivered to the HTTP endpoint`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** DeduplicationScope messageGroup: one body sent to two groups was two messages; each group's duplicate is its own. */
async function perGroupDedup(c: Clients, filled: Filled): Promise<void> {
  const url = await queueUrl(c.sqs, 'per-group.fifo');
  for (const group of ['g1', 'g2']) {
    const r = await c.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'same', MessageGroupId: group }));
    assert.equal(r.MessageId, filled.perGroupIds[group], group);
  }
}

/** Puts records after the copy: each open shard's new positions follow its old ones. */
async function recordsContinue(c: Clients, tag: string): Promise<void> {
  const shards = (await c.kinesis.send(new ListShardsCommand({ StreamName: 'clicks' }))).Shards!;
  const before = new Map<string, bigint>();
  for (const s of shards) {
    const rs = await shardRecords(c.kinesis, 'clicks', s.ShardId!);
    before.set(s.ShardId!, rs.length === 0 ? 0n : BigInt(rs[rs.length - 1]!.seq));
  }
  await putRecords(c.kinesis, tag, 6);
  let fresh = 0;
  for (const s of shards) {
    for (const r of await shardRecords(c.kinesis, 'clicks', s.ShardId!)) {
      if (!r.key.startsWith(tag)) continue;
      fresh++;
      assert.ok(s.SequenceNumberRange!.EndingSequenceNumber === undefined, `a new record landed in the closed shard ${s.ShardId}`);
      assert.ok(BigInt(r.seq) > before.get(s.ShardId!)!, `${s.ShardId}: ${r.seq} does not follow ${before.get(s.ShardId!)}`);
    }
  }
  assert.equal(fresh, 6);
}

describe('switchyard copy: SQLite -> PostgreSQL -> SQLite', { skip }, () => {
  const pgUrl = postgresTestUrl();
  const schema = uniqueSchema('sy_copy');
  const sqliteDir = mkdtempSync(join(tmpdir(), 'switchyard-copy-a-'));
  const backDir = join(mkdtempSync(join(tmpdir(), 'switchyard-copy-b-')), 'data');
  let hook: Subscriber;
  let server: SpawnedServer | undefined;
  let c: Clients | undefined;
  let filled: Filled;
  let fromSqlite: unknown;
  let fromPostgres: unknown;

  before(async () => {
    hook = await startSubscriber();
  });
  after(async () => {
    c?.destroy();
    await server?.stop();
    await hook.close();
    await dropSchema(schema);
    await dropSchema(`${schema}_2`);
    rmSync(sqliteDir, { recursive: true, force: true });
    rmSync(join(backDir, '..'), { recursive: true, force: true });
  });

  async function start(options: { dataDir?: string; databaseUrl?: string; databaseSchema?: string }): Promise<Clients> {
    server = await spawnServer({ ...options, extraArgs: SERVER_ARGS });
    c = clientsFor(server.url);
    return c;
  }
  async function stop(): Promise<void> {
    c?.destroy();
    c = undefined;
    await server?.stop();
    server = undefined;
  }

  it('refuses to copy a SQLite store its server is running on; copies it once stopped', async () => {
    const src = await start({ dataDir: sqliteDir });
    filled = await fill(src, hook);
    fromSqlite = await snapshot(src);
    const busy = await runCli(['copy', '--from', sqliteDir, '--to', pgUrl, '--to-schema', schema]);
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, /is in use \(stop the Switchyard running on/);
    await stop();

    const r = await runCli(['copy', '--from', sqliteDir, '--to', pgUrl, '--to-schema', schema]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Copied .*switchyard\.db -> postgres:\/\/.*\(schema sy_copy_/);
    // Every table is in the summary, with as many rows on both sides. 14 messages: orders 6,
    // the dead letter 1, jobs.fifo 4 (the duplicate stored nothing), per-group.fifo 2, events-q 1.
    const tables = ['sqs_queues', 'sqs_deleted_queues', 'sqs_messages', 'sqs_fifo_dedup', 'sqs_receive_attempts', 'sns_topics', 'sns_subscriptions', 'sns_messages', 'sns_deliveries', 'sns_signing_keys', 'sns_recorded', 'sns_documents', 'sns_archive'];
    tables.push('kinesis_streams', 'kinesis_shards', 'kinesis_chunks', 'kinesis_secrets', 'kinesis_consumers', 'kinesis_resource_policies');
    for (const table of tables) {
      const m = new RegExp(`^${table}\\s+(\\d+)\\s+(\\d+)`, 'm').exec(r.stdout);
      assert.ok(m, `${table} missing from the summary:\n${r.stdout}`);
      assert.equal(m[1], m[2], `${table}: ${m[0]}`);
      assert.ok(Number(m[2]) > 0, `${table} copied no rows`);
    }
    assert.match(r.stdout, /^sqs_messages\s+14\s+14$/m);
    assert.match(r.stdout, /^kinesis_shards\s+3\s+3$/m);
  });

  it('a server on the PostgreSQL copy shows the same store, and goes on from it', async () => {
    const pgc = await start({ databaseUrl: pgUrl, databaseSchema: schema });
    assert.deepEqual(await snapshot(pgc), fromSqlite);

    // A copy from a schema a node is using is refused.
    const busy = await runCli(['copy', '--from', pgUrl, '--from-schema', schema, '--to', join(backDir, '..', 'never')]);
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, /Switchyard nodes are connected to schema sy_copy_\w+: stop every node first/);

    const { sqs, sns } = pgc;
    // The visible messages, as sent: same ids, bodies, MD5s and attributes.
    const orders = await queueUrl(sqs, 'orders');
    const got = await receiveAll(sqs, orders, filled.visible.length);
    assert.deepEqual(
      got.map((m) => ({ id: m.MessageId, body: m.Body, md5: m.MD5OfBody, md5Attributes: m.MD5OfMessageAttributes, count: m.Attributes!.ApproximateReceiveCount, attributes: m.MessageAttributes })).sort((a, b) => a.id!.localeCompare(b.id!)),
      filled.visible.map((m) => ({ ...m, count: '1', attributes: Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, v.BinaryValue ? { ...v, BinaryValue: new Uint8Array(v.BinaryValue) } : v])) })).sort((a, b) => a.id.localeCompare(b.id)),
    );
    // The in-flight messages: their receipts from the SQLite server still work, and their receive
    // count (1, maxReceiveCount 1) came along: received again, they go to the DLQ.
    for (const m of filled.inFlight) await release(sqs, orders, m);
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: orders, WaitTimeSeconds: 0 }))).Messages, undefined);
    const dead = await receiveAll(sqs, await queueUrl(sqs, 'orders-dlq'), 3);
    assert.deepEqual(dead.map((m) => m.MessageId).sort(), [filled.deadLetterId, ...filled.inFlight.map((m) => m.MessageId!)].sort());
    assert.ok(dead.every((m) => m.Attributes!.DeadLetterQueueSourceArn !== undefined));

    // FIFO: the receive attempt is still the same claim; group g1 is locked by it; the
    // deduplication window came along.
    const fifo = await queueUrl(sqs, 'jobs.fifo');
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: fifo, MaxNumberOfMessages: 10, ReceiveRequestAttemptId: 'att-1' }));
    assert.deepEqual(again.Messages?.map((m) => m.MessageId), [filled.fifoIds.a]);
    const next = await sqs.send(new ReceiveMessageCommand({ QueueUrl: fifo, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
    assert.deepEqual(next.Messages?.map((m) => m.Body), ['d']);
    const dup = await sqs.send(new SendMessageCommand({ QueueUrl: fifo, MessageBody: 'b', MessageGroupId: 'g1' }));
    assert.equal(dup.MessageId, filled.fifoIds.b);
    // Group order: once `a` is deleted (by the attempt's receipt), g1 gives b then c.
    await sqs.send(new DeleteMessageCommand({ QueueUrl: fifo, ReceiptHandle: again.Messages![0]!.ReceiptHandle }));
    const rest = await sqs.send(new ReceiveMessageCommand({ QueueUrl: fifo, MaxNumberOfMessages: 10, VisibilityTimeout: 600, MessageSystemAttributeNames: ['All'] }));
    assert.deepEqual(rest.Messages?.map((m) => [m.Body, m.MessageId, m.Attributes?.MessageGroupId]), [['b', filled.fifoIds.b, 'g1'], ['c', filled.fifoIds.c, 'g1']]);
    assert.ok(BigInt(rest.Messages![0]!.Attributes!.SequenceNumber!) < BigInt(rest.Messages![1]!.Attributes!.SequenceNumber!));
    await perGroupDedup(pgc, filled);

    // SNS: the delivery pending in the outbox is made once the endpoint recovers; the filter
    // policy still filters; notifications are signed with the same key.
    hook.respond(HOOK_PATH, 200);
    await delivered(hook, 'pending-1');
    await sns.send(new PublishCommand({ TopicArn: filled.topicArn, Message: 'second', MessageAttributes: kindX }));
    await sns.send(new PublishCommand({ TopicArn: filled.topicArn, Message: 'filtered out', MessageAttributes: { kind: { DataType: 'String', StringValue: 'y' } } }));
    await delivered(hook, 'second');
    assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn: filled.topicArn }))).Attributes!.DisplayName, 'Ev\u0000ents');
    const [second, ...more] = await receiveAll(sqs, await queueUrl(sqs, 'events-q'), 1);
    assert.equal(JSON.parse(second!.Body!).Message, 'second');
    assert.equal(more.length, 0);
    const notes = hook.to(HOOK_PATH).filter((p) => p.json?.Type === 'Notification');
    assert.equal(new Set(notes.map((p) => p.json.SigningCertURL)).size, 1);

    // A queue deleted on SQLite a few seconds ago: its name is still not free.
    await assert.rejects(sqs.send(new CreateQueueCommand({ QueueName: 'gone' })), (e: Error) => e.name === 'QueueDeletedRecently');

    // Kinesis: an iterator the SQLite server sealed still reads (the same key came along);
    // records continue after the copied ones, in the open shards.
    const parent = await pgc.kinesis.send(new GetRecordsCommand({ ShardIterator: filled.parentIterator }));
    assert.deepEqual(parent.Records?.map((r) => r.PartitionKey), ['before-0', 'before-1', 'before-2', 'before-3', 'before-4']);
    await recordsContinue(pgc, 'pg');
    fromPostgres = await snapshot(pgc);
    await stop();
  });

  it('copies the PostgreSQL schema to another schema, and back to a new SQLite data directory; each goes on from it', async () => {
    const within = await runCli(['copy', '--from', pgUrl, '--from-schema', schema, '--to', pgUrl, '--to-schema', `${schema}_2`]);
    assert.equal(within.code, 0, within.stderr);
    const pg2 = await start({ databaseUrl: pgUrl, databaseSchema: `${schema}_2` });
    assert.deepEqual(await snapshot(pg2), fromPostgres);
    await stop();

    const r = await runCli(['copy', '--from', pgUrl, '--from-schema', schema, '--to', backDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^sqs_messages\s+14\s+14$/m);
    // Made as the engine makes a new database: incremental auto-vacuum (2), WAL.
    const made = new Database(join(backDir, 'switchyard.db'), { readonly: true });
    assert.deepEqual([made.pragma('auto_vacuum', { simple: true }), made.pragma('journal_mode', { simple: true })], [2, 'wal']);
    made.close();
    const back = await start({ dataDir: backDir });
    assert.deepEqual(await snapshot(back), fromPostgres);
    const fifo = await queueUrl(back.sqs, 'jobs.fifo');
    assert.equal((await back.sqs.send(new SendMessageCommand({ QueueUrl: fifo, MessageBody: 'c', MessageGroupId: 'g1' }))).MessageId, filled.fifoIds.c);
    await perGroupDedup(back, filled);
    await back.sns.send(new PublishCommand({ TopicArn: filled.topicArn, Message: 'third', MessageAttributes: kindX }));
    await delivered(hook, 'third');
    await recordsContinue(back, 'back');
    await stop();
  });

  it('refuses a target that already holds data, and leaves it as it was', async () => {
    const r = await runCli(['copy', '--from', sqliteDir, '--to', backDir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the target .*switchyard\.db is not empty \(sqs_queues, .*hold rows\): copy into a new data directory or schema/);
    const same = await runCli(['copy', '--from', sqliteDir, '--to', `${sqliteDir}/`]);
    assert.equal(same.code, 1);
    assert.match(same.stderr, /source and target are the same store/);
    const usage = await runCli(['copy', '--from', sqliteDir]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /copy needs --from and --to/);
    const schemaOfDir = await runCli(['copy', '--from', sqliteDir, '--from-schema', 'x', '--to', join(backDir, '..', 'never')]);
    assert.equal(schemaOfDir.code, 2);
    assert.match(schemaOfDir.stderr, /--from-schema names a PostgreSQL schema, and --from is no postgres:\/\/ URL/);
  });
});

describe('switchyard copy: the table map against both engines\' migrations', { skip }, () => {
  it('maps every table and column a freshly migrated store has, on SQLite and on PostgreSQL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-copy-map-'));
    const schema = uniqueSchema('sy_copy_map');
    try {
      for (const side of [openSqliteSide(dir, 'target'), await openPostgresSide(postgresTestUrl(), schema, 'target')]) {
        try {
          const tables = await side.schema();
          assert.deepEqual(uncovered(tables, side.engine), [], side.engine);
          // And the other way: every mapped table is there (sns_throttle aside, none is one engine's alone).
          for (const t of TABLES) assert.ok(tables.has(tableOn(t, side.engine)), `${side.engine} has no ${tableOn(t, side.engine)}`);
        } finally {
          await side.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await dropSchema(schema);
    }
  });

  it('names what a new migration adds and the map does not know', () => {
    const moveTasks = TABLES.find((t) => t.name === 'sqs_move_tasks')!.columns.map(([c]) => c);
    const schema = new Map([
      ['sqs_move_tasks', [...moveTasks, 'step_after', 'brand_new_column']],
      ['brand_new_table', ['a']],
      ['schema_migrations', ['version', 'name', 'applied_at']],
    ]);
    assert.deepEqual(uncovered(schema, 'postgres'), ['sqs_move_tasks.brand_new_column', 'brand_new_table']);
  });
});

/** A SQLite store of `n` messages in one queue, written by SQL (quicker than the SDK for a store this size). */
function sqlFilledStore(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, 'switchyard.db'));
  db.pragma('journal_mode = WAL');
  migrate(db, migrations, Date.now);
  const now = Date.now();
  db.prepare(`INSERT INTO sqs_queues (id, account_id, name, attributes, tags, created_at, modified_at) VALUES (1, '000000000000', 'big', '{}', '{}', ?, ?)`).run(now, now);
  const insert = db.prepare(`INSERT INTO sqs_messages (seq, queue_id, visible_at, sent_at, message_id, md5_of_body, sender_id, body) VALUES (?, 1, ?, ?, ?, 'x', '000000000000', ?)`);
  db.transaction(() => {
    for (let i = 1; i <= n; i++) insert.run(i, now, now, `m-${i}`, 'b'.repeat(200));
  })();
  db.close();
}

/** Starts `switchyard copy …` and SIGKILLs it once it has reported `table` (so, in the middle of the next one). */
function killCopyAfter(args: readonly string[], table: string): Promise<string> {
  const entry = fileURLToPath(new URL('../../src/cli/run.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'copy', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the copy never reported ${table}:\n${stderr}`));
    }, 60_000);
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (stderr.includes(`  ${table}:`)) child.kill('SIGKILL');
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`the copy ended by itself (${code}) before it was killed:\n${stderr}`));
      else resolve(stderr);
    });
  });
}

describe('switchyard copy killed in the middle: one transaction', { skip }, () => {
  const N = 100_000;
  const work = mkdtempSync(join(tmpdir(), 'switchyard-copy-kill-'));
  const schema = uniqueSchema('sy_copy_kill');
  const source = join(work, 'source');
  before(() => sqlFilledStore(source, N));
  after(async () => {
    rmSync(work, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it('into PostgreSQL: the schema is left empty, and the copy run again completes', async () => {
    const args = ['--from', source, '--to', postgresTestUrl(), '--to-schema', schema];
    const progress = await killCopyAfter(args, 'sqs_deleted_queues');
    assert.match(progress, /sqs_queues: 1\n/);
    const client = new pg.Client({ connectionString: postgresTestUrl() });
    await client.connect();
    try {
      const counts = await client.query(`SELECT (SELECT count(*) FROM "${schema}".sqs_queues) AS queues, (SELECT count(*) FROM "${schema}".sqs_messages) AS messages`);
      assert.deepEqual(counts.rows[0], { queues: '0', messages: '0' });
    } finally {
      await client.end();
    }
    const again = await runCli(['copy', ...args]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`^sqs_messages\\s+${N}\\s+${N}$`, 'm'));
  });

  it('a value the target cannot hold fails the copy naming its table, and commits nothing', async () => {
    const odd = join(work, 'odd');
    sqlFilledStore(odd, 10);
    // U+0000 in a queue tag: SQLite keeps it, PostgreSQL's jsonb refuses it.
    const db = new Database(join(odd, 'switchyard.db'));
    db.prepare(`UPDATE sqs_queues SET tags = '{"t":"a\\u0000b"}'`).run();
    db.close();
    const oddSchema = `${schema}_odd`;
    try {
      const r = await runCli(['copy', '--from', odd, '--to', postgresTestUrl(), '--to-schema', oddSchema]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^switchyard copy: sqs_queues, after 0 rows: unsupported Unicode escape sequence; nothing was committed to the target\n$/);
    } finally {
      await dropSchema(oddSchema);
    }
  });

  it('into SQLite: the new file holds nothing, and the copy run again completes', async () => {
    const target = join(work, 'target');
    await killCopyAfter(['--from', source, '--to', target], 'sqs_deleted_queues');
    const db = new Database(join(target, 'switchyard.db'));
    assert.deepEqual([db.prepare('SELECT count(*) FROM sqs_queues').pluck().get(), db.prepare('SELECT count(*) FROM sqs_messages').pluck().get()], [0, 0]);
    db.close();
    const again = await runCli(['copy', '--from', source, '--to', target]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`^sqs_messages\\s+${N}\\s+${N}$`, 'm'));
  });
});
