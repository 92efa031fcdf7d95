// The audit log (--audit-log) of Switchyard's own routes (eventSource `switchyard`): a backup and a
// resource export are recorded; the message peek and the SNS recorded deliveries only with
// --audit-log-data-events; with --credentials the Basic auth key, and a refused call by its status.
// SQLite only: the backup route exists there (PostgreSQL answers 501), and the log is the same.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ALICE, startAuthServer } from './auth-keys.js';
import { auditFixture } from './audit-log-records.js';

const basic = (key: { accessKeyId: string; secretAccessKey: string }, secret = key.secretAccessKey) => ({
  authorization: `Basic ${Buffer.from(`${key.accessKeyId}:${secret}`).toString('base64')}`,
});

describe("audit log: Switchyard's own routes", () => {
  const audit = auditFixture();

  it('a backup and an export are management events; a peek at messages is left out without data events', async () => {
    const server = await audit.start();
    const sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'q' }));
    sqs.destroy();
    const backup = await fetch(`${server.url}/_switchyard/backup`, { method: 'POST', headers: { 'user-agent': 'curl/8.0' } });
    assert.equal(backup.status, 200);
    await backup.arrayBuffer();
    assert.equal((await fetch(`${server.url}/_switchyard/resources`)).status, 200);
    assert.equal((await fetch(`${server.url}/_switchyard/sqs/messages?QueueUrl=${encodeURIComponent(QueueUrl!)}`)).status, 200);
    assert.equal((await fetch(`${server.url}/_switchyard/backup`)).status, 405);

    const log = (await audit.records()).filter((r) => r.eventSource === 'switchyard');
    assert.deepEqual(log.map((r) => [r.eventName, r.eventCategory, r.readOnly, r.errorCode]), [
      ['Backup', 'Management', true, undefined],
      ['ExportResources', 'Management', true, undefined],
      ['Backup', 'Management', true, 'MethodNotAllowed'],
    ]);
    assert.equal(log[0]!.userAgent, 'curl/8.0');
    assert.equal(log[0]!.sourceIPAddress, '127.0.0.1');
    assert.deepEqual(log[0]!.userIdentity, { type: 'Root', principalId: '000000000000', arn: 'arn:aws:iam::000000000000:root', accountId: '000000000000' });
    assert.equal(log[2]!.errorMessage, 'use POST /_switchyard/backup');
  });

  it('with data events: the peek, its query as request parameters', async () => {
    const server = await audit.start({ auditLogDataEvents: 'true' });
    const url = `${server.url}/000000000000/missing`;
    await (await fetch(`${server.url}/_switchyard/sqs/messages?QueueUrl=${encodeURIComponent(url)}&limit=5`)).arrayBuffer();
    const [peek] = (await audit.records()).filter((r) => r.eventSource === 'switchyard');
    assert.equal(peek!.eventName, 'PeekMessages');
    assert.equal(peek!.eventCategory, 'Data');
    assert.equal(peek!.managementEvent, false);
    assert.deepEqual(peek!.requestParameters, { queueUrl: url, limit: '5' });
  });

  it('with --credentials: the Basic auth key and its account; a wrong secret as an Unknown caller, Unauthorized', async () => {
    const server = audit.adopt(await startAuthServer('sqlite', { auditLog: audit.path }));
    assert.equal((await fetch(`${server.url}/_switchyard/resources`, { headers: basic(ALICE) })).status, 200);
    assert.equal((await fetch(`${server.url}/_switchyard/resources`, { headers: basic(ALICE, 'wrong') })).status, 401);

    const log = await audit.records();
    assert.deepEqual(log[0]!.userIdentity, { type: 'Root', principalId: ALICE.accountId, arn: `arn:aws:iam::${ALICE.accountId}:root`, accountId: ALICE.accountId, accessKeyId: ALICE.accessKeyId });
    assert.equal(log[0]!.recipientAccountId, ALICE.accountId);
    assert.deepEqual(log[1]!.userIdentity, { type: 'Unknown' });
    assert.equal(log[1]!.errorCode, 'Unauthorized');
    assert.equal(log[1]!.errorMessage, 'The access key id or secret access key is not one this server knows.');
  });
});
