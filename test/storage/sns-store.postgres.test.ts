/**
 * The SNS store conformance suite on PostgreSQL, plus what only a shared engine has: two engines
 * (two pools, as two nodes) on one schema claim each delivery exactly once, FIFO publishes from
 * both keep one order, throttle slots are one sequence for both, and the migration list may have
 * gaps (0004 lands before 0003).
 * Needs PostgreSQL (SWITCHYARD_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test);
 * unreachable means FAIL, not skip.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Engine } from '../../src/storage/engine.js';
import { openPostgresEngine } from '../../src/storage/postgres/engine.js';
import { migrate } from '../../src/storage/postgres/migrate.js';
import { migrations } from '../../src/storage/postgres/migrations/index.js';
import type { ClaimedDelivery, TopicRecord } from '../../src/services/sns/store.js';
import { snsStoreSuite } from './sns-store.suite.js';

const url = process.env.SWITCHYARD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const runId = `${process.pid}_${randomBytes(4).toString('hex')}`;
const schemas = new Set<string>();
const T0 = 1_700_000_000_000;

async function open(schema: string): Promise<Engine> {
  schemas.add(schema);
  return openPostgresEngine({ databaseUrl: url, schema });
}

after(async () => {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await c.connect();
    for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await c.end().catch(() => {});
  }
});

snsStoreSuite('postgres', async () => {
  const engine = await open(`sy_sns_${runId}`);
  return { store: engine.sns, close: () => engine.close() };
});

async function topic(engine: Engine, name: string): Promise<TopicRecord> {
  const arn = `arn:aws:sns:us-east-1:000000000000:${name}`;
  const r = await engine.sns.createTopic({ arn, accountId: '000000000000', region: 'us-east-1', name, attributes: {}, tags: {}, dataProtectionPolicy: null, createdAt: T0 });
  return r.topic;
}

describe('postgres SNS store: two nodes on one schema', () => {
  let a: Engine;
  let b: Engine;
  after(async () => {
    await a?.close();
    await b?.close();
  });

  it('every delivery is claimed by exactly one node, while both claim concurrently', async () => {
    const schema = `sy_sns2_${runId}`;
    [a, b] = await Promise.all([open(schema), open(schema)]);
    const t = await topic(a, 'fanout');
    const messages = Array.from({ length: 50 }, (_, i) => ({
      messageId: `m${i}`,
      dedupKey: null,
      payload: '{}',
      deliveries: ['s1', 's2', 's3'].map((s) => ({ subscriptionArn: s, target: '{}', groupKey: null })),
    }));
    await a.sns.publish(t.id, messages, T0, 300_000);
    const seen = new Map<number, string>();
    const drain = async (engine: Engine, node: string) => {
      for (;;) {
        const batch: ClaimedDelivery[] = await engine.sns.claimDeliveries(T0, 7, 60_000);
        if (batch.length === 0) return;
        for (const d of batch) {
          assert.ok(!seen.has(d.id), `delivery ${d.id} claimed by ${seen.get(d.id)} and ${node}`);
          seen.set(d.id, node);
          assert.equal(await engine.sns.completeDelivery(d.id, d.attempts, 'delivered', null, T0), true);
        }
      }
    };
    await Promise.all([drain(a, 'a'), drain(b, 'b'), drain(a, 'a2'), drain(b, 'b2')]);
    assert.equal(seen.size, 150);
  });

  it('FIFO publishes from two nodes commit in seq order and each group is claimed in that order', async () => {
    const t = await topic(a, 'order.fifo');
    const publishes = Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).sns.publish(t.id, [{
      messageId: `f${i}`, dedupKey: `d${i}`, payload: '{}', deliveries: [{ subscriptionArn: 's', target: '{}', groupKey: `${t.arn}|g` }],
    }], T0, 300_000));
    const results = (await Promise.all(publishes)).flat();
    const bySeq = [...results].sort((x, y) => x.seq - y.seq).map((r) => r.messageId);
    const order: string[] = [];
    for (;;) {
      const [d, ...rest] = (await (order.length % 2 ? a : b).sns.claimDeliveries(T0, 10, 60_000)).filter((x) => x.groupKey === `${t.arn}|g`);
      assert.equal(rest.length, 0, 'only the head of a group is claimable');
      if (!d) break;
      order.push(d.messageId);
      await a.sns.completeDelivery(d.id, d.attempts, 'delivered', null, T0);
    }
    assert.deepEqual(order, bySeq);
  });

  it('throttle slots are one sequence across nodes: concurrent callers on both get distinct slots, 1/rate apart', async () => {
    const got = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).sns.throttleSlot('throttled', 2, T0, 60_000)));
    assert.ok(got.every((g) => g.taken));
    assert.deepEqual(got.map((g) => g.at - T0).sort((x, y) => x - y), Array.from({ length: 30 }, (_, i) => i * 500));
    assert.deepEqual(await b.sns.throttleSlot('throttled', 2, T0, 1_000), { at: T0 + 15_000, taken: false });
  });

  it('applies migrations by version: a gap is fine, and a version landing later is applied then', async () => {
    const schema = `sy_sns_mig_${runId}`;
    schemas.add(schema);
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const withoutTwo = migrations.filter((m) => m.version !== 2);
      await migrate(pool, schema, withoutTwo);
      await migrate(pool, schema, migrations);
      const r = await pool.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      assert.deepEqual(r.rows.map((x) => x.version), migrations.map((m) => m.version));
    } finally {
      await pool.end();
    }
  });
});
