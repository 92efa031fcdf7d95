import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../runtime/clock.js';
import { sequentialIds } from '../../runtime/ids.js';
import { openSqliteEngine } from '../../storage/sqlite/engine.js';
import { createSqsService } from './index.js';
import type { RequestContext } from '../shared/service.js';

const ctx: RequestContext = {
  requestId: 'r',
  accountId: '000000000000',
  region: 'us-east-1',
  baseUrl: 'http://localhost:4566',
  signal: new AbortController().signal,
};

test('the in-flight limit: OverLimit on a standard queue, nothing (no error) on a FIFO queue', async () => {
  const engine = await openSqliteEngine({ inMemory: true });
  const clock = new ManualClock();
  const sqs = createSqsService({ store: engine.sqs, clock, ids: sequentialIds(), inFlightLimits: { standard: 3, fifo: 2 } });
  const call = (op: string, input: object) => sqs.handlers[op]!(input, ctx) as Promise<any>;
  try {
    const std = (await call('CreateQueue', { QueueName: 'std' })).QueueUrl;
    const fifo = (await call('CreateQueue', { QueueName: 'f.fifo', Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } })).QueueUrl;
    for (let i = 0; i < 5; i++) {
      await call('SendMessage', { QueueUrl: std, MessageBody: `s${i}` });
      await call('SendMessage', { QueueUrl: fifo, MessageBody: `f${i}`, MessageGroupId: `g${i}` });
    }
    assert.equal((await call('ReceiveMessage', { QueueUrl: std, MaxNumberOfMessages: 3 })).Messages.length, 3);
    await assert.rejects(call('ReceiveMessage', { QueueUrl: std }), (e: any) => e.shape === 'OverLimit');
    assert.equal((await call('ReceiveMessage', { QueueUrl: fifo, MaxNumberOfMessages: 2 })).Messages.length, 2);
    assert.deepEqual(await call('ReceiveMessage', { QueueUrl: fifo }), {});
    // once the visibility timeout passes the messages are no longer in flight
    clock.advance(30_000);
    assert.equal((await call('ReceiveMessage', { QueueUrl: std })).Messages.length, 1);
  } finally {
    await sqs.close();
    await engine.close();
  }
});
