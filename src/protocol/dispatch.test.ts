import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProtocolHandler, type LogLevel } from './dispatch.js';
import { call, form, json, kitchenService, miniSqsService } from './fixtures.test.js';
import { ServiceError } from '../services/shared/errors.js';

const logs: [LogLevel, string, Record<string, unknown>][] = [];
const kitchen = createProtocolHandler({
  services: [kitchenService()],
  defaultRegion: 'us-east-1',
  defaultAccountId: '000000000000',
  log: (level, msg, fields) => logs.push([level, msg, fields]),
});
const fail = (shape: string) => json('Kitchen_20200101.Fail', { Shape: shape }, '1.1');

test('JSON error without errorNamespace or queryCompatible: bare __type, no x-amzn-query-error', async () => {
  const res = await call(kitchen, fail('NotFound'));
  assert.equal(res.status, 404);
  assert.equal(res.headers['content-type'], 'application/x-amz-json-1.1');
  assert.equal(res.headers['x-amzn-RequestId'], 'req-1');
  assert.equal(res.headers['x-amzn-query-error'], undefined);
  assert.equal(res.text, '{"__type":"NotFound","message":"It is \\"not\\" <here> & gone"}');
});

test('JSON error: per-error namespace and status from the table; unknown shapes are 400 Sender', async () => {
  let res = await call(kitchen, fail('Overloaded'));
  assert.equal(res.status, 503);
  assert.equal(JSON.parse(res.text).__type, 'com.example.other#Overloaded');
  res = await call(kitchen, fail('NotInTheTable'));
  assert.equal(res.status, 400);
  assert.equal(JSON.parse(res.text).__type, 'NotInTheTable');
});

test('JSON error of a queryCompatible service: namespace#Shape and x-amzn-query-error code;fault', async () => {
  const sqs = createProtocolHandler({
    services: [
      miniSqsService({
        ListQueues: async () => {
          throw new ServiceError('QueueDoesNotExist', 'The specified queue does not exist.', { fields: { Detail: 'x' } });
        },
        PurgeQueue: async () => {
          throw new ServiceError('Unlisted', 'm');
        },
      }),
    ],
    defaultRegion: 'us-east-1',
    defaultAccountId: '000000000000',
  });
  let res = await call(sqs, json('AmazonSQS.ListQueues', {}));
  assert.equal(res.status, 400);
  assert.equal(res.headers['content-type'], 'application/x-amz-json-1.0');
  assert.equal(res.headers['x-amzn-query-error'], 'AWS.SimpleQueueService.NonExistentQueue;Sender');
  assert.deepEqual(JSON.parse(res.text), { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.', Detail: 'x' });
  res = await call(sqs, json('AmazonSQS.PurgeQueue', { QueueUrl: 'q' }));
  assert.equal(res.headers['x-amzn-query-error'], 'Unlisted;Sender');
  assert.equal(JSON.parse(res.text).__type, 'com.amazonaws.sqs#Unlisted');
});

test('query error: status from the table, code, Sender/Receiver, escaped message', async () => {
  let res = await call(kitchen, form('Action=Fail&Shape=NotFound'));
  assert.equal(res.status, 404);
  assert.equal(res.headers['content-type'], 'text/xml');
  assert.equal(
    res.text,
    '<?xml version="1.0"?><ErrorResponse xmlns="https://kitchen.example/doc/2020-01-01/"><Error><Type>Sender</Type>' +
      '<Code>NotFoundCode</Code><Message>It is &quot;not&quot; &lt;here&gt; &amp; gone</Message><Detail/></Error>' +
      '<RequestId>req-1</RequestId></ErrorResponse>',
  );
  res = await call(kitchen, form('Action=Fail&Shape=Overloaded'));
  assert.equal(res.status, 503);
  assert.match(res.text, /<Type>Receiver<\/Type><Code>Overloaded<\/Code>/);
});

test('anything else thrown → 500 InternalFailure, message never echoed, logged with request id and stack', async () => {
  logs.length = 0;
  let res = await call(kitchen, json('Kitchen_20200101.Boom', {}, '1.1'));
  assert.equal(res.status, 500);
  assert.deepEqual(JSON.parse(res.text), { __type: 'InternalFailure', message: 'We encountered an internal error. Please try again.' });
  assert.ok(!res.text.includes('secret'));
  const [level, , fields] = logs.find(([l]) => l === 'error')!;
  assert.equal(level, 'error');
  assert.equal(fields.requestId, 'req-1');
  assert.equal(fields.operation, 'Boom');
  assert.match(String(fields.stack), /secret internal detail/);
  res = await call(kitchen, form('Action=Boom'));
  assert.equal(res.status, 500);
  assert.match(res.text, /<Type>Receiver<\/Type><Code>InternalFailure<\/Code><Message>We encountered an internal error. Please try again.<\/Message>/);
});

test('InternalFailure uses the service catalogue entry when it has one', async () => {
  const sqs = createProtocolHandler({
    services: [{ ...miniSqsService({ ListQueues: async () => { throw new TypeError('boom'); } }), model: { ...miniSqsService({}).model, errors: { InternalFailure: { code: 'InternalError', status: 500, fault: 'Receiver', namespace: 'com.amazon.coral.service' } } } }],
    defaultRegion: 'us-east-1',
    defaultAccountId: '000000000000',
  });
  const res = await call(sqs, json('AmazonSQS.ListQueues', {}));
  assert.equal(res.status, 500);
  assert.equal(res.headers['x-amzn-query-error'], 'InternalError;Receiver');
  assert.equal(JSON.parse(res.text).__type, 'com.amazon.coral.service#InternalFailure');
});

test('queryMessage is an SQS quirk: other services always show the plain message', async () => {
  const res = await call(kitchen, form('Action=Fail&Shape=NotFound'));
  assert.doesNotMatch(res.text, /query words/);
});
