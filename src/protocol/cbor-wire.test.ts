/**
 * CBOR through createProtocolHandler: a Kinesis-shaped fake service that lists 'cbor' gets CBOR
 * requests decoded and answers encoded (outputs and errors); a service without 'cbor' refuses
 * them with a clear, CBOR-encoded 400.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CBOR_CONTENT_TYPE, decodeCbor } from './cbor.js';
import { CborWriter } from './cbor-value.js';
import { createProtocolHandler, type LogLevel } from './dispatch.js';
import { call, fakeInputErrors, kitchenService, type RequestParts } from './fixtures.test.js';
import { ServiceError } from '../services/shared/errors.js';
import type { ServiceDefinition } from '../services/shared/service.js';
import type { ServiceModel, Shape, StructureShape } from '../services/shared/shapes.js';

const string: Shape = { type: 'string' };
const s = (name: string, members: StructureShape['members']): StructureShape => ({ type: 'structure', name, members });

const model: ServiceModel = {
  service: 'kinesis',
  apiVersion: '2013-12-02',
  protocols: ['json', 'cbor'],
  targetPrefix: 'Kinesis_20131202',
  jsonVersion: '1.1',
  operations: {
    PutRecord: {
      name: 'PutRecord',
      input: s('PutRecordInput', {
        StreamName: { shape: string },
        Data: { shape: { type: 'blob' }, required: true },
        PartitionKey: { shape: string, required: true },
        ExplicitHashKey: { shape: string },
      }),
      output: s('PutRecordOutput', {
        ShardId: { shape: string, required: true },
        SequenceNumber: { shape: string, required: true },
        EncryptionType: { shape: string },
      }),
      errors: ['ResourceNotFoundException'],
    },
    Describe: {
      name: 'Describe',
      input: s('DescribeInput', { At: { shape: { type: 'timestamp' } } }),
      output: s('DescribeOutput', {
        Created: { shape: { type: 'timestamp' } },
        Bytes: { shape: { type: 'long' } },
        Ratio: { shape: { type: 'double' } },
      }),
      errors: [],
    },
  },
  errors: {
    ResourceNotFoundException: { code: 'ResourceNotFoundException', status: 400, fault: 'Sender' },
    InternalFailure: { code: 'InternalFailure', status: 500, fault: 'Receiver' },
  },
};

const seen: unknown[] = [];
const kinesis: ServiceDefinition = {
  model,
  inputErrors: fakeInputErrors,
  handlers: {
    PutRecord: async (input: { StreamName?: string; Data: Buffer }) => {
      seen.push(input);
      if (input.StreamName === 'missing') {
        throw new ServiceError('ResourceNotFoundException', `Stream missing under account 000000000000 not found.`);
      }
      if (input.StreamName === 'boom') throw new Error('secret');
      return { ShardId: 'shardId-000000000000', SequenceNumber: '49546986683135544286507457936321625675700192471156785154', Internal: 'x' };
    },
    Describe: async (input: { At?: Date }) => ({ Created: input.At, Bytes: 2 ** 40, Ratio: 0.5 }),
  },
};

const logs: [LogLevel, string][] = [];
const handler = createProtocolHandler({
  services: [kinesis, kitchenService()],
  defaultRegion: 'us-east-1',
  defaultAccountId: '000000000000',
  log: (level, msg) => logs.push([level, msg]),
});

const hex = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');
const text = (t: string) => Buffer.from(t, 'latin1').toString('hex');
const cbor = (target: string, body: Buffer): RequestParts => ({ headers: { 'content-type': CBOR_CONTENT_TYPE, 'x-amz-target': target }, body });
const value = (v: unknown) => {
  const w = new CborWriter();
  w.value(v);
  return w.finish();
};

test('PutRecord in CBOR (AWS-WIRE §3.2 bytes): decoded input, CBOR output in model order without extra fields', async () => {
  seen.length = 0;
  const body = hex(`a3 6a ${text('StreamName')} 62 ${text('s1')} 64 ${text('Data')} 45 68656c6c6f 6c ${text('PartitionKey')} 62 ${text('pk')}`);
  const res = await call(handler, cbor('Kinesis_20131202.PutRecord', body));
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/x-amz-cbor-1.1');
  assert.equal(res.headers['x-amzn-RequestId'], 'req-1');
  assert.deepEqual(seen, [{ StreamName: 's1', Data: Buffer.from('hello'), PartitionKey: 'pk' }]);
  const seq = '49546986683135544286507457936321625675700192471156785154';
  assert.deepEqual(
    res.body,
    hex(`a2 67 ${text('ShardId')} 74 ${text('shardId-000000000000')} 6e ${text('SequenceNumber')} 78 38 ${text(seq)}`),
  );
});

test('timestamps and longs in a CBOR answer: tag 1 + integer ms, 2^40 as an integer, double as float64', async () => {
  const body = hex(`a1 62 ${text('At')} c1 1b 0000018bcfe5687b`);
  const res = await call(handler, cbor('Kinesis_20131202.Describe', body));
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.body,
    hex(`a3 67 ${text('Created')} c1 1b 0000018bcfe5687b 65 ${text('Bytes')} 1b 0000010000000000 65 ${text('Ratio')} fb 3fe0000000000000`),
  );
  // An empty body is an empty input, as in JSON.
  const empty = await call(handler, cbor('Kinesis_20131202.Describe', Buffer.alloc(0)));
  assert.deepEqual(decodeCbor(empty.body as Buffer), { Bytes: 2 ** 40, Ratio: 0.5 });
});

test('a modelled error is a CBOR map {__type, message} with HTTP 400 and the CBOR content type', async () => {
  const res = await call(handler, cbor('Kinesis_20131202.PutRecord', value({ StreamName: 'missing', Data: Buffer.from('x'), PartitionKey: 'p' })));
  assert.equal(res.status, 400);
  assert.equal(res.headers['content-type'], 'application/x-amz-cbor-1.1');
  assert.equal(res.headers['x-amzn-query-error'], undefined);
  const msg = 'Stream missing under account 000000000000 not found.';
  assert.deepEqual(res.body, hex(`a2 66 ${text('__type')} 78 19 ${text('ResourceNotFoundException')} 67 ${text('message')} 78 ${msg.length.toString(16)} ${text(msg)}`));
});

test('anything else thrown is a CBOR InternalFailure with HTTP 500, message not echoed', async () => {
  logs.length = 0;
  const res = await call(handler, cbor('Kinesis_20131202.PutRecord', value({ StreamName: 'boom', Data: Buffer.from('x'), PartitionKey: 'p' })));
  assert.equal(res.status, 500);
  assert.deepEqual(decodeCbor(res.body as Buffer), { __type: 'InternalFailure', message: 'We encountered an internal error. Please try again.' });
  assert.deepEqual(logs, [['error', 'internal failure']]);
});

test('malformed CBOR → the service\'s malformed error; wrong types and missing members → its own errors', async () => {
  let res = await call(handler, cbor('Kinesis_20131202.PutRecord', hex('a2 61')));
  assert.equal(res.status, 400);
  let err = decodeCbor(res.body as Buffer) as Record<string, string>;
  assert.equal(err.__type, 'SerializationException');
  assert.match(err.message, /^Malformed request: Length exceeds the input at byte \d+\.$/);
  res = await call(handler, cbor('Kinesis_20131202.PutRecord', hex('83 01 02 03')));
  assert.equal((decodeCbor(res.body as Buffer) as Record<string, string>).message, 'Malformed request: The request body must be a CBOR map.');
  res = await call(handler, cbor('Kinesis_20131202.PutRecord', value({ Data: 'aGVsbG8=', PartitionKey: 'p' })));
  err = decodeCbor(res.body as Buffer) as Record<string, string>;
  assert.deepEqual(err, { __type: 'InvalidParameterValue', message: 'Value aGVsbG8= for parameter Data is invalid (expected blob (byte string)).' });
  res = await call(handler, cbor('Kinesis_20131202.PutRecord', value({ Data: Buffer.from('x') })));
  assert.deepEqual(decodeCbor(res.body as Buffer), { __type: 'MissingParameter', message: 'The request must contain the parameter PartitionKey.' });
});

test('JSON still works for the same service; the same input decodes to the same values', async () => {
  seen.length = 0;
  const res = await call(handler, {
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.PutRecord' },
    body: '{"StreamName":"s1","Data":"aGVsbG8=","PartitionKey":"pk"}',
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/x-amz-json-1.1');
  assert.deepEqual(seen, [{ StreamName: 's1', Data: Buffer.from('hello'), PartitionKey: 'pk' }]);
});

test('CBOR to a service whose model does not list cbor → a clear CBOR 400 naming the service', async () => {
  const res = await call(handler, cbor('Kitchen_20200101.Echo', value({ Str: 'x' })));
  assert.equal(res.status, 400);
  assert.equal(res.headers['content-type'], 'application/x-amz-cbor-1.1');
  const err = decodeCbor(res.body as Buffer) as Record<string, string>;
  assert.equal(err.__type, 'SerializationException');
  assert.match(err.message, /does not speak the CBOR protocol \(application\/x-amz-cbor-1\.1\) for kitchen\. .*AWS_CBOR_ENABLED=false/);
});

test('CBOR with an unknown operation of a CBOR service → the service\'s unknown-operation error, in CBOR', async () => {
  const res = await call(handler, cbor('Kinesis_20131202.Nope', hex('a0')));
  assert.equal(res.status, 400);
  assert.deepEqual(decodeCbor(res.body as Buffer), { __type: 'InvalidAction', message: 'The action Nope is not valid for this endpoint.' });
});
