// The console with --credentials in a real browser (Debian's chromium through playwright-core): the
// browser answers the 401's Basic challenge with an access key (as a person would in its prompt),
// and the page, its API calls and its peek then act as that key's account. SQLite only: the browser
// adds nothing engine-specific. Loopback only: any request that leaves the test server is aborted.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { TestServer } from '../helpers/server.js';
import { ALICE, BOB, clientConfig, startAuthServer, type Key } from './auth-keys.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (Debian package chromium; .ci/run installs it)`;

describe('console with --credentials in a browser [sqlite]', { skip, timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function pageAs(key?: Key) {
    const context = await browser.newContext(key ? { httpCredentials: { username: key.accessKeyId, password: key.secretAccessKey } } : {});
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : route.abort()));
    return page;
  }

  before(async () => {
    server = await startAuthServer('sqlite');
    for (const [key, name] of [[ALICE, 'alices-orders'], [BOB, 'bobs-orders']] as const) {
      const sqs = new SQSClient(clientConfig(server.url, key));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `a message of ${name}` }));
      sqs.destroy();
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-background-networking'], timeout: 30_000 });
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('without a key, or with a wrong one, the browser is challenged and gets no page', async () => {
    for (const key of [undefined, { ...ALICE, secretAccessKey: BOB.secretAccessKey }]) {
      const page = await pageAs(key);
      // Headless, with no key to offer, the browser gives up on the challenge; with a wrong one it
      // shows the 401 it ends with.
      const res = await page.goto(`${server.url}/_switchyard/console`).catch((e: Error) => e);
      if (res instanceof Error) assert.match(res.message, /ERR_INVALID_AUTH_CREDENTIALS/);
      else assert.equal(res?.status(), 401);
      // The challenge itself, through the same browser context's HTTP client.
      const challenge = await page.context().request.get(`${server.url}/_switchyard/console`);
      assert.equal(challenge.status(), 401);
      assert.equal(challenge.headers()['www-authenticate'], 'Basic realm="Switchyard", charset="UTF-8"');
    }
  });

  it('signed in as a key, the console lists that account\'s queues only and peeks into them', async () => {
    const page = await pageAs(ALICE);
    await page.goto(`${server.url}/_switchyard/console#/sqs`);
    await page.locator('td:first-child a', { hasText: 'alices-orders' }).waitFor();
    assert.equal(await page.locator('td:first-child a', { hasText: 'bobs-orders' }).count(), 0);
    await page.locator('td:first-child a', { hasText: 'alices-orders' }).click();
    await page.getByText('a message of alices-orders').first().waitFor();
  });
});
