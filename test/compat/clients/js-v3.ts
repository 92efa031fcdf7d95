// The compat scenario with the AWS SDK for JavaScript v3.
// Usage: node --import tsx js-v3.ts <endpoint> <scenario.json> <prefix> [--legacy-sqs]
// --legacy-sqs: SQS through @aws-sdk/client-sqs@3.445.0 (the npm alias sqs-v3445), the last release
// that speaks the query protocol; SNS and Kinesis are the same clients as without it, so only the
// SQS checks run. The SQS client verifies MD5OfMessageBody (send, batch, receive), not the attributes.
import * as current from '@aws-sdk/client-sqs';
// @ts-ignore -- @aws-sdk/client-sqs@3.445.0 under an npm alias: the same API, query protocol
import * as legacy from 'sqs-v3445';
import { CreateTopicCommand, GetTopicAttributesCommand, NotFoundException, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Checks, KINESIS_ERROR_CODES, SNS_ERROR_CODES, SQS_ERROR_CODES, credentials, failure, expectAttributes, expectDigests, expectEnvelope, expectRecords, packageVersion, poll, programArgs, sessionTokenIn } from './scenario.js';

const { endpoint, scenario, prefix } = programArgs();
const useLegacy = process.argv.includes('--legacy-sqs');
const sdk = (useLegacy ? legacy : current) as typeof current;
const checks = new Checks();
const config = { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };

/** Notes the Content-Type each request goes out with (the wire protocol). */
function watch(client: { middlewareStack: { add: Function } }, service: string) {
  client.middlewareStack.add(
    (next: (a: any) => Promise<unknown>) => async (args: { request: { headers: Record<string, string> } }) => {
      checks.sawContentType(service, args.request.headers['content-type']);
      return next(args);
    },
    { step: 'finalizeRequest', name: 'compatWire' },
  );
}

/** Notes, from the signed request, where a client with temporary credentials put its session token. */
function watchToken(client: { middlewareStack: { add: Function } }, service: string) {
  client.middlewareStack.add(
    (next: (a: any) => Promise<unknown>) => async (args: { request: { headers: Record<string, string>; query?: Record<string, unknown>; body?: unknown } }) => {
      const query = Object.keys(args.request.query ?? {}).map((k) => `&${k}=`).join('');
      checks.sawToken(service, sessionTokenIn(args.request.headers, query, args.request.body));
      return next(args);
    },
    // The deserialize step sees the request as it goes out, signed.
    { step: 'deserialize', name: 'compatToken' },
  );
}

const sqs = new sdk.SQSClient(config);
watch(sqs, 'sqs');
const name = (s: string) => `${prefix}-${s}`;
const attributes = Object.fromEntries(
  Object.entries(scenario.attributes).map(([n, a]) => [n, a.BinaryValue !== undefined ? { DataType: a.DataType, BinaryValue: Buffer.from(a.BinaryValue, 'base64') } : a]),
) as Record<string, current.MessageAttributeValue>;

let queueUrl = '';
let sentDigest: string | undefined;
let received: current.Message | undefined;
await checks.check('sqs.create-queue', [], async () => (queueUrl = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: name('q') }))).QueueUrl!));
await checks.check('sqs.send-attributes', ['sqs.create-queue'], async () => {
  const out = await sqs.send(new sdk.SendMessageCommand({ QueueUrl: queueUrl, MessageBody: scenario.body, MessageAttributes: attributes }));
  sentDigest = out.MD5OfMessageAttributes;
  return out.MessageId;
});
await checks.check('sqs.receive', ['sqs.send-attributes'], async () => {
  const out = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ['All'], AttributeNames: ['All'], WaitTimeSeconds: 1 }));
  if (out.Messages?.length !== 1) throw new Error(`received ${out.Messages?.length ?? 0} messages`);
  received = out.Messages[0]!;
  if (received.Body !== scenario.body) throw new Error(`body ${JSON.stringify(received.Body)}`);
  expectAttributes(scenario, received.MessageAttributes);
  return 'body and 4 attributes intact';
});
await checks.check('sqs.md5', ['sqs.receive'], async () => {
  expectDigests(scenario, sentDigest, received!.MD5OfMessageAttributes);
  return 'body: checked by the SDK; attributes: checked here';
});
await checks.check('sqs.delete', ['sqs.receive'], async () => {
  await sqs.send(new sdk.DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: received!.ReceiptHandle }));
});
await checks.check('sqs.batch', ['sqs.create-queue'], async () => {
  const sent = await sqs.send(new sdk.SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: scenario.batch.map((b, i) => ({ Id: `m${i}`, MessageBody: b })) }));
  if (sent.Successful?.length !== scenario.batch.length) throw new Error(`sent ${sent.Successful?.length}: ${JSON.stringify(sent.Failed)}`);
  const handles: string[] = [];
  await poll(async () => {
    const out = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    handles.push(...(out.Messages ?? []).map((m) => m.ReceiptHandle!));
    return handles.length >= scenario.batch.length ? true : undefined;
  });
  const deleted = await sqs.send(new sdk.DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: handles.map((h, i) => ({ Id: `d${i}`, ReceiptHandle: h })) }));
  if (deleted.Successful?.length !== handles.length) throw new Error(`deleted ${deleted.Successful?.length} of ${handles.length}`);
  return `${scenario.batch.length} sent, received and deleted`;
});
await checks.check('sqs.fifo', [], async () => {
  const { QueueUrl } = await sqs.send(new sdk.CreateQueueCommand({ QueueName: name('f.fifo'), Attributes: { FifoQueue: 'true' } }));
  for (const [i, b] of scenario.fifo.entries()) {
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl, MessageBody: b, MessageGroupId: 'g', MessageDeduplicationId: `d${i}` }));
  }
  const out = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, AttributeNames: ['All'] }));
  const bodies = (out.Messages ?? []).map((m) => m.Body);
  if (JSON.stringify(bodies) !== JSON.stringify(scenario.fifo)) throw new Error(`received ${JSON.stringify(bodies)} in that order`);
  if (!out.Messages!.every((m) => m.Attributes?.MessageGroupId === 'g' && m.Attributes?.SequenceNumber)) throw new Error('FIFO attributes missing');
  return 'in order, with SequenceNumber';
});
await checks.check('sqs.error', [], async () => {
  const e = await failure(sqs.send(new sdk.GetQueueUrlCommand({ QueueName: name('missing') })));
  // What application code matches on: the modelled exception class (err.name). The query code, where the
  // client keeps it, rides along in err.Code (JSON, from x-amzn-query-error) or err.Error.Code (query).
  const code = e?.Code ?? e?.Error?.Code;
  if (!(e instanceof sdk.QueueDoesNotExist)) throw new Error(`not a QueueDoesNotExist: ${e?.name} ${code ?? ''}`);
  if (code !== undefined && !SQS_ERROR_CODES.includes(code)) throw new Error(`code ${code}`);
  return code && code !== e.name ? `${e.name} (${code})` : e.name;
});

/**
 * STS: who the access key is, a role of another account, and what its temporary credentials act as
 * (judged in ../sts.ts). With `withSns`, a topic too (the 3.445 row is SQS only).
 */
async function stsChecks(withSns: boolean): Promise<void> {
  const stsKey = new STSClient(config);
  watch(stsKey, 'sts');
  let session: { accessKeyId: string; secretAccessKey: string; sessionToken: string } | undefined;
  await checks.reportGot('sts.caller-identity', [], async () => {
    const { Account, Arn } = await stsKey.send(new GetCallerIdentityCommand({}));
    return { Account, Arn };
  });
  await checks.reportGot('sts.assume-role', [], async () => {
    const { Credentials: c, AssumedRoleUser } = await stsKey.send(new AssumeRoleCommand({ RoleArn: scenario.sts.roleArn, RoleSessionName: prefix }));
    session = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
    return { AccessKeyId: c?.AccessKeyId, SecretAccessKey: !!c?.SecretAccessKey, SessionToken: !!c?.SessionToken, AssumedRoleArn: AssumedRoleUser?.Arn };
  });
  const asRole = { ...config, credentials: () => Promise.resolve(session!) };
  const stsRole = new STSClient(asRole);
  watchToken(stsRole, 'sts');
  await checks.reportGot('sts.session-identity', ['sts.assume-role'], async () => {
    const { Account, Arn } = await stsRole.send(new GetCallerIdentityCommand({}));
    return { Account, Arn };
  });
  const sqsRole = new sdk.SQSClient(asRole);
  watchToken(sqsRole, 'sqs');
  await checks.reportGot('sts.session-sqs', ['sts.assume-role'], async () => {
    const QueueNamePrefix = name('role-q');
    const { QueueUrl } = await sqsRole.send(new sdk.CreateQueueCommand({ QueueName: QueueNamePrefix }));
    const bySession = await sqsRole.send(new sdk.ListQueuesCommand({ QueueNamePrefix }));
    const byKey = await sqs.send(new sdk.ListQueuesCommand({ QueueNamePrefix }));
    return { QueueUrl, ListedBySession: bySession.QueueUrls ?? [], ListedByKey: byKey.QueueUrls ?? [] };
  });
  stsKey.destroy();
  stsRole.destroy();
  sqsRole.destroy();
  if (withSns) {
    const snsRole = new SNSClient(asRole);
    watchToken(snsRole, 'sns');
    await checks.reportGot('sts.session-sns', ['sts.assume-role'], async () => ({ TopicArn: (await snsRole.send(new CreateTopicCommand({ Name: name('role-t') }))).TopicArn }));
    snsRole.destroy();
  }
}

if (!useLegacy) {
  const sns = new SNSClient(config);
  watch(sns, 'sns');
  let topicArn = '';
  let subQueueUrl = '';
  await checks.check('sns.create-topic', [], async () => (topicArn = (await sns.send(new CreateTopicCommand({ Name: name('t') }))).TopicArn!));
  await checks.check('sns.subscribe', ['sns.create-topic'], async () => {
    subQueueUrl = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: name('sub') }))).QueueUrl!;
    const { Attributes } = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: subQueueUrl, AttributeNames: ['QueueArn'] }));
    return (await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn, ReturnSubscriptionArn: true }))).SubscriptionArn;
  });
  await checks.check('sns.envelope', ['sns.subscribe'], async () => {
    await sns.send(new PublishCommand({ TopicArn: topicArn, Message: scenario.notification, MessageAttributes: { kind: { DataType: 'String', StringValue: 'compat' } } }));
    const body = await poll(async () => (await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: subQueueUrl }))).Messages?.[0]?.Body);
    return expectEnvelope(scenario, body, topicArn);
  });
  await checks.check('sns.error', ['sns.create-topic'], async () => {
    const e = await failure(sns.send(new GetTopicAttributesCommand({ TopicArn: `${topicArn}-missing` })));
    const code = e?.Error?.Code ?? e?.Code;
    if (!(e instanceof NotFoundException) || (code !== undefined && !SNS_ERROR_CODES.includes(code))) throw new Error(`${e?.name} ${code ?? ''}`);
    return code && code !== e.name ? `${e.name} (${code})` : e.name;
  });
  sns.destroy();

  // As it comes: the Kinesis client talks HTTP/2 (prior-knowledge h2c on an http:// endpoint).
  const kinesis = new KinesisClient(config);
  watch(kinesis, 'kinesis');
  const StreamName = name('s');
  await checks.check('kinesis.create-stream', [], async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    await poll(async () => ((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName }))).StreamDescriptionSummary?.StreamStatus === 'ACTIVE' ? true : undefined));
    return 'ACTIVE';
  });
  await checks.check('kinesis.put-records', ['kinesis.create-stream'], async () => {
    const out = await kinesis.send(new PutRecordsCommand({ StreamName, Records: scenario.records.map((r) => ({ Data: Buffer.from(r, 'base64'), PartitionKey: 'pk' })) }));
    if (out.FailedRecordCount) throw new Error(`${out.FailedRecordCount} records failed`);
    return out.Records![0]!.SequenceNumber;
  });
  await checks.check('kinesis.get-records', ['kinesis.put-records'], async () => {
    const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName }));
    const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName, ShardId: Shards![0]!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
    const out = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    return expectRecords(scenario, (out.Records ?? []).map((r) => r.Data));
  });
  await checks.check('kinesis.error', [], async () => {
    const e = await failure(kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name('missing') })));
    if (!(e instanceof ResourceNotFoundException) || !KINESIS_ERROR_CODES.includes(e.name)) throw new Error(`${e?.name}: ${e?.message}`);
    return e.name;
  });
  await stsChecks(true);
  const handler = (await kinesis.config.requestHandler) as object;
  kinesis.destroy();
  sqs.destroy();
  const versions = `sqs ${packageVersion('@aws-sdk/client-sqs')}, sns ${packageVersion('@aws-sdk/client-sns')}, kinesis ${packageVersion('@aws-sdk/client-kinesis')}, sts ${packageVersion('@aws-sdk/client-sts')}`;
  checks.done('AWS SDK for JavaScript v3', versions, { kinesis: handler.constructor.name === 'NodeHttp2Handler' ? 'HTTP/2' : 'HTTP/1.1' });
} else {
  await stsChecks(false);
  sqs.destroy();
  checks.done('AWS SDK for JavaScript v3 (query)', `sqs ${packageVersion('sqs-v3445')} (sts ${packageVersion('@aws-sdk/client-sts')})`);
}
