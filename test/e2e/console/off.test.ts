// `--console false`: no page and no admin API; their paths are answered as any unknown request, and
// the AWS endpoints and the other admin routes are unchanged.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { CONSOLE_HEADERS, callApi } from './console-e2e.js';

describe('console turned off [sqlite]', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite', {}, { console: 'false' });
  });
  after(() => server.close());

  it('serves no console page or API, and nothing is created through it', async () => {
    const page = await fetch(`${server.url}/_switchyard/console`);
    await page.arrayBuffer();
    assert.notEqual(page.status, 200);
    assert.equal(page.headers.get('content-security-policy'), null);
    const created = await callApi(server.url, 'sqs', 'CreateQueue', { QueueName: 'through-the-console' }, CONSOLE_HEADERS);
    assert.notEqual(created.status, 200);
    const sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's' } });
    try {
      assert.deepEqual((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? [], []);
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'through-the-sdk' }));
      // The other admin routes stay: the peek answers.
      const peek = await fetch(`${server.url}/_switchyard/sqs/messages?QueueUrl=${encodeURIComponent(QueueUrl!)}`);
      assert.equal(peek.status, 200);
      assert.deepEqual(await peek.json(), { messages: [], next: null });
    } finally {
      sqs.destroy();
    }
  });
});
