/**
 * IAM identity policies declared in the credentials file (README "Identity policies"), through the
 * real SQS (JSON and query), SNS, Kinesis and STS clients, with --enforce-policies: a user allowed
 * only sqs:SendMessage on one queue (and sns:Publish on one topic, kinesis:PutRecord on one stream)
 * does that and nothing else, CreateQueue/ListQueues included, refused in each service's words; an
 * identity Deny beats a queue policy's Allow, and a queue policy naming the user is enough in its
 * own account; GetCallerIdentity names the user; a role whose trust policy names a user of another
 * account is assumed by that user (not by that account's root), and its session does what the
 * role's policies allow, narrowed by a session policy; an undeclared role is refused, and so is a
 * DurationSeconds above the role's maximum. One engine: the evaluation does not touch the store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { CreateTopicCommand, ListTopicsCommand, PublishCommand } from '@aws-sdk/client-sns';
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { E2E_ENGINES, type TestServer } from '../helpers/server.js';
import { SQS_CLIENTS, errorMessage, isSqsError } from '../helpers/sqs-clients.js';
import { snsError } from '../helpers/sns.js';
import { ALICE, BOB } from './auth-keys.js';
import { codeOf, kinesisClient, rejection, snsClient, sqsClient, stsClient, temporary, type Signing } from './sts-kit.js';
import { A, B, BOBDEV, SENDER, document, refusal, roleArn, signing, sqsAccessDenied, startIamServer, userArn, withRoots } from './iam-kit.js';

const REGION = 'us-east-1';
const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${A}:${name}`;
const TOPIC = `arn:aws:sns:${REGION}:${A}:events`;
const STREAM = `arn:aws:kinesis:${REGION}:${A}:stream/clicks`;
const CROSS = roleArn(A, 'cross');
const OPS = roleArn(A, 'ops');

/** A user of A's tagged team=ci whose one policy is written with variables (attribute-based). */
const TEAMMATE = { accessKeyId: 'AKIATEAMMATEEXAMPL05', secretAccessKey: 'teammate/secret+Key05', accountId: A, user: 'teammate' };

const credentials = {
  accessKeys: withRoots([SENDER, BOBDEV, TEAMMATE]),
  users: [
    {
      accountId: A,
      name: 'sender',
      policies: [
        document(
          { Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:GetQueueUrl'], Resource: queueArn('orders') },
          { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn('locked') },
          { Effect: 'Allow', Action: 'sqs:GetQueueUrl', Resource: '*' },
          { Effect: 'Allow', Action: 'sns:Publish', Resource: TOPIC },
          { Effect: 'Allow', Action: ['kinesis:PutRecord', 'kinesis:GetShardIterator'], Resource: STREAM },
        ),
        JSON.stringify(document({ Effect: 'Deny', Action: 'sqs:*', Resource: queueArn('locked') })),
      ],
    },
    { accountId: B, name: 'bob-dev', policies: [document({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: CROSS })] },
    {
      accountId: A,
      name: 'teammate',
      tags: { team: 'ci' },
      policies: [document({ Effect: 'Allow', Action: 'sqs:*', Resource: `arn:aws:sqs:*:${A}:\${aws:PrincipalTag/team}-*` })],
    },
  ],
  roles: [
    {
      arn: CROSS,
      trustPolicy: document({ Effect: 'Allow', Principal: { AWS: userArn(B, 'bob-dev') }, Action: 'sts:AssumeRole' }),
      policies: [document({ Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:GetQueueUrl'], Resource: queueArn('orders') })],
    },
    { arn: OPS, trustPolicy: document({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }), maxSessionDuration: 7200 },
  ],
};

const engine = E2E_ENGINES[0]!;

describe(`identity policies [${engine}]`, () => {
  let server: TestServer;
  before(async () => {
    server = await startIamServer(engine, credentials);
    // Alice (A's root, no identity policies) makes the resources.
    for (const name of ['orders', 'other', 'locked', 'shared']) {
      const Policy = name === 'locked' || name === 'shared'
        ? JSON.stringify(document({ Effect: 'Allow', Principal: { AWS: userArn(A, 'sender') }, Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: queueArn(name) }))
        : undefined;
      await sqsClient(SQS_CLIENTS[0]!, server.url, signing(ALICE)).send(new SQS_CLIENTS[0]!.sdk.CreateQueueCommand({ QueueName: name, Attributes: Policy ? { Policy } : undefined }));
    }
    const sns = snsClient(server.url, signing(ALICE));
    await sns.send(new CreateTopicCommand({ Name: 'events' }));
    await sns.send(new CreateTopicCommand({ Name: 'alerts' }));
    const kinesis = kinesisClient(server.url, signing(ALICE));
    for (const StreamName of ['clicks', 'views']) await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    for (let i = 0; i < 100; i++) {
      const s = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'views' }));
      if (s.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  after(async () => server.close());

  it("GetCallerIdentity: a user's key is the user (its ARN, an AIDA… id)", async () => {
    const me = await stsClient(server.url, signing(SENDER)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, userArn(A, 'sender'));
    assert.equal(me.Account, A);
    assert.match(me.UserId!, /^AIDA[A-Z2-7]{17}$/);
    const root = await stsClient(server.url, signing(ALICE)).send(new GetCallerIdentityCommand({}));
    assert.equal(root.Arn, `arn:aws:iam::${A}:root`);
  });

  it("GetSessionToken: a user's session is the user (its identity, its policies, 12 hours by default), not the account's root", async () => {
    const issued = await stsClient(server.url, signing(SENDER)).send(new GetSessionTokenCommand({}));
    const hours = (issued.Credentials!.Expiration!.getTime() - Date.now()) / 3_600_000;
    assert.ok(hours > 11.9 && hours <= 12, `expires in ${hours} h`);
    const session = temporary(issued.Credentials);
    assert.equal((await stsClient(server.url, session).send(new GetCallerIdentityCommand({}))).Arn, userArn(A, 'sender'));
    const sqs = sqsClient(SQS_CLIENTS[0]!, server.url, session);
    const { sdk } = SQS_CLIENTS[0]!;
    assert.ok((await sqs.send(new sdk.SendMessageCommand({ QueueUrl: `${server.url}/${A}/orders`, MessageBody: 'hi' }))).MessageId);
    const refused = await rejection(sqs.send(new sdk.SendMessageCommand({ QueueUrl: `${server.url}/${A}/other`, MessageBody: 'hi' })));
    assert.equal(errorMessage(refused), refusal(userArn(A, 'sender'), 'sqs:sendmessage', queueArn('other'), 'identity'));
    // A root's session keeps AWS's hour.
    const root = await stsClient(server.url, signing(ALICE)).send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    assert.ok(root.Credentials!.Expiration!.getTime() - Date.now() <= 3_600_000);
  });

  for (const kind of SQS_CLIENTS) {
    const { sdk } = kind;
    const url = (name: string) => `${server.url}/${A}/${name}`;

    it(`[${kind.protocol}] SQS: the user sends to its queue and nowhere else; CreateQueue and ListQueues are refused as AWS refuses them`, async () => {
      const sqs = sqsClient(kind, server.url, signing(SENDER));
      const me = userArn(A, 'sender');
      assert.ok((await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url('orders'), MessageBody: 'hi' }))).MessageId);
      assert.ok((await sqs.send(new sdk.SendMessageBatchCommand({ QueueUrl: url('orders'), Entries: [{ Id: '1', MessageBody: 'a' }] }))).Successful?.length);
      sqsAccessDenied(await rejection(sqs.send(new sdk.SendMessageCommand({ QueueUrl: url('other'), MessageBody: 'hi' }))), refusal(me, 'sqs:sendmessage', queueArn('other'), 'identity'));
      sqsAccessDenied(await rejection(sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url('orders') }))), refusal(me, 'sqs:receivemessage', queueArn('orders'), 'identity'));
      sqsAccessDenied(await rejection(sqs.send(new sdk.CreateQueueCommand({ QueueName: `made-${kind.protocol}` }))), refusal(me, 'sqs:createqueue', queueArn(`made-${kind.protocol}`), 'identity'));
      sqsAccessDenied(await rejection(sqs.send(new sdk.ListQueuesCommand({}))), refusal(me, 'sqs:listqueues', `arn:aws:sqs:${REGION}:${A}:`, 'identity'));
      // A queue that does not exist: refused by the identity policy before the operation says so.
      sqsAccessDenied(await rejection(sqs.send(new sdk.SendMessageCommand({ QueueUrl: url('nope'), MessageBody: 'x' }))), refusal(me, 'sqs:sendmessage', queueArn('nope'), 'identity'));
      // Allowed on any queue: GetQueueUrl of one that does not exist is the operation's answer.
      assert.ok(isSqsError(await rejection(sqs.send(new sdk.GetQueueUrlCommand({ QueueName: 'nope' }))), 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'));
      // A's root has no identity policies: its account lets it do everything, as before.
      const alice = sqsClient(kind, server.url, signing(ALICE));
      assert.ok((await alice.send(new sdk.ListQueuesCommand({}))).QueueUrls?.length);
    });

    it(`[${kind.protocol}] SQS: an identity Deny beats a queue policy's Allow; a queue policy naming the user is enough in its account`, async () => {
      const sqs = sqsClient(kind, server.url, signing(SENDER));
      const me = userArn(A, 'sender');
      sqsAccessDenied(await rejection(sqs.send(new sdk.SendMessageCommand({ QueueUrl: url('locked'), MessageBody: 'x' }))), refusal(me, 'sqs:sendmessage', queueArn('locked'), 'identity-explicit'));
      assert.ok((await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url('shared'), MessageBody: 'x' }))).MessageId);
      const got = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url('shared'), WaitTimeSeconds: 0 }));
      assert.equal(got.Messages?.[0]?.Body, 'x');
    });
  }

  it('policy variables and tags: a user tagged team=ci may create and use ci-* queues only', async () => {
    const kind = SQS_CLIENTS[0]!;
    const sqs = sqsClient(kind, server.url, signing(TEAMMATE));
    const url = (await sqs.send(new kind.sdk.CreateQueueCommand({ QueueName: 'ci-builds' }))).QueueUrl!;
    await sqs.send(new kind.sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    const e = await rejection(sqs.send(new kind.sdk.CreateQueueCommand({ QueueName: 'ops-builds' })));
    assert.equal(errorMessage(e), refusal(userArn(A, 'teammate'), 'sqs:createqueue', queueArn('ops-builds'), 'identity'));
  });

  it('SNS: the user publishes to its topic only; ListTopics and CreateTopic are AuthorizationError 403', async () => {
    const sns = snsClient(server.url, signing(SENDER));
    const me = userArn(A, 'sender');
    assert.ok((await sns.send(new PublishCommand({ TopicArn: TOPIC, Message: 'hi' }))).MessageId);
    const refused = async (p: Promise<unknown>, action: string, resource: string) => {
      const e = snsError(await rejection(p));
      assert.deepEqual([e.code ?? e.name, e.status], ['AuthorizationError', 403]);
      assert.equal(e.message, refusal(me, action, resource, 'identity'));
    };
    await refused(sns.send(new PublishCommand({ TopicArn: `arn:aws:sns:${REGION}:${A}:alerts`, Message: 'hi' })), 'SNS:Publish', `arn:aws:sns:${REGION}:${A}:alerts`);
    await refused(sns.send(new ListTopicsCommand({})), 'SNS:ListTopics', `arn:aws:sns:${REGION}:${A}:*`);
    await refused(sns.send(new CreateTopicCommand({ Name: 'mine' })), 'SNS:CreateTopic', `arn:aws:sns:${REGION}:${A}:mine`);
  });

  it('Kinesis: the user puts to its stream only; ListStreams and GetRecords are AccessDeniedException 400', async () => {
    const kinesis = kinesisClient(server.url, signing(SENDER));
    const me = userArn(A, 'sender');
    assert.ok((await kinesis.send(new PutRecordCommand({ StreamARN: STREAM, PartitionKey: 'k', Data: Buffer.from('x') }))).SequenceNumber);
    assert.ok((await kinesis.send(new PutRecordCommand({ StreamName: 'clicks', PartitionKey: 'k', Data: Buffer.from('x') }))).SequenceNumber);
    const refused = async (p: Promise<unknown>, action: string, resource: string) => {
      const e = await rejection(p);
      assert.deepEqual([e.name, e.$metadata?.httpStatusCode], ['AccessDeniedException', 400]);
      assert.equal(e.message, refusal(me, action, resource, 'identity'));
    };
    await refused(kinesis.send(new PutRecordCommand({ StreamName: 'views', PartitionKey: 'k', Data: Buffer.from('x') })), 'kinesis:PutRecord', `arn:aws:kinesis:${REGION}:${A}:stream/views`);
    await refused(kinesis.send(new ListStreamsCommand({})), 'kinesis:ListStreams', `arn:aws:kinesis:${REGION}:${A}:*`);
    await refused(kinesis.send(new CreateStreamCommand({ StreamName: 'mine', ShardCount: 1 })), 'kinesis:CreateStream', `arn:aws:kinesis:${REGION}:${A}:stream/mine`);
    // GetRecords names its stream only inside the iterator: still authorized on the stream's ARN.
    const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamARN: STREAM, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
    await refused(kinesis.send(new GetRecordsCommand({ ShardIterator })), 'kinesis:GetRecords', STREAM);
  });

  describe('roles', () => {
    const assume = (who: Signing, RoleArn: string, extra: object = {}) => stsClient(server.url, who).send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 's1', ...extra }));
    const notAuthorized = (e: any, who: string, role: string) => {
      assert.deepEqual([codeOf(e).code, codeOf(e).status], ['AccessDenied', 403]);
      assert.equal(e.message, `User: ${who} is not authorized to perform: sts:AssumeRole on resource: ${role}`);
    };

    it("B's user assumes A's role its trust policy names; the session does what the role's policies allow, and no more", async () => {
      const out = await assume(signing(BOBDEV), CROSS);
      assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${A}:assumed-role/cross/s1`);
      const session = temporary(out.Credentials);
      assert.equal((await stsClient(server.url, session).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${A}:assumed-role/cross/s1`);
      const kind = SQS_CLIENTS[0]!;
      const sqs = sqsClient(kind, server.url, session);
      await sqs.send(new kind.sdk.ReceiveMessageCommand({ QueueUrl: `${server.url}/${A}/orders`, WaitTimeSeconds: 0 }));
      const e = await rejection(sqs.send(new kind.sdk.SendMessageCommand({ QueueUrl: `${server.url}/${A}/orders`, MessageBody: 'x' })));
      assert.equal(errorMessage(e), refusal(`arn:aws:sts::${A}:assumed-role/cross/s1`, 'sqs:sendmessage', queueArn('orders'), 'identity'));
      const sns = snsClient(server.url, session);
      assert.equal(snsError(await rejection(sns.send(new ListTopicsCommand({})))).code, 'AuthorizationError');
    });

    it('a session policy narrows the session to what both allow', async () => {
      const Policy = JSON.stringify(document({ Effect: 'Allow', Action: 'sqs:GetQueueUrl', Resource: '*' }));
      const session = temporary((await assume(signing(BOBDEV), CROSS, { Policy })).Credentials);
      const kind = SQS_CLIENTS[0]!;
      const sqs = sqsClient(kind, server.url, session);
      assert.ok((await sqs.send(new kind.sdk.GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl);
      const e = await rejection(sqs.send(new kind.sdk.ReceiveMessageCommand({ QueueUrl: `${server.url}/${A}/orders`, WaitTimeSeconds: 0 })));
      assert.equal(errorMessage(e), refusal(`arn:aws:sts::${A}:assumed-role/cross/s1`, 'sqs:receivemessage', queueArn('orders'), 'session'));
    });

    it("refused: B's root (the trust policy names a user), A's user whose policies do not allow it, an undeclared role", async () => {
      notAuthorized(await rejection(assume(signing(BOB), CROSS)), `arn:aws:iam::${B}:root`, CROSS);
      // ops trusts account A: A's root may (no identity policies), A's user needs an identity Allow.
      assert.ok((await assume(signing(ALICE), OPS)).Credentials);
      notAuthorized(await rejection(assume(signing(SENDER), OPS)), userArn(A, 'sender'), OPS);
      notAuthorized(await rejection(assume(signing(ALICE), roleArn(A, 'undeclared'))), `arn:aws:iam::${A}:root`, roleArn(A, 'undeclared'));
    });

    it("DurationSeconds above the role's maxSessionDuration is a ValidationError; within it, the session lasts that long", async () => {
      const e = await rejection(assume(signing(BOBDEV), CROSS, { DurationSeconds: 7200 }));
      assert.deepEqual([codeOf(e).code, codeOf(e).status], ['ValidationError', 400]);
      assert.equal(e.message, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      const out = await assume(signing(ALICE), OPS, { DurationSeconds: 7200 });
      assert.ok(out.Credentials!.Expiration!.getTime() - Date.now() > 7100_000);
    });

    it('PolicyArns must name a managed policy Switchyard has (ReadOnlyAccess is not one; iam-managed.test.ts for those it has)', async () => {
      const e = await rejection(assume(signing(ALICE), OPS, { PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] }));
      assert.deepEqual([codeOf(e).code, codeOf(e).status, e.message], ['MalformedPolicyDocument', 400, 'Policy arn:aws:iam::aws:policy/ReadOnlyAccess does not exist or is not attachable.']);
    });
  });
});
