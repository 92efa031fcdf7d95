// The console acts as the server's default account in its default region (--account-id,
// --region), as an unsigned request does: what it creates, an SDK with that account sees.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { CONSOLE_HEADERS, callApi } from './console-e2e.js';

describe('console account and region [sqlite]', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite', {}, { accountId: '123456789012', region: 'eu-west-1' });
  });
  after(() => server.close());

  it('creates in the configured default account and region', async () => {
    const created = await callApi(server.url, 'sqs', 'CreateQueue', { QueueName: 'mine' }, CONSOLE_HEADERS);
    assert.equal(created.body.QueueUrl, `${server.url}/123456789012/mine`);
    const sqs = new SQSClient({ endpoint: server.url, region: 'eu-west-1', credentials: { accessKeyId: '123456789012', secretAccessKey: 's' } });
    assert.deepEqual((await sqs.send(new ListQueuesCommand({}))).QueueUrls, [created.body.QueueUrl]);
    sqs.destroy();
    const topic = await callApi(server.url, 'sns', 'CreateTopic', { Name: 't' }, CONSOLE_HEADERS);
    assert.equal(topic.body.TopicArn, 'arn:aws:sns:eu-west-1:123456789012:t');
  });
});
