import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { E2E_ENGINES, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Numbers given as text are read in linear time. The number pattern (`\d+\.?\d*…`) split a run of
 * digits between its two parts in every way, so a long run ending in a non-digit took quadratic
 * time, the event loop blocked meanwhile for every client: 30,000 digits took a second, and SQS
 * takes a Number attribute of up to 1 MiB (some twenty minutes). Each of these is answered its
 * error at once now; one engine (nothing here reaches the store).
 */
const DIGITS = `${'1'.repeat(200_000)}x`;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe(`numbers as text take linear time [${E2E_ENGINES[0]}]`, () => {
  let server: TestServer;
  let sqs: SQSClient;
  let sns: SNSClient;
  before(async () => {
    server = await startTestServer(E2E_ENGINES[0]);
    sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    sns = new SNSClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  });
  after(async () => {
    sqs.destroy();
    sns.destroy();
    await server.close();
  });

  const quickly = async (what: string, call: () => Promise<unknown>, error: RegExp) => {
    const started = Date.now();
    await assert.rejects(call(), (e: Error) => {
      assert.match(`${e.name}: ${e.message}`, error, what);
      return true;
    });
    const ms = Date.now() - started;
    assert.ok(ms < 2_000, `${what}: ${ms} ms`);
  };

  it('SQS: a Number message attribute of 200,000 digits and a letter', async () => {
    const QueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'numbers' }))).QueueUrl!;
    await quickly('SendMessage', () => sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageAttributes: { n: { DataType: 'Number', StringValue: DIGITS } } })), /Can't cast the value of message \(user\) attribute 'n' to a number/);
  });

  it('SNS: a Number message attribute of 200,000 digits and a letter', async () => {
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name: 'numbers' }))).TopicArn!;
    await quickly('Publish', () => sns.send(new PublishCommand({ TopicArn, Message: 'x', MessageAttributes: { n: { DataType: 'Number', StringValue: DIGITS } } })), /ParameterValueInvalid|has an invalid value/);
  });

  it('Kinesis: a timestamp given as 200,000 digits and a letter', async () => {
    const started = Date.now();
    const res = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Kinesis_20131202.GetShardIterator',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
        'x-amz-date': '20261127T000000Z',
      },
      body: JSON.stringify({ StreamName: 'none', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: DIGITS }),
    });
    const body = (await res.json()) as { __type: string };
    assert.equal(res.status, 400);
    assert.equal(body.__type, 'SerializationException');
    assert.ok(Date.now() - started < 2_000, `${Date.now() - started} ms`);
  });
});
