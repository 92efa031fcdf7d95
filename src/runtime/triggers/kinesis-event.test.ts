/** The Kinesis event a stream trigger invokes its function with, where a partial batch response leaves the shard, and where a batch is cut. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { afterPartialFailure, kinesisEvent } from './kinesis-event.js';
import { fitting } from './kinesis-shard.js';

const source = { shardId: 'shardId-000000000006', streamArn: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream', region: 'us-east-2', invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role' };
const seq = '49590338271490256608559692538361571095921575989136588898';

describe('Kinesis trigger event', () => {
  it("is AWS's documented example event, key for key", () => {
    const event = kinesisEvent([{ SequenceNumber: seq, ApproximateArrivalTimestamp: 1545084650987, Data: Buffer.from('Hello, this is a test.'), PartitionKey: '1' }], source);
    assert.equal(
      JSON.stringify(event),
      JSON.stringify({
        Records: [
          {
            kinesis: { kinesisSchemaVersion: '1.0', partitionKey: '1', sequenceNumber: seq, data: 'SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==', approximateArrivalTimestamp: 1545084650.987 },
            eventSource: 'aws:kinesis',
            eventVersion: '1.0',
            eventID: `shardId-000000000006:${seq}`,
            eventName: 'aws:kinesis:record',
            invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
            awsRegion: 'us-east-2',
            eventSourceARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream',
          },
        ],
      }),
    );
  });

  it('takes the arrival time as a Date too, and data from a view into a larger buffer', () => {
    const big = Buffer.from('xxabcxx');
    const [r] = kinesisEvent([{ SequenceNumber: '1', ApproximateArrivalTimestamp: new Date(1000), Data: big.subarray(2, 5) }], source).Records;
    assert.equal(r!.kinesis.approximateArrivalTimestamp, 1);
    assert.equal(r!.kinesis.data, Buffer.from('abc').toString('base64'));
  });
});

describe('Kinesis partial batch response: checkpoint arithmetic', () => {
  // Sequence numbers of different lengths: compared as numbers, not as text.
  const batch = ['9', '10', '11', '100'].map((SequenceNumber) => ({ SequenceNumber }));

  it('checkpoints just before the lowest failed sequence number and retries from it, with all after it', () => {
    assert.deepEqual(afterPartialFailure(batch, new Set(['100', '10'])), { checkpoint: '9', retry: batch.slice(1) });
    assert.deepEqual(afterPartialFailure(batch, new Set(['11'])), { checkpoint: '10', retry: batch.slice(2) });
  });

  it('the first record failed: the checkpoint stays, the whole batch is retried', () => {
    assert.deepEqual(afterPartialFailure(batch, new Set(['9'])), { checkpoint: undefined, retry: batch });
  });

  it('none failed: the checkpoint moves past the batch', () => {
    assert.deepEqual(afterPartialFailure(batch, new Set()), { checkpoint: '100', retry: [] });
  });
});

describe('Kinesis trigger batches: Lambda\'s 6 MB payload quota', () => {
  const record = (bytes: number) => ({ SequenceNumber: '1', ApproximateArrivalTimestamp: 0, Data: new Uint8Array(bytes), PartitionKey: 'k' });

  it('cuts a batch where its event (data in base64) would pass 6 MB, keeping at least one record', () => {
    // 1 MiB of data is 1.33 MiB in base64: four fit in 6 MiB, five do not.
    assert.equal(fitting(Array.from({ length: 10 }, () => record(1024 * 1024))), 4);
    assert.equal(fitting(Array.from({ length: 100 }, () => record(100))), 100);
    assert.equal(fitting([record(10 * 1024 * 1024), record(1)]), 1);
  });
});
