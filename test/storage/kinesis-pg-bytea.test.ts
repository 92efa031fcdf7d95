/**
 * Record data moved as bytes instead of hex text: sent as a binary `bytea[]` parameter
 * (src/storage/postgres/kinesis-bytea.ts) and read as binary COPY (kinesis-copy.ts). The bytes
 * must come back exactly, for the edge cases hex text never had to care about, and the int8
 * columns as the text path gives them; both alone and through the store's PutRecords and reads.
 *
 * Needs PostgreSQL (SWITCHYARD_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test);
 * the store test works in its own schema, dropped at the end. Unreachable → the tests FAIL, on purpose.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { byteaArray } from '../../src/storage/postgres/kinesis-bytea.js';
import { copyRows, parseCopy } from '../../src/storage/postgres/kinesis-copy.js';
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

describe('binary COPY of chunk rows', () => {
  it('int8 columns as Number() of their text would be (beyond 2^53 and negative too), text as UTF-8, bytea as its bytes', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const rows = await copyRows(
        pool,
        `COPY (SELECT * FROM (VALUES
           (9007199254740993::int8, 9223372036854775807::int8, -1::int8, 'ключ 🔑'::text, ''::text, '\\x5c7800ff'::bytea),
           (1, 4294967296, -4294967297, '[]', 'k', ''::bytea)) AS t ORDER BY 1 DESC) TO STDOUT (FORMAT binary)`,
      );
      assert.deepEqual(
        rows.map((r) => [r.seq, r.lastSeq, r.arrivalMs, r.sizes, r.keys, r.data.toString('hex')]),
        [
          [Number('9007199254740993'), Number('9223372036854775807'), -1, 'ключ 🔑', '', '5c7800ff'],
          [1, 4294967296, -4294967297, '[]', 'k', ''],
        ],
      );
      // The pooled connection is fine after a COPY and after a failed one.
      await assert.rejects(copyRows(pool, 'COPY (SELECT 1/0) TO STDOUT (FORMAT binary)'), /division by zero/);
      assert.equal((await pool.query('SELECT 1 AS one')).rows[0].one, 1);
      assert.deepEqual(await copyRows(pool, 'COPY (SELECT 1::int8, 2::int8, 3::int8, $$a$$, $$b$$, $$\\x01$$::bytea WHERE false) TO STDOUT (FORMAT binary)'), []);
    } finally {
      await pool.end();
    }
  });

  it('parseCopy refuses what is not a stream of its rows', () => {
    assert.throws(() => parseCopy(Buffer.from('not a copy stream at all')), /not a binary COPY stream/);
    const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
    assert.deepEqual(parseCopy(Buffer.concat([header, Buffer.from([0xff, 0xff])])), []);
    assert.throws(() => parseCopy(Buffer.concat([header, Buffer.from([0, 1, 0, 0, 0, 0])])), /a row of 1 fields/);
    const truncated = Buffer.concat([header, Buffer.from([0, 6, 0, 0, 0, 8, 0, 0])]);
    assert.throws(() => parseCopy(truncated), /truncated/);
    assert.throws(() => parseCopy(Buffer.concat([header, Buffer.from([0xff, 0xff, 0])])), /after the end/);
  });

  it('parseCopy: a stream split anywhere gives the same rows', () => {
    const int32 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeInt32BE(n);
      return b;
    };
    const field = (b: Buffer) => Buffer.concat([int32(b.length), b]);
    const int8 = (n: bigint) => {
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(n);
      return b;
    };
    const row = (seq: bigint, data: Buffer) =>
      Buffer.concat([Buffer.from([0, 6]), ...[int8(seq), int8(seq + 1n), int8(-seq), Buffer.from('[1,-1]'), Buffer.from('ключ'), data].map(field)]);
    const stream = Buffer.concat([
      Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
      int32(0),
      int32(3),
      Buffer.from('ext'),
      row(1n, everyByte),
      row(2n ** 60n, Buffer.alloc(0)),
      Buffer.from([0xff, 0xff]),
    ]);
    const whole = parseCopy(stream);
    assert.deepEqual(
      whole.map((r) => [r.seq, r.lastSeq, r.arrivalMs, r.sizes, r.keys, r.data.length]),
      [
        [1, 2, -1, '[1,-1]', 'ключ', 256],
        [2 ** 60, 2 ** 60, -(2 ** 60), '[1,-1]', 'ключ', 0],
      ],
    );
    assert.ok(whole[0]!.data.equals(everyByte));
    for (let i = 0; i <= stream.length; i++) {
      for (const j of [i, Math.min(i + 7, stream.length), stream.length]) {
        assert.deepEqual(parseCopy(stream.subarray(0, i), stream.subarray(i, j), stream.subarray(j)), whole, `split at ${i}, ${j}`);
      }
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
