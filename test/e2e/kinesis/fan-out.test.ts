import { it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  DeleteStreamCommand,
  DeregisterStreamConsumerCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  ListStreamConsumersCommand,
  PutRecordCommand,
  PutRecordsCommand,
  RegisterStreamConsumerCommand,
  SplitShardCommand,
  SubscribeToShardCommand,
  type KinesisClient,
  type SubscribeToShardEvent,
} from '@aws-sdk/client-kinesis';
import { decodeFrames } from '../../../src/protocol/event-stream.js';
import { E2E_CREATE_DELAY_MS, isKinesisError, KINESIS_CLIENTS, kinesisE2E } from '../../helpers/kinesis.js';

const ACCT = '000000000000';
const SUBSCRIPTION_MS = 4_000;
const arnOf = (name: string) => `arn:aws:kinesis:us-east-1:${ACCT}:stream/${name}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function activeConsumer(kinesis: KinesisClient, streamArn: string, name: string): Promise<string> {
  const r = await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: name }));
  const arn = r.Consumer!.ConsumerARN!;
  for (let i = 0; i < 100; i++) {
    const d = await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: arn }));
    if (d.ConsumerDescription!.ConsumerStatus === 'ACTIVE') return arn;
    await sleep(20);
  }
  throw new Error('consumer not ACTIVE');
}

kinesisE2E(
  'Kinesis enhanced fan-out',
  (t) => {
    it('Register / Describe / List / Deregister: ARNs as AWS forms them, CREATING then ACTIVE, AWS errors', async () => {
      const { kinesis } = t();
      const name = await t().activeStream({ ShardCount: 1 });
      const started = Date.now();
      const r = await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: arnOf(name), ConsumerName: 'app-1' }));
      const c = r.Consumer!;
      assert.match(c.ConsumerARN!, new RegExp(`^${arnOf(name)}/consumer/app-1:\\d{10}$`));
      assert.equal(Number(c.ConsumerARN!.split(':').pop()), Math.floor(c.ConsumerCreationTimestamp!.getTime() / 1000));
      if (Date.now() - started < E2E_CREATE_DELAY_MS) assert.equal(c.ConsumerStatus, 'CREATING');
      await assert.rejects(kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: arnOf(name), ConsumerName: 'app-1' })), (e) =>
        isKinesisError(e, 'ResourceInUseException'),
      );
      await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: arnOf(name), ConsumerName: 'app-0' }));
      const list = await kinesis.send(new ListStreamConsumersCommand({ StreamARN: arnOf(name), MaxResults: 1 }));
      assert.deepEqual(list.Consumers!.map((x) => x.ConsumerName), ['app-0']);
      const rest = await kinesis.send(new ListStreamConsumersCommand({ StreamARN: arnOf(name), NextToken: list.NextToken }));
      assert.deepEqual(rest.Consumers!.map((x) => x.ConsumerName), ['app-1']);
      assert.equal(rest.NextToken, undefined);
      const byName = await kinesis.send(new DescribeStreamConsumerCommand({ StreamARN: arnOf(name), ConsumerName: 'app-1' }));
      assert.equal(byName.ConsumerDescription!.ConsumerARN, c.ConsumerARN);
      assert.equal(byName.ConsumerDescription!.StreamARN, arnOf(name));
      assert.equal((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.ConsumerCount, 2);
      await assert.rejects(kinesis.send(new DeleteStreamCommand({ StreamName: name })), (e) =>
        isKinesisError(
          e,
          'ResourceInUseException',
          `DeleteStream can’t delete ${ACCT}:${name} because there are consumers associated with this data stream. ` +
            `To delete ${name} anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.`,
        ),
      );
      const deregisteredAt = Date.now();
      await kinesis.send(new DeregisterStreamConsumerCommand({ ConsumerARN: c.ConsumerARN }));
      // DELETING for the consumer delay (fan-out-lifecycle.test.ts counts it on a moved clock), then gone.
      const deleting = async () => (await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: c.ConsumerARN }))).ConsumerDescription!.ConsumerStatus;
      const status = await deleting();
      if (Date.now() - deregisteredAt < E2E_CREATE_DELAY_MS) assert.equal(status, 'DELETING');
      await sleep(E2E_CREATE_DELAY_MS);
      await assert.rejects(deleting(), (e) => isKinesisError(e, 'ResourceNotFoundException'));
      await assert.rejects(kinesis.send(new DescribeStreamConsumerCommand({ StreamARN: arnOf(name), ConsumerName: 'nope' })), (e) =>
        isKinesisError(e, 'ResourceNotFoundException'),
      );
      await kinesis.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: true }));
    });

    it('SubscribeToShard: initial response, then records pushed as another client puts them; a second subscription within 5 s is refused', async () => {
      const { kinesis, server, kind } = t();
      const name = await t().activeStream({ ShardCount: 1 });
      const consumer = await activeConsumer(kinesis, arnOf(name), 'reader');
      await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('r0') }));
      const sub = await kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }));
      await sleep(1_000); // AWS allows one SubscribeToShard call a second per consumer and shard
      await assert.rejects(
        kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } })),
        (e) => isKinesisError(e, 'ResourceInUseException'),
      );
      const writer = kind.client(server.url);
      const seen: string[] = [];
      let last: SubscribeToShardEvent | undefined;
      const started = Date.now();
      for await (const ev of sub.EventStream!) {
        const e = ev.SubscribeToShardEvent;
        if (!e) continue;
        last = e;
        seen.push(...e.Records!.map((r) => Buffer.from(r.Data!).toString()));
        assert.equal(e.MillisBehindLatest, 0);
        if (seen.length === 1) {
          await writer.send(new PutRecordsCommand({ StreamName: name, Records: [1, 2, 3].map((i) => ({ PartitionKey: 'k', Data: Buffer.from(`r${i}`) })) }));
        }
        if (seen.length >= 4) break;
      }
      writer.destroy();
      assert.deepEqual(seen, ['r0', 'r1', 'r2', 'r3']);
      assert.ok(Date.now() - started < 2_500, 'records are pushed, not found by a slow poll');
      assert.match(last!.ContinuationSequenceNumber!, /^\d{56}$/);
      assert.equal(last!.Records![last!.Records!.length - 1]!.SequenceNumber, last!.ContinuationSequenceNumber);
    });

    it('SubscribeToShard pushes partition keys with U+0000 exactly as they were put', async () => {
      const { kinesis } = t();
      const name = await t().activeStream({ ShardCount: 1 });
      const consumer = await activeConsumer(kinesis, arnOf(name), 'nul-keys');
      const keys = ['a\u0000b', '\u0000', 'plain', '\ufdd0"\\u0000"', 'ключ\u0000🔑'];
      await kinesis.send(new PutRecordsCommand({ StreamName: name, Records: keys.map((k, i) => ({ PartitionKey: k, Data: Buffer.from([i]) })) }));
      const sub = await kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }));
      const seen: string[] = [];
      for await (const ev of sub.EventStream!) {
        seen.push(...(ev.SubscribeToShardEvent?.Records ?? []).map((r) => r.PartitionKey!));
        if (seen.length >= keys.length) break;
      }
      assert.deepEqual(seen, keys);
    });

    it('SubscribeToShard ends after the subscription time; AFTER_SEQUENCE_NUMBER resumes after ContinuationSequenceNumber', async () => {
      const { kinesis } = t();
      const name = await t().activeStream({ ShardCount: 1 });
      const consumer = await activeConsumer(kinesis, arnOf(name), 'timer');
      await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('a') }));
      const started = Date.now();
      const sub = await kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }));
      let continuation: string | undefined;
      for await (const ev of sub.EventStream!) continuation = ev.SubscribeToShardEvent?.ContinuationSequenceNumber ?? continuation;
      const took = Date.now() - started;
      assert.ok(took >= SUBSCRIPTION_MS - 100 && took < SUBSCRIPTION_MS + 2_000, `ended after ${took} ms`);
      await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('b') }));
      // More than 5 s after the first subscription: this one takes over.
      const again = await kinesis.send(
        new SubscribeToShardCommand({
          ConsumerARN: consumer,
          ShardId: 'shardId-000000000000',
          StartingPosition: { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: continuation },
        }),
      );
      for await (const ev of again.EventStream!) {
        const recs = ev.SubscribeToShardEvent?.Records ?? [];
        if (recs.length === 0) continue;
        assert.deepEqual(recs.map((r) => Buffer.from(r.Data!).toString()), ['b']);
        break;
      }
    });

    it('SubscribeToShard across a reshard: the parent drains, then ChildShards and the end of the stream', async () => {
      const { kinesis } = t();
      const name = await t().activeStream({ ShardCount: 1 });
      const consumer = await activeConsumer(kinesis, arnOf(name), 'resharder');
      const sub = await kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } }));
      const events: SubscribeToShardEvent[] = [];
      let split = false;
      for await (const ev of sub.EventStream!) {
        const e = ev.SubscribeToShardEvent;
        if (!e) continue;
        events.push(e);
        if (!split) {
          split = true;
          await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('last') }));
          await kinesis.send(new SplitShardCommand({ StreamName: name, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '170141183460469231731687303715884105728' }));
        }
      }
      const records = events.flatMap((e) => e.Records!.map((r) => Buffer.from(r.Data!).toString()));
      assert.deepEqual(records, ['last']);
      const end = events[events.length - 1]!;
      assert.equal(end.ContinuationSequenceNumber, undefined);
      assert.deepEqual(end.ChildShards!.map((c) => [c.ShardId, c.ParentShards]), [
        ['shardId-000000000001', ['shardId-000000000000']],
        ['shardId-000000000002', ['shardId-000000000000']],
      ]);
    });
  },
  { settings: { kinesisSubscriptionMs: String(SUBSCRIPTION_MS) } },
);

/** boto3 does SubscribeToShard over HTTP/1.1: a chunked event-stream body, read raw here. */
kinesisE2E(
  'Kinesis SubscribeToShard over HTTP/1.1 chunked (raw)',
  (t) => {
    it('initial-response, then SubscribeToShardEvent frames, over a chunked HTTP/1.1 response', async () => {
      const { kinesis, server } = t();
      if (t().kind !== KINESIS_CLIENTS[0]) return; // one raw run per engine is enough
      const name = await t().activeStream({ ShardCount: 1 });
      const consumer = await activeConsumer(kinesis, arnOf(name), 'raw');
      await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'pk', Data: Buffer.from('hello') }));
      const body = JSON.stringify({ ConsumerARN: consumer, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } });
      const chunks: Buffer[] = [];
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = http.request(`${server.url}/`, {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': 'Kinesis_20131202.SubscribeToShard',
            authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0',
          },
        });
        req.on('response', resolve).on('error', reject);
        req.end(body);
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/vnd.amazon.eventstream');
      assert.equal(res.headers['transfer-encoding'], 'chunked');
      for await (const chunk of res) {
        chunks.push(chunk as Buffer);
        const frames = safeDecode(Buffer.concat(chunks));
        if (frames && frames.length >= 2) {
          res.destroy();
          assert.equal(frames[0]!.headers[':event-type'], 'initial-response');
          assert.equal(frames[1]!.headers[':event-type'], 'SubscribeToShardEvent');
          assert.equal(frames[1]!.headers[':message-type'], 'event');
          const ev = JSON.parse(frames[1]!.payload.toString());
          assert.equal(Buffer.from(ev.Records[0].Data, 'base64').toString(), 'hello');
          assert.equal(ev.Records[0].PartitionKey, 'pk');
          assert.equal(typeof ev.Records[0].ApproximateArrivalTimestamp, 'number');
          assert.match(ev.ContinuationSequenceNumber, /^\d{56}$/);
          return;
        }
      }
      assert.fail('the stream ended before the first event');
    });
  },
  { settings: { kinesisSubscriptionMs: String(SUBSCRIPTION_MS) } },
);

function safeDecode(buf: Buffer) {
  try {
    return decodeFrames(buf);
  } catch {
    return undefined; // a frame split across chunks: wait for more
  }
}
