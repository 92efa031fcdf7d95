/** The invocation record of discarded Kinesis records, as Lambda sends it to an on-failure destination. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invocationRecord, type DiscardedBatch } from './destination-record.js';

const records = [
  { SequenceNumber: '49601189658422359378836298521827638475320189012309704722', ApproximateArrivalTimestamp: new Date('2019-11-14T00:38:04.835Z'), Data: new Uint8Array([1]), PartitionKey: 'a' },
  { SequenceNumber: '49601189658422359378836298522902373528957594348623495186', ApproximateArrivalTimestamp: Date.parse('2019-11-14T00:38:05.580Z'), Data: new Uint8Array([2]), PartitionKey: 'b' },
];
const batch: DiscardedBatch = {
  requestId: 'c9b8fa9f-5a7f-4a1e-af9c-0c604cde93a5',
  functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:myfunction',
  condition: 'RetryAttemptsExhausted',
  invokeCount: 1,
  lastResponse: { statusCode: 200, functionError: 'Unhandled' },
  at: Date.parse('2019-11-14T00:38:06.021Z'),
  shardId: 'shardId-000000000001',
  streamArn: 'arn:aws:kinesis:us-east-2:123456789012:stream/mystream',
  records,
};

describe('on-failure destination: the invocation record', () => {
  it("is AWS's documented example for the same batch, field for field and in its order", () => {
    const record = invocationRecord(batch);
    assert.deepEqual(JSON.parse(JSON.stringify(record)), {
      requestContext: { requestId: 'c9b8fa9f-5a7f-4a1e-af9c-0c604cde93a5', functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:myfunction', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: '2019-11-14T00:38:06.021Z',
      KinesisBatchInfo: {
        shardId: 'shardId-000000000001',
        startSequenceNumber: '49601189658422359378836298521827638475320189012309704722',
        endSequenceNumber: '49601189658422359378836298522902373528957594348623495186',
        approximateArrivalOfFirstRecord: '2019-11-14T00:38:04.835Z',
        approximateArrivalOfLastRecord: '2019-11-14T00:38:05.580Z',
        batchSize: 2,
        streamArn: 'arn:aws:kinesis:us-east-2:123456789012:stream/mystream',
      },
    });
    assert.deepEqual(Object.keys(record), ['requestContext', 'responseContext', 'version', 'timestamp', 'KinesisBatchInfo']);
    assert.deepEqual(Object.keys(record.KinesisBatchInfo), ['shardId', 'startSequenceNumber', 'endSequenceNumber', 'approximateArrivalOfFirstRecord', 'approximateArrivalOfLastRecord', 'batchSize', 'streamArn']);
  });

  it('names a version qualifier as the executed version, has a null functionError when the function did not fail, and no response before any invocation', () => {
    const versioned = invocationRecord({ ...batch, functionArn: `${batch.functionArn}:7`, qualifier: '7', lastResponse: { statusCode: 200 } });
    assert.deepEqual(versioned.responseContext, { statusCode: 200, executedVersion: '7', functionError: null });
    assert.equal(invocationRecord({ ...batch, qualifier: 'live' }).responseContext?.executedVersion, '$LATEST');
    // The version Lambda says ran (X-Amz-Executed-Version) wins: an alias's version is known then.
    assert.equal(invocationRecord({ ...batch, qualifier: 'live', lastResponse: { statusCode: 200, executedVersion: '12' } }).responseContext?.executedVersion, '12');
    const aged = invocationRecord({ ...batch, condition: 'RecordAgeExceeded', invokeCount: 0, lastResponse: undefined, records: records.slice(1) });
    assert.equal('responseContext' in aged, false);
    assert.deepEqual(aged.requestContext, { ...versioned.requestContext, functionArn: batch.functionArn, condition: 'RecordAgeExceeded', approximateInvokeCount: 0 });
    assert.equal(aged.KinesisBatchInfo.batchSize, 1);
    assert.equal(aged.KinesisBatchInfo.startSequenceNumber, aged.KinesisBatchInfo.endSequenceNumber);
  });
});
