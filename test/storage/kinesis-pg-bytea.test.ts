/**
 * Record data sent to PostgreSQL as a binary `bytea[]` parameter (src/storage/postgres/kinesis-bytea.ts):
 * the server must read back exactly the bytes given, for the edge cases hex text never had to
 * care about, both for the parameter alone and through the store's PutRecords and reads.
 *
 * Needs PostgreSQL (SWITCHYARD_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test);
 * the store test works in its own schema, dropped at the end. Unreachable → the tests FAIL, on purpose.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { byteaArray } from '../../src/storage/postgres/kinesis-bytea.js';
import { openPostgresEngine } from '../../src/storage/postgres/engine.js';
import type { NewRecord } from '../../src/services/kinesis/store.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../helpers/postgres.js';

const url = postgresTestUrl();
const schema = uniqueSchema('sy_kin_bytea');
after(() => dropSchema(schema).catch(() => {}));

const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const large = randomBytes(1_048_576 + 3);

describe('byteaArray: binary bytea[] parameters', () => {
  it('the server reads back each element exactly: none, empty, every byte value, 1 MiB + 3, in order', async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const cases: Buffer[][] = [[], [Buffer.alloc(0)], [everyByte], [Buffer.from('a'), Buffer.alloc(0), everyByte, large, Buffer.from([0])]];
      for (const items of cases) {
        const r = await c.query<{ d: Buffer; n: number }>({
          name: 'bytea_array_probe',
          text: 'SELECT d, cardinality($1::bytea[]) AS n FROM unnest($1::bytea[]) WITH ORDINALITY AS t (d, i) ORDER BY i',
          values: [byteaArray(items)],
        });
        assert.equal(r.rows.length, items.length);
        r.rows.forEach((row, i) => assert.ok(row.d.equals(items[i]!), `element ${i} of ${items.length}`));
      }
      const empty = await c.query<{ n: number | null }>('SELECT cardinality($1::bytea[]) AS n', [byteaArray([])]);
      assert.equal(empty.rows[0]!.n, 0);
    } finally {
      await c.end();
    }
  });
});

describe('record data through the PostgreSQL Kinesis store', () => {
  it('PutRecords of edge-case data reads back intact (several chunks a call, more than a first page)', async () => {
    const engine = await openPostgresEngine({ databaseUrl: url, schema });
    try {
      const { stream } = await engine.kinesis.createStream({
        accountId: '111111111111',
        region: 'us-east-1',
        name: 'bytea',
        streamId: 'abcdefghijklmnopqrst-abc',
        createdAt: 1,
        activeAt: 1,
        mode: 'PROVISIONED',
        retentionHours: 24,
        maxRecordSizeKiB: 2048,
        tags: {},
        settings: {},
        shards: [
          { index: 0, startingHashKey: '0', endingHashKey: '1' },
          { index: 1, startingHashKey: '2', endingHashKey: '3' },
        ],
      });
      const [a, b] = stream.shards.map((s) => s.id) as [number, number];
      // The large records pass the chunk size, so a call is several chunks on shard a; three
      // calls are more chunks than a read's first page (storage/kinesis-chunks.ts FIRST_PAGE).
      const data = [Buffer.alloc(0), everyByte, large, Buffer.from([0, 0]), randomBytes(300_000), Buffer.from('\\x00')];
      const input: NewRecord[] = [];
      for (let call = 0; call < 3; call++) {
        const records = data.map((d, i) => ({ shardId: i % 3 === 2 ? b : a, partitionKey: `k${call}-${i}`, data: d }));
        assert.equal((await engine.kinesis.putRecords(stream.id, records, 10 + call))!.length, records.length);
        input.push(...records);
      }
      for (const shard of [a, b]) {
        const got = await engine.kinesis.readShard(shard, { fromSeq: 0, minArrivalMs: 0, limit: 100, maxBytes: 10 * 1_048_576 });
        const want = input.filter((r) => r.shardId === shard);
        assert.deepEqual(
          got.records.map((r) => r.partitionKey),
          want.map((r) => r.partitionKey),
        );
        got.records.forEach((r, i) => assert.ok(Buffer.from(r.data).equals(want[i]!.data), `shard ${shard} record ${i}`));
      }
    } finally {
      await engine.close();
    }
  });
});
