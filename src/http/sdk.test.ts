// The real AWS SDK against the listener: HTTP/1.1 (the SQS client's default handler) and h2c
// prior knowledge (the SDK's own NodeHttp2Handler, with one session per request as the JS v3
// Kinesis client uses it). The handler here is a stub; it only proves the transport end to end.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { WireHandler, WireRequest, WireResponse } from '../protocol/wire.js';
import { sequentialIds } from '../runtime/ids.js';
import { startListener } from './listener.js';

const T = { timeout: 15_000 };
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

async function serve(handler: WireHandler): Promise<{ endpoint: string; seen: WireRequest[] }> {
  const seen: WireRequest[] = [];
  const l = await startListener({
    host: '127.0.0.1',
    port: 0,
    ids: sequentialIds(),
    handler: (req) => {
      seen.push(req);
      return handler(req);
    },
    log: () => {},
  });
  after(() => l.close());
  return { endpoint: `http://127.0.0.1:${l.port}`, seen };
}

const listQueues: WireHandler = async (req): Promise<WireResponse> => {
  if (req.headers['x-amz-target'] !== 'AmazonSQS.ListQueues') return { status: 400, headers: {}, body: '' };
  const prefix = (JSON.parse(req.body.toString()) as { QueueNamePrefix?: string }).QueueNamePrefix ?? '';
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: JSON.stringify({ QueueUrls: [`http://${req.headers.host}/000000000000/${prefix}q1`] }),
  };
};

test('@aws-sdk/client-sqs (AWS JSON 1.0) over HTTP/1.1', T, async () => {
  const { endpoint, seen } = await serve(listQueues);
  const sqs = new SQSClient({ endpoint, region: 'us-east-1', credentials });
  after(() => sqs.destroy());
  const out = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'p-' }));
  assert.deepEqual(out.QueueUrls, [`${endpoint}/000000000000/p-q1`]);
  assert.equal(out.$metadata.requestId, seen[0]!.requestId, 'the SDK reads x-amzn-RequestId');
  assert.equal(seen[0]!.httpVersion, '1.1');
  assert.match(seen[0]!.headers.authorization ?? '', /^AWS4-HMAC-SHA256 /);
});

test('@aws-sdk/client-sqs over h2c with the SDK’s NodeHttp2Handler, one session per request', T, async (t) => {
  let NodeHttp2Handler: typeof import('@smithy/node-http-handler').NodeHttp2Handler;
  try {
    // A dependency of @aws-sdk/client-sqs, not of this project: skip if the tree ever changes.
    ({ NodeHttp2Handler } = await import('@smithy/node-http-handler'));
  } catch {
    t.skip('@smithy/node-http-handler is not resolvable');
    return;
  }
  const { endpoint, seen } = await serve(listQueues);
  const sqs = new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttp2Handler({ disableConcurrentStreams: true }),
  });
  after(() => sqs.destroy());
  for (let i = 0; i < 3; i++) {
    const out = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: `n${i}-` }));
    assert.deepEqual(out.QueueUrls, [`${endpoint}/000000000000/n${i}-q1`]);
    assert.equal(out.$metadata.requestId, seen[i]!.requestId);
  }
  for (const req of seen) {
    assert.equal(req.httpVersion, '2');
    assert.equal(req.headers.host, endpoint.slice('http://'.length));
    // Over HTTP/2 the SDK signs the :authority pseudo-header, so the verifier needs to see it.
    assert.match(req.headers.authorization ?? '', /SignedHeaders=:authority;/);
    assert.equal(req.headers[':authority'], req.headers.host);
  }
});

test('the old query-protocol client (sqs 3.445) over HTTP/1.1: form body in, XML out', T, async (t) => {
  let Old: typeof import('@aws-sdk/client-sqs');
  try {
    Old = (await import('sqs-v3445' as string)) as typeof import('@aws-sdk/client-sqs');
  } catch {
    t.skip('the sqs-v3445 alias is not installed');
    return;
  }
  const { endpoint, seen } = await serve(async (req) => {
    const form = new URLSearchParams(req.body.toString());
    assert.equal(form.get('Action'), 'ListQueues');
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body:
        '<ListQueuesResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><ListQueuesResult>' +
        `<QueueUrl>${endpoint}/000000000000/${form.get('QueueNamePrefix')}q1</QueueUrl></ListQueuesResult>` +
        `<ResponseMetadata><RequestId>${req.requestId}</RequestId></ResponseMetadata></ListQueuesResponse>`,
    };
  });
  const sqs = new Old.SQSClient({ endpoint, region: 'us-east-1', credentials });
  after(() => sqs.destroy());
  const out = await sqs.send(new Old.ListQueuesCommand({ QueueNamePrefix: 'old-' }));
  assert.deepEqual(out.QueueUrls, [`${endpoint}/000000000000/old-q1`]);
  assert.equal(seen[0]!.headers['content-type'], 'application/x-www-form-urlencoded');
});

test('a handler throw reaches the SDK as a retryable InternalFailure', T, async () => {
  const { endpoint, seen } = await serve(async () => {
    throw new Error('bug');
  });
  const sqs = new SQSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 2 });
  after(() => sqs.destroy());
  await assert.rejects(sqs.send(new ListQueuesCommand({})), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, 'InternalFailure');
    assert.equal(err.$metadata?.httpStatusCode, 500);
    return true;
  });
  assert.equal(seen.length, 2, 'the SDK retried the 500');
});
