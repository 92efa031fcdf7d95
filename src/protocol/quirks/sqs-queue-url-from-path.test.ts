import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProtocolHandler } from '../dispatch.js';
import { call, form, json, kitchenService, miniSqsService } from '../fixtures.test.js';

const seen: unknown[] = [];
const handler = createProtocolHandler({
  services: [
    miniSqsService({
      DeleteMessage: async (input) => void seen.push(input),
      ListQueues: async (input) => (seen.push(input), {}),
    }),
    kitchenService(),
  ],
  defaultRegion: 'us-east-1',
  defaultAccountId: '000000000000',
});

test('sqs-queue-url-from-path: query request at /ACCOUNT/QUEUE without QueueUrl gets baseUrl + path', async () => {
  seen.length = 0;
  let res = await call(handler, { ...form('Action=DeleteMessage&ReceiptHandle=rh'), path: '/123456789012/orders' });
  assert.equal(res.status, 200);
  res = await call(handler, { method: 'GET', path: '/queue/eu-west-1/123456789012/orders.fifo/', query: 'Action=DeleteMessage&ReceiptHandle=rh' });
  assert.equal(res.status, 200);
  assert.deepEqual(seen, [
    { QueueUrl: 'http://localhost:4566/123456789012/orders', ReceiptHandle: 'rh' },
    { QueueUrl: 'http://localhost:4566/queue/eu-west-1/123456789012/orders.fifo', ReceiptHandle: 'rh' },
  ]);
});

test('sqs-queue-url-from-path: JSON too; a QueueUrl the client sent wins', async () => {
  seen.length = 0;
  await call(handler, { ...json('AmazonSQS.DeleteMessage', { ReceiptHandle: 'rh' }), path: '/000000000000/q1' });
  await call(handler, { ...json('AmazonSQS.DeleteMessage', { QueueUrl: 'http://elsewhere/000000000000/q2', ReceiptHandle: 'rh' }), path: '/000000000000/q1' });
  await call(handler, { ...form('Action=DeleteMessage&QueueUrl=http%3A%2F%2Fx%2F000000000000%2Fq3&ReceiptHandle=rh'), path: '/000000000000/q1' });
  assert.deepEqual(
    seen.map((s) => (s as { QueueUrl: string }).QueueUrl),
    ['http://localhost:4566/000000000000/q1', 'http://elsewhere/000000000000/q2', 'http://x/000000000000/q3'],
  );
});

test('sqs-queue-url-from-path: not at / or other paths, not for operations without QueueUrl, not for other services', async () => {
  seen.length = 0;
  let res = await call(handler, form('Action=DeleteMessage&Version=2012-11-05&ReceiptHandle=rh'));
  assert.equal(res.status, 400);
  assert.match(res.text, /The request must contain the parameter QueueUrl/);
  res = await call(handler, { ...form('Action=DeleteMessage&Version=2012-11-05&ReceiptHandle=rh'), path: '/12345/q1' });
  assert.equal(res.status, 400);
  res = await call(handler, { ...form('Action=ListQueues'), path: '/000000000000/q1' });
  assert.equal(res.status, 200);
  assert.deepEqual(seen, [{}]);
  res = await call(handler, { ...form('Action=Echo&Version=2020-01-01'), path: '/000000000000/q1' });
  assert.equal(res.status, 400, 'the kitchen service has no such quirk: Str stays missing');
});
