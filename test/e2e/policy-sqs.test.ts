// --enforce-policies for SQS through the real clients (JSON and query protocol, SQLite and
// PostgreSQL): another account needs the queue policy's Allow (AddPermission or a Policy
// attribute), an explicit Deny stops even the owner, owner-only actions stay the owner's, the
// aws:SecureTransport condition over plain http; and without the flag nothing is checked.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { E2E_ENGINES, startTestServer, type TestServer } from '../helpers/server.js';
import { SQS_CLIENTS, errorMessage, isSqsError } from '../helpers/sqs-clients.js';

const OWNER = '000000000000';
const OTHER = '222222222222';

function accessDenied(action: string, arn: string, why: 'implicit' | 'explicit', caller = OTHER) {
  return (e: any) => {
    assert.ok(isSqsError(e, 'AccessDeniedException', 'AccessDenied'), `expected AccessDenied, got ${e?.name}: ${errorMessage(e)}`);
    assert.equal(e.$metadata?.httpStatusCode, 403);
    const reason = why === 'explicit' ? 'with an explicit deny in a resource-based policy' : `because no resource-based policy allows the ${action} action`;
    assert.equal(errorMessage(e), `User: arn:aws:iam::${caller}:root is not authorized to perform: ${action} on resource: ${arn} ${reason}`);
    return true;
  };
}

for (const engine of E2E_ENGINES) {
  for (const kind of SQS_CLIENTS) {
    describe(`SQS resource policies, enforced [${engine}, ${kind.protocol}]`, () => {
      const { sdk } = kind;
      let server: TestServer;
      let owner: ReturnType<typeof kind.client>;
      let other: ReturnType<typeof kind.client>;
      let counter = 0;
      before(async () => {
        server = await startTestServer(engine, {}, { enforcePolicies: 'true' });
        owner = kind.client(server.url);
        other = kind.client(server.url, { accessKeyId: OTHER });
      });
      after(async () => {
        owner.destroy();
        other.destroy();
        await server.close();
      });
      const queue = async (attributes?: Record<string, string>) => {
        const name = `policy-${kind.protocol}-${++counter}`;
        const url = (await owner.send(new sdk.CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
        return { url, arn: `arn:aws:sqs:us-east-1:${OWNER}:${name}` };
      };
      const send = (client: typeof owner, url: string, body = 'hello') => client.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: body }));
      const receive = (client: typeof owner, url: string) =>
        client.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      const setPolicy = (url: string, statements: object[]) =>
        owner.send(new sdk.SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) } }));

      it('the owner needs no policy; another account is refused with AWS words until AddPermission lets it send', async () => {
        const q = await queue();
        await send(owner, q.url);
        await assert.rejects(send(other, q.url), accessDenied('sqs:sendmessage', q.arn, 'implicit'));
        await owner.send(new sdk.AddPermissionCommand({ QueueUrl: q.url, Label: 'other-sends', AWSAccountIds: [OTHER], Actions: ['SendMessage'] }));
        await send(other, q.url, 'from the other account');
        // SendMessageBatch is authorized as sqs:SendMessage.
        const batch = await other.send(new sdk.SendMessageBatchCommand({ QueueUrl: q.url, Entries: [{ Id: 'a', MessageBody: 'batched' }] }));
        assert.equal(batch.Successful?.length, 1);
        // Sending was granted, receiving was not.
        await assert.rejects(receive(other, q.url), accessDenied('sqs:receivemessage', q.arn, 'implicit'));
        const bodies = ((await receive(owner, q.url)).Messages ?? []).map((m) => m.Body).sort();
        assert.deepEqual(bodies, ['batched', 'from the other account', 'hello']);
        await owner.send(new sdk.RemovePermissionCommand({ QueueUrl: q.url, Label: 'other-sends' }));
        await assert.rejects(send(other, q.url), accessDenied('sqs:sendmessage', q.arn, 'implicit'));
      });

      it('a Policy attribute grants by account, with wildcards in actions; GetQueueUrl by owner account needs sqs:GetQueueUrl', async () => {
        const q = await queue();
        const name = q.arn.split(':')[5]!;
        await assert.rejects(
          other.send(new sdk.GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: OWNER })),
          accessDenied('sqs:getqueueurl', q.arn, 'implicit'),
        );
        await setPolicy(q.url, [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: ['sqs:Send*', 'sqs:ReceiveMessage', 'sqs:GetQueueUrl'], Resource: q.arn }]);
        const url = (await other.send(new sdk.GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: OWNER }))).QueueUrl!;
        await send(other, url, 'granted');
        assert.deepEqual(((await receive(other, url)).Messages ?? []).map((m) => m.Body), ['granted']);
        await assert.rejects(other.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] })), accessDenied('sqs:getqueueattributes', q.arn, 'implicit'));
      });

      it('owner-only actions stay the owner\'s whatever the policy allows', async () => {
        const q = await queue();
        await setPolicy(q.url, [{ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: q.arn }]);
        await send(other, q.url);
        await assert.rejects(other.send(new sdk.SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: '' } })), accessDenied('sqs:setqueueattributes', q.arn, 'implicit'));
        await assert.rejects(other.send(new sdk.DeleteQueueCommand({ QueueUrl: q.url })), accessDenied('sqs:deletequeue', q.arn, 'implicit'));
        await assert.rejects(other.send(new sdk.TagQueueCommand({ QueueUrl: q.url, Tags: { a: 'b' } })), accessDenied('sqs:tagqueue', q.arn, 'implicit'));
      });

      it('message move tasks are the owner\'s: another account cannot start, list or cancel one, whatever the policy says', async () => {
        const dlq = await queue();
        await queue({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }) });
        const destination = await queue();
        await setPolicy(dlq.url, [{ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: dlq.arn }]);
        for (let i = 0; i < 5; i++) await send(owner, dlq.url, `dead ${i}`);
        await assert.rejects(
          other.send(new sdk.StartMessageMoveTaskCommand({ SourceArn: dlq.arn, DestinationArn: destination.arn })),
          accessDenied('sqs:startmessagemovetask', dlq.arn, 'implicit'),
        );
        const { TaskHandle } = await owner.send(new sdk.StartMessageMoveTaskCommand({ SourceArn: dlq.arn, DestinationArn: destination.arn, MaxNumberOfMessagesPerSecond: 1 }));
        await assert.rejects(other.send(new sdk.ListMessageMoveTasksCommand({ SourceArn: dlq.arn })), accessDenied('sqs:listmessagemovetasks', dlq.arn, 'implicit'));
        await assert.rejects(other.send(new sdk.CancelMessageMoveTaskCommand({ TaskHandle })), accessDenied('sqs:cancelmessagemovetask', dlq.arn, 'implicit'));
        await owner.send(new sdk.CancelMessageMoveTaskCommand({ TaskHandle }));
      });

      it('an explicit Deny stops the owner too, and wins over an Allow', async () => {
        const q = await queue();
        await setPolicy(q.url, [
          { Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'sqs:SendMessage', Resource: q.arn },
          { Effect: 'Deny', Principal: '*', Action: 'sqs:SendMessage', Resource: q.arn },
        ]);
        await assert.rejects(send(owner, q.url), accessDenied('sqs:sendmessage', q.arn, 'explicit', OWNER));
        await assert.rejects(send(other, q.url), accessDenied('sqs:sendmessage', q.arn, 'explicit'));
        // The Deny names SendMessage only: the owner can still take the policy off.
        await owner.send(new sdk.SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: '' } }));
        await send(owner, q.url);
      });

      it('aws:SecureTransport is false over plain http: a Deny on it refuses the request', async () => {
        const q = await queue();
        await setPolicy(q.url, [{ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: q.arn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }]);
        await assert.rejects(send(owner, q.url), accessDenied('sqs:sendmessage', q.arn, 'explicit', OWNER));
        // It denies every action over http, changing the policy too: the owner has locked itself out here.
        await assert.rejects(
          owner.send(new sdk.SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: '' } })),
          accessDenied('sqs:setqueueattributes', q.arn, 'explicit', OWNER),
        );
      });

      it('aws:SecureTransport: an Allow that asks for TLS does not let a plain-http caller of another account in', async () => {
        const q = await queue();
        await owner.send(new sdk.SetQueueAttributesCommand({
          QueueUrl: q.url,
          Attributes: { Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: q.arn, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] }) },
        }));
        await send(owner, q.url);
        await assert.rejects(send(other, q.url), accessDenied('sqs:sendmessage', q.arn, 'implicit'));
      });

      it('a queue that does not exist is still QueueDoesNotExist, not AccessDenied', async () => {
        await assert.rejects(send(other, `${server.url}/${OWNER}/no-such-queue`), (e: any) => isSqsError(e, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'));
      });
    });
  }
}

describe('SQS resource policies, not enforced (the default)', () => {
  it('another account sends and receives without any policy, and a Deny in the policy is not read', async () => {
    const server = await startTestServer(E2E_ENGINES[0]);
    const kind = SQS_CLIENTS[0]!;
    const owner = kind.client(server.url);
    const other = kind.client(server.url, { accessKeyId: OTHER });
    try {
      const { sdk } = kind;
      const url = (await owner.send(new sdk.CreateQueueCommand({ QueueName: 'open' }))).QueueUrl!;
      const arn = `arn:aws:sqs:us-east-1:${OWNER}:open`;
      await owner.send(new sdk.SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: arn }] }) } }));
      await other.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
      const got = await other.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0 }));
      assert.equal(got.Messages?.[0]?.Body, 'x');
    } finally {
      owner.destroy();
      other.destroy();
      await server.close();
    }
  });
});
