// The console and the admin routes with --credentials, on every engine: HTTP Basic auth with an
// access key id and its secret (a browser asks for them on the 401), and then the key's account:
// the console creates and lists there, the peek and the export show only its own.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { E2E_ENGINES, type TestServer } from '../helpers/server.js';
import { CONSOLE_HEADERS, callApi } from './console/console-e2e.js';
import { ALICE, BOB, clientConfig, startAuthServer, type Key } from './auth-keys.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const as = (key: Key) => ({ authorization: basic(key.accessKeyId, key.secretAccessKey) });

for (const engine of E2E_ENGINES) {
  describe(`console with --credentials [${engine}]`, () => {
    let server: TestServer;
    let aliceQueue: string;
    before(async () => {
      server = await startAuthServer(engine);
      const sqs = new SQSClient(clientConfig(server.url, ALICE));
      aliceQueue = (await sqs.send(new CreateQueueCommand({ QueueName: 'alices' }))).QueueUrl!;
      await sqs.send(new SendMessageCommand({ QueueUrl: aliceQueue, MessageBody: 'peek at me' }));
      sqs.destroy();
    });
    after(async () => server.close());

    it('without a key, or with a wrong one, every console and admin path answers 401 with a Basic challenge', async () => {
      const paths = ['/_switchyard/console', '/_switchyard/console/ui/app.js', '/_switchyard/resources', `/_switchyard/sqs/messages?QueueUrl=${encodeURIComponent(aliceQueue)}`, '/_switchyard/sns/recorded'];
      for (const path of paths) {
        for (const headers of [{} as Record<string, string>, { authorization: basic(ALICE.accessKeyId, BOB.secretAccessKey) }, { authorization: basic('AKIANOBODY', 'x') }, { authorization: 'Basic !!!' }]) {
          const res = await fetch(`${server.url}${path}`, { headers });
          assert.equal(res.status, 401, `${path} ${JSON.stringify(headers)}`);
          assert.equal(res.headers.get('www-authenticate'), 'Basic realm="Switchyard", charset="UTF-8"');
          assert.equal((await res.json()).error.code, 'Unauthorized');
        }
      }
      const api = await callApi(server.url, 'sqs', 'ListQueues', {}, CONSOLE_HEADERS);
      assert.equal(api.status, 401);
      const page = await fetch(`${server.url}/_switchyard/console`, { headers: as(ALICE) });
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type')!, /text\/html/);
    });

    it('signed in, the console acts as the key\'s account', async () => {
      const alice = await callApi(server.url, 'sqs', 'ListQueues', {}, { ...CONSOLE_HEADERS, ...as(ALICE) });
      assert.equal(alice.status, 200);
      assert.deepEqual(alice.body.QueueUrls, [aliceQueue]);
      const bob = await callApi(server.url, 'sqs', 'ListQueues', {}, { ...CONSOLE_HEADERS, ...as(BOB) });
      assert.deepEqual(bob.body.QueueUrls ?? [], []);
      const created = await callApi(server.url, 'sqs', 'CreateQueue', { QueueName: 'bobs' }, { ...CONSOLE_HEADERS, ...as(BOB) });
      assert.match(created.body.QueueUrl, new RegExp(`/${BOB.accountId}/bobs$`));
      const topic = await callApi(server.url, 'sns', 'CreateTopic', { Name: 't' }, { ...CONSOLE_HEADERS, ...as(BOB) });
      assert.equal(topic.body.TopicArn, `arn:aws:sns:us-east-1:${BOB.accountId}:t`);
    });

    it('the peek shows only the caller\'s own queues; the export only its own resources', async () => {
      const peek = (key: Key) => fetch(`${server.url}/_switchyard/sqs/messages?QueueUrl=${encodeURIComponent(aliceQueue)}`, { headers: as(key) });
      const mine = await peek(ALICE);
      assert.equal(mine.status, 200);
      assert.equal((await mine.json()).messages[0].message.Body, 'peek at me');
      const theirs = await peek(BOB);
      assert.equal(theirs.status, 404);
      assert.equal((await theirs.json()).error, 'QueueDoesNotExist');
      const exported = async (key: Key) => (await (await fetch(`${server.url}/_switchyard/resources`, { headers: as(key) })).json()) as { queues?: { name: string }[] };
      assert.deepEqual((await exported(ALICE)).queues?.map((q) => q.name), ['alices']);
      assert.ok(!(await exported(BOB)).queues?.some((q) => q.name === 'alices'));
      // An email subscription's confirmation is recorded, not sent: only its topic's account sees it.
      const sns = new SNSClient(clientConfig(server.url, ALICE));
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'mailing' }));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'alice@example.com' }));
      sns.destroy();
      const recorded = async (key: Key) => ((await (await fetch(`${server.url}/_switchyard/sns/recorded?protocol=email`, { headers: as(key) })).json()) as { recorded: { topicArn: string }[] }).recorded;
      let ours: { topicArn: string }[] = [];
      for (let i = 0; i < 100 && ours.length === 0; i++) {
        ours = await recorded(ALICE);
        if (ours.length === 0) await new Promise((r) => setTimeout(r, 50));
      }
      assert.deepEqual(ours.map((r) => r.topicArn), [TopicArn]);
      assert.deepEqual(await recorded(BOB), []);
    });

    it('`switchyard export` signs in with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and exports that key\'s account', async () => {
      const cli = (env: Record<string, string>) =>
        run(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'export', '--endpoint', server.url], { cwd: ROOT, env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', ...env }, timeout: 30_000 });
      const { stdout } = await cli({ AWS_ACCESS_KEY_ID: ALICE.accessKeyId, AWS_SECRET_ACCESS_KEY: ALICE.secretAccessKey });
      assert.deepEqual(JSON.parse(stdout).queues.map((q: { name: string }) => q.name), ['alices']);
      const refused = await cli({}).then(() => assert.fail('exported'), (e: any) => ({ code: e.code, stderr: String(e.stderr) }));
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /answered 401/);
    });
  });
}
