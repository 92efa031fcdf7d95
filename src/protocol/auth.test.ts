import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountFor, parseAuthorizationHeader, parseCaller, type Caller } from './auth.js';
import { createProtocolHandler } from './dispatch.js';
import { ServiceError } from '../services/shared/errors.js';
import { call, form, json, miniSqsService, wireRequest } from './fixtures.test.js';
import type { RequestContext } from '../services/shared/service.js';

const HEADER =
  'AWS4-HMAC-SHA256 Credential=123456789012/20261127/eu-central-1/sqs/aws4_request, ' +
  'SignedHeaders=content-type;host;x-amz-date, Signature=52a7ff';

test('SigV4 Authorization header: key, scope, signed headers, signature', () => {
  assert.deepEqual(parseAuthorizationHeader(HEADER, '20261127T051857Z'), {
    accessKeyId: '123456789012',
    scopeDate: '20261127',
    region: 'eu-central-1',
    signingService: 'sqs',
    signedHeaders: 'content-type;host;x-amz-date',
    signature: '52a7ff',
    amzDate: '20261127T051857Z',
    presigned: false,
  });
  assert.deepEqual(parseAuthorizationHeader('AWS AKID:sig', undefined), { presigned: false, unsupportedScheme: 'AWS' });
});

test('SigV4 presigned query parameters', () => {
  const caller = parseCaller(
    wireRequest({
      method: 'GET',
      query:
        'Action=ListQueues&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20260101%2Fap-south-1%2Fsqs%2Faws4_request' +
        '&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=abcd',
    }),
  );
  assert.deepEqual(caller, {
    accessKeyId: 'AKIDEXAMPLE',
    scopeDate: '20260101',
    region: 'ap-south-1',
    signingService: 'sqs',
    signedHeaders: 'host',
    signature: 'abcd',
    amzDate: '20260101T000000Z',
    presigned: true,
  });
  assert.deepEqual(parseCaller(wireRequest({})), { presigned: false });
});

test('account: a 12-digit access key id is the account, anything else the default', () => {
  assert.equal(accountFor('123456789012', '000000000000'), '123456789012');
  assert.equal(accountFor('AKIDEXAMPLE', '000000000000'), '000000000000');
  assert.equal(accountFor('1234567890123', '000000000000'), '000000000000');
  assert.equal(accountFor('12345678901a', '000000000000'), '000000000000');
  assert.equal(accountFor(undefined, '000000000000'), '000000000000');
});

function capture(extra: Partial<Parameters<typeof createProtocolHandler>[0]> = {}) {
  const seen: RequestContext[] = [];
  const handler = createProtocolHandler({
    services: [miniSqsService({ ListQueues: async (_input, ctx) => (seen.push(ctx), {}) })],
    defaultRegion: 'us-east-1',
    defaultAccountId: '000000000000',
    ...extra,
  });
  return { handler, seen };
}

test('request context: caller from SigV4, defaults when unsigned, base URL from Host', async () => {
  const { handler, seen } = capture();
  await call(handler, { ...json('AmazonSQS.ListQueues', {}), headers: { ...json('', {}).headers, 'x-amz-target': 'AmazonSQS.ListQueues', authorization: HEADER, host: 'sqs.local:9324' } });
  await call(handler, form('Action=ListQueues'));
  assert.equal(seen.length, 2);
  const [signed, unsigned] = seen as [RequestContext, RequestContext];
  assert.equal(signed.requestId, 'req-1');
  assert.equal(signed.accountId, '123456789012');
  assert.equal(signed.accessKeyId, '123456789012');
  assert.equal(signed.region, 'eu-central-1');
  assert.equal(signed.baseUrl, 'http://sqs.local:9324');
  assert.ok(signed.signal instanceof AbortSignal);
  assert.equal(unsigned.accountId, '000000000000');
  assert.equal(unsigned.accessKeyId, undefined);
  assert.equal(unsigned.region, 'us-east-1');
  assert.equal(unsigned.baseUrl, 'http://localhost:4566');
});

test('request context: externalBaseUrl overrides the Host header', async () => {
  const { handler, seen } = capture({ externalBaseUrl: 'https://queues.example.com' });
  await call(handler, form('Action=ListQueues'));
  assert.equal(seen[0]!.baseUrl, 'https://queues.example.com');
});

test('a plugged-in verifier sees the caller and can reject in the request protocol', async () => {
  const calls: Caller[] = [];
  const { handler, seen } = capture({
    verify: (_req, caller, service) => {
      calls.push(caller);
      assert.equal(service.model.service, 'sqs');
      if (caller.signature !== 'good') throw new ServiceError('InvalidSignatureException', 'The request signature we calculated does not match.');
    },
  });
  let res = await call(handler, form('Action=ListQueues', { authorization: HEADER }));
  assert.equal(res.status, 400);
  assert.match(res.text, /<Code>InvalidSignatureException<\/Code>/);
  res = await call(handler, json('AmazonSQS.ListQueues', {}));
  assert.equal(JSON.parse(res.text).__type, 'com.amazonaws.sqs#InvalidSignatureException');
  res = await call(handler, form('Action=ListQueues', { authorization: HEADER.replace('52a7ff', 'good') }));
  assert.equal(res.status, 200);
  assert.equal(calls.length, 3);
  assert.equal(seen.length, 1);
});
