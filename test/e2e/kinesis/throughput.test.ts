import { it } from 'node:test';
import assert from 'node:assert/strict';
import { GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { isKinesisError, kinesisE2E } from '../../helpers/kinesis.js';

const ACCT = '000000000000';
const KiB3 = Buffer.alloc(3 * 1024, 1);

/** The opt-in throughput mode (`--kinesis-throughput-limits`): AWS's per-shard limits, for testing back-off code. */
kinesisE2E(
  'Kinesis throughput limits (opt-in)',
  (t) => {
    it('writes past 1 MiB/s on a shard fail in-band in PutRecords and as ProvisionedThroughputExceededException in PutRecord', async () => {
      const { kinesis } = t();
      const name = await t().activeStream({ ShardCount: 1 });
      const r = await kinesis.send(new PutRecordsCommand({ StreamName: name, Records: Array.from({ length: 500 }, () => ({ PartitionKey: 'k', Data: KiB3 })) }));
      assert.ok(r.FailedRecordCount! > 0 && r.FailedRecordCount! < 500, `FailedRecordCount ${r.FailedRecordCount}`);
      const failed = r.Records!.filter((x) => x.ErrorCode);
      assert.equal(failed.length, r.FailedRecordCount);
      assert.equal(failed[0]!.ErrorCode, 'ProvisionedThroughputExceededException');
      assert.equal(failed[0]!.ErrorMessage, `Rate exceeded for shard shardId-000000000000 in stream ${name} under account ${ACCT}.`);
      assert.equal(failed[0]!.SequenceNumber, undefined);
      const ok = r.Records!.filter((x) => x.SequenceNumber);
      assert.ok(ok.length * KiB3.length + ok.length <= 2 * 1_048_576);
      // Still within the second (or the next one, if the first ended meanwhile: then it may pass).
      const again = await kinesis.send(new PutRecordsCommand({ StreamName: name, Records: Array.from({ length: 400 }, () => ({ PartitionKey: 'k', Data: KiB3 })) }));
      assert.ok(again.FailedRecordCount! > 0);
      // 300 KiB records: the fourth within one second passes 1 MiB (robust however slow each call is under load).
      const big = Buffer.alloc(300 * 1024, 2);
      await assert.rejects(
        (async () => {
          for (let i = 0; i < 40; i++) await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: big }));
        })(),
        (e) => isKinesisError(e, 'ProvisionedThroughputExceededException', `Rate exceeded for shard shardId-000000000000 in stream ${name} under account ${ACCT}.`),
      );
    });

    it('reads: 5 GetRecords calls per second per shard; a large read makes the next one wait (2 MiB/s)', async () => {
      const { kinesis } = t();
      const name = await t().activeStream({ ShardCount: 2 });
      const iterator = async (shard: string) =>
        (await kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!;
      const it0 = await iterator('shardId-000000000000');
      await assert.rejects(
        (async () => {
          for (let i = 0; i < 40; i++) await kinesis.send(new GetRecordsCommand({ ShardIterator: it0 }));
        })(),
        (e) => isKinesisError(e, 'ProvisionedThroughputExceededException'),
      );
      // About 1.8 MiB into shard 1 (two seconds' worth of writes), read in one call: the next read must wait ~0.9 s.
      const batch = () =>
        kinesis.send(
          new PutRecordsCommand({ StreamName: name, Records: Array.from({ length: 300 }, () => ({ PartitionKey: 'k', ExplicitHashKey: String(2n ** 127n + 5n), Data: KiB3 })) }),
        );
      assert.equal((await batch()).FailedRecordCount, 0);
      await new Promise((r) => setTimeout(r, 1_100));
      assert.equal((await batch()).FailedRecordCount, 0);
      const it1 = await iterator('shardId-000000000001');
      const big = await kinesis.send(new GetRecordsCommand({ ShardIterator: it1 }));
      assert.ok(big.Records!.length > 500);
      await assert.rejects(kinesis.send(new GetRecordsCommand({ ShardIterator: big.NextShardIterator })), (e) =>
        isKinesisError(e, 'ProvisionedThroughputExceededException'),
      );
      await new Promise((r) => setTimeout(r, 1_000));
      await kinesis.send(new GetRecordsCommand({ ShardIterator: big.NextShardIterator }));
    });
  },
  { settings: { kinesisThroughputLimits: 'true' } },
);
