/**
 * The console and the admin routes for an IAM user's key (README "Identity policies", "Console"):
 * with --credentials declaring a user allowed only sqs:SendMessage on one queue, and
 * --enforce-policies, the console's API decides the user's calls as the same key's signed SDK
 * calls are decided (the same refusals, word for word, in the console's error format), the peek
 * wants sqs:ReceiveMessage on the queue, and the export, the recorded deliveries and the backup are
 * for account root keys only; a root key still does everything. Without --enforce-policies the user
 * acts as its account in the console's API, as before, and Switchyard's own routes keep their rule.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeleteQueueCommand, ListQueuesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { E2E_ENGINES } from '../helpers/server.js';
import { CONSOLE_HEADERS, callApi } from './console/console-e2e.js';
import { ALICE, clientConfig } from './auth-keys.js';
import { A, SENDER, document, refusal, startIamServer, userArn, withRoots } from './iam-kit.js';
import { auditFixture } from './audit-log-records.js';

const REGION = 'us-east-1';
const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${A}:${name}`;
const SENDER_ARN = userArn(A, 'sender');

const credentials = {
  accessKeys: withRoots([SENDER]),
  users: [{ accountId: A, name: 'sender', policies: [document({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn('orders') })] }],
};

type Key = { accessKeyId: string; secretAccessKey: string };
const basic = (key: Key) => ({ authorization: `Basic ${Buffer.from(`${key.accessKeyId}:${key.secretAccessKey}`).toString('base64')}` });
const engine = E2E_ENGINES[0]!;

/** The error message a signed SDK call by `key` gets, or undefined when it succeeds. */
async function sdkRefusal(url: string, key: Key, call: (sqs: SQSClient) => Promise<unknown>): Promise<string | undefined> {
  const sqs = new SQSClient(clientConfig(url, { ...key, accountId: A }));
  try {
    await call(sqs);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    sqs.destroy();
  }
}

describe(`console and admin routes for an IAM user, --enforce-policies [${engine}]`, () => {
  let server: Awaited<ReturnType<typeof startIamServer>>;
  let orders: string;
  let other: string;
  const api = (key: Key, operation: string, input: object) => callApi(server.url, 'sqs', operation, input, { ...CONSOLE_HEADERS, ...basic(key) });
  const get = (key: Key, path: string, method = 'GET') => fetch(`${server.url}${path}`, { method, headers: basic(key) });

  before(async () => {
    // The server's own account is A's, so that A's root may take a backup.
    server = await startIamServer(engine, credentials, { enforcePolicies: 'true', accountId: A });
    orders = (await api(ALICE, 'CreateQueue', { QueueName: 'orders' })).body.QueueUrl;
    other = (await api(ALICE, 'CreateQueue', { QueueName: 'other' })).body.QueueUrl;
    assert.match(orders, new RegExp(`/${A}/orders$`));
  });
  after(async () => server.close());

  it('the user sends to its queue through the console', async () => {
    const sent = await api(SENDER, 'SendMessage', { QueueUrl: orders, MessageBody: 'from the console' });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.match(sent.body.MessageId, /^[0-9a-f-]{36}$/);
  });

  it('everything else is refused, in the words and code a signed SDK call by the same key gets', async () => {
    const cases = [
      { operation: 'DeleteQueue', input: { QueueUrl: orders }, action: 'sqs:deletequeue', resource: queueArn('orders'), sdk: (s: SQSClient) => s.send(new DeleteQueueCommand({ QueueUrl: orders })) },
      { operation: 'ListQueues', input: {}, action: 'sqs:listqueues', resource: `arn:aws:sqs:${REGION}:${A}:`, sdk: (s: SQSClient) => s.send(new ListQueuesCommand({})) },
      { operation: 'SendMessage', input: { QueueUrl: other, MessageBody: 'x' }, action: 'sqs:sendmessage', resource: queueArn('other'), sdk: (s: SQSClient) => s.send(new SendMessageCommand({ QueueUrl: other, MessageBody: 'x' })) },
    ];
    for (const c of cases) {
      const res = await api(SENDER, c.operation, c.input);
      const message = refusal(SENDER_ARN, c.action, c.resource, 'identity');
      assert.equal(res.status, 403, c.operation);
      assert.deepEqual(res.body, { error: { code: 'AccessDeniedException', message, queryCode: 'AccessDenied' } }, c.operation);
      assert.equal(await sdkRefusal(server.url, SENDER, c.sdk), message, `${c.operation} signed`);
    }
    // Nothing was deleted.
    assert.deepEqual((await api(ALICE, 'ListQueues', {})).body.QueueUrls.sort(), [orders, other].sort());
  });

  it('the account root key still does everything through the console', async () => {
    assert.equal((await api(ALICE, 'SendMessage', { QueueUrl: other, MessageBody: 'root' })).status, 200);
    const scratch = (await api(ALICE, 'CreateQueue', { QueueName: 'scratch' })).body.QueueUrl;
    assert.equal((await api(ALICE, 'DeleteQueue', { QueueUrl: scratch })).status, 200);
  });

  it('the peek wants sqs:ReceiveMessage on the queue: refused to the user, shown to the root', async () => {
    const path = `/_switchyard/sqs/messages?QueueUrl=${encodeURIComponent(orders)}`;
    const theirs = await get(SENDER, path);
    assert.equal(theirs.status, 403);
    assert.deepEqual(await theirs.json(), { error: 'AccessDeniedException', message: refusal(SENDER_ARN, 'sqs:receivemessage', queueArn('orders'), 'identity') });
    const mine = await get(ALICE, path);
    assert.equal(mine.status, 200);
    assert.equal((await mine.json()).messages[0].message.Body, 'from the console');
  });

  it('a queue policy naming the user for sqs:ReceiveMessage opens the peek to it, as it opens ReceiveMessage', async () => {
    const policy = JSON.stringify(document({ Effect: 'Allow', Principal: { AWS: SENDER_ARN }, Action: 'sqs:ReceiveMessage', Resource: queueArn('other') }));
    assert.equal((await api(ALICE, 'SetQueueAttributes', { QueueUrl: other, Attributes: { Policy: policy } })).status, 200);
    const peeked = await get(SENDER, `/_switchyard/sqs/messages?QueueUrl=${encodeURIComponent(other)}`);
    assert.equal(peeked.status, 200);
    assert.equal((await peeked.json()).messages[0].message.Body, 'root');
    const received = await api(SENDER, 'ReceiveMessage', { QueueUrl: other, VisibilityTimeout: 0 });
    assert.equal(received.status, 200);
    assert.equal(received.body.Messages[0].Body, 'root');
  });

  it('the export, the recorded deliveries and the backup are for account root keys only', async () => {
    for (const [path, method] of [['/_switchyard/resources', 'GET'], ['/_switchyard/sns/recorded', 'GET'], ['/_switchyard/backup', 'POST']] as const) {
      const refused = await get(SENDER, path, method);
      assert.equal(refused.status, 403, path);
      assert.deepEqual(await refused.json(), { error: { code: 'AccessDenied', message: `User: ${SENDER_ARN} is not authorized to use ${path}: it is for account root keys only, not IAM users` } }, path);
      const root = await get(ALICE, path, method);
      // A backup on PostgreSQL is pg_dump's job (501): past the authorization all the same.
      assert.ok(root.status === 200 || (path === '/_switchyard/backup' && root.status === 501), `${path} ${root.status}`);
      await root.arrayBuffer();
    }
  });

  it('the console page itself opens for the user (it holds no data)', async () => {
    const page = await get(SENDER, '/_switchyard/console');
    assert.equal(page.status, 200);
    await page.text();
  });
});

describe(`console for an IAM user without --enforce-policies [${engine}]`, () => {
  let server: Awaited<ReturnType<typeof startIamServer>>;
  before(async () => {
    server = await startIamServer(engine, credentials, {});
  });
  after(async () => server.close());

  it('the user acts as its account, as before', async () => {
    const api = (operation: string, input: object) => callApi(server.url, 'sqs', operation, input, { ...CONSOLE_HEADERS, ...basic(SENDER) });
    const created = await api('CreateQueue', { QueueName: 'anything' });
    assert.equal(created.status, 200);
    assert.deepEqual((await api('ListQueues', {})).body.QueueUrls, [created.body.QueueUrl]);
    assert.equal((await api('DeleteQueue', { QueueUrl: created.body.QueueUrl })).status, 200);
  });

  it('the export is still for account root keys (Switchyard\'s own routes have no AWS behaviour to keep)', async () => {
    const headers = basic(SENDER);
    assert.equal((await fetch(`${server.url}/_switchyard/resources`, { headers })).status, 403);
    assert.equal((await fetch(`${server.url}/_switchyard/resources`, { headers: basic(ALICE) })).status, 200);
  });
});

describe('audit log: the console and admin routes of an IAM user', () => {
  const audit = auditFixture();

  it('the user\'s refused console call and refused export are recorded as IAMUser', async () => {
    const server = audit.adopt(await startIamServer('sqlite', credentials, { enforcePolicies: 'true', auditLog: audit.path }));
    const console = (key: Key, operation: string, input: object) => callApi(server.url, 'sqs', operation, input, { ...CONSOLE_HEADERS, ...basic(key) });
    const orders = (await console(ALICE, 'CreateQueue', { QueueName: 'orders' })).body.QueueUrl;
    assert.equal((await console(SENDER, 'DeleteQueue', { QueueUrl: orders })).status, 403);
    assert.equal((await fetch(`${server.url}/_switchyard/resources`, { headers: basic(SENDER) })).status, 403);

    const log = await audit.records();
    const user = { type: 'IAMUser', arn: SENDER_ARN, accountId: A, accessKeyId: SENDER.accessKeyId, userName: 'sender' };
    const deleted = log.find((r) => r.eventName === 'DeleteQueue')!;
    assert.equal(deleted.errorCode, 'AccessDenied');
    assert.equal(deleted.errorMessage, refusal(SENDER_ARN, 'sqs:deletequeue', queueArn('orders'), 'identity'));
    assert.equal(deleted.sessionCredentialFromConsole, 'true');
    const exported = log.find((r) => r.eventName === 'ExportResources')!;
    assert.equal(exported.errorCode, 'Forbidden');
    for (const record of [deleted, exported]) {
      const { principalId, ...identity } = record.userIdentity as Record<string, unknown>;
      assert.deepEqual(identity, user);
      assert.match(String(principalId), /^AIDA[A-Z2-7]{17}$/);
    }
  });
});
