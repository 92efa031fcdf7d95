// The compat scenario with the AWS SDK for JavaScript v2 (npm `aws-sdk`, the last 2.x).
// Usage: node --import tsx js-v2.ts <endpoint> <scenario.json> <prefix>
// Its apis/sqs-2012-11-05.min.json says protocol "json" with awsQueryCompatible (since 2.1491.0):
// SQS is AWS JSON 1.0, and errors are named from the x-amzn-query-error header. SNS is query,
// Kinesis JSON 1.1 over HTTP/1.1. The SQS client verifies MD5OfMessageBody (send, batch, receive;
// lib/services/sqs.js), not the attributes.
import AWS from 'aws-sdk';
import { Checks, KINESIS_ERROR_CODES, SNS_ERROR_CODES, SQS_ERROR_CODES, credentials, failure, expectAttributes, expectDigests, expectEnvelope, expectRecords, packageVersion, poll, programArgs, sessionTokenIn } from './scenario.js';

const { endpoint, scenario, prefix } = programArgs();
const checks = new Checks();
const config = { endpoint, region: 'us-east-1', credentials, maxRetries: 0 };

/** Notes the Content-Type each request goes out with (the wire protocol). customizeRequests is v2 API its typings leave out. */
function watch<S extends AWS.Service>(service: S, name: string): S {
  const customizable = service as unknown as { customizeRequests(fn: (req: AWS.Request<unknown, AWS.AWSError>) => void): void };
  customizable.customizeRequests((req) => req.on('sign', () => checks.sawContentType(name, req.httpRequest.headers['Content-Type'])));
  return service;
}

/** Notes where a service signing with temporary credentials put the session token (on 'send': signed). */
function watchToken<S extends AWS.Service>(service: S, name: string): S {
  const customizable = service as unknown as { customizeRequests(fn: (req: AWS.Request<unknown, AWS.AWSError>) => void): void };
  customizable.customizeRequests((req) => req.on('send', () => checks.sawToken(name, sessionTokenIn(req.httpRequest.headers, req.httpRequest.path, req.httpRequest.body))));
  return service;
}

const sqs = watch(new AWS.SQS(config), 'sqs');
const name = (s: string) => `${prefix}-${s}`;
const attributes = Object.fromEntries(
  Object.entries(scenario.attributes).map(([n, a]) => [n, a.BinaryValue !== undefined ? { DataType: a.DataType, BinaryValue: Buffer.from(a.BinaryValue, 'base64') } : a]),
) as AWS.SQS.MessageBodyAttributeMap;

let queueUrl = '';
let sentDigest: string | undefined;
let received: AWS.SQS.Message | undefined;
await checks.check('sqs.create-queue', [], async () => (queueUrl = (await sqs.createQueue({ QueueName: name('q') }).promise()).QueueUrl!));
await checks.check('sqs.send-attributes', ['sqs.create-queue'], async () => {
  const out = await sqs.sendMessage({ QueueUrl: queueUrl, MessageBody: scenario.body, MessageAttributes: attributes }).promise();
  sentDigest = out.MD5OfMessageAttributes;
  return out.MessageId;
});
await checks.check('sqs.receive', ['sqs.send-attributes'], async () => {
  const out = await sqs.receiveMessage({ QueueUrl: queueUrl, MessageAttributeNames: ['All'], AttributeNames: ['All'], WaitTimeSeconds: 1 }).promise();
  if (out.Messages?.length !== 1) throw new Error(`received ${out.Messages?.length ?? 0} messages`);
  received = out.Messages[0]!;
  if (received.Body !== scenario.body) throw new Error(`body ${JSON.stringify(received.Body)}`);
  expectAttributes(scenario, received.MessageAttributes as Parameters<typeof expectAttributes>[1]);
  return 'body and 4 attributes intact';
});
await checks.check('sqs.md5', ['sqs.receive'], async () => {
  expectDigests(scenario, sentDigest, received!.MD5OfMessageAttributes);
  return 'body: checked by the SDK; attributes: checked here';
});
await checks.check('sqs.delete', ['sqs.receive'], async () => {
  await sqs.deleteMessage({ QueueUrl: queueUrl, ReceiptHandle: received!.ReceiptHandle! }).promise();
});
await checks.check('sqs.batch', ['sqs.create-queue'], async () => {
  const sent = await sqs.sendMessageBatch({ QueueUrl: queueUrl, Entries: scenario.batch.map((b, i) => ({ Id: `m${i}`, MessageBody: b })) }).promise();
  if (sent.Successful.length !== scenario.batch.length) throw new Error(`sent ${sent.Successful.length}: ${JSON.stringify(sent.Failed)}`);
  const handles: string[] = [];
  await poll(async () => {
    const out = await sqs.receiveMessage({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }).promise();
    handles.push(...(out.Messages ?? []).map((m) => m.ReceiptHandle!));
    return handles.length >= scenario.batch.length ? true : undefined;
  });
  const deleted = await sqs.deleteMessageBatch({ QueueUrl: queueUrl, Entries: handles.map((h, i) => ({ Id: `d${i}`, ReceiptHandle: h })) }).promise();
  if (deleted.Successful.length !== handles.length) throw new Error(`deleted ${deleted.Successful.length} of ${handles.length}`);
  return `${scenario.batch.length} sent, received and deleted`;
});
await checks.check('sqs.fifo', [], async () => {
  const { QueueUrl } = await sqs.createQueue({ QueueName: name('f.fifo'), Attributes: { FifoQueue: 'true' } }).promise();
  for (const [i, b] of scenario.fifo.entries()) {
    await sqs.sendMessage({ QueueUrl: QueueUrl!, MessageBody: b, MessageGroupId: 'g', MessageDeduplicationId: `d${i}` }).promise();
  }
  const out = await sqs.receiveMessage({ QueueUrl: QueueUrl!, MaxNumberOfMessages: 10, AttributeNames: ['All'] }).promise();
  const bodies = (out.Messages ?? []).map((m) => m.Body);
  if (JSON.stringify(bodies) !== JSON.stringify(scenario.fifo)) throw new Error(`received ${JSON.stringify(bodies)} in that order`);
  if (!out.Messages!.every((m) => m.Attributes?.MessageGroupId === 'g' && m.Attributes?.SequenceNumber)) throw new Error('FIFO attributes missing');
  return 'in order, with SequenceNumber';
});
await checks.check('sqs.error', [], async () => {
  const e = await failure(sqs.getQueueUrl({ QueueName: name('missing') }).promise());
  // v2 has no exception classes: code matches on err.code, which it takes from x-amzn-query-error.
  if (!SQS_ERROR_CODES.includes(e?.code)) throw new Error(`code ${e?.code}: ${e?.message}`);
  return e.code;
});

const sns = watch(new AWS.SNS(config), 'sns');
let topicArn = '';
let subQueueUrl = '';
await checks.check('sns.create-topic', [], async () => (topicArn = (await sns.createTopic({ Name: name('t') }).promise()).TopicArn!));
await checks.check('sns.subscribe', ['sns.create-topic'], async () => {
  subQueueUrl = (await sqs.createQueue({ QueueName: name('sub') }).promise()).QueueUrl!;
  const { Attributes } = await sqs.getQueueAttributes({ QueueUrl: subQueueUrl, AttributeNames: ['QueueArn'] }).promise();
  return (await sns.subscribe({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn, ReturnSubscriptionArn: true }).promise()).SubscriptionArn;
});
await checks.check('sns.envelope', ['sns.subscribe'], async () => {
  await sns.publish({ TopicArn: topicArn, Message: scenario.notification, MessageAttributes: { kind: { DataType: 'String', StringValue: 'compat' } } }).promise();
  const body = await poll(async () => (await sqs.receiveMessage({ QueueUrl: subQueueUrl }).promise()).Messages?.[0]?.Body);
  return expectEnvelope(scenario, body, topicArn);
});
await checks.check('sns.error', ['sns.create-topic'], async () => {
  const e = await failure(sns.getTopicAttributes({ TopicArn: `${topicArn}-missing` }).promise());
  if (!SNS_ERROR_CODES.includes(e?.code)) throw new Error(`code ${e?.code}: ${e?.message}`);
  return e.code;
});

const kinesis = watch(new AWS.Kinesis(config), 'kinesis');
const StreamName = name('s');
await checks.check('kinesis.create-stream', [], async () => {
  await kinesis.createStream({ StreamName, ShardCount: 1 }).promise();
  await poll(async () => ((await kinesis.describeStreamSummary({ StreamName }).promise()).StreamDescriptionSummary.StreamStatus === 'ACTIVE' ? true : undefined));
  return 'ACTIVE';
});
await checks.check('kinesis.put-records', ['kinesis.create-stream'], async () => {
  const out = await kinesis.putRecords({ StreamName, Records: scenario.records.map((r) => ({ Data: Buffer.from(r, 'base64'), PartitionKey: 'pk' })) }).promise();
  if (out.FailedRecordCount) throw new Error(`${out.FailedRecordCount} records failed`);
  return out.Records[0]!.SequenceNumber;
});
await checks.check('kinesis.get-records', ['kinesis.put-records'], async () => {
  const { Shards } = await kinesis.listShards({ StreamName }).promise();
  const { ShardIterator } = await kinesis.getShardIterator({ StreamName, ShardId: Shards![0]!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }).promise();
  const out = await kinesis.getRecords({ ShardIterator: ShardIterator! }).promise();
  return expectRecords(scenario, out.Records.map((r) => r.Data as Uint8Array));
});
await checks.check('kinesis.error', [], async () => {
  const e = await failure(kinesis.describeStreamSummary({ StreamName: name('missing') }).promise());
  if (!KINESIS_ERROR_CODES.includes(e?.code)) throw new Error(`code ${e?.code}: ${e?.message}`);
  return e.code;
});
// STS: who the access key is, a role of another account, and what its temporary credentials act
// as (judged in ../sts.ts).
const sts = watch(new AWS.STS(config), 'sts');
let session: AWS.Credentials | undefined;
await checks.reportGot('sts.caller-identity', [], async () => {
  const { Account, Arn } = await sts.getCallerIdentity({}).promise();
  return { Account, Arn };
});
await checks.reportGot('sts.assume-role', [], async () => {
  const { Credentials: c, AssumedRoleUser } = await sts.assumeRole({ RoleArn: scenario.sts.roleArn, RoleSessionName: prefix }).promise();
  session = new AWS.Credentials({ accessKeyId: c!.AccessKeyId, secretAccessKey: c!.SecretAccessKey, sessionToken: c!.SessionToken });
  return { AccessKeyId: c?.AccessKeyId, SecretAccessKey: !!c?.SecretAccessKey, SessionToken: !!c?.SessionToken, AssumedRoleArn: AssumedRoleUser?.Arn };
});
const asRole = () => ({ ...config, credentials: session! });
await checks.reportGot('sts.session-identity', ['sts.assume-role'], async () => {
  const { Account, Arn } = await watchToken(new AWS.STS(asRole()), 'sts').getCallerIdentity({}).promise();
  return { Account, Arn };
});
await checks.reportGot('sts.session-sqs', ['sts.assume-role'], async () => {
  const sqsRole = watchToken(new AWS.SQS(asRole()), 'sqs');
  const QueueNamePrefix = name('role-q');
  const { QueueUrl } = await sqsRole.createQueue({ QueueName: QueueNamePrefix }).promise();
  const bySession = await sqsRole.listQueues({ QueueNamePrefix }).promise();
  const byKey = await sqs.listQueues({ QueueNamePrefix }).promise();
  return { QueueUrl, ListedBySession: bySession.QueueUrls ?? [], ListedByKey: byKey.QueueUrls ?? [] };
});
await checks.reportGot('sts.session-sns', ['sts.assume-role'], async () => ({
  TopicArn: (await watchToken(new AWS.SNS(asRole()), 'sns').createTopic({ Name: name('role-t') }).promise()).TopicArn,
}));
checks.done('AWS SDK for JavaScript v2', packageVersion('aws-sdk'));
