// The audit log of an IAM user's calls (credentials file `user`): CloudTrail's userIdentity
// IAMUser with the user's ARN, AIDA… principal id, userName and access key, for a call it made and
// for one its identity policy refused (with AWS's refusal as errorMessage). SQLite only: the log is
// written by the protocol layer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SQS_CLIENTS } from '../helpers/sqs-clients.js';
import { auditFixture } from './audit-log-records.js';
import { sqsClient, stsClient, rejection } from './sts-kit.js';
import { A, SENDER, document, refusal, signing, startIamServer, userArn, withRoots } from './iam-kit.js';

const kind = SQS_CLIENTS[0]!;

describe('audit log: IAM users', () => {
  const audit = auditFixture();

  it('a user key is IAMUser, allowed or refused', async () => {
    const users = [{ accountId: A, name: 'sender', policies: [document({ Effect: 'Allow', Action: 'sqs:CreateQueue', Resource: `arn:aws:sqs:us-east-1:${A}:mine` })] }];
    const server = audit.adopt(await startIamServer('sqlite', { accessKeys: withRoots([SENDER]), users }, { enforcePolicies: 'true', auditLog: audit.path }));
    const me = await stsClient(server.url, signing(SENDER)).send(new GetCallerIdentityCommand({}));
    const sqs = sqsClient(kind, server.url, signing(SENDER));
    await sqs.send(new kind.sdk.CreateQueueCommand({ QueueName: 'mine' }));
    await rejection(sqs.send(new kind.sdk.CreateQueueCommand({ QueueName: 'theirs' })));
    sqs.destroy();

    const log = (await audit.records()).filter((r) => r.eventSource === 'sqs.amazonaws.com');
    assert.deepEqual(log.map((r) => [r.eventName, r.errorCode]), [['CreateQueue', undefined], ['CreateQueue', 'AccessDenied']]);
    for (const record of log) {
      assert.deepEqual(record.userIdentity, { type: 'IAMUser', principalId: me.UserId, arn: userArn(A, 'sender'), accountId: A, accessKeyId: SENDER.accessKeyId, userName: 'sender' });
    }
    assert.equal(log[1]!.errorMessage, refusal(userArn(A, 'sender'), 'sqs:createqueue', `arn:aws:sqs:us-east-1:${A}:theirs`, 'identity'));
  });
});
