import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordCommand,
  PutRecordsCommand,
  type KinesisClient,
  type ShardIteratorType,
} from '@aws-sdk/client-kinesis';
import { isKinesisError, kinesisE2E } from '../../helpers/kinesis.js';

const ACCOUNT = '000000000000';

async function iterator(kinesis: KinesisClient, StreamName: string, ShardId: string, ShardIteratorType: ShardIteratorType, extra = {}) {
  return (await kinesis.send(new GetShardIteratorCommand({ StreamName, ShardId, ShardIteratorType, ...extra }))).ShardIterator!;
}

/** Reads a shard from `it` until a read returns nothing more. */
async function drain(kinesis: KinesisClient, it: string, limit?: number) {
  const out = [];
  for (let i = 0; i < 100; i++) {
    const r = await kinesis.send(new GetRecordsCommand({ ShardIterator: it, Limit: limit }));
    out.push(...r.Records!);
    it = r.NextShardIterator!;
    if (r.Records!.length === 0) return { records: out, next: it, millisBehind: r.MillisBehindLatest };
  }
  throw new Error('shard did not drain');
}

const text = (d: Uint8Array | undefined) => Buffer.from(d!).toString();

kinesisE2E('Kinesis records', (t) => {
  it('PutRecord → GetRecords: data, partition key, 56-digit sequence numbers increasing per shard, arrival time', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    const before = Date.now();
    const puts = [];
    for (const [pk, data] of [['a', 'one'], ['b', ''], ['ключ', '\u{1F525} ünicode']] as const) {
      puts.push(await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: pk, Data: Buffer.from(data) })));
    }
    const binary = Buffer.from([0, 1, 2, 255, 254, 0]);
    puts.push(await kinesis.send(new PutRecordCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`, PartitionKey: 'z', Data: binary })));
    for (const p of puts) {
      assert.equal(p.ShardId, 'shardId-000000000000');
      assert.match(p.SequenceNumber!, /^\d{56}$/);
    }
    for (let i = 1; i < puts.length; i++) assert.ok(BigInt(puts[i]!.SequenceNumber!) > BigInt(puts[i - 1]!.SequenceNumber!));

    const { records, millisBehind } = await drain(kinesis, await iterator(kinesis, name, 'shardId-000000000000', 'TRIM_HORIZON'));
    assert.deepEqual(records.map((r) => [r.PartitionKey, r.SequenceNumber]), [
      ['a', puts[0]!.SequenceNumber],
      ['b', puts[1]!.SequenceNumber],
      ['ключ', puts[2]!.SequenceNumber],
      ['z', puts[3]!.SequenceNumber],
    ]);
    assert.deepEqual(records.slice(0, 3).map((r) => text(r.Data)), ['one', '', '\u{1F525} ünicode']);
    assert.ok(Buffer.from(records[3]!.Data!).equals(binary));
    for (const r of records) {
      const at = r.ApproximateArrivalTimestamp!.getTime();
      assert.ok(at >= before - 1_000 && at <= Date.now() + 1_000, `arrival ${at}`);
    }
    assert.equal(millisBehind, 0);
  });

  it('PutRecords: in-band results in request order, routed by MD5(partition key) or ExplicitHashKey', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 4 });
    const quarter = (1n << 128n) / 4n;
    const shardOf = (pk: string) => Number(BigInt('0x' + createHash('md5').update(pk).digest('hex')) / quarter);
    const keys = Array.from({ length: 40 }, (_, i) => `key-${i}`);
    const out = await kinesis.send(
      new PutRecordsCommand({
        StreamName: name,
        Records: [
          ...keys.map((k) => ({ PartitionKey: k, Data: Buffer.from(k) })),
          { PartitionKey: 'anything', ExplicitHashKey: String(quarter * 3n), Data: Buffer.from('explicit') },
          { PartitionKey: 'anything', ExplicitHashKey: '0', Data: Buffer.from('explicit-0') },
        ],
      }),
    );
    assert.equal(out.FailedRecordCount, 0);
    assert.equal(out.Records!.length, 42);
    keys.forEach((k, i) => assert.equal(out.Records![i]!.ShardId, `shardId-00000000000${shardOf(k)}`, k));
    assert.equal(out.Records![40]!.ShardId, 'shardId-000000000003');
    assert.equal(out.Records![41]!.ShardId, 'shardId-000000000000');
    // each shard holds its records in request order
    for (let shard = 0; shard < 4; shard++) {
      const shardId = `shardId-00000000000${shard}`;
      const expected = out.Records!.map((r, i) => ({ r, i })).filter(({ r }) => r.ShardId === shardId);
      const { records } = await drain(kinesis, await iterator(kinesis, name, shardId, 'TRIM_HORIZON'));
      assert.deepEqual(records.map((r) => r.SequenceNumber), expected.map(({ r }) => r.SequenceNumber));
    }
    await assert.rejects(
      kinesis.send(new PutRecordsCommand({ StreamName: name, Records: [{ PartitionKey: 'a', ExplicitHashKey: String(1n << 128n), Data: Buffer.from('x') }] })),
      (e) => isKinesisError(e, 'InvalidArgumentException', `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${1n << 128n}`),
    );
  });

  it('partition keys with U+0000 (any Unicode AWS takes): routed by MD5 of the UTF-8 key, stored and read back exactly (PutRecord, PutRecords, GetRecords)', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 4 });
    const quarter = (1n << 128n) / 4n;
    const shardOf = (pk: string) => `shardId-00000000000${BigInt('0x' + createHash('md5').update(pk, 'utf8').digest('hex')) / quarter}`;
    // A leading U+FDD0 is what the PostgreSQL store marks encoded keys with: it must not confuse it.
    const keys = ['a\u0000b', '\u0000', '\u0000'.repeat(256), 'ключ\u0000🔑', '\ufdd0"a\\u0000"', '\ufdd0', 'plain', 'x\u0000'];
    const single = [];
    for (const k of keys) {
      const p = await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: k, Data: Buffer.from(`one ${k.length}`) }));
      assert.equal(p.ShardId, shardOf(k), JSON.stringify(k));
      single.push({ key: k, seq: p.SequenceNumber! });
    }
    const out = await kinesis.send(new PutRecordsCommand({ StreamName: name, Records: keys.map((k, i) => ({ PartitionKey: k, Data: Buffer.from([i]) })) }));
    assert.equal(out.FailedRecordCount, 0);
    keys.forEach((k, i) => assert.equal(out.Records![i]!.ShardId, shardOf(k), JSON.stringify(k)));
    const all = [...single, ...keys.map((key, i) => ({ key, seq: out.Records![i]!.SequenceNumber! }))];
    for (let shard = 0; shard < 4; shard++) {
      const shardId = `shardId-00000000000${shard}`;
      const { records } = await drain(kinesis, await iterator(kinesis, name, shardId, 'TRIM_HORIZON'), 3);
      const want = all.filter((r) => shardOf(r.key) === shardId);
      assert.deepEqual(records.map((r) => [r.PartitionKey, r.SequenceNumber]), want.map((r) => [r.key, r.seq]), shardId);
    }
  });

  it('a lone surrogate in a partition key reads back as U+FFFD (as its hash reads it), and the keys after it in one call stay as they were', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    const keys = ['a\ud800', 'b', 'c\u0000\udc00', '\udbffd', 'e'];
    await kinesis.send(new PutRecordsCommand({ StreamName: name, Records: keys.map((k) => ({ PartitionKey: k, Data: Buffer.from(k) })) }));
    const { records } = await drain(kinesis, await iterator(kinesis, name, 'shardId-000000000000', 'TRIM_HORIZON'));
    assert.deepEqual(records.map((r) => r.PartitionKey), ['a\ufffd', 'b', 'c\u0000\ufffd', '\ufffdd', 'e']);
  });

  it('size limits: a record is data + key ≤ 1 MiB by default; 501 records is a ValidationException; more than 10 MiB in all is refused', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.alloc(1_048_576 - 1) }));
    await assert.rejects(kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'kk', Data: Buffer.alloc(1_048_576 - 1) })), (e) =>
      isKinesisError(e, 'ValidationException', "1 validation error detected: Value at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576."),
    );
    await assert.rejects(
      kinesis.send(new PutRecordsCommand({ StreamName: name, Records: Array.from({ length: 501 }, () => ({ PartitionKey: 'k', Data: Buffer.from('x') })) })),
      (e) => isKinesisError(e, 'ValidationException', /^1 validation error detected: Value '\[.*\]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500$/),
    );
    // 11 × 1,000,000 bytes > 10 MiB; AWS's words (recorded when the limit was 5 MB).
    await assert.rejects(
      kinesis.send(new PutRecordsCommand({ StreamName: name, Records: Array.from({ length: 11 }, () => ({ PartitionKey: 'k', Data: Buffer.alloc(1_000_000) })) })),
      (e) => isKinesisError(e, 'InvalidArgumentException', 'Records size exceeds 10 MB limit'),
    );
  });

  it('MaxRecordSizeInKiB raises the record limit; AUTO streams take records without a partition key', async () => {
    const { kinesis } = t();
    const { UpdateMaxRecordSizeCommand } = await import('@aws-sdk/client-kinesis');
    const big = await t().activeStream({ ShardCount: 1 });
    await kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${big}`, MaxRecordSizeInKiB: 2048 }));
    await kinesis.send(new PutRecordCommand({ StreamName: big, PartitionKey: 'k', Data: Buffer.alloc(1_500_000) }));
    const { records } = await drain(kinesis, await iterator(kinesis, big, 'shardId-000000000000', 'TRIM_HORIZON'));
    assert.equal(records[0]!.Data!.length, 1_500_000);

    await assert.rejects(kinesis.send(new PutRecordCommand({ StreamName: big, Data: Buffer.from('no key') })), (e) =>
      isKinesisError(e, 'ValidationException', "1 validation error detected: Value null at 'partitionKey' failed to satisfy constraint: Member must not be null"),
    );
    const auto = await t().activeStream({ ShardCount: 2, RecordDistributionStrategy: 'AUTO' });
    const out = await kinesis.send(new PutRecordsCommand({ StreamName: auto, Records: Array.from({ length: 20 }, (_, i) => ({ Data: Buffer.from(`r${i}`) })) }));
    assert.equal(out.FailedRecordCount, 0);
    const { records: spread } = await drain(kinesis, await iterator(kinesis, auto, out.Records![0]!.ShardId!, 'TRIM_HORIZON'));
    assert.ok(spread.length > 0 && spread.every((r) => r.PartitionKey === undefined));
  });

  it('GetShardIterator: AT_ and AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP; GetRecords Limit and MillisBehindLatest', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    const shard = 'shardId-000000000000';
    const seqs: string[] = [];
    for (let i = 0; i < 5; i++) seqs.push((await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'p', Data: Buffer.from(`r${i}`) }))).SequenceNumber!);
    const latest = await iterator(kinesis, name, shard, 'LATEST');
    const at = await drain(kinesis, await iterator(kinesis, name, shard, 'AT_SEQUENCE_NUMBER', { StartingSequenceNumber: seqs[2] }));
    assert.deepEqual(at.records.map((r) => text(r.Data)), ['r2', 'r3', 'r4']);
    const after = await drain(kinesis, await iterator(kinesis, name, shard, 'AFTER_SEQUENCE_NUMBER', { StartingSequenceNumber: seqs[2] }));
    assert.deepEqual(after.records.map((r) => text(r.Data)), ['r3', 'r4']);
    const ts = await drain(kinesis, await iterator(kinesis, name, shard, 'AT_TIMESTAMP', { Timestamp: new Date(Date.now() - 60_000) }));
    assert.equal(ts.records.length, 5);

    const limited = await kinesis.send(new GetRecordsCommand({ ShardIterator: await iterator(kinesis, name, shard, 'TRIM_HORIZON'), Limit: 2 }));
    assert.deepEqual(limited.Records!.map((r) => text(r.Data)), ['r0', 'r1']);
    assert.ok(limited.MillisBehindLatest! >= 0);
    const rest = await kinesis.send(new GetRecordsCommand({ ShardIterator: limited.NextShardIterator }));
    assert.deepEqual(rest.Records!.map((r) => text(r.Data)), ['r2', 'r3', 'r4']);
    assert.equal(rest.MillisBehindLatest, 0);

    // LATEST sees only what comes after it was issued, and the iterator chain keeps following the shard
    const empty = await kinesis.send(new GetRecordsCommand({ ShardIterator: latest }));
    assert.deepEqual(empty.Records, []);
    await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'p', Data: Buffer.from('new') }));
    const fresh = await kinesis.send(new GetRecordsCommand({ ShardIterator: empty.NextShardIterator }));
    assert.deepEqual(fresh.Records!.map((r) => text(r.Data)), ['new']);
    // after the last record of before: only the new one; at the shard's starting sequence number: everything
    const { records: afterLast } = await drain(kinesis, await iterator(kinesis, name, shard, 'AFTER_SEQUENCE_NUMBER', { StartingSequenceNumber: seqs[4] }));
    assert.deepEqual(afterLast.map((r) => text(r.Data)), ['new']);
    const { DescribeStreamCommand } = await import('@aws-sdk/client-kinesis');
    const start = (await kinesis.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription!.Shards![0]!.SequenceNumberRange!.StartingSequenceNumber;
    const { records: all } = await drain(kinesis, await iterator(kinesis, name, shard, 'AT_SEQUENCE_NUMBER', { StartingSequenceNumber: start }));
    assert.equal(all.length, 6);
  });

  it('GetShardIterator errors as AWS words them', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 2 });
    const seq0 = (await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'p', ExplicitHashKey: '0', Data: Buffer.from('x') }))).SequenceNumber!;
    const fails = (input: object, name: string, message: string | RegExp) =>
      assert.rejects(kinesis.send(new GetShardIteratorCommand(input as never)), (e) => isKinesisError(e, name, message));
    await fails({ StreamName: name, ShardId: 'shardId-000000000009', ShardIteratorType: 'LATEST' }, 'ResourceNotFoundException', `Shard shardId-000000000009 in stream ${name} under account ${ACCOUNT} does not exist`);
    await fails({ StreamName: 'nope', ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' }, 'ResourceNotFoundException', `Shard shardId-000000000000 in stream nope under account ${ACCOUNT} does not exist`);
    await fails({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_SEQUENCE_NUMBER' }, 'InvalidArgumentException', /Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber\.$/);
    await fails({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST', StartingSequenceNumber: seq0 }, 'InvalidArgumentException', /Request specified LATEST and also a StartingSequenceNumber\.$/);
    await fails({ StreamName: name, ShardId: 'shardId-000000000001', ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: seq0 }, 'InvalidArgumentException', 'Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was used in a call to a shard with shardId-000000000001');
    await fails({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: '12345' }, 'InvalidArgumentException', `StartingSequenceNumber 12345 used in GetShardIterator on shard shardId-000000000000 in stream ${name} under account ${ACCOUNT} is invalid.`);
    await fails({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP' }, 'InvalidArgumentException', /^Must specify timestampInMillis parameter/);
    await fails({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(Date.now() + 3_600_000) }, 'InvalidArgumentException', /^The timestampInMillis parameter cannot be greater than the currentTimestampInMillis/);
    // a short shard id names the same shard
    const it = await iterator(kinesis, name, 'shardId-0', 'TRIM_HORIZON');
    assert.equal((await kinesis.send(new GetRecordsCommand({ ShardIterator: it }))).Records!.length, 1);
  });

  it('GetRecords: a garbage or altered iterator is "Invalid ShardIterator."; an iterator of a deleted stream names its shard', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    const it = await iterator(kinesis, name, 'shardId-000000000000', 'TRIM_HORIZON');
    const altered = it.slice(0, 30) + (it[30] === 'A' ? 'B' : 'A') + it.slice(31);
    for (const bad of ['garbage', altered, 'AAAAAAAAAAE' + 'A'.repeat(100)]) {
      await assert.rejects(kinesis.send(new GetRecordsCommand({ ShardIterator: bad })), (e) => isKinesisError(e, 'InvalidArgumentException', 'Invalid ShardIterator.'));
    }
    const { DeleteStreamCommand } = await import('@aws-sdk/client-kinesis');
    await kinesis.send(new DeleteStreamCommand({ StreamName: name }));
    await assert.rejects(kinesis.send(new GetRecordsCommand({ ShardIterator: it })), (e) =>
      isKinesisError(e, 'ResourceNotFoundException', `Shard shardId-000000000000 in stream ${name} under account ${ACCOUNT} does not exist`),
    );
  });
});
