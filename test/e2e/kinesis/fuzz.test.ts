import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateChannelCommand,
  CreateStreamCommand,
  DeleteChannelCommand,
  DeleteStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListChannelsCommand,
  ListShardsCommand,
  ListStreamConsumersCommand,
  ListStreamsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  PutResourcePolicyCommand,
  RegisterStreamConsumerCommand,
  type _Record,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { kinesisModel } from '../../../src/services/kinesis/model.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';
import { fuzzService, OutcomesByEngine, report, type Rng } from '../../helpers/wire-fuzz.js';

/**
 * Every Kinesis operation, in AWS JSON 1.1 and CBOR, fed broken inputs (test/helpers/wire-fuzz.ts):
 * each answer is an AWS-style error or a success, never a 500, a dropped connection or a hang.
 * Each operation gets resources of its own (streams provisioned and on-demand, with records, a
 * consumer, a channel, a resource policy, tags, real shard iterators and sequence numbers), so the
 * broken inputs reach past "not found" and destructive operations cannot starve the next ones.
 * Afterwards the server still stores and returns records byte for byte.
 */
const ACCOUNT = '000000000000';
const MAX_HASH = (1n << 128n) - 1n;
const streamArn = (name: string) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
const channelArn = (name: string) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:channel/${name}`;
const policy = (name: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kinesis:GetRecords', Resource: streamArn(name) }],
  });

interface Resources {
  streams: string[];
  streamIds: string[];
  /** Real NextTokens of ListShards, ListStreams, ListStreamConsumers and ListChannels. */
  tokens: string[];
  consumers: { arn: string; name: string }[];
  channels: string[];
  sequenceNumbers: string[];
  iterators: string[];
}

const outcomes = new OutcomesByEngine({
  SubscribeToShard: 'one call a second per consumer and shard: LimitExceeded depends on how fast the calls came',
});
for (const engine of E2E_ENGINES) {
  describe(`Kinesis wire fuzz [${engine}]`, () => {
    let server: TestServer;
    let kinesis: KinesisClient;
    let cur: Resources = { streams: [], streamIds: [], tokens: [], consumers: [], channels: [], sequenceNumbers: [], iterators: [] };
    before(async () => {
      server = await startTestServer(engine, {}, { kinesisCreateDelayMs: '0', kinesisSubscriptionMs: '500' });
      kinesis = new KinesisClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
        requestHandler: new NodeHttpHandler(),
      });
    });
    after(async () => {
      kinesis.destroy();
      await server.close();
    });

    const waitActive = async (name: string) => {
      for (let i = 0; i < 500; i++) {
        const s = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
        if (s.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error(`${name} not ACTIVE`);
    };

    /** Removes what the previous operation's fuzz left (its streams and channels, and what it created), so quotas never run out. */
    const clearAll = async () => {
      for (const c of (await kinesis.send(new ListChannelsCommand({}))).ChannelSummaries ?? []) {
        await kinesis.send(new DeleteChannelCommand({ ChannelARN: c.ChannelARN })).catch(() => undefined);
      }
      for (;;) {
        const names = (await kinesis.send(new ListStreamsCommand({ Limit: 100 }))).StreamNames ?? [];
        if (names.length === 0) break;
        for (const name of names) await kinesis.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: true })).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 5));
      }
    };

    /** Fresh resources named after the operation (names of deleted streams and consumers are not reused). */
    const seed = async (operation: string) => {
      await clearAll();
      const prefix = `fz-${operation}`.slice(0, 100);
      const prov = `${prefix}-p`;
      const od = `${prefix}-o`;
      await kinesis.send(new CreateStreamCommand({ StreamName: prov, ShardCount: 2, Tags: { team: 'fuzz', env: 'test' } }));
      await kinesis.send(new CreateStreamCommand({ StreamName: od, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
      await waitActive(prov);
      await waitActive(od);
      const next: Resources = { streams: [prov, od], streamIds: [], tokens: [], consumers: [], channels: [], sequenceNumbers: [], iterators: [] };
      for (const name of [prov, od]) {
        for (let i = 0; i < 3; i++) {
          const r = await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: `pk-${i}`, Data: Buffer.from(`seed ${i}`) }));
          next.sequenceNumbers.push(r.SequenceNumber!);
        }
        for (const shard of ['shardId-000000000000', 'shardId-000000000001']) {
          const it = await kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }));
          next.iterators.push(it.ShardIterator!);
        }
      }
      for (const name of [prov, od]) {
        next.streamIds.push((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.StreamId!);
      }
      // Two consumers: SubscribeToShard admits one call a second per consumer and shard.
      for (const [i, name] of [prov, od].entries()) {
        const consumerName = `${prefix}-c${i}`.slice(0, 128);
        const c = await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn(name), ConsumerName: consumerName }));
        next.consumers.push({ arn: c.Consumer!.ConsumerARN!, name: consumerName });
      }
      next.tokens.push(
        (await kinesis.send(new ListShardsCommand({ StreamName: od, MaxResults: 1 }))).NextToken!,
        (await kinesis.send(new ListStreamsCommand({ Limit: 1 }))).NextToken!,
      );
      await kinesis.send(new PutResourcePolicyCommand({ ResourceARN: streamArn(prov), Policy: policy(prov) }));
      const channel = `${prefix}-ch`;
      await kinesis.send(
        new CreateChannelCommand({
          ChannelName: channel,
          ServiceExecutionRoleARN: `arn:aws:iam::${ACCOUNT}:role/delivery`,
          StreamConfigurationList: [{ StreamARN: streamArn(od), RecordConfiguration: { RecordFormatType: 'JSON' } }],
          S3DestinationConfiguration: {
            StorageConfiguration: { BucketARN: 'arn:aws:s3:::fuzz-bucket', ExpectedBucketOwner: ACCOUNT, CompressionType: 'GZIP' },
          },
          Tags: { team: 'fuzz' },
        }),
      );
      next.channels.push(channel);
      await kinesis.send(
        new CreateChannelCommand({
          ChannelName: `${channel}2`,
          ServiceExecutionRoleARN: `arn:aws:iam::${ACCOUNT}:role/delivery`,
          StreamConfigurationList: [{ StreamARN: streamArn(od), RecordConfiguration: { RecordFormatType: 'JSON' } }],
          S3DestinationConfiguration: {
            StorageConfiguration: { BucketARN: 'arn:aws:s3:::fuzz-bucket', ExpectedBucketOwner: ACCOUNT, CompressionType: 'NONE' },
          },
        }),
      );
      next.tokens.push((await kinesis.send(new ListChannelsCommand({ MaxResults: 1 }))).NextToken!);
      await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn(prov), ConsumerName: `${prefix}-c2`.slice(0, 128) })).then((c) =>
        next.consumers.push({ arn: c.Consumer!.ConsumerARN!, name: c.Consumer!.ConsumerName! }),
      );
      const page = await kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn(prov), MaxResults: 1 }));
      if (page.NextToken) next.tokens.push(page.NextToken);
      cur = next;
    };

    const any = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
    const stream = (rng: Rng) => (rng() < 0.9 ? any(rng, cur.streams) : 'fz-missing');
    const shardId = (rng: Rng) => any(rng, ['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000001', 'shardId-000000000099']);
    const hashKey = (rng: Rng) =>
      String(any(rng, [0n, 1n, MAX_HASH / 2n, MAX_HASH / 3n, MAX_HASH - 1n, MAX_HASH, MAX_HASH + 1n, 1n << 200n, BigInt(Math.floor(rng() * 2 ** 53)) << 74n]));
    const hints: Record<string, (rng: Rng) => unknown> = {
      StreamName: stream,
      StreamARN: (rng) => streamArn(stream(rng)),
      ResourceARN: (rng) => (rng() < 0.8 ? streamArn(stream(rng)) : channelArn(any(rng, cur.channels))),
      ConsumerARN: (rng) => (rng() < 0.9 ? any(rng, cur.consumers).arn : `${streamArn(cur.streams[0]!)}/consumer/nobody:1700000000`),
      ConsumerName: (rng) => (rng() < 0.7 ? any(rng, cur.consumers).name : `fz-new-${Math.floor(rng() * 100)}`),
      ChannelARN: (rng) => channelArn(rng() < 0.9 ? any(rng, cur.channels) : 'fz-missing'),
      ChannelName: (rng) => (rng() < 0.5 ? any(rng, cur.channels) : `fz-new-ch-${Math.floor(rng() * 100)}`),
      StreamId: (rng) => any(rng, cur.streamIds),
      NextToken: (rng) => (rng() < 0.8 ? any(rng, cur.tokens) : 'AAAAAAAAAAEAAAAA'),
      GSRSchemaARN: () => `arn:aws:glue:us-east-1:${ACCOUNT}:schema/registry/schema`,
      StreamConfigurationList: (rng) => [{ StreamARN: streamArn(rng() < 0.8 ? cur.streams[1]! : stream(rng)), RecordConfiguration: { RecordFormatType: 'JSON' } }],
      ShardId: shardId,
      ShardToMerge: () => 'shardId-000000000000',
      AdjacentShardToMerge: (rng) => (rng() < 0.8 ? 'shardId-000000000001' : shardId(rng)),
      ShardToSplit: shardId,
      ExclusiveStartShardId: shardId,
      NewStartingHashKey: hashKey,
      ExplicitHashKey: hashKey,
      ShardIterator: (rng) => (rng() < 0.9 ? any(rng, cur.iterators) : 'AAAAAAAAAAE='),
      StartingSequenceNumber: (rng) => any(rng, cur.sequenceNumbers),
      SequenceNumber: (rng) => any(rng, cur.sequenceNumbers),
      SequenceNumberForOrdering: (rng) => any(rng, cur.sequenceNumbers),
      PartitionKey: (rng) => any(rng, ['pk', 'a', 'é漢🙂', 'k'.repeat(256), String(Math.floor(rng() * 1e6))]),
      Data: (rng) => Buffer.from(Array.from({ length: Math.floor(rng() * 64) + 1 }, () => Math.floor(rng() * 256))),
      Policy: (rng) => policy(stream(rng)),
      KeyId: (rng) => any(rng, ['alias/aws/kinesis', `arn:aws:kms:us-east-1:${ACCOUNT}:key/12345678-1234-1234-1234-123456789012`]),
      ServiceExecutionRoleARN: () => `arn:aws:iam::${ACCOUNT}:role/delivery`,
      BucketARN: () => 'arn:aws:s3:::fuzz-bucket',
      TableBucketARN: () => `arn:aws:s3tables:us-east-1:${ACCOUNT}:bucket/tables`,
      ExpectedBucketOwner: () => ACCOUNT,
      ShardCount: (rng) => 1 + Math.floor(rng() * 4),
      TargetShardCount: (rng) => 1 + Math.floor(rng() * 4),
      RetentionPeriodHours: (rng) => any(rng, [24, 48, 168, 8760]),
      MaxRecordSizeInKiB: (rng) => any(rng, [1024, 2048, 10240]),
    };

    /**
     * Members the hints cannot pair: a StreamARN sent with a StreamName names the same stream (and a
     * StreamId is that stream's) unless a break made one of them something else; CreateChannel gets
     * one destination, S3 and S3 Tables in turn.
     */
    let turn = 0;
    const pair = (operation: string, input: Record<string, unknown>) => {
      const name = input.StreamName;
      if (typeof name === 'string' && cur.streams.includes(name)) {
        const arns = cur.streams.map(streamArn);
        if (typeof input.StreamARN === 'string' && arns.includes(input.StreamARN)) input.StreamARN = streamArn(name);
        if (typeof input.StreamId === 'string' && cur.streamIds.includes(input.StreamId)) input.StreamId = cur.streamIds[cur.streams.indexOf(name)];
      } else if (typeof input.StreamARN === 'string' && typeof input.StreamId === 'string' && cur.streamIds.includes(input.StreamId)) {
        const i = cur.streams.map(streamArn).indexOf(input.StreamARN);
        if (i >= 0) input.StreamId = cur.streamIds[i];
      }
      if (operation === 'CreateChannel' && input.S3DestinationConfiguration && input.S3TablesDestinationConfiguration) {
        delete input[turn++ % 2 === 0 ? 'S3DestinationConfiguration' : 'S3TablesDestinationConfiguration'];
      }
    };

    it('answers every broken request the AWS way', async () => {
      const failures = await fuzzService({
        model: kinesisModel,
        baseUrl: server.url,
        protocols: ['json', 'cbor'],
        hints,
        beforeOperation: seed,
        tame: pair,
        http2: true, // the Kinesis SDK talks HTTP/2: every other request goes that way
        outcome: outcomes.recorder(engine),
      });
      assert.equal(failures.length, 0, report(failures));
    });

    it('still stores and returns records byte for byte afterwards', async () => {
      // The last operation's resources, fuzzed a moment ago: its seed records are still there, intact.
      const fuzzed = cur.streams[0]!;
      const seen: string[] = [];
      for (const shard of ['shardId-000000000000', 'shardId-000000000001']) {
        let iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: fuzzed, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
        for (let i = 0; i < 20 && iterator; i++) {
          const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
          for (const r of page.Records ?? []) {
            const k = /^pk-(\d)$/.exec(r.PartitionKey ?? '');
            if (k && cur.sequenceNumbers.includes(r.SequenceNumber!)) {
              assert.equal(Buffer.from(r.Data!).toString(), `seed ${k[1]}`);
              seen.push(r.PartitionKey!);
            }
          }
          if ((page.Records ?? []).length === 0) break;
          iterator = page.NextShardIterator;
        }
      }
      assert.deepEqual(seen.sort(), ['pk-0', 'pk-1', 'pk-2']);

      await seed('after');
      const name = cur.streams[0]!;
      const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const big = Buffer.alloc(1_048_576 - 1, 0);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
      const sent: { data: Buffer; key: string }[] = [
        { data: all, key: 'bytes' },
        { data: Buffer.from([0]), key: ' ' },
        { data: Buffer.from('é漢🙂'), key: 'é漢🙂' },
        { data: Buffer.from([0xff, 0xfe, 0x00, 0x80]), key: '漢'.repeat(256) }, // the longest key, 768 bytes of UTF-8
        { data: big, key: 'x' }, // the partition key's byte and the data make exactly 1 MiB
      ];
      const at: Record<string, string> = {};
      for (const r of sent) {
        const out = await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: r.key, Data: r.data, ExplicitHashKey: '0' }));
        assert.equal(out.ShardId, 'shardId-000000000000');
        at[out.SequenceNumber!] = r.key;
      }
      const batch = await kinesis.send(
        new PutRecordsCommand({ StreamName: name, Records: [{ Data: all, PartitionKey: 'batch', ExplicitHashKey: String(MAX_HASH) }] }),
      );
      assert.equal(batch.FailedRecordCount, 0);
      assert.equal(batch.Records![0]!.ShardId, 'shardId-000000000001');

      const read = async (shard: string) => {
        let iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
        const got: _Record[] = [];
        for (let i = 0; i < 20 && iterator; i++) {
          const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
          got.push(...(page.Records ?? []));
          if ((page.MillisBehindLatest ?? 0) === 0 && (page.Records ?? []).length === 0) break;
          iterator = page.NextShardIterator;
        }
        return got;
      };
      const shard0 = (await read('shardId-000000000000')).filter((r) => r.SequenceNumber! in at);
      assert.deepEqual(
        shard0.map((r) => r.PartitionKey),
        sent.map((r) => r.key),
      );
      shard0.forEach((r, i) => assert.ok(Buffer.from(r.Data!).equals(sent[i]!.data), `record ${i} (${sent[i]!.key}) differs`));
      const shard1 = (await read('shardId-000000000001')).filter((r) => r.PartitionKey === 'batch');
      assert.equal(shard1.length, 1);
      assert.ok(Buffer.from(shard1[0]!.Data!).equals(all));
    });
  });
}

describe('Kinesis wire fuzz: the engines answer alike', { skip: E2E_ENGINES.length < 2 }, () => {
  it('every request got the same status and error code on every engine', () => {
    assert.deepEqual(outcomes.differences(), []);
  });
});
