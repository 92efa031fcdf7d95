/**
 * Kinesis metrics through the official client (h2 and HTTP/1.1), on every engine, with AWS's
 * throughput limits on (--kinesis-throughput-limits): puts, throttled puts, reads and throttled
 * reads counted per stream as CloudWatch's stream-level metrics count them. Throttling is counted
 * against what the client saw (a slow machine may cross a one-second window).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeStreamConsumerCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordCommand,
  PutRecordsCommand,
  RegisterStreamConsumerCommand,
  SubscribeToShardCommand,
} from '@aws-sdk/client-kinesis';
import { kinesisE2E } from '../../helpers/kinesis.js';
import { scrape, value } from './scrape.js';

kinesisE2E(
  'Kinesis metrics',
  (t) => {
    it('counts incoming records and bytes, PutRecord(s) outcomes, GetRecords and throttling per stream', async () => {
      const { kinesis, server } = t();
      const StreamName = await t().activeStream({ ShardCount: 1 });
      const put = await kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: 'k', Data: new Uint8Array(1_000_000) }));
      let writeThrottled = 0;
      try {
        await kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: 'k', Data: new Uint8Array(100_000) }));
      } catch (e) {
        assert.equal((e as Error).name, 'ProvisionedThroughputExceededException');
        writeThrottled++;
      }
      // The batch alone is over a shard's 1 MiB a second (a record of 11 bytes and one of 1 MiB, data
      // plus key), so it is throttled whatever the time between the calls: the test does not race.
      const batch = await kinesis.send(
        new PutRecordsCommand({ StreamName, Records: [{ PartitionKey: 'a', Data: new Uint8Array(10) }, { PartitionKey: 'b', Data: new Uint8Array(1_048_575) }] }),
      );
      const batchThrottled = batch.FailedRecordCount!;
      writeThrottled += batchThrottled;
      assert.ok(writeThrottled >= 1, 'the shard write limit refused something');

      const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName, ShardId: put.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
      let reads = 0;
      let readThrottled = 0;
      let records = 0;
      let iterator = ShardIterator;
      for (let i = 0; i < 7; i++) {
        try {
          const r = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1 }));
          reads++;
          records += r.Records!.length;
          iterator = r.NextShardIterator;
        } catch (e) {
          assert.equal((e as Error).name, 'ProvisionedThroughputExceededException');
          readThrottled++;
        }
      }

      const samples = await scrape(server.url);
      const stream = { account_id: '000000000000', region: 'us-east-1', stream_name: StreamName };
      const v = (name: string) => value(samples, `switchyard_kinesis_${name}`, stream);
      const storedRecords = 1 + (writeThrottled - batchThrottled === 0 ? 1 : 0) + (2 - batchThrottled);
      assert.equal(v('incoming_records_total'), storedRecords);
      assert.equal(v('put_record_success_total'), 1 + (writeThrottled - batchThrottled === 0 ? 1 : 0));
      assert.equal(v('put_records_success_total'), batchThrottled < 2 ? 1 : 0);
      assert.equal(v('put_records_total_records_total'), 2);
      assert.equal(v('put_records_successful_records_total'), 2 - batchThrottled);
      assert.equal(v('put_records_throttled_records_total'), batchThrottled);
      assert.equal(v('write_provisioned_throughput_exceeded_total'), writeThrottled);
      assert.equal(v('get_records_success_total'), reads);
      assert.equal(v('get_records_records_total'), records);
      assert.equal(v('read_provisioned_throughput_exceeded_total'), readThrottled);
      assert.ok(readThrottled >= 1 || reads === 7);
      const age = value(samples, 'switchyard_kinesis_get_records_iterator_age_milliseconds', { ...stream, shard_id: put.ShardId! });
      assert.ok(age !== undefined && age >= 0);
      const incoming = v('incoming_bytes_total')!;
      assert.ok(incoming >= 1_000_001 && incoming <= 1_000_001 + 100_001 + 10 + 1 + 1_048_576, `incoming bytes ${incoming}`);
      assert.equal(value(samples, 'switchyard_requests_total', { service: 'kinesis', operation: 'PutRecord', outcome: 'ProvisionedThroughputExceededException' }), writeThrottled - batchThrottled || undefined);
    });
  },
  { settings: { kinesisThroughputLimits: 'true' } },
);

kinesisE2E('Kinesis enhanced fan-out metrics', (t) => {
  it('counts the records and bytes SubscribeToShard events carried', async () => {
    const { kinesis, server } = t();
    const StreamName = await t().activeStream({ ShardCount: 1 });
    const StreamARN = `arn:aws:kinesis:us-east-1:000000000000:stream/${StreamName}`;
    const ConsumerARN = (await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: 'metrics' }))).Consumer!.ConsumerARN!;
    for (let i = 0; ; i++) {
      const d = await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN }));
      if (d.ConsumerDescription!.ConsumerStatus === 'ACTIVE') break;
      assert.ok(i < 200, 'consumer not ACTIVE');
      await new Promise((r) => setTimeout(r, 20));
    }
    await kinesis.send(new PutRecordsCommand({ StreamName, Records: [1, 2, 3].map((n) => ({ PartitionKey: 'pk', Data: new Uint8Array(n * 10) })) }));
    const sub = await kinesis.send(new SubscribeToShardCommand({ ConsumerARN, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }));
    let seen = 0;
    for await (const ev of sub.EventStream!) {
      seen += ev.SubscribeToShardEvent?.Records?.length ?? 0;
      if (seen >= 3) break;
    }
    const samples = await scrape(server.url);
    const stream = { account_id: '000000000000', region: 'us-east-1', stream_name: StreamName };
    assert.equal(value(samples, 'switchyard_kinesis_subscribe_to_shard_event_records_total', stream), 3);
    assert.equal(value(samples, 'switchyard_kinesis_subscribe_to_shard_event_bytes_total', stream), 10 + 20 + 30 + 3 * 2);
    assert.equal(value(samples, 'switchyard_kinesis_incoming_bytes_total', stream), 10 + 20 + 30 + 3 * 2);
    assert.equal(value(samples, 'switchyard_kinesis_put_records_success_total', stream), 1);
  });
});
