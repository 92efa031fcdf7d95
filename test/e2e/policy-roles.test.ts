/**
 * Role sessions in resource policies (--credentials --enforce-policies), through the real STS,
 * SQS and SNS clients on every engine: a queue of account A whose policy names a role of account
 * B lets that role's sessions in, and not B's own key nor B's other roles; the refusal names the
 * session (arn:aws:sts::B:assumed-role/…) as AWS does; A's own role sessions act as A until a Deny
 * on aws:PrincipalArn names their role; aws:userid tells one session of a role from another;
 * session tags and source identity are condition keys; an SNS topic policy that names a session
 * works alike.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { CreateTopicCommand, PublishCommand, SetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { E2E_ENGINES, type TestServer } from '../helpers/server.js';
import { SQS_CLIENTS, errorMessage, isSqsError } from '../helpers/sqs-clients.js';
import { snsError } from '../helpers/sns.js';
import { ALICE, BOB, startAuthServer, type Key } from './auth-keys.js';
import { rejection, snsClient, sqsClient, stsClient, temporary, type Signing } from './sts-kit.js';

const A = ALICE.accountId;
const B = BOB.accountId;
const READER = `arn:aws:iam::${B}:role/reader`;
/** Only the three fields: the SDK marks credential objects it was handed with a `$source`. */
const signing = (k: Key): Signing => ({ accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey });

const document = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

function refusedBy(e: unknown, user: string, action: string, resource: string, why: 'implicit' | 'explicit'): void {
  assert.ok(isSqsError(e, 'AccessDeniedException', 'AccessDenied'), `expected AccessDenied, got ${(e as any)?.name}: ${errorMessage(e)}`);
  const reason = why === 'explicit' ? 'with an explicit deny in a resource-based policy' : `because no resource-based policy allows the ${action} action`;
  assert.equal(errorMessage(e), `User: ${user} is not authorized to perform: ${action} on resource: ${resource} ${reason}`);
}

for (const engine of E2E_ENGINES) {
  describe(`role sessions in resource policies [${engine}]`, () => {
    let server: TestServer;
    let counter = 0;
    before(async () => {
      server = await startAuthServer(engine, { enforcePolicies: 'true' });
    });
    after(async () => server.close());

    /** AssumeRole by `key` (a role of its own account: the only kind --enforce-policies lets it assume). */
    const assume = async (key: Key, roleArn: string, sessionName: string) => {
      const out = await stsClient(server.url, signing(key)).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
      return { credentials: temporary(out.Credentials), userId: out.AssumedRoleUser!.AssumedRoleId!, arn: out.AssumedRoleUser!.Arn! };
    };

    for (const kind of SQS_CLIENTS) {
      const { sdk } = kind;
      /** A queue of Alice's with `policy` (given its ARN), and a message in it. */
      const aliceQueue = async (policy: (arn: string) => string) => {
        const name = `roles-${kind.protocol}-${++counter}`;
        const arn = `arn:aws:sqs:us-east-1:${A}:${name}`;
        const alice = sqsClient(kind, server.url, signing(ALICE));
        const url = (await alice.send(new sdk.CreateQueueCommand({ QueueName: name, Attributes: { Policy: policy(arn) } }))).QueueUrl!;
        await alice.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'hello' }));
        return { url, arn };
      };
      const receive = (who: Signing, url: string) =>
        sqsClient(kind, server.url, who).send(new sdk.ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0, VisibilityTimeout: 0 }));

      it(`[${kind.protocol}] a policy naming B's role lets that role's sessions receive; B's key and B's other role are refused`, async () => {
        const q = await aliceQueue((arn) => document({ Effect: 'Allow', Principal: { AWS: READER }, Action: 'sqs:ReceiveMessage', Resource: arn }));
        const reader = await assume(BOB, READER, 'ci');
        assert.deepEqual((await receive(reader.credentials, q.url)).Messages?.map((m) => m.Body), ['hello']);
        // Another session of the same role is the same role.
        const again = await assume(BOB, READER, 'nightly');
        assert.equal((await receive(again.credentials, q.url)).Messages?.length, 1);
        refusedBy(await rejection(receive(signing(BOB), q.url)), `arn:aws:iam::${B}:root`, 'sqs:receivemessage', q.arn, 'implicit');
        const writer = await assume(BOB, `arn:aws:iam::${B}:role/writer`, 'ci');
        refusedBy(await rejection(receive(writer.credentials, q.url)), `arn:aws:sts::${B}:assumed-role/writer/ci`, 'sqs:receivemessage', q.arn, 'implicit');
        // The grant is ReceiveMessage only.
        const send = sqsClient(kind, server.url, reader.credentials).send(new sdk.SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' }));
        refusedBy(await rejection(send), reader.arn, 'sqs:sendmessage', q.arn, 'implicit');
      });

      it(`[${kind.protocol}] A's own role sessions act as A until a Deny on aws:PrincipalArn names their role`, async () => {
        const ops = `arn:aws:iam::${A}:role/ops`;
        const q = await aliceQueue((arn) =>
          document({ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: arn, Condition: { ArnEquals: { 'aws:PrincipalArn': ops } } }),
        );
        const opsSession = await assume(ALICE, ops, 'alice');
        refusedBy(await rejection(receive(opsSession.credentials, q.url)), `arn:aws:sts::${A}:assumed-role/ops/alice`, 'sqs:receivemessage', q.arn, 'explicit');
        // Owner-only actions are refused by the Deny too.
        const tag = sqsClient(kind, server.url, opsSession.credentials).send(new sdk.TagQueueCommand({ QueueUrl: q.url, Tags: { a: 'b' } }));
        refusedBy(await rejection(tag), opsSession.arn, 'sqs:tagqueue', q.arn, 'explicit');
        // Alice's key and another role of hers need no policy (same account), owner-only included.
        assert.equal((await receive(signing(ALICE), q.url)).Messages?.length, 1);
        const dev = await assume(ALICE, `arn:aws:iam::${A}:role/dev`, 'alice');
        assert.equal((await receive(dev.credentials, q.url)).Messages?.length, 1);
        await sqsClient(kind, server.url, dev.credentials).send(new sdk.TagQueueCommand({ QueueUrl: q.url, Tags: { a: 'b' } }));
      });

      it(`[${kind.protocol}] aws:userid (role id:session name) tells one session of B's role from another`, async () => {
        const ci = await assume(BOB, READER, 'ci');
        assert.match(ci.userId, /^AROA[A-Z2-7]{17}:ci$/);
        const q = await aliceQueue((arn) =>
          document({ Effect: 'Allow', Principal: { AWS: B }, Action: 'sqs:ReceiveMessage', Resource: arn, Condition: { StringEquals: { 'aws:userid': ci.userId } } }),
        );
        assert.equal((await receive(ci.credentials, q.url)).Messages?.length, 1);
        const nightly = await assume(BOB, READER, 'nightly');
        refusedBy(await rejection(receive(nightly.credentials, q.url)), nightly.arn, 'sqs:receivemessage', q.arn, 'implicit');
        refusedBy(await rejection(receive(signing(BOB), q.url)), `arn:aws:iam::${B}:root`, 'sqs:receivemessage', q.arn, 'implicit');
      });
    }

    it('session tags and source identity given to AssumeRole are aws:PrincipalTag/… and aws:SourceIdentity', async () => {
      const kind = SQS_CLIENTS[0]!;
      const alice = sqsClient(kind, server.url, signing(ALICE));
      const name = `roles-tags-${++counter}`;
      const arn = `arn:aws:sqs:us-east-1:${A}:${name}`;
      const condition = { StringEquals: { 'aws:PrincipalTag/Team': 'payments', 'aws:SourceIdentity': 'alice@example.com' } };
      const Policy = document({ Effect: 'Allow', Principal: { AWS: B }, Action: 'sqs:SendMessage', Resource: arn, Condition: condition });
      const url = (await alice.send(new kind.sdk.CreateQueueCommand({ QueueName: name, Attributes: { Policy } }))).QueueUrl!;
      const sts = stsClient(server.url, signing(BOB));
      const tagged = await sts.send(
        new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'ci', Tags: [{ Key: 'team', Value: 'payments' }], SourceIdentity: 'alice@example.com' }),
      );
      await sqsClient(kind, server.url, temporary(tagged.Credentials)).send(new kind.sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'tagged' }));
      const untagged = await sts.send(new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'ci', SourceIdentity: 'alice@example.com' }));
      const e = await rejection(sqsClient(kind, server.url, temporary(untagged.Credentials)).send(new kind.sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })));
      refusedBy(e, `arn:aws:sts::${B}:assumed-role/reader/ci`, 'sqs:sendmessage', arn, 'implicit');
    });

    it('SNS: a topic policy naming B\'s role session (assumed-role ARN) lets that session publish, not B', async () => {
      const alice = snsClient(server.url, signing(ALICE));
      const topicArn = (await alice.send(new CreateTopicCommand({ Name: `roles-${++counter}` }))).TopicArn!;
      const ci = await assume(BOB, READER, 'ci');
      await alice.send(
        new SetTopicAttributesCommand({
          TopicArn: topicArn,
          AttributeName: 'Policy',
          AttributeValue: document({ Effect: 'Allow', Principal: { AWS: ci.arn }, Action: 'SNS:Publish', Resource: topicArn }),
        }),
      );
      await snsClient(server.url, ci.credentials).send(new PublishCommand({ TopicArn: topicArn, Message: 'from the role' }));
      const nightly = await assume(BOB, READER, 'nightly');
      for (const [who, user] of [[nightly.credentials, nightly.arn], [signing(BOB), `arn:aws:iam::${B}:root`]] as const) {
        const e = snsError(await rejection(snsClient(server.url, who).send(new PublishCommand({ TopicArn: topicArn, Message: 'x' }))));
        assert.equal(e.code, 'AuthorizationError');
        assert.equal(e.message, `User: ${user} is not authorized to perform: SNS:Publish on resource: ${topicArn} because no resource-based policy allows the SNS:Publish action`);
      }
    });
  });
}
