import assert from 'node:assert/strict';
import { test } from 'node:test';
// @ts-ignore -- @aws-sdk/client-sqs@3.445.0 (query protocol), installed under an npm alias
import * as legacy from 'sqs-v3445';
import type * as current from '@aws-sdk/client-sqs';
import { createProtocolHandler } from '../dispatch.js';
import { call, form, md5, miniSqsService, serve } from '../fixtures.test.js';

const BODY = 'a "quoted" & <tagged> body\r\nwith CRLF, a lone \r, a tab\tand ✓ 😀';
const handler = createProtocolHandler({
  services: [miniSqsService({ ReceiveMessage: async () => ({ Messages: [{ MessageId: 'm', MD5OfBody: md5(BODY), Body: BODY, ReceiptHandle: 'r' }] }) })],
  defaultRegion: 'us-east-1',
  defaultAccountId: '000000000000',
});

test('sqs-xml-escaping: " as &quot;, \\r as &#xD;, & < > escaped, \\n and unicode literal', async () => {
  const res = await call(handler, form('Action=ReceiveMessage&Version=2012-11-05&QueueUrl=q'));
  assert.match(res.text, /<Body>a &quot;quoted&quot; &amp; &lt;tagged&gt; body&#xD;\nwith CRLF, a lone &#xD;, a tab\tand ✓ 😀<\/Body>/);
});

test('sqs-xml-escaping: the query client gets the body back byte for byte (MD5 matches)', async () => {
  const server = await serve(handler);
  const sdk = legacy as unknown as typeof current;
  const client = new sdk.SQSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  try {
    const out = await client.send(new sdk.ReceiveMessageCommand({ QueueUrl: `${server.endpoint}/000000000000/q` }));
    assert.equal(out.Messages?.[0]?.Body, BODY);
  } finally {
    client.destroy();
    await server.close();
  }
});
