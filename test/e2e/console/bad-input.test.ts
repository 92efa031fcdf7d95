// Client mistakes against the console API: the same AWS error code, message and status as the
// same mistake sent to the AWS endpoint (one validator, the protocol layer's), never a 500; and
// the CSRF guard: a request a page of another site could send without a CORS grant is refused
// and changes nothing.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { CONSOLE_HEADERS, consoleE2E } from './console-e2e.js';

/** The same request to the AWS endpoint in AWS JSON: its status, bare `__type` and message. */
async function viaAws(base: string, target: string, version: '1.0' | '1.1', body: string): Promise<{ status: number; code: string; message: string }> {
  const res = await fetch(base, { method: 'POST', headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target }, body });
  const answer = (await res.json()) as { __type: string; message: string };
  return { status: res.status, code: answer.__type.split('#').pop()!, message: answer.message };
}

consoleE2E('console API: bad input', (t) => {
  it('answers a malformed request as the AWS endpoint answers it', async () => {
    const { api, server } = t();
    const cases: [service: string, target: string, version: '1.0' | '1.1', op: string, body: string][] = [
      ['sqs', 'AmazonSQS', '1.0', 'SendMessage', JSON.stringify({ QueueUrl: `${server.url}/000000000000/nope` })], // MessageBody missing
      ['sqs', 'AmazonSQS', '1.0', 'SendMessage', JSON.stringify({ QueueUrl: `${server.url}/000000000000/nope`, MessageBody: 'x' })], // no such queue
      ['sqs', 'AmazonSQS', '1.0', 'ListQueues', JSON.stringify({ MaxResults: 'ten' })], // wrong type
      ['sqs', 'AmazonSQS', '1.0', 'ListQueues', '{"MaxResults": 1'], // invalid JSON
      ['sqs', 'AmazonSQS', '1.0', 'ListQueues', '[1]'], // not an object
      ['sqs', 'AmazonSQS', '1.0', 'NoSuchOperation', '{}'],
      ['kinesis', 'Kinesis_20131202', '1.1', 'GetRecords', '{}'], // ShardIterator missing
      ['kinesis', 'Kinesis_20131202', '1.1', 'DescribeStreamSummary', JSON.stringify({ StreamName: 'nope' })],
      ['kinesis', 'Kinesis_20131202', '1.1', 'ListStreams', JSON.stringify({ Limit: 'x' })],
      ['kinesis', 'Kinesis_20131202', '1.1', 'NoSuchOperation', '{}'],
    ];
    for (const [service, prefix, version, op, body] of cases) {
      const got = await api(service, op, body);
      const want = await viaAws(server.url, `${prefix}.${op}`, version, body);
      assert.ok(want.status >= 400 && want.status < 500, `${service} ${op} ${body}: the AWS endpoint answers ${want.status}`);
      assert.deepEqual({ status: got.status, code: got.body.error.code, message: got.body.error.message }, want, `${service} ${op} ${body}`);
    }
  });

  it('answers SNS mistakes as the SNS query endpoint does (SNS speaks only query on the wire)', async () => {
    const { api, server } = t();
    const topic = 'arn:aws:sns:us-east-1:000000000000:nope';
    const cases: [op: string, input: Record<string, unknown>, form: Record<string, string>][] = [
      ['Subscribe', { Protocol: 'sqs' }, { Protocol: 'sqs' }], // TopicArn missing
      ['Publish', { Message: 'x' }, { Message: 'x' }],
      ['GetTopicAttributes', { TopicArn: topic }, { TopicArn: topic }],
      ['Publish', { TopicArn: topic, Message: 'm', MessageAttributes: { a: { DataType: 'String' } } }, { TopicArn: topic, Message: 'm', 'MessageAttributes.entry.1.Name': 'a', 'MessageAttributes.entry.1.Value.DataType': 'String' }],
      ['NoSuchOperation', {}, {}],
    ];
    for (const [op, input, form] of cases) {
      const got = await api('sns', op, input);
      const res = await fetch(server.url, { method: 'POST', body: new URLSearchParams({ Action: op, Version: '2010-03-31', ...form }) });
      const xml = await res.text();
      const want = { status: res.status, code: /<Code>([^<]*)<\/Code>/.exec(xml)![1], message: /<Message>([^<]*)<\/Message>/.exec(xml)![1] };
      assert.ok(want.status >= 400 && want.status < 500, `${op}: the SNS endpoint answers ${want.status}`);
      assert.deepEqual({ status: got.status, code: got.body.error.queryCode ?? got.body.error.code, message: got.body.error.message }, want, op);
    }
  });

  it('refuses an unknown service, the GET method and an event-stream operation', async () => {
    const { api, server } = t();
    const unknown = await api('lambda', 'ListFunctions', {});
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'UnknownService');
    const get = await fetch(`${server.url}/_switchyard/console/api/sqs/ListQueues`, { headers: CONSOLE_HEADERS });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    const bad = await fetch(`${server.url}/_switchyard/console/api/sqs/%E0%A4%A`, { method: 'POST', headers: CONSOLE_HEADERS, body: '{}' });
    assert.equal(bad.status, 400, 'a malformed escape names no operation');
  });

  it('refuses what another site could send: form posts, other content types, no console header, cross-site', async () => {
    const { api, sqs, server } = t();
    const name = t().name('csrf');
    const body = JSON.stringify({ QueueName: name });
    const refusals: [Record<string, string>, number, string][] = [
      [{ 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }, 403, 'a cross-site form post'],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 415, 'a form post'],
      [{ 'content-type': 'text/plain' }, 415, 'a no-cors text post'],
      [{ 'content-type': 'multipart/form-data; boundary=x' }, 415, 'a multipart form post'],
      [{ 'content-type': 'application/json' }, 403, 'JSON without the console header'],
      [{ 'content-type': 'application/json', 'x-switchyard-console': '0' }, 403, 'a wrong console header'],
      [{ ...CONSOLE_HEADERS, 'sec-fetch-site': 'cross-site', origin: 'http://evil.example' }, 403, 'a cross-site request the browser marks so'],
    ];
    for (const [headers, status, what] of refusals) {
      const res = await api('sqs', 'CreateQueue', body, headers);
      assert.equal(res.status, status, what);
      assert.equal(typeof res.body.error.message, 'string', what);
    }
    // A real form post as a browser sends it: urlencoded fields, no custom header.
    const form = await fetch(`${server.url}/_switchyard/console/api/sqs/CreateQueue`, { method: 'POST', body: new URLSearchParams({ QueueName: name }) });
    assert.equal(form.status, 415);
    const preflight = await fetch(`${server.url}/_switchyard/console/api/sqs/CreateQueue`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-switchyard-console' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null, 'no CORS grant');
    assert.ok(preflight.status >= 400);
    assert.equal((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: name }))).QueueUrls, undefined, 'nothing was created');
    assert.equal((await api('sqs', 'CreateQueue', body)).status, 200, 'the console itself may');
  });
});
