/**
 * Identity policies at request time, fuzzed (README "Identity policies"): a server started with a
 * credentials file of IAM users and roles whose policies are random but accepted by the file's
 * checker (test/helpers/iam-policy-fuzz.ts: variables, odd condition values, every operator) and
 * --enforce-policies, sent random SQS (JSON and query), SNS, Kinesis and STS requests through the
 * real SDK clients, signed by those users, the roots, and sessions of the roles. Each answer is a
 * success or an AWS-style error below 500, never a 500 or a hang; resource policies set on the way
 * (random documents, operators named like Object.prototype members among them) change nothing of
 * that; afterwards the server still answers and a queue no request could name holds its messages.
 * Seeded (SWITCHYARD_FUZZ_SEED); one engine (the evaluation does not touch the store).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { CreateTopicCommand, GetSubscriptionAttributesCommand, ListTopicsCommand, PublishCommand, SetTopicAttributesCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateStreamCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  ListStreamsCommand,
  PutRecordCommand,
  RegisterStreamConsumerCommand,
} from '@aws-sdk/client-kinesis';
import { E2E_ENGINES, type TestServer } from '../helpers/server.js';
import { SQS_CLIENTS } from '../helpers/sqs-clients.js';
import { between, pick, randomJson, randomString, rngFrom, setOwn, type Rng } from '../helpers/json-fuzz.js';
import { policyOf } from '../helpers/iam-policy-fuzz.js';
import { checkCredentials } from '../../src/runtime/credentials.js';
import { ALICE, BOB } from './auth-keys.js';
import { codeOf, kinesisClient, snsClient, sqsClient, stsClient, temporary, type Signing } from './sts-kit.js';
import { A, B, document, roleArn, signing, startIamServer, withRoots } from './iam-kit.js';

const SEED = Number(process.env.SWITCHYARD_FUZZ_SEED ?? 20261128);
const REQUESTS = Number(process.env.SWITCHYARD_FUZZ_N ?? 400);
const REGION = 'us-east-1';
const QUEUES = ['orders', 'alice-jobs', 'ci-builds', 'other'];
const TOPICS = ['events', 'alerts'];
const STREAMS = ['clicks'];
const SENTINEL = 'sentinel-untouched';
/** A role of A's that A's root may assume, allowed everything: its sessions' policy is the session policy. */
const OPEN_ROLE = roleArn(A, 'fuzz-open');

/** A random string the SDK can encode (a lone surrogate makes encodeURIComponent throw in the client, before any request). */
const text = (r: Rng): string => randomString(r).replace(/[\ud800-\udfff]/g, '?');

interface User extends Signing {
  readonly accountId: string;
  readonly user: string;
}

/** Users and roles with random policies, regenerated until the checker accepts the file (most are at once). */
function credentialsFile(rng: Rng): { file: object; users: User[]; roles: string[] } {
  for (;;) {
    const users: User[] = Array.from({ length: 4 }, (_, i) => ({
      accessKeyId: `AKIAFUZZUSER0000000${i}`,
      secretAccessKey: `fuzz/secret+Key000${i}`,
      accountId: i < 3 ? A : B,
      user: `fuzz-${i}`,
    }));
    const roles = [roleArn(A, 'fuzz-role'), roleArn(A, 'path/fuzz-deep'), roleArn(B, 'fuzz-b')];
    const open = { arn: OPEN_ROLE, trustPolicy: document({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }), policies: [document({ Effect: 'Allow', Action: '*', Resource: '*' })] };
    const file = {
      accessKeys: withRoots(users),
      users: users.map((u, i) => ({
        accountId: u.accountId,
        name: u.user,
        ...(i === 1 && { path: '/team/' }),
        ...(rng() < 0.5 && { tags: { team: pick(rng, ['ci', 'ops', 'Ünï']) } }),
        policies: [
          ...Array.from({ length: between(rng, 1, 3) }, () => policyOf(rng, 'identity')),
          // Enough allowed that requests get past the gates to the operations themselves.
          ...(rng() < 0.7 ? [document({ Effect: 'Allow', Action: ['sqs:*', 'sns:*', 'kinesis:*', 'sts:*'], Resource: '*' })] : []),
        ],
      })),
      roles: roles.map((arn) => ({
        arn,
        trustPolicy: rng() < 0.5 ? document({ Effect: 'Allow', Principal: { AWS: [A, B] }, Action: 'sts:AssumeRole' }) : policyOf(rng, 'trust'),
        policies: [policyOf(rng, 'identity'), document({ Effect: 'Allow', Action: '*', Resource: '*' })],
        maxSessionDuration: pick(rng, [3600, 7200]),
      })).concat(open as never),
    };
    try {
      checkCredentials(file, 'fuzz', true);
      return { file, users, roles };
    } catch {
      // a random policy the checker refuses (e.g. an Allow that makes a trust policy name nobody): draw again
    }
  }
}

/** A resource policy as a client might set one: a random accepted-shape document, random JSON, or one with prototype-named operators. */
function resourcePolicy(rng: Rng, arn: string): string {
  const r = rng();
  if (r < 0.3) return JSON.stringify(randomJson(rng, 4, ['Version', 'Statement', 'Effect', 'Principal', 'Action', 'Resource', 'Condition', 'AWS']));
  const condition = {};
  setOwn(condition, pick(rng, ['constructor', '__proto__', 'StringEquals', 'ForAnyValue:constructor', 'toString']), { 'aws:username': pick(rng, ['fuzz-0', '${aws:username}', '${']) });
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: pick(rng, ['*', { AWS: [A, B] }, { AWS: `arn:aws:iam::${B}:user/fuzz-3` }]), Action: '*', Resource: pick(rng, [arn, '*']), ...(r < 0.8 && { Condition: condition }) },
    ],
  });
}

const engine = E2E_ENGINES[0]!;

describe(`identity policies fuzzed [${engine}]`, () => {
  const rng = rngFrom(SEED);
  const { file, users, roles } = credentialsFile(rng);
  let server: TestServer;
  const signers: Signing[] = [...users, signing(ALICE), signing(BOB)];

  before(async () => {
    server = await startIamServer(engine, file);
    const { sdk } = SQS_CLIENTS[0]!;
    const sqs = sqsClient(SQS_CLIENTS[0]!, server.url, signing(ALICE));
    for (const QueueName of [...QUEUES, SENTINEL]) await sqs.send(new sdk.CreateQueueCommand({ QueueName }));
    for (let i = 0; i < 3; i++) await sqs.send(new sdk.SendMessageCommand({ QueueUrl: `${server.url}/${A}/${SENTINEL}`, MessageBody: `kept ${i}` }));
    for (const Name of TOPICS) await snsClient(server.url, signing(ALICE)).send(new CreateTopicCommand({ Name }));
    const kinesis = kinesisClient(server.url, signing(ALICE));
    for (const StreamName of STREAMS) await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    for (let i = 0; i < 100; i++) {
      if ((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: STREAMS[0] }))).StreamDescriptionSummary?.StreamStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  after(async () => server?.close());

  const queueUrl = (r: Rng) => `${server.url}/${pick(r, [A, A, B])}/${pick(r, [...QUEUES, 'missing', text(r).replace(/[^\w-]/g, '') || 'q'])}`;
  const arnOf = (service: string, r: Rng) => `arn:aws:${service}:${REGION}:${pick(r, [A, B])}:${pick(r, [...QUEUES, ...TOPICS, 'missing'])}`;

  /** One random request by `who`; resolves to its outcome ('ok' or the error's status and name). */
  async function request(r: Rng, who: Signing): Promise<string> {
    const kind = pick(r, SQS_CLIENTS);
    const sqs = sqsClient(kind, server.url, who);
    const sns = snsClient(server.url, who);
    const kinesis = kinesisClient(server.url, who);
    const sts = stsClient(server.url, who);
    const { sdk } = kind;
    const op = pick(r, [
      () => sqs.send(new sdk.SendMessageCommand({ QueueUrl: queueUrl(r), MessageBody: text(r) || 'x' })),
      () => sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: queueUrl(r), WaitTimeSeconds: 0, MaxNumberOfMessages: between(r, 1, 10) })),
      () => sqs.send(new sdk.CreateQueueCommand({ QueueName: pick(r, [...QUEUES, `${pick(r, ['ci', 'alice', 'fuzz-0'])}-${between(r, 0, 9)}`, text(r)]) })),
      () => sqs.send(new sdk.ListQueuesCommand({ QueueNamePrefix: pick(r, [undefined, 'ci', text(r)]) })),
      () => sqs.send(new sdk.GetQueueUrlCommand({ QueueName: pick(r, [...QUEUES, text(r)]) })),
      () => sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: queueUrl(r), AttributeNames: ['All'] })),
      () => sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: queueUrl(r), Attributes: { Policy: resourcePolicy(r, arnOf('sqs', r)) } })),
      () => sqs.send(new sdk.DeleteMessageCommand({ QueueUrl: queueUrl(r), ReceiptHandle: text(r) || 'x' })),
      () => sns.send(new PublishCommand({ TopicArn: arnOf('sns', r), Message: text(r) || 'x' })),
      () => sns.send(new CreateTopicCommand({ Name: pick(r, [...TOPICS, `ci-${between(r, 0, 9)}`, text(r)]) })),
      () => sns.send(new ListTopicsCommand({})),
      () => sns.send(new SetTopicAttributesCommand({ TopicArn: arnOf('sns', r), AttributeName: 'Policy', AttributeValue: resourcePolicy(r, arnOf('sns', r)) })),
      () => kinesis.send(new PutRecordCommand({ StreamName: pick(r, [...STREAMS, 'missing']), PartitionKey: text(r) || 'k', Data: Buffer.from(text(r)) })),
      () => kinesis.send(new ListStreamsCommand({})),
      () => kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: `arn:aws:kinesis:${REGION}:${pick(r, [A, B])}:stream/${pick(r, [...STREAMS, 'missing'])}` })),
      async () => {
        const it = await kinesis.send(new GetShardIteratorCommand({ StreamName: pick(r, STREAMS), ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
        return kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator!, Limit: 5 }));
      },
      () => kinesis.send(new GetRecordsCommand({ ShardIterator: pick(r, [text(r) || 'x', 'AAAAAAAAAAF' + 'x'.repeat(between(r, 1, 300)), Buffer.from(text(r)).toString('base64') || 'AA==']) })),
      () => sns.send(new PublishCommand({ TargetArn: pick(r, [arnOf('sns', r), `${arnOf('sns', r)}:${text(r)}`, text(r) || 'x']), Message: 'x' })),
      () => sqs.send(new sdk.SendMessageCommand({ QueueUrl: pick(r, [`${server.url}/${text(r)}`, `${server.url}/${A}/${text(r)}/x`, `${server.url}/${A}`]), MessageBody: 'x' })),
      () => kinesis.send(new ListShardsCommand({ StreamARN: pick(r, [`arn:aws:kinesis:${REGION}:${A}:stream/${text(r)}`, text(r) || 'x', `arn:aws:kinesis:${REGION}:${B}:stream/clicks`]) })),
      () => kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: pick(r, [`arn:aws:kinesis:${REGION}:${A}:stream/clicks/consumer/${text(r)}:1`, text(r) || 'x']) })),
      () => kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: `arn:aws:kinesis:${REGION}:${pick(r, [A, B])}:stream/clicks`, ConsumerName: text(r) || 'c' })),
      () => sns.send(new SubscribeCommand({ TopicArn: arnOf('sns', r), Protocol: pick(r, ['sqs', 'http', 'email', text(r)]), Endpoint: pick(r, [`arn:aws:sqs:${REGION}:${A}:orders`, text(r)]) })),
      () => sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: pick(r, [`${arnOf('sns', r)}:${text(r)}`, text(r) || 'x']) })),
      () => sqs.send(new sdk.AddPermissionCommand({ QueueUrl: queueUrl(r), Label: text(r) || 'l', AWSAccountIds: [pick(r, [A, B, text(r)])], Actions: [pick(r, ['SendMessage', '*', text(r)])] })),
      () => sqs.send(new sdk.ListDeadLetterSourceQueuesCommand({ QueueUrl: queueUrl(r) })),
      () => sts.send(new GetCallerIdentityCommand({})),
      () => sts.send(new GetSessionTokenCommand({ DurationSeconds: pick(r, [undefined, 900, 899, 129_600, 129_601, -1]) })),
      () => sts.send(new AssumeRoleCommand(assumeRoleInput(r))),
    ]);
    try {
      await op();
      return 'ok';
    } catch (error) {
      const { code, status } = codeOf(error);
      return `${status} ${code}`;
    }
  }

  function assumeRoleInput(r: Rng) {
    const policy = pick(r, [
      undefined,
      JSON.stringify(policyOf(r, 'identity')),
      typeof policyOf(r, 'identity') === 'string' ? '{' : JSON.stringify(randomJson(r, 3, ['Statement', 'Effect', 'Action', 'Resource'])),
      '${aws:username',
      `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"${'x'.repeat(3000)}"}]}`,
    ]);
    return {
      RoleArn: pick(r, [...roles, roleArn(A, 'undeclared'), 'arn:aws:iam::111111111111:user/fuzz-0', 'not-an-arn', `arn:aws:iam::${A}:role/${'r'.repeat(80)}`, '']),
      RoleSessionName: pick(r, ['s', 'fuzz-session', 'a b', '', 'x'.repeat(65), '😀']),
      DurationSeconds: pick(r, [undefined, 900, 899, 3600, 7200, 7201, 43_200, 43_201, 0, -5]),
      ...(policy !== undefined && { Policy: policy }),
      ...(r() < 0.3 && { Tags: Array.from({ length: between(r, 0, 55) }, (_, i) => ({ Key: pick(r, [`k${i}`, '', 'aws:x', 'team']), Value: pick(r, ['v', '', 'x'.repeat(300), '😀']) })) }),
      ...(r() < 0.2 && { ExternalId: pick(r, ['e', '', 'x'.repeat(1300)]) }),
      ...(r() < 0.2 && { SourceIdentity: pick(r, ['src', '', 'aws:x', 'x'.repeat(70)]) }),
    };
  }

  it(`${REQUESTS} random requests by users, roots and role sessions: successes or AWS-style errors below 500, never a 500`, async () => {
    const outcomes = new Map<string, number>();
    const failures: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const who = pick(rng, signers);
      const before = rng();
      const outcome = await request(rng, who);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (outcome !== 'ok' && !/^4\d\d \w+/.test(outcome)) failures.push(`#${i} (${before.toFixed(6)}) by ${who.accessKeyId}: ${outcome}`);
      // Now and then a role's session joins the signers (its session policy random, as AssumeRole took it).
      if (i % 40 === 0) {
        try {
          const issued = await stsClient(server.url, pick(rng, signers)).send(new AssumeRoleCommand({ RoleArn: pick(rng, roles), RoleSessionName: `s${i}`, Policy: rng() < 0.5 ? JSON.stringify(policyOf(rng, 'identity')) : undefined }));
          signers.push(temporary(issued.Credentials));
        } catch (error) {
          const { code, status } = codeOf(error);
          if (!(status !== undefined && status < 500)) failures.push(`#${i} AssumeRole: ${status} ${code}`);
        }
      }
    }
    assert.deepEqual(failures, [], `seed ${SEED}: outcomes ${JSON.stringify([...outcomes])}`);
    assert.ok((outcomes.get('ok') ?? 0) > REQUESTS / 10, `some requests succeed: ${JSON.stringify([...outcomes])}`);
  });

  it("a queue policy whose condition operator is named constructor (SetQueueAttributes takes any document) refuses another account's user in AWS's words, not with a 500", async () => {
    const { sdk } = SQS_CLIENTS[0]!;
    const owner = sqsClient(SQS_CLIENTS[0]!, server.url, signing(ALICE));
    const QueueUrl = `${server.url}/${A}/odd-policy`;
    await owner.send(new sdk.CreateQueueCommand({ QueueName: 'odd-policy' }));
    const Policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: B }, Action: 'sqs:SendMessage', Resource: '*', Condition: { constructor: { 'aws:username': 'fuzz-3' } } }] });
    await owner.send(new sdk.SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy } }));
    const bobUser = users.find((u) => u.accountId === B)!;
    for (const kind of SQS_CLIENTS) {
      const outcome = await sqsClient(kind, server.url, bobUser).send(new kind.sdk.SendMessageCommand({ QueueUrl, MessageBody: 'x' })).then(() => 'ok', (e) => `${codeOf(e).status} ${codeOf(e).code}`);
      assert.equal(outcome, '403 AccessDenied', kind.protocol);
    }
  });

  it("a session policy whose variable holds 1,900 spaces (it fits AssumeRole's 2,048 characters) costs no seconds per request", async () => {
    const Policy = JSON.stringify(document({ Effect: 'Allow', Action: 'sqs:*', Resource: `arn:aws:sqs:*:*:\${${' '.repeat(1900)}}` }));
    const issued = await stsClient(server.url, signing(ALICE)).send(new AssumeRoleCommand({ RoleArn: OPEN_ROLE, RoleSessionName: 'spaces', Policy }));
    const kind = SQS_CLIENTS[0]!;
    const started = Date.now();
    const outcome = await sqsClient(kind, server.url, temporary(issued.Credentials)).send(new kind.sdk.SendMessageCommand({ QueueUrl: `${server.url}/${A}/orders`, MessageBody: 'x' })).then(() => 'ok', (e) => `${codeOf(e).status} ${codeOf(e).code}`);
    assert.equal(outcome, '403 AccessDenied', 'the variable names no key: the session policy allows nothing');
    assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
  });

  it('afterwards the server answers and the queue no request named holds its three messages', async () => {
    const { sdk } = SQS_CLIENTS[0]!;
    const sqs = sqsClient(SQS_CLIENTS[0]!, server.url, signing(ALICE));
    const attributes = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: `${server.url}/${A}/${SENTINEL}`, AttributeNames: ['ApproximateNumberOfMessages'] }));
    assert.equal(attributes.Attributes?.ApproximateNumberOfMessages, '3');
    assert.equal((await stsClient(server.url, signing(BOB)).send(new GetCallerIdentityCommand({}))).Account, B);
  });
});
