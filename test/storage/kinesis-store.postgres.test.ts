/**
 * The Kinesis store conformance suite on PostgreSQL, plus what only a shared engine has: two
 * engines (two pools, as two nodes would have) on one schema writing to the same shards; and the
 * upgrade of records into chunks.
 *
 * Needs PostgreSQL (SWITCHYARD_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test);
 * each run works in its own schema, dropped at the end. Unreachable → the tests FAIL, on purpose.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Engine } from '../../src/storage/engine.js';
import { openPostgresEngine } from '../../src/storage/postgres/engine.js';
import { migrate } from '../../src/storage/postgres/migrate.js';
import { migrations } from '../../src/storage/postgres/migrations/index.js';
import { postgresTestUrl, uniqueSchema } from '../helpers/postgres.js';
import { checkUpgradedRecords, kinesisStoreSuite, PRE_CHUNK_RECORDS } from './kinesis-store.suite.js';
import { kinesisReshardSuite } from './kinesis-reshard.suite.js';
import { kinesisChannelsSuite } from './kinesis-channels.suite.js';

const url = postgresTestUrl();
const schema = uniqueSchema('sy_kin');

after(async () => {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } catch {
    // unreachable: the tests have already failed saying so
  } finally {
    await c.end().catch(() => {});
  }
});

const open = (): Promise<Engine> => openPostgresEngine({ databaseUrl: url, schema });

kinesisStoreSuite('postgres', async () => {
  const engine = await open();
  return { store: engine.kinesis, close: () => engine.close() };
});

kinesisReshardSuite('postgres', async () => {
  const engine = await open();
  return { store: engine.kinesis, close: () => engine.close() };
});

kinesisChannelsSuite('postgres', async () => {
  const engine = await open();
  return { store: engine.kinesis, close: () => engine.close() };
});

describe('postgres kinesis store: two nodes on one schema', () => {
  it('both nodes get the same server key, and their concurrent writes to one shard get distinct, ordered positions', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    try {
      const [ka, kb] = await Promise.all([a.kinesis.serverKey(Buffer.alloc(32, 1)), b.kinesis.serverKey(Buffer.alloc(32, 2))]);
      assert.ok(ka.equals(kb));
      const { stream } = await a.kinesis.createStream({
        accountId: '111111111111',
        region: 'us-east-1',
        name: 'two-nodes',
        streamId: 'abcdefghijklmnopqrst-abc',
        createdAt: 1,
        activeAt: 1,
        mode: 'PROVISIONED',
        retentionHours: 24,
        maxRecordSizeKiB: 1024,
        tags: {},
        settings: {},
        shards: [{ index: 0, startingHashKey: '0', endingHashKey: '1' }],
      });
      const shard = stream.shards[0]!.id;
      const put = (e: Engine, i: number) => e.kinesis.putRecords(stream.id, [{ shardId: shard, partitionKey: `k${i}`, data: Buffer.from(String(i)) }], 1_000 + i);
      // Node b's clock is behind: arrival times still never go back.
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => put(i % 2 ? a : b, i % 2 ? i : 0)));
      const seqs = results.map((r) => r![0]!.seq).sort((x, y) => x - y);
      assert.deepEqual(seqs, Array.from({ length: 60 }, (_, i) => i + 1));
      const got = await b.kinesis.readShard(shard, { fromSeq: 0, minArrivalMs: 0, limit: 100, maxBytes: 1e6 });
      assert.equal(got.records.length, 60);
      for (let i = 1; i < 60; i++) assert.ok(got.records[i]!.arrivalMs >= got.records[i - 1]!.arrivalMs, 'arrival went back');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('postgres kinesis store: migration 0012 (records into chunks)', () => {
  it('keeps the records of a schema made before it, readable from any position, and numbering goes on', async () => {
    const old = uniqueSchema('sy_kin_mig');
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    let streamId = 0;
    let shardId = 0;
    try {
      await migrate(pool, old, migrations.filter((m) => m.version < 12));
      const q = (sql: string, params: unknown[] = []) => pool.query(sql.replaceAll('$S', `"${old}"`), params);
      streamId = Number(
        (
          await q(`INSERT INTO $S.kinesis_streams (account_id, region, name, stream_id, created_at, active_at, mode, retention_hours, max_record_size_kib, tags, settings)
                   VALUES ('000000000000', 'us-east-1', 'old', 'abcdefghijklmnopqrst-abc', 1, 1, 'PROVISIONED', 24, 1024, '{}', '{}') RETURNING id`)
        ).rows[0].id,
      );
      shardId = Number(
        (
          await q(`INSERT INTO $S.kinesis_shards (stream_id, shard_index, starting_hash_key, ending_hash_key, created_at, next_seq, last_arrival)
                   VALUES ($1, 0, '0', '1', 1, 4, 30) RETURNING id`, [streamId])
        ).rows[0].id,
      );
      for (const [seq, arrival, key, data] of PRE_CHUNK_RECORDS) {
        await q('INSERT INTO $S.kinesis_records (shard_id, seq, arrival_ms, partition_key, data) VALUES ($1, $2, $3, $4, $5)', [shardId, seq, arrival, key, data]);
      }
    } finally {
      await pool.end();
    }
    const engine = await openPostgresEngine({ databaseUrl: url, schema: old });
    try {
      await checkUpgradedRecords(engine.kinesis, streamId, shardId);
    } finally {
      await engine.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${old}" CASCADE`);
      await c.end();
    }
  });
});
