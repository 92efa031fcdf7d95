import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../runtime/clock.js';
import { kinesisModel } from '../model.js';
import { API_RATES, ApiRateLimiter, rateTarget } from './api-rates.js';

const caller = { accountId: '000000000000', region: 'us-east-1' };

describe('ApiRateLimiter (a sliding one-second window)', () => {
  it('admits N calls in a second, refuses the next until the first of them is a second old', () => {
    const clock = new ManualClock();
    const l = new ApiRateLimiter(clock);
    for (let i = 0; i < 5; i++) {
      assert.equal(l.tryCall('k', 5), true);
      clock.advance(100);
    }
    // Calls at 0, 100 … 400 ms; now 500 ms.
    assert.equal(l.tryCall('k', 5), false);
    clock.advance(499);
    assert.equal(l.tryCall('k', 5), false, '999 ms after the first call: still five in the last second');
    clock.advance(1);
    assert.equal(l.tryCall('k', 5), true, 'the call at 0 ms left the window');
    assert.equal(l.tryCall('k', 5), false, 'the one at 100 ms has not');
    clock.advance(100);
    assert.equal(l.tryCall('k', 5), true);
  });

  it('refused calls are not counted: a client retrying in a loop gets through a second after its burst', () => {
    const clock = new ManualClock();
    const l = new ApiRateLimiter(clock);
    assert.equal(l.tryCall('k', 1), true);
    for (let i = 0; i < 9; i++) {
      clock.advance(100);
      assert.equal(l.tryCall('k', 1), false);
    }
    clock.advance(100);
    assert.equal(l.tryCall('k', 1), true);
  });

  it('calls spread out at the rate all pass, indefinitely', () => {
    const clock = new ManualClock();
    const l = new ApiRateLimiter(clock);
    for (let i = 0; i < 100; i++) {
      assert.equal(l.tryCall('k', 20), true, `call ${i}`);
      clock.advance(50);
    }
  });

  it('keys are independent, and idle windows are dropped', () => {
    const clock = new ManualClock();
    const l = new ApiRateLimiter(clock);
    assert.equal(l.tryCall('a', 1), true);
    assert.equal(l.tryCall('a', 1), false);
    assert.equal(l.tryCall('b', 1), true);
    clock.advance(5_000);
    assert.equal(l.tryCall('c', 1), true);
    assert.equal((l as unknown as { windows: Map<string, unknown> }).windows.size, 1, 'a and b swept');
  });
});

describe('rateTarget', () => {
  it('per account: every call of the operation by the account in the region, naming the stream if the request does', () => {
    const a = rateTarget('DescribeStreamSummary', { StreamName: 'one' }, caller)!;
    const b = rateTarget('DescribeStreamSummary', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/two' }, caller)!;
    assert.equal(a.key, b.key);
    assert.equal(a.perSecond, 20);
    assert.equal(a.stream, 'one');
    const list = rateTarget('ListStreams', {}, caller)!;
    assert.equal(list.stream, undefined);
    assert.equal(list.accountId, '000000000000');
    assert.notEqual(rateTarget('ListStreams', {}, { ...caller, region: 'eu-west-1' })!.key, list.key, 'per region');
    assert.notEqual(rateTarget('ListStreams', {}, { ...caller, accountId: '111111111111' })!.key, list.key, 'per account');
    assert.notEqual(rateTarget('DescribeStream', { StreamName: 'one' }, caller)!.key, a.key, 'per operation');
  });

  it('per stream: by StreamARN, StreamName or the stream inside a ConsumerARN', () => {
    const arn = 'arn:aws:kinesis:us-east-1:000000000000:stream/s1';
    const byArn = rateTarget('DescribeStreamConsumer', { StreamARN: arn }, caller)!;
    const byConsumer = rateTarget('DescribeStreamConsumer', { ConsumerARN: `${arn}/consumer/c:1700000000` }, caller)!;
    assert.equal(byArn.key, byConsumer.key);
    assert.equal(byConsumer.stream, 's1');
    assert.notEqual(rateTarget('DescribeStreamConsumer', { StreamARN: `${arn}x` }, caller)!.key, byArn.key);
    assert.equal(rateTarget('ListShards', { StreamName: 's1' }, caller)!.perSecond, 1000);
    assert.equal(rateTarget('ListShards', { NextToken: 'sealed' } as never, caller), undefined, 'the stream is inside the token: not counted');
    assert.equal(rateTarget('ListStreamConsumers', { StreamARN: 'not an arn' }, caller), undefined);
  });

  it('per shard (GetShardIterator): the canonical shard, whichever form names it', () => {
    const a = rateTarget('GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000001' }, caller)!;
    assert.equal(a.key, rateTarget('GetShardIterator', { StreamName: 's', ShardId: '1' }, caller)!.key);
    assert.equal(a.shardIndex, 1);
    assert.notEqual(a.key, rateTarget('GetShardIterator', { StreamName: 's', ShardId: '0' }, caller)!.key);
  });

  it('operations without a documented rate are not counted', () => {
    for (const op of ['PutRecord', 'GetRecords', 'IncreaseStreamRetentionPeriod', 'TagResource', 'SubscribeToShard']) {
      assert.equal(rateTarget(op, { StreamName: 's' }, caller), undefined, op);
    }
  });

  it('every limited operation exists and lists the error its refusal raises', () => {
    for (const [op, rate] of Object.entries(API_RATES)) {
      const model = kinesisModel.operations[op];
      assert.ok(model, op);
      const shape = rate.per === 'shard' ? 'ProvisionedThroughputExceededException' : 'LimitExceededException';
      assert.ok(model.errors.includes(shape), `${op} lists ${shape}`);
    }
  });
});
