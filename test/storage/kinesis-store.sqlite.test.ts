/**
 * The Kinesis store conformance suite on SQLite (memory and file), plus what only this engine
 * has: its record-key limits, data surviving a close and reopen, and the upgrade of records into chunks.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEngine, SQLITE_FILE_NAME } from '../../src/storage/sqlite/engine.js';
import { migrate } from '../../src/storage/sqlite/migrate.js';
import { migrations } from '../../src/storage/sqlite/migrations/index.js';
import { checkUpgradedRecords, kinesisStoreSuite, PRE_CHUNK_RECORDS } from './kinesis-store.suite.js';
import { kinesisReshardSuite } from './kinesis-reshard.suite.js';
import { kinesisChannelsSuite } from './kinesis-channels.suite.js';

const root = mkdtempSync(join(tmpdir(), 'switchyard-kinesis-sqlite-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `d${++dirs}`);

kinesisStoreSuite('sqlite (memory)', async () => {
  const engine = await openSqliteEngine({ inMemory: true });
  return { store: engine.kinesis, close: () => engine.close() };
});

kinesisStoreSuite('sqlite (file, durability full)', async () => {
  const engine = await openSqliteEngine({ dataDir: freshDir(), durability: 'full' });
  return { store: engine.kinesis, close: () => engine.close() };
});

kinesisReshardSuite('sqlite (memory)', async () => {
  const engine = await openSqliteEngine({ inMemory: true });
  return { store: engine.kinesis, close: () => engine.close() };
});

kinesisChannelsSuite('sqlite (file)', async () => {
  const engine = await openSqliteEngine({ dataDir: freshDir() });
  return { store: engine.kinesis, close: () => engine.close() };
});

describe('sqlite kinesis store', () => {
  it('keeps streams, records, positions and the server key across close and reopen', async () => {
    const dataDir = freshDir();
    const first = await openSqliteEngine({ dataDir });
    const key = await first.kinesis.serverKey(Buffer.alloc(32, 1));
    const { stream } = await first.kinesis.createStream({
      accountId: '000000000000',
      region: 'us-east-1',
      name: 'keep',
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
    const shard = stream.shards[0]!;
    await first.kinesis.putRecords(stream.id, [{ shardId: shard.id, partitionKey: 'a', data: Buffer.from('one') }], 10);
    await first.close();

    const second = await openSqliteEngine({ dataDir });
    try {
      assert.ok((await second.kinesis.serverKey(Buffer.alloc(32, 2))).equals(key));
      assert.equal((await second.kinesis.getStream('000000000000', 'us-east-1', 'keep'))?.id, stream.id);
      assert.deepEqual(await second.kinesis.putRecords(stream.id, [{ shardId: shard.id, partitionKey: 'b', data: Buffer.from('two') }], 20), [
        { seq: 2, arrivalMs: 20 },
      ]);
      const got = await second.kinesis.readShard(shard.id, { fromSeq: 0, minArrivalMs: 0, limit: 10, maxBytes: 1e6 });
      assert.deepEqual(got.records.map((r) => r.data.toString()), ['one', 'two']);
    } finally {
      await second.close();
    }
  });
});

describe('sqlite kinesis store: migration 0012 (records into chunks)', () => {
  it('keeps the records of a database made before it, readable from any position, and numbering goes on', async () => {
    const dataDir = freshDir();
    mkdirSync(dataDir, { recursive: true });
    const old = new Database(join(dataDir, SQLITE_FILE_NAME));
    migrate(old, migrations.filter((m) => m.version <= 11), () => 1);
    const streamId = Number(
      old
        .prepare(
          `INSERT INTO kinesis_streams (account_id, region, name, stream_id, created_at, active_at, mode, retention_hours, max_record_size_kib, tags, settings)
           VALUES ('000000000000', 'us-east-1', 'old', 'abcdefghijklmnopqrst-abc', 1, 1, 'PROVISIONED', 24, 1024, '{}', '{}')`,
        )
        .run().lastInsertRowid,
    );
    const shardId = Number(
      old.prepare(`INSERT INTO kinesis_shards (stream_id, shard_index, starting_hash_key, ending_hash_key, created_at, next_seq, last_arrival) VALUES (?, 0, '0', '1', 1, 4, 30)`).run(streamId)
        .lastInsertRowid,
    );
    const insert = old.prepare('INSERT INTO kinesis_records (key, arrival_ms, partition_key, data) VALUES ((? << 40) + ?, ?, ?, ?)');
    for (const [seq, arrival, key, data] of PRE_CHUNK_RECORDS) insert.run(shardId, seq, arrival, key, data);
    old.close();

    const engine = await openSqliteEngine({ dataDir });
    try {
      await checkUpgradedRecords(engine.kinesis, streamId, shardId);
    } finally {
      await engine.close();
    }
  });
});

describe('sqlite kinesis store: channels', () => {
  it('keeps a channel (configuration, tags, times) across close and reopen', async () => {
    const dataDir = freshDir();
    const first = await openSqliteEngine({ dataDir });
    const { channel } = await first.kinesis.createChannel({
      accountId: '000000000000',
      region: 'us-east-1',
      name: 'keep',
      channelId: 'c-1',
      createdAt: 1,
      activeAt: 2,
      configuration: {
        serviceExecutionRoleArn: 'arn:aws:iam::000000000000:role/r',
        streams: [{ streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s', streamCreatedAt: 0, recordConfiguration: { RecordFormatType: 'STRING' } }],
        destinationType: 'S3',
        destination: { DataFreshnessInSeconds: 300 },
        logging: { CloudWatchLogs: { Enabled: false } },
      },
      tags: { a: 'b' },
    });
    await first.close();
    const second = await openSqliteEngine({ dataDir });
    try {
      assert.deepEqual(await second.kinesis.getChannel('000000000000', 'us-east-1', 'keep'), channel);
    } finally {
      await second.close();
    }
  });
});
