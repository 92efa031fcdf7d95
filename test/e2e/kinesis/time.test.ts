// Time is data (ARCHITECTURE §3): the server runs on a ManualClock that the tests move, so stream
// creation, iterator expiry, NextToken expiry and retention are checked without sleeping.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStreamCommand,
  DecreaseStreamRetentionPeriodCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  IncreaseStreamRetentionPeriodCommand,
  ListShardsCommand,
  PutRecordCommand,
} from '@aws-sdk/client-kinesis';
import { ManualClock } from '../../../src/runtime/clock.js';
import { isKinesisError, kinesisE2E } from '../../helpers/kinesis.js';

const HOUR = 3_600_000;
const DELAY = 400;
let clock: ManualClock;

kinesisE2E(
  'Kinesis time',
  (t) => {
    const create = async (ShardCount = 1) => {
      const name = t().name('time');
      await t().kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount }));
      clock.advance(DELAY);
      return name;
    };
    const trimHorizon = async (name: string) =>
      (await t().kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })))
        .ShardIterator!;

    it('a stream is CREATING for the configured delay, then ACTIVE', async () => {
      const { kinesis } = t();
      const name = t().name('delay');
      await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
      const status = async () => (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.StreamStatus;
      assert.equal(await status(), 'CREATING');
      clock.advance(DELAY - 1);
      assert.equal(await status(), 'CREATING');
      clock.advance(1);
      assert.equal(await status(), 'ACTIVE');
    });

    it('at most 5 streams CREATING at once per account (LimitExceededException in AWS\'s words), then more once they are ACTIVE', async () => {
      const { kinesis } = t();
      for (let i = 0; i < 5; i++) await kinesis.send(new CreateStreamCommand({ StreamName: t().name('five'), ShardCount: 1 }));
      const sixth = t().name('six');
      await assert.rejects(kinesis.send(new CreateStreamCommand({ StreamName: sixth, ShardCount: 1 })), (e) =>
        isKinesisError(
          e,
          'LimitExceededException',
          'This request would have exceed the limit on the number  of streams that can simultaneously be in CREATING or DELETING for the account 000000000000. Limit: 5.',
        ),
      );
      clock.advance(DELAY);
      await kinesis.send(new CreateStreamCommand({ StreamName: sixth, ShardCount: 1 }));
      clock.advance(DELAY);
    });

    it('an iterator lives 5 minutes, then ExpiredIteratorException with AWS\'s message', async () => {
      const { kinesis } = t();
      const name = await create();
      const it = await trimHorizon(name);
      clock.advance(200_000);
      const r = await kinesis.send(new GetRecordsCommand({ ShardIterator: it }));
      clock.advance(100_000);
      await kinesis.send(new GetRecordsCommand({ ShardIterator: it })); // exactly 5 minutes old: still valid
      clock.advance(1);
      await assert.rejects(kinesis.send(new GetRecordsCommand({ ShardIterator: it })), (e) =>
        isKinesisError(
          e,
          'ExpiredIteratorException',
          /^Iterator expired\. The iterator was created at time \w{3} \w{3} \d\d \d\d:\d\d:\d\d UTC \d{4} while right now it is \w{3} \w{3} \d\d \d\d:\d\d:\d\d UTC \d{4} which is further in the future than the tolerated delay of 300000 milliseconds\.$/,
        ),
      );
      // the NextShardIterator of the read made at 200 s was issued then: it still works
      assert.deepEqual((await kinesis.send(new GetRecordsCommand({ ShardIterator: r.NextShardIterator }))).Records, []);
    });

    it('ListShards NextTokens expire after 300 seconds', async () => {
      const { kinesis } = t();
      const name = await create(3);
      const page = await kinesis.send(new ListShardsCommand({ StreamName: name, MaxResults: 1 }));
      clock.advance(300_001);
      await assert.rejects(kinesis.send(new ListShardsCommand({ NextToken: page.NextToken })), (e) => isKinesisError(e, 'ExpiredNextTokenException'));
    });

    it('retention: records older than the period are not returned; the background job deletes them', async () => {
      const { kinesis, server } = t();
      const name = await create();
      await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'p', Data: Buffer.from('old') }));
      clock.advance(20 * HOUR);
      await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'p', Data: Buffer.from('new') }));
      const read = async () => (await kinesis.send(new GetRecordsCommand({ ShardIterator: await trimHorizon(name) }))).Records!.map((r) => Buffer.from(r.Data!).toString());
      assert.deepEqual(await read(), ['old', 'new']);

      await kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: 48 }));
      clock.advance(5 * HOUR); // old is 25 h old: kept with 48 h
      assert.deepEqual(await read(), ['old', 'new']);
      await kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: 24 }));
      assert.deepEqual(await read(), ['new']);

      // the job runs every minute on the server's clock; the record is then gone from storage
      const stream = (await server.engine.kinesis.getStream('000000000000', 'us-east-1', name))!;
      const stored = async () => (await server.engine.kinesis.readShard(stream.shards[0]!.id, { fromSeq: 0, minArrivalMs: 0, limit: 10, maxBytes: 1e6 })).records.length;
      assert.equal(await stored(), 2);
      // A run started by an earlier advance may still be going (its next timer not yet armed): keep moving the clock.
      for (let i = 0; i < 100 && (await stored()) !== 1; i++) {
        clock.advance(60_000);
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(await stored(), 1);
    });

    it("retention changes follow AWS's rules", async () => {
      const { kinesis } = t();
      const name = await create();
      const inc = (h: number) => kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: h }));
      const dec = (h: number) => kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: h }));
      await assert.rejects(inc(23), (e) =>
        isKinesisError(e, 'InvalidArgumentException', 'Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.'),
      );
      await assert.rejects(inc(8761), (e) => isKinesisError(e, 'InvalidArgumentException', /^Maximum allowed retention period is 8760 hours/));
      await inc(24);
      await inc(100);
      await assert.rejects(inc(50), (e) =>
        isKinesisError(
          e,
          'InvalidArgumentException',
          `Requested retention period (50 hours) for stream ${name} can not be shorter than existing retention period (100 hours). Use DecreaseRetentionPeriod API.`,
        ),
      );
      await assert.rejects(dec(200), (e) => isKinesisError(e, 'InvalidArgumentException', /can not be longer than existing retention period \(100 hours\)\. Use IncreaseRetentionPeriod API\.$/));
      await dec(30);
      assert.equal((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.RetentionPeriodHours, 30);
    });
  },
  {
    deps: () => {
      clock = new ManualClock(Date.now());
      return { clock };
    },
    settings: { kinesisCreateDelayMs: String(DELAY) },
  },
);
