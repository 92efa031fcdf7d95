import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCbor } from './cbor.js';
import { createProtocolHandler } from './dispatch.js';
import { ServiceError } from '../services/shared/errors.js';
import { call, form, json, kitchenModel, kitchenService, miniSqsModel, miniSqsService } from './fixtures.test.js';
import type { ServiceDefinition } from '../services/shared/service.js';

/** A second query service that also defines `ListQueues`, to make routing order visible. */
const other: ServiceDefinition = {
  model: { ...kitchenModel, service: 'other', apiVersion: '2010-03-31', targetPrefix: undefined, protocols: ['query'], operations: { ListQueues: miniSqsModel.operations.ListQueues!, Only: kitchenModel.operations.NoOutput! } },
  handlers: { ListQueues: async () => ({ QueueUrls: ['other'] }), Only: async () => undefined },
  inputErrors: kitchenService().inputErrors,
};
const sqs = miniSqsService({ ListQueues: async () => ({ QueueUrls: ['sqs'] }), PurgeQueue: async () => undefined });
const handler = createProtocolHandler({ services: [other, sqs, kitchenService()], defaultRegion: 'us-east-1', defaultAccountId: '000000000000' });

const auth = (service: string) => ({ authorization: `AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/${service}/aws4_request, SignedHeaders=host, Signature=abc` });
const who = (text: string) => /<QueueUrl>(\w+)<\/QueueUrl>/.exec(text)?.[1];

test('query routing: Version first', async () => {
  assert.equal(who((await call(handler, form('Action=ListQueues&Version=2012-11-05', auth('other')))).text), 'sqs');
  assert.equal(who((await call(handler, form('Version=2010-03-31&Action=ListQueues'))).text), 'other');
});

test('query routing: then the SigV4 signing name (header or presigned query)', async () => {
  assert.equal(who((await call(handler, form('Action=ListQueues', auth('sqs')))).text), 'sqs');
  assert.equal(who((await call(handler, form('Action=ListQueues&Version=1999-01-01', auth('other')))).text), 'other');
  const presigned = 'Action=ListQueues&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fsqs%2Faws4_request&X-Amz-Signature=00';
  assert.equal(who((await call(handler, { method: 'GET', query: presigned })).text), 'sqs');
});

test('query routing: then queue-URL paths → sqs', async () => {
  assert.equal(who((await call(handler, { ...form('Action=ListQueues'), path: '/000000000000/q1' })).text), 'sqs');
  assert.equal(who((await call(handler, { ...form('Action=ListQueues'), path: '/queue/us-east-1/000000000000/q1' })).text), 'sqs');
  assert.equal(who((await call(handler, { ...form('Action=ListQueues'), path: '/00000000000/q1' })).text), 'other');
});

test('query routing: then the first service defining the Action', async () => {
  assert.equal(who((await call(handler, form('Action=ListQueues'))).text), 'other');
  const res = await call(handler, form('Action=Echo&Str=x'));
  assert.equal(res.status, 200);
  assert.match(res.text, /^<\?xml version="1.0"\?><EchoResponse xmlns="https:\/\/kitchen.example/);
});

test('query: unknown Action → the service unknownOperation error, or InvalidAction when no service matches', async () => {
  let res = await call(handler, form('Action=Nope&Version=2012-11-05'));
  assert.equal(res.status, 400);
  assert.match(res.text, /<Code>InvalidAction<\/Code><Message>The action Nope is not valid for this endpoint.<\/Message>/);
  assert.match(res.text, /xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/"/);
  res = await call(handler, form('Action=Nope'));
  assert.equal(res.status, 400);
  assert.match(res.text, /<ErrorResponse><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
  res = await call(handler, form('Foo=bar'));
  assert.equal(res.status, 400);
  assert.match(res.text, /<Code>MissingAction<\/Code>/);
});

test('JSON routing by X-Amz-Target; unknown op → service error; unknown prefix → UnknownOperationException', async () => {
  let res = await call(handler, json('AmazonSQS.ListQueues', {}));
  assert.deepEqual(JSON.parse(res.text), { QueueUrls: ['sqs'] });
  res = await call(handler, json('AmazonSQS.Nope', {}));
  assert.equal(res.status, 400);
  assert.deepEqual(JSON.parse(res.text), { __type: 'com.amazonaws.sqs#InvalidAction', message: 'The action Nope is not valid for this endpoint.' });
  assert.equal(res.headers['x-amzn-query-error'], 'InvalidAction;Sender');
  res = await call(handler, json('Nobody_2020.Op', {}));
  assert.equal(res.status, 400);
  assert.equal(res.headers['content-type'], 'application/x-amz-json-1.0');
  assert.equal(JSON.parse(res.text).__type, 'UnknownOperationException');
  res = await call(handler, { headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
  assert.deepEqual(JSON.parse(res.text), { __type: 'UnknownOperationException', message: 'Missing X-Amz-Target header.' });
});

test('an operation in the model without a handler → 400 "not implemented yet"', async () => {
  let res = await call(handler, json('AmazonSQS.SendMessage', { QueueUrl: 'q', MessageBody: 'b' }));
  assert.equal(res.status, 400);
  assert.deepEqual(JSON.parse(res.text), { __type: 'UnknownOperationException', message: 'The operation SendMessage is not implemented by Switchyard yet.' });
  assert.equal(res.headers['x-amzn-query-error'], 'InvalidAction;Sender');
  res = await call(handler, form('Action=SendMessage&Version=2012-11-05&QueueUrl=q&MessageBody=b'));
  assert.equal(res.status, 400);
  assert.match(res.text, /<Code>InvalidAction<\/Code><Message>The operation SendMessage is not implemented by Switchyard yet.<\/Message>/);
});

test('CBOR for a service nobody serves → a CBOR 400; unrecognisable requests → a clear 400', async () => {
  let res = await call(handler, { headers: { 'content-type': 'application/x-amz-cbor-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' }, body: Buffer.from([0xa0]) });
  assert.equal(res.status, 400);
  assert.equal(res.headers['content-type'], 'application/x-amz-cbor-1.1');
  assert.deepEqual(decodeCbor(res.body as Buffer), { __type: 'UnknownOperationException', message: 'No service handles the operation Kinesis_20131202.ListStreams.' });
  for (const parts of [{ method: 'GET' }, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } }, { method: 'GET', query: 'Foo=1' }]) {
    res = await call(handler, parts);
    assert.equal(res.status, 400);
    const err = JSON.parse(res.text);
    assert.equal(err.__type, 'UnrecognizedRequest');
    assert.match(err.message, /could not tell which AWS API/);
  }
});

test('service errors are rendered from the service table, whatever the operation', async () => {
  const h = createProtocolHandler({
    services: [miniSqsService({ PurgeQueue: async () => Promise.reject(new ServiceError('PurgeQueueInProgress', 'wait')) })],
    defaultRegion: 'us-east-1',
    defaultAccountId: '000000000000',
  });
  const res = await call(h, json('AmazonSQS.PurgeQueue', { QueueUrl: 'q' }));
  assert.equal(res.status, 403);
  assert.equal(res.headers['x-amzn-query-error'], 'AWS.SimpleQueueService.PurgeQueueInProgress;Sender');
});
