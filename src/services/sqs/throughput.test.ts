import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sqsModel } from './model.js';
import { FIFO_COUNTED_ACTIONS, fifoRateCharge, highThroughputTransactionsPerSecond, isHighThroughputFifo } from './throughput.js';

const FIFO = { FifoQueue: 'true' };
const HIGH = { ...FIFO, DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' };

describe('SQS FIFO quotas (the throughput mode)', () => {
  it('counts only SQS actions, each batch with its single call', () => {
    for (const [action, family] of Object.entries(FIFO_COUNTED_ACTIONS)) {
      assert.ok(sqsModel.operations[action], action);
      assert.equal(action.replace(/Batch$/, ''), family);
    }
  });

  it('300 transactions a second per action without high throughput; standard queues and other actions are not limited', () => {
    const queue = { key: '000000000000/q.fifo', attributes: FIFO };
    assert.deepEqual(fifoRateCharge('SendMessageBatch', queue, 'us-east-1'), { key: 'sqs|SendMessage|000000000000/q.fifo', perSecond: 300 });
    assert.equal(fifoRateCharge('GetQueueAttributes', queue, 'us-east-1'), undefined);
    assert.equal(fifoRateCharge('SendMessage', { key: '000000000000/q', attributes: {} }, 'us-east-1'), undefined);
  });

  it('high throughput needs both settings; its quota is by region, AWS\'s table', () => {
    assert.equal(isHighThroughputFifo(HIGH), true);
    assert.equal(isHighThroughputFifo({ ...FIFO, DeduplicationScope: 'messageGroup' }), false);
    assert.equal(isHighThroughputFifo({ ...FIFO, FifoThroughputLimit: 'perMessageGroupId' }), false);
    const expected: Record<string, number> = {
      'us-east-1': 70_000, 'us-west-2': 70_000, 'eu-west-1': 70_000,
      'us-east-2': 19_000, 'eu-central-1': 19_000,
      'ap-south-1': 9_000, 'ap-southeast-1': 9_000, 'ap-southeast-2': 9_000, 'ap-northeast-1': 9_000,
      'eu-west-2': 4_500, 'sa-east-1': 4_500,
      'ca-central-1': 2_400, 'us-west-1': 2_400, 'af-south-1': 2_400,
    };
    for (const [region, tps] of Object.entries(expected)) assert.equal(highThroughputTransactionsPerSecond(region), tps, region);
    assert.equal(fifoRateCharge('ReceiveMessage', { key: 'k', attributes: HIGH }, 'eu-west-2')?.perSecond, 4_500);
  });
});
