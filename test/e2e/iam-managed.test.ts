/**
 * Managed policies (README "Identity policies") through the real SQS (JSON and query), SNS and STS
 * clients, with --enforce-policies: a user with AWS's AmazonSQSReadOnlyAccess lists queues and reads
 * their attributes but may not send, refused in AWS's words; a customer managed policy the file
 * declares adds to it; a role session assumed with PolicyArns is narrowed to them (with the inline
 * Policy, to what one of them allows); PolicyArns naming no managed policy are refused. One engine:
 * the evaluation does not touch the store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { CreateTopicCommand, ListTopicsCommand, PublishCommand } from '@aws-sdk/client-sns';
import { E2E_ENGINES, type TestServer } from '../helpers/server.js';
import { SQS_CLIENTS } from '../helpers/sqs-clients.js';
import { snsError } from '../helpers/sns.js';
import { ALICE } from './auth-keys.js';
import { codeOf, rejection, snsClient, sqsClient, stsClient, temporary, type Signing } from './sts-kit.js';
import { A, B, document, refusal, roleArn, signing, sqsAccessDenied, startIamServer, userArn, withRoots } from './iam-kit.js';

const REGION = 'us-east-1';
const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${A}:${name}`;
const OPS = roleArn(A, 'ops');
const SQS_READ = 'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess';
const SNS_READ = 'arn:aws:iam::aws:policy/AmazonSNSReadOnlyAccess';
const SENDS_ORDERS = `arn:aws:iam::${A}:policy/ci/sends-orders`;

const READER = { accessKeyId: 'AKIAREADEREXAMPLE006', secretAccessKey: 'reader/secret+Key006', accountId: A, user: 'reader' };
const WRITER = { accessKeyId: 'AKIAWRITEREXAMPLE007', secretAccessKey: 'writer/secret+Key007', accountId: A, user: 'writer' };

const credentials = {
  accessKeys: withRoots([READER, WRITER]),
  policies: [
    { arn: SENDS_ORDERS, document: document({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn('orders') }) },
    { accountId: B, name: 'elsewhere', document: document({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }) },
  ],
  users: [
    { accountId: A, name: 'reader', managedPolicies: [SQS_READ, SNS_READ] },
    { accountId: A, name: 'writer', managedPolicies: [SQS_READ, SENDS_ORDERS] },
  ],
  roles: [
    {
      arn: OPS,
      trustPolicy: document({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }),
      managedPolicies: ['arn:aws:iam::aws:policy/AmazonSQSFullAccess'],
    },
  ],
};

const engine = E2E_ENGINES[0]!;


describe(`managed policies [${engine}]`, () => {
  let server: TestServer;
  before(async () => {
    server = await startIamServer(engine, credentials);
    // Alice (A's root, no identity policies) makes the resources.
    const sqs = sqsClient(SQS_CLIENTS[0]!, server.url, signing(ALICE));
    for (const QueueName of ['orders', 'other']) await sqs.send(new SQS_CLIENTS[0]!.sdk.CreateQueueCommand({ QueueName }));
    await snsClient(server.url, signing(ALICE)).send(new CreateTopicCommand({ Name: 'events' }));
  });
  after(async () => server.close());

  const assume = (extra: object = {}) => stsClient(server.url, signing(ALICE)).send(new AssumeRoleCommand({ RoleArn: OPS, RoleSessionName: 's1', ...extra }));
  const session = async (extra: object = {}): Promise<Signing> => temporary((await assume(extra)).Credentials);

  for (const kind of SQS_CLIENTS) {
    const { sdk } = kind;
    const url = (name: string) => `${server.url}/${A}/${name}`;
    const send = (who: Signing, queue: string) => sqsClient(kind, server.url, who).send(new sdk.SendMessageCommand({ QueueUrl: url(queue), MessageBody: 'hi' }));

    it(`[${kind.protocol}] AmazonSQSReadOnlyAccess: ListQueues and GetQueueAttributes, but SendMessage is AccessDenied in AWS's words`, async () => {
      const sqs = sqsClient(kind, server.url, signing(READER));
      const listed = await sqs.send(new sdk.ListQueuesCommand({}));
      assert.deepEqual(listed.QueueUrls?.map((u) => u.slice(u.lastIndexOf('/') + 1)).sort(), ['orders', 'other']);
      const attributes = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url('orders'), AttributeNames: ['QueueArn'] }));
      assert.equal(attributes.Attributes?.QueueArn, queueArn('orders'));
      sqsAccessDenied(await rejection(send(signing(READER), 'orders')), refusal(userArn(A, 'reader'), 'sqs:sendmessage', queueArn('orders'), 'identity'));
      sqsAccessDenied(await rejection(sqs.send(new sdk.PurgeQueueCommand({ QueueUrl: url('orders') }))), refusal(userArn(A, 'reader'), 'sqs:purgequeue', queueArn('orders'), 'identity'));
    });

    it(`[${kind.protocol}] a customer managed policy adds to the AWS one: the writer sends to orders only`, async () => {
      assert.ok((await send(signing(WRITER), 'orders')).MessageId);
      sqsAccessDenied(await rejection(send(signing(WRITER), 'other')), refusal(userArn(A, 'writer'), 'sqs:sendmessage', queueArn('other'), 'identity'));
      assert.ok((await sqsClient(kind, server.url, signing(WRITER)).send(new sdk.ListQueuesCommand({}))).QueueUrls?.length);
    });

    it(`[${kind.protocol}] a role session assumed with PolicyArns [AmazonSQSReadOnlyAccess] is narrowed to it`, async () => {
      const full = await session();
      assert.ok((await send(full, 'orders')).MessageId, 'without session policies the role may send (AmazonSQSFullAccess)');
      const narrowed = await session({ PolicyArns: [{ arn: SQS_READ }] });
      const sqs = sqsClient(kind, server.url, narrowed);
      assert.equal((await sqs.send(new sdk.ListQueuesCommand({}))).QueueUrls?.length, 2);
      assert.ok((await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url('orders'), AttributeNames: ['All'] }))).Attributes);
      sqsAccessDenied(await rejection(send(narrowed, 'orders')), refusal(`arn:aws:sts::${A}:assumed-role/ops/s1`, 'sqs:sendmessage', queueArn('orders'), 'session'));
    });

    it(`[${kind.protocol}] Policy and PolicyArns together: the session may do what one of them allows (and the role allows)`, async () => {
      const Policy = JSON.stringify(document({ Effect: 'Allow', Action: 'sqs:SetQueueAttributes', Resource: queueArn('other') }));
      const both = await session({ Policy, PolicyArns: [{ arn: SQS_READ }, { arn: SENDS_ORDERS }] });
      const sqs = sqsClient(kind, server.url, both);
      assert.ok((await send(both, 'orders')).MessageId, 'the customer managed one');
      await sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: url('other'), Attributes: { VisibilityTimeout: '31' } }));
      assert.ok((await sqs.send(new sdk.ListQueuesCommand({}))).QueueUrls, 'the AWS managed one');
      sqsAccessDenied(await rejection(send(both, 'other')), refusal(`arn:aws:sts::${A}:assumed-role/ops/s1`, 'sqs:sendmessage', queueArn('other'), 'session'));
    });
  }

  it("AmazonSNSReadOnlyAccess: ListTopics, but Publish is AuthorizationError in SNS's words", async () => {
    const sns = snsClient(server.url, signing(READER));
    assert.equal((await sns.send(new ListTopicsCommand({}))).Topics?.length, 1);
    const topic = `arn:aws:sns:${REGION}:${A}:events`;
    const e = snsError(await rejection(sns.send(new PublishCommand({ TopicArn: topic, Message: 'hi' }))));
    assert.deepEqual([e.code ?? e.name, e.status, e.message], ['AuthorizationError', 403, refusal(userArn(A, 'reader'), 'SNS:Publish', topic, 'identity')]);
  });

  it('PolicyArns naming no managed policy of the role\'s account are refused (MalformedPolicyDocument)', async () => {
    for (const arn of ['arn:aws:iam::aws:policy/ReadOnlyAccess', `arn:aws:iam::${A}:policy/nope`, `arn:aws:iam::${B}:policy/elsewhere`]) {
      const e = await rejection(assume({ PolicyArns: [{ arn: SQS_READ }, { arn }] }));
      assert.deepEqual([codeOf(e).code, codeOf(e).status, e.message], ['MalformedPolicyDocument', 400, `Policy ${arn} does not exist or is not attachable.`]);
    }
  });
});
