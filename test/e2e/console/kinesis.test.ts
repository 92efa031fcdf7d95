// The console's tail, through its API and checked against the official SDK: GetShardIterator and
// GetRecords return the records the SDK put (data as base64 of the same bytes), from
// TRIM_HORIZON, LATEST and AFTER_SEQUENCE_NUMBER; the stream's shards are listed as the SDK sees them.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ListShardsCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { waitUntilActive } from '../../helpers/kinesis.js';
import { consoleE2E } from './console-e2e.js';

consoleE2E('console API: Kinesis tail', (t) => {
  it('tails a shard from TRIM_HORIZON, LATEST and after a sequence number', async () => {
    const { kinesis, api } = t();
    const StreamName = t().name('clicks');
    assert.equal((await api('kinesis', 'CreateStream', { StreamName, ShardCount: 1 })).status, 200);
    await waitUntilActive(kinesis, StreamName);
    const shards = (await api('kinesis', 'ListShards', { StreamName })).body.Shards;
    assert.deepEqual(shards, JSON.parse(JSON.stringify((await kinesis.send(new ListShardsCommand({ StreamName }))).Shards)));
    const ShardId = shards[0].ShardId;

    const put = async (data: Uint8Array, key: string) => (await kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: key, Data: data }))).SequenceNumber!;
    const first = await put(Buffer.from('héllo <b>'), 'k1');
    const second = await put(Uint8Array.from([0xff, 0x00, 0xfe]), 'k2');

    const read = async (input: Record<string, unknown>) => {
      const it = await api('kinesis', 'GetShardIterator', { StreamName, ShardId, ...input });
      assert.equal(it.status, 200, JSON.stringify(it.body));
      const r = await api('kinesis', 'GetRecords', { ShardIterator: it.body.ShardIterator });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };
    const all = await read({ ShardIteratorType: 'TRIM_HORIZON' });
    assert.deepEqual(all.Records.map((r: any) => [r.SequenceNumber, r.PartitionKey, r.Data]), [
      [first, 'k1', Buffer.from('héllo <b>').toString('base64')],
      [second, 'k2', Buffer.from([0xff, 0x00, 0xfe]).toString('base64')],
    ]);
    assert.equal(typeof all.Records[0].ApproximateArrivalTimestamp, 'number');
    assert.equal(typeof all.NextShardIterator, 'string');
    assert.deepEqual((await read({ ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: first })).Records.map((r: any) => r.SequenceNumber), [second]);

    const latest = await api('kinesis', 'GetShardIterator', { StreamName, ShardId, ShardIteratorType: 'LATEST' });
    const third = await put(Buffer.from('after'), 'k3');
    const next = await api('kinesis', 'GetRecords', { ShardIterator: latest.body.ShardIterator });
    assert.deepEqual(next.body.Records.map((r: any) => r.SequenceNumber), [third]);
    const atTime = await read({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: all.Records[0].ApproximateArrivalTimestamp });
    assert.equal(atTime.Records[0].SequenceNumber, first);
  });

  it('lists streams and consumers; SubscribeToShard is refused, not relayed', async () => {
    const { kinesis, api } = t();
    const StreamName = t().name('s');
    await api('kinesis', 'CreateStream', { StreamName, StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    await waitUntilActive(kinesis, StreamName);
    const listed = (await api('kinesis', 'ListStreams', {})).body.StreamSummaries.find((s: any) => s.StreamName === StreamName);
    assert.equal(listed.StreamStatus, 'ACTIVE');
    assert.equal(listed.StreamModeDetails.StreamMode, 'ON_DEMAND');
    const summary = (await api('kinesis', 'DescribeStreamSummary', { StreamName })).body.StreamDescriptionSummary;
    const registered = await api('kinesis', 'RegisterStreamConsumer', { StreamARN: summary.StreamARN, ConsumerName: 'c1' });
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    assert.deepEqual((await api('kinesis', 'ListStreamConsumers', { StreamARN: summary.StreamARN })).body.Consumers.map((c: any) => c.ConsumerName), ['c1']);
    const refused = await api('kinesis', 'SubscribeToShard', { ConsumerARN: registered.body.Consumer.ConsumerARN, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'UnsupportedOperation');
  });
});
