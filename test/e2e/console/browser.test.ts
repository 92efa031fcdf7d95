// The console in a real browser (Debian's chromium through playwright-core), against resources
// made with the official SDKs: the queue list, a peeked message whose body is markup shown as text
// (and never run), the redrive button of a dead-letter queue until its task completes (the SDK then
// receives the message from the source queue), a topic's subscription, and a stream's tail.
// On SQLite only: the browser adds nothing engine-specific (the API suites run on both engines).
// Loopback only: any request that leaves the test server is aborted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CreateStreamCommand, KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { waitUntilActive } from '../../helpers/kinesis.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';
const XSS = '<img src=x onerror=alert(1)>';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (Debian package chromium; .ci/run installs it)`;

describe('console in a browser [sqlite]', { skip, timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const sdk = () => ({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
  let sqs: SQSClient;
  let source: string;

  before(async () => {
    server = await startTestServer('sqlite', {}, { kinesisCreateDelayMs: '50' });
    sqs = new SQSClient(sdk());
    const sns = new SNSClient(sdk());
    const kinesis = new KinesisClient(sdk());
    // A message dead-lettered from `orders` into `orders-dlq`.
    await sqs.send(new CreateQueueCommand({ QueueName: 'orders-dlq' }));
    source = (await sqs.send(new CreateQueueCommand({
      QueueName: 'orders',
      Attributes: { VisibilityTimeout: '0', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq', maxReceiveCount: 1 }) },
    }))).QueueUrl!;
    await sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: XSS }));
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: source }))).Messages?.length, 1);
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: source }))).Messages, undefined, 'moved to the DLQ');
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name: 'announcements' }))).TopicArn!;
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq', Attributes: { RawMessageDelivery: 'true' } }));
    await kinesis.send(new CreateStreamCommand({ StreamName: 'clicks', ShardCount: 1 }));
    await waitUntilActive(kinesis, 'clicks');
    await kinesis.send(new PutRecordCommand({ StreamName: 'clicks', PartitionKey: 'user-7', Data: Buffer.from('tail me <b>') }));
    sns.destroy();
    kinesis.destroy();

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-background-networking'], timeout: 30_000 });
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : route.abort()));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
  });

  after(async () => {
    await browser?.close();
    sqs?.destroy();
    await server?.close();
  });

  it('lists the queues with their counts and DLQ link', async () => {
    await page.goto(`${server.url}/_switchyard/console#/sqs`);
    const row = (name: RegExp) => page.locator('tr', { has: page.locator('td:first-child a', { hasText: name }) });
    const dlqRow = row(/^orders-dlq$/);
    await dlqRow.locator('.tag', { hasText: 'DLQ' }).waitFor();
    assert.equal(await dlqRow.locator('td.num').first().textContent(), '1');
    const sourceRow = row(/^orders$/);
    assert.equal(await sourceRow.locator('td').last().textContent(), 'orders-dlq');
  });

  it('peeks the dead letter: its markup body shows as text; redrive completes and the SDK receives it', async () => {
    await page.locator('td:first-child a', { hasText: /^orders-dlq$/ }).click();
    const body = page.locator('.messages pre.body');
    await body.waitFor();
    assert.equal(await body.textContent(), XSS);
    assert.equal(await page.locator('.messages img').count(), 0, 'no element made from the body');

    await page.getByRole('button', { name: 'Redrive to source queues' }).click();
    await page.locator('.task-status', { hasText: 'COMPLETED' }).waitFor();
    await page.locator('.messages', { hasText: 'No messages.' }).waitFor();
    const back = await sqs.send(new ReceiveMessageCommand({ QueueUrl: source, VisibilityTimeout: 60 }));
    assert.equal(back.Messages?.[0]?.Body, XSS);
  });

  it('sends a message with an attribute from the form; the SDK receives it', async () => {
    await page.locator('textarea[name=body]').fill('from the console');
    await page.getByRole('button', { name: 'Add message attribute' }).click();
    await page.locator('.attr-name').fill('colour');
    await page.locator('.attr-value').fill('blue');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('.notice', { hasText: 'Sent:' }).waitFor();
    await page.locator('.messages pre.body', { hasText: 'from the console' }).waitFor();
    const dlq = source.replace(/orders$/, 'orders-dlq');
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MessageAttributeNames: ['All'], VisibilityTimeout: 60 }));
    assert.equal(got.Messages?.[0]?.Body, 'from the console');
    assert.equal(got.Messages?.[0]?.MessageAttributes?.colour?.StringValue, 'blue');
  });

  it("shows a topic's subscription", async () => {
    await page.getByRole('link', { name: 'Topics' }).click();
    await page.locator('a', { hasText: 'announcements' }).click();
    const row = page.locator('tr', { hasText: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq' });
    await row.waitFor();
    assert.match((await row.textContent())!, /sqs.*confirmed.*yes/);
  });

  it('tails a stream until stopped', async () => {
    await page.getByRole('link', { name: 'Streams' }).click();
    await page.locator('a', { hasText: /^clicks$/ }).click();
    await page.getByRole('button', { name: 'Start' }).click();
    const record = page.locator('table.records tr', { hasText: 'user-7' });
    await record.waitFor();
    assert.equal(await record.locator('pre.data').textContent(), 'tail me <b>');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.locator('.tail-status', { hasText: 'Stopped.' }).waitFor();
  });

  it('met no page error, dialog or CSP violation', () => {
    assert.deepEqual(problems, []);
  });
});
