// The audit log of calls made with STS temporary credentials: CloudTrail's userIdentity for an
// AssumeRole session (type AssumedRole, its role as sessionIssuer) and for a GetSessionToken
// session (its account's Root), with sessionContext.attributes; the STS calls themselves are
// recorded too (sts.amazonaws.com). SQLite only: the log is written by the protocol layer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssumeRoleCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { SQS_CLIENTS } from '../helpers/sqs-clients.js';
import { auditFixture } from './audit-log-records.js';
import { sqsClient, stsClient, temporary } from './sts-kit.js';

const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const kind = SQS_CLIENTS[0]!;

describe('audit log: temporary credentials', () => {
  const audit = auditFixture();

  it('an AssumeRole session is AssumedRole with its role as sessionIssuer; a GetSessionToken session is Root; both with sessionContext', async () => {
    const server = await audit.start();
    const sts = stsClient(server.url, KEY);
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/ops/deployer', RoleSessionName: 'ci-run-7', SourceIdentity: 'ci' }));
    const token = await sts.send(new GetSessionTokenCommand({}));
    sts.destroy();
    const asRole = sqsClient(kind, server.url, temporary(assumed.Credentials));
    const asToken = sqsClient(kind, server.url, temporary(token.Credentials));
    await asRole.send(new kind.sdk.CreateQueueCommand({ QueueName: 'by-role' }));
    await asToken.send(new kind.sdk.CreateQueueCommand({ QueueName: 'by-token' }));
    asRole.destroy();
    asToken.destroy();

    const log = await audit.records();
    assert.deepEqual(log.map((r) => `${r.eventSource} ${r.eventName}`), ['sts.amazonaws.com AssumeRole', 'sts.amazonaws.com GetSessionToken', 'sqs.amazonaws.com CreateQueue', 'sqs.amazonaws.com CreateQueue']);
    const byRole = log[2]!.userIdentity;
    assert.equal(byRole.type, 'AssumedRole');
    assert.equal(byRole.arn, 'arn:aws:sts::000000000000:assumed-role/deployer/ci-run-7');
    assert.equal(byRole.principalId, assumed.AssumedRoleUser!.AssumedRoleId);
    assert.equal(byRole.accountId, '000000000000');
    const issuer = byRole.sessionContext.sessionIssuer;
    assert.deepEqual(issuer, { type: 'Role', principalId: assumed.AssumedRoleUser!.AssumedRoleId!.split(':')[0], arn: 'arn:aws:iam::000000000000:role/ops/deployer', accountId: '000000000000', userName: 'deployer' });
    assert.equal(byRole.sessionContext.attributes.mfaAuthenticated, 'false');
    assert.match(byRole.sessionContext.attributes.creationDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(byRole.sessionContext.sourceIdentity, 'ci');
    const byToken = log[3]!.userIdentity;
    assert.equal(byToken.type, 'Root');
    assert.equal(byToken.arn, 'arn:aws:iam::000000000000:root');
    assert.equal(byToken.sessionContext.sessionIssuer, undefined);
    assert.equal(byToken.sessionContext.attributes.mfaAuthenticated, 'false');
  });
});
