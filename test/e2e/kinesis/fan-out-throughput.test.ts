// Enhanced fan-out pacing in the opt-in throughput mode. AWS gives each consumer "up to 2 MB of
// data per second per shard" (dedicated to it); a consumer behind gets its events at that rate,
// with MillisBehindLatest growing, never an error. The rate is lowered here (RATE) so that a
// backlog of a few hundred KiB takes a couple of seconds instead of megabytes doing so.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeStreamConsumerCommand,
  PutRecordsCommand,
  RegisterStreamConsumerCommand,
  SubscribeToShardCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { kinesisE2E, type KinesisE2E } from '../../helpers/kinesis.js';

const ACCT = '000000000000';
/** Bytes per second per consumer and shard in this file's throughput-mode servers (AWS: 2 MiB). */
const RATE = 64 * 1024;
/** 48 records of 4 KiB + a 1-byte partition key: a second's burst (64 KiB), then about 2 s at RATE; far below the 1 MiB/s write limit. */
const COUNT = 48;
const RECORD = 4 * 1024;
const RECORD_BYTES = RECORD + 1;
/** Bounds every subscription, so no loop below can outlive it. */
const SUBSCRIPTION_MS = 15_000;

const arnOf = (name: string) => `arn:aws:kinesis:us-east-1:${ACCT}:stream/${name}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function activeConsumer(kinesis: KinesisClient, streamArn: string, name: string): Promise<string> {
  const arn = (await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: name }))).Consumer!.ConsumerARN!;
  for (let i = 0; i < 100; i++) {
    if ((await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: arn }))).ConsumerDescription!.ConsumerStatus === 'ACTIVE') return arn;
    await sleep(20);
  }
  throw new Error('consumer not ACTIVE');
}

/** A one-shard stream with these consumers ACTIVE, then COUNT records put (record i carries i in its first 4 bytes) in one call; the consumers' ARNs. */
async function backlog(t: KinesisE2E, consumerNames: string[]): Promise<string[]> {
  const { kinesis } = t;
  const name = await t.activeStream({ ShardCount: 1 });
  const consumers: string[] = [];
  for (const c of consumerNames) consumers.push(await activeConsumer(kinesis, arnOf(name), c));
  const records = Array.from({ length: COUNT }, (_, i) => {
    const data = Buffer.alloc(RECORD, i);
    data.writeUInt32BE(i, 0);
    return { PartitionKey: 'k', Data: data };
  });
  assert.equal((await kinesis.send(new PutRecordsCommand({ StreamName: name, Records: records }))).FailedRecordCount, 0);
  return consumers;
}

interface Seen {
  /** When the client got the event (Date.now(): the server runs on the same clock). */
  readonly at: number;
  readonly bytes: number;
  readonly indexes: number[];
  readonly sequenceNumbers: bigint[];
  readonly behind: number;
  readonly lastArrival: number;
}

/** Subscribes at TRIM_HORIZON and collects the events with records until all COUNT came (or the subscription ended). */
async function collect(kinesis: KinesisClient, consumerArn: string): Promise<Seen[]> {
  const sub = await kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }));
  const seen: Seen[] = [];
  let records = 0;
  for await (const ev of sub.EventStream!) {
    const e = ev.SubscribeToShardEvent;
    if (!e || e.Records!.length === 0) continue;
    const rs = e.Records!;
    seen.push({
      at: Date.now(),
      bytes: rs.reduce((n, r) => n + r.Data!.length + r.PartitionKey!.length, 0),
      indexes: rs.map((r) => Buffer.from(r.Data!).readUInt32BE(0)),
      sequenceNumbers: rs.map((r) => BigInt(r.SequenceNumber!)),
      behind: e.MillisBehindLatest!,
      lastArrival: rs[rs.length - 1]!.ApproximateArrivalTimestamp!.getTime(),
    });
    records += rs.length;
    if (records >= COUNT) break;
  }
  return seen;
}

/** Every record came, once, in order. */
function assertWholeAndInOrder(seen: Seen[]): void {
  assert.deepEqual(seen.flatMap((s) => s.indexes), Array.from({ length: COUNT }, (_, i) => i));
  const seqs = seen.flatMap((s) => s.sequenceNumbers);
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i]! > seqs[i - 1]!, 'sequence numbers increase');
}

kinesisE2E(
  'Kinesis enhanced fan-out pacing (throughput mode)',
  (t) => {
    it('a backlog comes at the consumer\'s rate per shard: a second\'s burst, then paced events, whole and in order, MillisBehindLatest growing then 0; each consumer has its own rate', { timeout: 30_000 }, async () => {
      const consumers = await backlog(t(), ['slow-1', 'slow-2']);
      // Both at once: were the rate the shard's rather than each consumer's, each would take twice as long.
      for (const seen of await Promise.all(consumers.map((c) => collect(t().kinesis, c)))) {
        assertWholeAndInOrder(seen);
        const total = COUNT * RECORD_BYTES;
        const first = seen[0]!;
        const last = seen[seen.length - 1]!;
        // The bucket starts with one second's worth; the rest waits for it to refill.
        assert.ok(first.bytes <= RATE, `first event ${first.bytes} bytes`);
        assert.ok(seen.length >= 5, `${seen.length} events`);
        // A token bucket sends at most RATE + RATE × t bytes by t: the last event cannot come before
        // (total − RATE) / RATE s (less a little for the first event's own delivery), nor much later.
        const spread = last.at - first.at;
        const ideal = ((total - RATE) * 1000) / RATE;
        assert.ok(spread >= ideal - 250, `last event ${spread} ms after the first; at ${RATE} B/s not before ~${Math.round(ideal)} ms`);
        assert.ok(spread <= ideal + 1_500, `last event ${spread} ms after the first; at ${RATE} B/s about ${Math.round(ideal)} ms`);
        // MillisBehindLatest: how old the event's last record is when it goes (delivery makes the
        // client see it a little later), growing while behind, 0 once caught up.
        for (const s of seen.slice(0, -1)) {
          const age = s.at - s.lastArrival;
          assert.ok(s.behind > 0 && s.behind <= age + 5 && s.behind >= age - 750, `MillisBehindLatest ${s.behind}, record age at the client ${age}`);
        }
        for (let i = 1; i < seen.length - 1; i++) assert.ok(seen[i]!.behind >= seen[i - 1]!.behind, 'MillisBehindLatest grows while behind');
        assert.ok(seen[seen.length - 2]!.behind >= ideal - 1_000, `behind ${seen[seen.length - 2]!.behind} ms before the last event`);
        assert.equal(last.behind, 0);
      }
    });
  },
  { settings: { kinesisThroughputLimits: 'true', kinesisFanOutBytesPerSecond: String(RATE), kinesisSubscriptionMs: String(SUBSCRIPTION_MS) } },
);

kinesisE2E(
  'Kinesis enhanced fan-out without the throughput mode',
  (t) => {
    it('the same backlog comes at once, in one event, caught up (the rate setting applies only in the throughput mode)', { timeout: 30_000 }, async () => {
      const [consumer] = await backlog(t(), ['fast']);
      const seen = await collect(t().kinesis, consumer!);
      assertWholeAndInOrder(seen);
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.behind, 0);
    });
  },
  { settings: { kinesisFanOutBytesPerSecond: String(RATE), kinesisSubscriptionMs: String(SUBSCRIPTION_MS) } },
);
