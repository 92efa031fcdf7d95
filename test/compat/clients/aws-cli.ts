// The compat scenario through an AWS CLI: every step is one `aws` command.
// Usage: node --import tsx aws-cli.ts <endpoint> <scenario.json> <prefix> <path to aws>
// Debian's awscli 2.9 speaks SQS query; a CLI 1.x on a newer botocore speaks JSON. The CLI checks
// no SQS digest, so this program checks body and attribute digests. Blobs go in as the scenario's
// base64 text: CLI v2 decodes it; CLI v1 sends the text's own bytes, so with v1 the binary
// attribute and the Kinesis records are those bytes (a v1 user cannot express others in JSON).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Checks, KINESIS_ERROR_CODES, SNS_ERROR_CODES, SQS_ERROR_CODES, expectDigests, failure, expectEnvelope, md5Hex, poll, programArgs, sessionTokenIn, type Scenario } from './scenario.js';

const run = promisify(execFile);
const { endpoint, scenario: given, prefix } = programArgs();
const cli = process.argv[5];
if (!cli) throw new Error('usage: aws-cli.ts <endpoint> <scenario.json> <prefix> <path to aws>');
const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1' };
const version = (await run(cli, ['--version'], { env })).stdout.trim();
const v1 = /^aws-cli\/1\./.test(version);
const asV1Sends = (b64: string) => Buffer.from(b64).toString('base64');
const scenario: Scenario = v1
  ? {
      ...given,
      attributes: Object.fromEntries(Object.entries(given.attributes).map(([n, a]) => [n, a.BinaryValue !== undefined ? { ...a, BinaryValue: asV1Sends(a.BinaryValue) } : a])),
      records: given.records.map(asV1Sends),
    }
  : given;

const checks = new Checks();
async function aws(...args: string[]): Promise<any> {
  const { stdout } = await run(cli!, ['--endpoint-url', endpoint, '--output', 'json', ...args], { env, timeout: 30_000 });
  return stdout.trim() ? JSON.parse(stdout) : {};
}
/**
 * One call with --debug, to read the Content-Type the CLI sent (the wire protocol) and, with
 * temporary credentials (`session`), where it put the session token.
 */
async function awsWatched(service: string, ...args: string[]): Promise<any> {
  return awsAs(undefined, service, ...args);
}
async function awsAs(session: Record<string, string> | undefined, service: string, ...args: string[]): Promise<any> {
  const as = session ? { ...env, AWS_ACCESS_KEY_ID: session.AccessKeyId, AWS_SECRET_ACCESS_KEY: session.SecretAccessKey, AWS_SESSION_TOKEN: session.SessionToken } : env;
  const { stdout, stderr } = await run(cli!, ['--endpoint-url', endpoint, '--output', 'json', '--debug', ...args], { env: as, timeout: 30_000, maxBuffer: 16 << 20 });
  checks.sawContentType(service, /'Content-Type': '([^']+)'/.exec(stderr)?.[1]);
  // The debug log prints the prepared request: "Sending http request: <AWSPreparedRequest … url=…, headers={…}>".
  const sent = /Sending http request: (.*)/.exec(stderr)?.[1] ?? '';
  if (session) checks.sawToken(service, sessionTokenIn(/'X-Amz-Security-Token'/.test(sent) ? { 'X-Amz-Security-Token': 1 } : {}, /url=([^,]*)/.exec(sent)?.[1] ?? '', ''));
  return stdout.trim() ? JSON.parse(stdout) : {};
}
const name = (s: string) => `${prefix}-${s}`;

let queueUrl = '';
let shard = '';
let sent: any;
let received: any;
await checks.check('sqs.create-queue', [], async () => (queueUrl = (await awsWatched('sqs', 'sqs', 'create-queue', '--queue-name', name('q'))).QueueUrl));
await checks.check('sqs.send-attributes', ['sqs.create-queue'], async () => {
  const attributes = Object.fromEntries(Object.entries(given.attributes).map(([n, a]) => [n, a.BinaryValue !== undefined ? { DataType: a.DataType, BinaryValue: a.BinaryValue } : a]));
  sent = await aws('sqs', 'send-message', '--queue-url', queueUrl, '--message-body', scenario.body, '--message-attributes', JSON.stringify(attributes));
  return sent.MessageId;
});
await checks.check('sqs.receive', ['sqs.send-attributes'], async () => {
  const out = await aws('sqs', 'receive-message', '--queue-url', queueUrl, '--message-attribute-names', 'All', '--attribute-names', 'All', '--wait-time-seconds', '1');
  if (out.Messages?.length !== 1) throw new Error(`received ${out.Messages?.length ?? 0} messages`);
  received = out.Messages[0];
  if (received.Body !== scenario.body) throw new Error(`body ${JSON.stringify(received.Body)}`);
  // The CLI prints a binary value as base64, as the scenario holds it.
  for (const [n, a] of Object.entries(scenario.attributes)) {
    const g = received.MessageAttributes?.[n];
    if (g?.DataType !== a.DataType || g.StringValue !== a.StringValue || g.BinaryValue !== a.BinaryValue) throw new Error(`attribute ${n} came back as ${JSON.stringify(g)}`);
  }
  return 'body and 4 attributes intact';
});
await checks.check('sqs.md5', ['sqs.receive'], async () => {
  if (sent.MD5OfMessageBody !== md5Hex(scenario.body) || received.MD5OfBody !== md5Hex(scenario.body)) throw new Error(`body digests ${sent.MD5OfMessageBody} ${received.MD5OfBody}`);
  expectDigests(scenario, sent.MD5OfMessageAttributes, received.MD5OfMessageAttributes);
  return 'body and attributes: checked here (the CLI checks neither)';
});
await checks.check('sqs.delete', ['sqs.receive'], async () => {
  await aws('sqs', 'delete-message', '--queue-url', queueUrl, '--receipt-handle', received.ReceiptHandle);
});
await checks.check('sqs.batch', ['sqs.create-queue'], async () => {
  const out = await aws('sqs', 'send-message-batch', '--queue-url', queueUrl, '--entries', JSON.stringify(scenario.batch.map((b, i) => ({ Id: `m${i}`, MessageBody: b }))));
  if (out.Successful?.length !== scenario.batch.length) throw new Error(`sent ${JSON.stringify(out)}`);
  const handles: string[] = [];
  await poll(async () => {
    const got = await aws('sqs', 'receive-message', '--queue-url', queueUrl, '--max-number-of-messages', '10', '--wait-time-seconds', '1');
    handles.push(...(got.Messages ?? []).map((m: any) => m.ReceiptHandle));
    return handles.length >= scenario.batch.length ? true : undefined;
  });
  const deleted = await aws('sqs', 'delete-message-batch', '--queue-url', queueUrl, '--entries', JSON.stringify(handles.map((h, i) => ({ Id: `d${i}`, ReceiptHandle: h }))));
  if (deleted.Successful?.length !== handles.length) throw new Error(`deleted ${JSON.stringify(deleted)}`);
  return `${scenario.batch.length} sent, received and deleted`;
});
await checks.check('sqs.fifo', [], async () => {
  const { QueueUrl } = await aws('sqs', 'create-queue', '--queue-name', name('f.fifo'), '--attributes', 'FifoQueue=true');
  for (const [i, b] of scenario.fifo.entries()) {
    await aws('sqs', 'send-message', '--queue-url', QueueUrl, '--message-body', b, '--message-group-id', 'g', '--message-deduplication-id', `d${i}`);
  }
  const out = await aws('sqs', 'receive-message', '--queue-url', QueueUrl, '--max-number-of-messages', '10', '--attribute-names', 'All');
  const bodies = (out.Messages ?? []).map((m: any) => m.Body);
  if (JSON.stringify(bodies) !== JSON.stringify(scenario.fifo)) throw new Error(`received ${JSON.stringify(bodies)} in that order`);
  if (!out.Messages.every((m: any) => m.Attributes?.MessageGroupId === 'g' && m.Attributes?.SequenceNumber)) throw new Error('FIFO attributes missing');
  return 'in order, with SequenceNumber';
});
/** The error code a failing command prints: "An error occurred (CODE) when calling the … operation". */
async function errorCode(codes: readonly string[], ...args: string[]): Promise<string> {
  const e = await failure(aws(...args));
  const code = /An error occurred \(([^)]+)\)/.exec(String(e?.stderr))?.[1];
  if (!code || !codes.includes(code)) throw new Error(`stderr: ${String(e?.stderr).trim()}`);
  return code;
}
await checks.check('sqs.error', [], () => errorCode(SQS_ERROR_CODES, 'sqs', 'get-queue-url', '--queue-name', name('missing')));

let topicArn = '';
let subQueueUrl = '';
await checks.check('sns.create-topic', [], async () => (topicArn = (await awsWatched('sns', 'sns', 'create-topic', '--name', name('t'))).TopicArn));
await checks.check('sns.subscribe', ['sns.create-topic'], async () => {
  subQueueUrl = (await aws('sqs', 'create-queue', '--queue-name', name('sub'))).QueueUrl;
  const { Attributes } = await aws('sqs', 'get-queue-attributes', '--queue-url', subQueueUrl, '--attribute-names', 'QueueArn');
  return (await aws('sns', 'subscribe', '--topic-arn', topicArn, '--protocol', 'sqs', '--notification-endpoint', Attributes.QueueArn, '--return-subscription-arn')).SubscriptionArn;
});
await checks.check('sns.envelope', ['sns.subscribe'], async () => {
  await aws('sns', 'publish', '--topic-arn', topicArn, '--message', scenario.notification, '--message-attributes', JSON.stringify({ kind: { DataType: 'String', StringValue: 'compat' } }));
  const body = await poll(async () => (await aws('sqs', 'receive-message', '--queue-url', subQueueUrl, '--wait-time-seconds', '1')).Messages?.[0]?.Body as string | undefined);
  return expectEnvelope(scenario, body, topicArn);
});
await checks.check('sns.error', ['sns.create-topic'], () => errorCode(SNS_ERROR_CODES, 'sns', 'get-topic-attributes', '--topic-arn', `${topicArn}-missing`));

const stream = name('s');
await checks.check('kinesis.create-stream', [], async () => {
  await awsWatched('kinesis', 'kinesis', 'create-stream', '--stream-name', stream, '--shard-count', '1');
  await poll(async () => ((await aws('kinesis', 'describe-stream-summary', '--stream-name', stream)).StreamDescriptionSummary.StreamStatus === 'ACTIVE' ? true : undefined));
  return 'ACTIVE';
});
await checks.check('kinesis.put-records', ['kinesis.create-stream'], async () => {
  const out = await aws('kinesis', 'put-records', '--stream-name', stream, '--records', JSON.stringify(given.records.map((r) => ({ Data: r, PartitionKey: 'pk' }))));
  if (out.FailedRecordCount) throw new Error(`${out.FailedRecordCount} records failed`);
  shard = out.Records[0].ShardId; // one call fewer than list-shards: each CLI call is a process
  return out.Records[0].SequenceNumber;
});
await checks.check('kinesis.get-records', ['kinesis.put-records'], async () => {
  const { ShardIterator } = await aws('kinesis', 'get-shard-iterator', '--stream-name', stream, '--shard-id', shard, '--shard-iterator-type', 'TRIM_HORIZON');
  const out = await aws('kinesis', 'get-records', '--shard-iterator', ShardIterator);
  const data: string[] = out.Records.map((r: any) => r.Data);
  if (JSON.stringify(data) !== JSON.stringify(scenario.records)) throw new Error(`records ${JSON.stringify(data)}, want ${JSON.stringify(scenario.records)} (base64)`);
  return 'data intact';
});
await checks.check('kinesis.error', [], () => errorCode(KINESIS_ERROR_CODES, 'kinesis', 'describe-stream-summary', '--stream-name', name('missing')));
// STS: who the access key is, a role of another account, and what its temporary credentials act as
// (judged in ../sts.ts). The session's calls go with AWS_SESSION_TOKEN in the environment.
let session: Record<string, string> | undefined;
const caller = ({ Account, Arn }: { Account?: string; Arn?: string }) => ({ Account, Arn });
await checks.reportGot('sts.caller-identity', [], async () => caller(await awsWatched('sts', 'sts', 'get-caller-identity')));
await checks.reportGot('sts.assume-role', [], async () => {
  const { Credentials: c, AssumedRoleUser } = await aws('sts', 'assume-role', '--role-arn', scenario.sts.roleArn, '--role-session-name', prefix);
  session = c;
  return { AccessKeyId: c?.AccessKeyId, SecretAccessKey: !!c?.SecretAccessKey, SessionToken: !!c?.SessionToken, AssumedRoleArn: AssumedRoleUser?.Arn };
});
await checks.reportGot('sts.session-identity', ['sts.assume-role'], async () => caller(await awsAs(session, 'sts', 'sts', 'get-caller-identity')));
await checks.reportGot('sts.session-sqs', ['sts.assume-role'], async () => {
  const queue = name('role-q');
  const { QueueUrl } = await awsAs(session, 'sqs', 'sqs', 'create-queue', '--queue-name', queue);
  const bySession = await awsAs(session, 'sqs', 'sqs', 'list-queues', '--queue-name-prefix', queue);
  const byKey = await aws('sqs', 'list-queues', '--queue-name-prefix', queue);
  return { QueueUrl, ListedBySession: bySession.QueueUrls ?? [], ListedByKey: byKey.QueueUrls ?? [] };
});
await checks.reportGot('sts.session-sns', ['sts.assume-role'], async () => ({ TopicArn: (await awsAs(session, 'sns', 'sns', 'create-topic', '--name', name('role-t'))).TopicArn }));
checks.done('AWS CLI', version.split(' ').filter((p) => /^(aws-cli|botocore)\//.test(p)).join(', '));
