/**
 * The SQS store conformance suite against the PostgreSQL engine, plus what only a shared engine
 * has: two engines (two pools, as two nodes would have) on one schema.
 *
 * Needs a PostgreSQL server: SWITCHYARD_TEST_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test. Each run works in its own schema, dropped at the end.
 * If the server is unreachable these tests FAIL (CI starts PostgreSQL; a silent skip would hide
 * a whole engine).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Engine } from '../../src/storage/engine.js';
import { openPostgresEngine, redact } from '../../src/storage/postgres/engine.js';
import type { NewMessage, StoredMessage } from '../../src/services/sqs/store.js';
import { sqsStoreSuite } from './sqs-store.suite.js';

const url = process.env.SWITCHYARD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const runId = `${process.pid}_${randomBytes(4).toString('hex')}`;
const schema = `sy_test_${runId}`;
const schemas = new Set<string>([schema]);

let reachable: Promise<void> | undefined;
/** Fails with a message saying what to do, instead of a bare ECONNREFUSED from deep inside. */
function requirePostgres(): Promise<void> {
  reachable ??= (async () => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
    } catch (err) {
      throw new Error(
        `PostgreSQL is not reachable at ${url} (${(err as Error).message}). These tests need it: start it ` +
          '(e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main start`) or set SWITCHYARD_TEST_DATABASE_URL.',
      );
    } finally {
      await c.end().catch(() => {});
    }
  })();
  return reachable;
}

async function open(inSchema = schema): Promise<Engine> {
  await requirePostgres();
  schemas.add(inSchema);
  return openPostgresEngine({ databaseUrl: url, schema: inSchema });
}

after(async () => {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await c.connect();
    for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } catch {
    // unreachable: the tests have already failed saying so
  } finally {
    await c.end().catch(() => {});
  }
});

sqsStoreSuite('postgres', async () => {
  const engine = await open();
  return { store: engine.sqs, close: () => engine.close() };
});

const T0 = 1_700_000_000_000;
const RETENTION = 4 * 86_400_000;

function message(over: Partial<NewMessage> = {}): NewMessage {
  return {
    messageId: randomUUID(),
    body: 'b',
    md5OfBody: 'm',
    messageAttributes: null,
    md5OfMessageAttributes: null,
    systemAttributes: null,
    senderId: 'S',
    sentAt: T0,
    visibleAt: T0,
    groupId: null,
    dedupId: null,
    ...over,
  };
}

/** Resolves when `engine`'s listeners hear `queueId`; rejects after `timeoutMs`. */
function heard(engine: Engine, queueId: number, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no wakeup for queue ${queueId} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = engine.sqs.onMessagesAvailable((id) => {
      if (id !== queueId) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

describe('postgres: two nodes on one schema', () => {
  let a: Engine;
  let b: Engine;
  after(async () => {
    await a?.close();
    await b?.close();
  });

  it('several nodes opening a fresh schema at once migrate it once', async () => {
    const fresh = `Sy_Test_${runId}_M`;
    const engines = await Promise.all([open(fresh), open(fresh), open(fresh)]);
    try {
      const c = new pg.Client(url);
      await c.connect();
      try {
        const r = await c.query(`SELECT version FROM "${fresh}".schema_migrations ORDER BY version`);
        assert.deepEqual(r.rows.map((x) => x.version), [1]);
      } finally {
        await c.end();
      }
      // the schema name is mixed-case on purpose: it must be quoted everywhere (search_path too)
      const { created } = await engines[1]!.sqs.createQueue({ accountId: '1', name: 'q', attributes: {}, tags: {}, createdAt: T0 });
      assert.equal(created, true);
      assert.equal((await engines[2]!.sqs.getQueue('1', 'q'))?.name, 'q');
    } finally {
      await Promise.all(engines.map((e) => e.close()));
    }
  });

  it('location is the URL without its password', () => {
    const shown = redact('postgres://app:s3cret@db.example:5432/switchyard?sslmode=require&password=s3cret');
    assert.ok(!shown.includes('s3cret'), shown);
    assert.match(shown, /^postgres:\/\/app@db\.example:5432\/switchyard\?sslmode=require/);
  });

  it('opens two engines', async () => {
    [a, b] = await Promise.all([open(), open()]);
  });

  it('concurrent claims from both nodes never return the same message', async () => {
    const { queue } = await a.sqs.createQueue({ accountId: randomUUID(), name: 'shared', attributes: {}, tags: {}, createdAt: T0 });
    const total = 300;
    for (let i = 0; i < total; i += 10) await (i % 20 ? a : b).sqs.enqueue(queue.id, Array.from({ length: 10 }, () => message()));
    const claimed: StoredMessage[] = [];
    // Each node runs 8 concurrent receivers that claim until the queue is empty.
    const receiver = async (e: Engine) => {
      for (;;) {
        const got = await e.sqs.claimVisible(queue.id, { now: T0, max: 10, visibilityTimeoutMs: 30_000, retentionMs: RETENTION });
        if (got.length === 0) return;
        claimed.push(...got);
      }
    };
    await Promise.all([...Array.from({ length: 8 }, () => receiver(a)), ...Array.from({ length: 8 }, () => receiver(b))]);
    assert.equal(new Set(claimed.map((m) => m.messageId)).size, claimed.length, 'a message was handed out twice');
    // SKIP LOCKED may make a receiver see an empty page while rows are locked by another; a
    // final sweep must find whatever that left, and every message must be accounted for once.
    const before = claimed.length;
    await receiver(a);
    assert.equal(new Set(claimed.map((m) => m.messageId)).size, total);
    assert.ok(claimed.length - before <= 10, `a final sweep found ${claimed.length - before} messages left behind`);
    for (const m of claimed) assert.equal(m.receiveCount, 1);
  });

  it("node A's enqueue and changeVisibility wake node B's listeners (LISTEN/NOTIFY)", async () => {
    const { queue } = await a.sqs.createQueue({ accountId: randomUUID(), name: 'wake', attributes: {}, tags: {}, createdAt: T0 });
    const onEnqueue = heard(b, queue.id);
    await a.sqs.enqueue(queue.id, [message()]);
    await onEnqueue;

    const [m] = await b.sqs.claimVisible(queue.id, { now: T0, max: 1, visibilityTimeoutMs: 30_000, retentionMs: RETENTION });
    assert.ok(m);
    const onVisible = heard(b, queue.id);
    assert.deepEqual(await a.sqs.changeVisibility(queue.id, [{ seq: m.seq, receiveCount: m.receiveCount, visibleAt: T0 + 1 }], T0 + 1), ['ok']);
    await onVisible;
  });

  it("node B's listener reconnects after its connection is killed", async () => {
    const { queue } = await a.sqs.createQueue({ accountId: randomUUID(), name: 'reconnect', attributes: {}, tags: {}, createdAt: T0 });
    const admin = new pg.Client(url);
    await admin.connect();
    try {
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
        [`switchyard-listen ${schema}`.slice(0, 63)],
      );
      assert.ok(killed.rowCount! >= 2, 'both nodes have a listening connection');
    } finally {
      await admin.end();
    }
    // Notifications sent while no one listens are lost by design; keep sending until one lands.
    const woke = heard(b, queue.id, 10_000);
    let done = false;
    void woke.finally(() => (done = true)).catch(() => {});
    while (!done) {
      await a.sqs.enqueue(queue.id, [message()]);
      await new Promise((r) => setTimeout(r, 100));
    }
    await woke;
  });
});
