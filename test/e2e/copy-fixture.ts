/**
 * The store `copy.test.ts` moves between engines: filled through the SDKs with all three
 * services, and read back (`snapshot`) through the SDKs and the peek endpoint in a form that two
 * servers over the same data answer alike (names instead of URLs, which carry the port).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import {
  CreatePlatformApplicationCommand,
  CreatePlatformEndpointCommand,
  CreateTopicCommand,
  GetEndpointAttributesCommand,
  GetPlatformApplicationAttributesCommand,
  ListEndpointsByPlatformApplicationCommand,
  ListPlatformApplicationsCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetResourcePolicyCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  ListStreamConsumersCommand,
  ListStreamsCommand,
  ListTagsForStreamCommand,
  PutRecordsCommand,
  PutResourcePolicyCommand,
  RegisterStreamConsumerCommand,
  SplitShardCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { waitUntilActive } from '../helpers/kinesis.js';
import type { Subscriber } from '../helpers/sns-http.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

export interface Clients {
  readonly url: string;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly kinesis: KinesisClient;
  destroy(): void;
}

export function clientsFor(url: string): Clients {
  const base = { endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 };
  const sqs = new SQSClient(base);
  const sns = new SNSClient(base);
  const kinesis = new KinesisClient({ ...base, requestHandler: new NodeHttpHandler() });
  return { url, sqs, sns, kinesis, destroy: () => [sqs, sns, kinesis].forEach((c) => c.destroy()) };
}

/** Runs the real CLI (`node --import tsx src/cli/run.ts …`); resolves with its exit code and output. */
export function runCli(args: readonly string[], timeoutMs = 120_000, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const entry = fileURLToPath(new URL('../../src/cli/run.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`switchyard ${args.join(' ')} did not end within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export const HOOK_PATH = '/hook';
/** The subscription's HTTP retries, fast enough for a test: every second, for long. */
const FAST_RETRIES = JSON.stringify({ healthyRetryPolicy: { minDelayTarget: 1, maxDelayTarget: 1, numRetries: 100, numNoDelayRetries: 0, numMinDelayRetries: 100, numMaxDelayRetries: 0, backoffFunction: 'linear' } });
export const HALF_HASH = '170141183460469231731687303715884105728';

/** What `fill` did, for the checks on the copy. */
export interface Filled {
  /** `orders`: the messages left visible, as sent (id, body, MD5s, attributes). */
  readonly visible: readonly { id: string; body: string; md5: string; md5Attributes: string; attributes: Record<string, MessageAttributeValue> }[];
  /** `orders`: the messages received with a 600 s visibility timeout, with the receipt handles they were given. */
  readonly inFlight: readonly Message[];
  /** `jobs.fifo`: MessageId by body; the message `a` in flight under ReceiveRequestAttemptId `att-1`. */
  readonly fifoIds: Readonly<Record<string, string>>;
  /** `per-group.fifo` (DeduplicationScope messageGroup): the id of body `same` in each group. */
  readonly perGroupIds: Readonly<Record<string, string>>;
  /** The poison message's id, now in `orders-dlq`. */
  readonly deadLetterId: string;
  readonly topicArn: string;
  /** The HTTP subscription's ARN; `pending-1` was published while the endpoint failed. */
  readonly httpSubscriptionArn: string;
  /** A TRIM_HORIZON iterator of the closed parent shard, taken before the copy. */
  readonly parentIterator: string;
}

const attrs = (i: number): Record<string, MessageAttributeValue> => ({
  n: { DataType: 'Number', StringValue: String(i * 1.5) },
  s: { DataType: 'String', StringValue: `value ${i} ✓` },
  b: { DataType: 'Binary', BinaryValue: Buffer.from([0, i, 255]) },
});

/**
 * Fills a server with every kind of state `switchyard copy` must carry. The HTTP endpoint
 * answers 500 at the end, with `pending-1` still to be delivered (in the outbox).
 */
export async function fill(c: Clients, hook: Subscriber): Promise<Filled> {
  const { sqs, sns, kinesis } = c;
  // ---- SQS: a DLQ with a dead letter; a queue with visible and in-flight messages; a FIFO queue.
  const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'orders-dlq' }))).QueueUrl!;
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const redrive = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 });
  const ordersUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'orders', Attributes: { RedrivePolicy: redrive, VisibilityTimeout: '30' }, tags: { team: 'shop', tier: 'gold' } }))).QueueUrl!;
  const poisonUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'poison', Attributes: { RedrivePolicy: redrive } }))).QueueUrl!;
  const poison = await sqs.send(new SendMessageCommand({ QueueUrl: poisonUrl, MessageBody: 'poison pill' }));
  await sqs.send(new ReceiveMessageCommand({ QueueUrl: poisonUrl, VisibilityTimeout: 0 }));
  // The second receive finds the receive count at maxReceiveCount: the message moves to the DLQ.
  assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: poisonUrl, WaitTimeSeconds: 0 }))).Messages, undefined);

  const sent = [];
  for (let i = 0; i < 6; i++) {
    const body = `order ${i}: ${'x'.repeat(i * 100)}`;
    const r = await sqs.send(new SendMessageCommand({ QueueUrl: ordersUrl, MessageBody: body, MessageAttributes: attrs(i) }));
    sent.push({ id: r.MessageId!, body, md5: r.MD5OfMessageBody!, md5Attributes: r.MD5OfMessageAttributes!, attributes: attrs(i) });
  }
  const inFlight = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: ordersUrl, MaxNumberOfMessages: 2, VisibilityTimeout: 600, MessageAttributeNames: ['All'] }))).Messages!;
  assert.equal(inFlight.length, 2);
  const visible = sent.filter((m) => !inFlight.some((f) => f.MessageId === m.id));

  // A queue deleted a moment ago: its name stays taken for 60 s (QueueDeletedRecently).
  await sqs.send(new DeleteQueueCommand({ QueueUrl: (await sqs.send(new CreateQueueCommand({ QueueName: 'gone' }))).QueueUrl }));

  const fifoUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'jobs.fifo', Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } }))).QueueUrl!;
  const fifoIds: Record<string, string> = {};
  for (const [body, group] of [['a', 'g1'], ['b', 'g1'], ['c', 'g1'], ['d', 'g2']] as const) {
    fifoIds[body] = (await sqs.send(new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: body, MessageGroupId: group }))).MessageId!;
  }
  // A duplicate within the window: the original's id, nothing stored.
  assert.equal((await sqs.send(new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: 'a', MessageGroupId: 'g1' }))).MessageId, fifoIds.a);
  const perGroupUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'per-group.fifo', Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' } }))).QueueUrl!;
  const perGroupIds: Record<string, string> = {};
  for (const group of ['g1', 'g2']) perGroupIds[group] = (await sqs.send(new SendMessageCommand({ QueueUrl: perGroupUrl, MessageBody: 'same', MessageGroupId: group }))).MessageId!;
  assert.notEqual(perGroupIds.g1, perGroupIds.g2);
  const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: fifoUrl, MaxNumberOfMessages: 1, VisibilityTimeout: 600, ReceiveRequestAttemptId: 'att-1' }));
  assert.equal(first.Messages?.[0]?.Body, 'a');

  // ---- SNS: a topic with an SQS subscription (filter policy) and a confirmed HTTP subscription.
  // Its DisplayName holds U+0000, which PostgreSQL's jsonb cannot: the copy must carry it across.
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'events', Attributes: { DisplayName: 'Ev\u0000ents' }, Tags: [{ Key: 'env', Value: 'test' }] }))).TopicArn!;
  const eventsUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'events-q' }))).QueueUrl!;
  const eventsArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: eventsUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: eventsArn, Attributes: { FilterPolicy: JSON.stringify({ kind: ['x'] }) } }));
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: `${hook.url}${HOOK_PATH}`, Attributes: { DeliveryPolicy: FAST_RETRIES } }));
  const [confirmation] = await hook.waitFor(HOOK_PATH, 1);
  const confirmed = await fetch(confirmation!.json.SubscribeURL);
  const httpSubscriptionArn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(await confirmed.text())![1]!;
  await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'first', MessageAttributes: { kind: { DataType: 'String', StringValue: 'x' } } }));
  await hook.waitFor(HOOK_PATH, 2);
  assert.equal((await receiveAll(sqs, eventsUrl, 1))[0]!.Body!.includes('"Message" : "first"'), true);
  // The endpoint fails from now on: `pending-1` stays in the outbox, retried every second.
  hook.respond(HOOK_PATH, 500);
  await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'pending-1', MessageAttributes: { kind: { DataType: 'String', StringValue: 'y' } } }));
  await hook.waitFor(HOOK_PATH, 3);
  // Mobile push (recorded, not sent) and a FIFO topic that archives what is published.
  const app = await sns.send(new CreatePlatformApplicationCommand({ Name: 'app', Platform: 'GCM', Attributes: { PlatformCredential: 'server-key' } }));
  const endpoint = await sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: app.PlatformApplicationArn, Token: 'device-1', CustomUserData: 'alice' }));
  await sns.send(new PublishCommand({ TargetArn: endpoint.EndpointArn, Message: 'push!' }));
  const archived = await sns.send(new CreateTopicCommand({ Name: 'archived.fifo', Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true', ArchivePolicy: JSON.stringify({ MessageRetentionPeriod: '7' }) } }));
  for (const m of ['one', 'two']) await sns.send(new PublishCommand({ TopicArn: archived.TopicArn, Message: m, MessageGroupId: 'g' }));

  // ---- Kinesis: a stream split after five records, five more records, a consumer, tags.
  await kinesis.send(new CreateStreamCommand({ StreamName: 'clicks', ShardCount: 1 }));
  await waitUntilActive(kinesis, 'clicks');
  await putRecords(kinesis, 'before', 5);
  await kinesis.send(new SplitShardCommand({ StreamName: 'clicks', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: HALF_HASH }));
  await waitUntilActive(kinesis, 'clicks');
  await putRecords(kinesis, 'after', 5);
  // A partition key with U+0000 (PostgreSQL stores a chunk's keys marked: unstorable-text.ts).
  await kinesis.send(new PutRecordsCommand({ StreamName: 'clicks', Records: [{ PartitionKey: 'after-nul\u0000key', Data: Buffer.from('nul') }] }));
  const streamArn = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'clicks' }))).StreamDescriptionSummary!.StreamARN!;
  await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: 'c1' }));
  for (let i = 0; i < 200; i++) {
    const d = await kinesis.send(new DescribeStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: 'c1' }));
    if (d.ConsumerDescription!.ConsumerStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await kinesis.send(new AddTagsToStreamCommand({ StreamName: 'clicks', Tags: { owner: 'web' } }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kinesis:GetRecords', Resource: streamArn }] };
  await kinesis.send(new PutResourcePolicyCommand({ ResourceARN: streamArn, Policy: JSON.stringify(policy) }));
  const parentIterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: 'clicks', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!;
  return { visible, inFlight, fifoIds, perGroupIds, deadLetterId: poison.MessageId!, topicArn, httpSubscriptionArn, parentIterator };
}

export async function putRecords(kinesis: KinesisClient, prefix: string, n: number): Promise<void> {
  const Records = Array.from({ length: n }, (_, i) => ({ PartitionKey: `${prefix}-${i}`, Data: Buffer.from([i, 0, 200, ...Buffer.from(`${prefix} ${i}`)]) }));
  const r = await kinesis.send(new PutRecordsCommand({ StreamName: 'clicks', Records }));
  assert.equal(r.FailedRecordCount, 0);
}

/** Receives until `count` messages arrived (visibility 600 s), failing after 10 s. */
export async function receiveAll(sqs: SQSClient, queueUrl: string, count: number, extra: { ReceiveRequestAttemptId?: string } = {}): Promise<Message[]> {
  const got: Message[] = [];
  const deadline = Date.now() + 10_000;
  while (got.length < count) {
    assert.ok(Date.now() < deadline, `only ${got.length} of ${count} messages in ${queueUrl}`);
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 600, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'], ...extra }));
    got.push(...(r.Messages ?? []));
  }
  return got;
}

export async function queueUrl(sqs: SQSClient, name: string): Promise<string> {
  return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
}

/** Everything the three services show of the store, keyed by names (no URLs, which carry the port). */
export async function snapshot(c: Clients): Promise<unknown> {
  const { sqs, sns, kinesis } = c;
  const queues: Record<string, unknown> = {};
  for (const url of ((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).sort()) {
    const name = url.slice(url.lastIndexOf('/') + 1);
    const attributes = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes;
    const tags = (await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags;
    const peek = await fetch(`${c.url}/_switchyard/sqs/messages?limit=1000&QueueUrl=${encodeURIComponent(url)}`);
    assert.equal(peek.status, 200);
    queues[name] = { attributes, tags, messages: ((await peek.json()) as { messages: unknown[] }).messages };
  }
  const topics: Record<string, unknown> = {};
  for (const t of (await sns.send(new ListTopicsCommand({}))).Topics ?? []) {
    topics[t.TopicArn!] = {
      attributes: (await sns.send(new GetTopicAttributesCommand({ TopicArn: t.TopicArn }))).Attributes,
      tags: (await sns.send(new ListTagsForResourceCommand({ ResourceArn: t.TopicArn }))).Tags,
    };
  }
  const subscriptions: Record<string, unknown> = {};
  for (const s of (await sns.send(new ListSubscriptionsCommand({}))).Subscriptions ?? []) {
    subscriptions[s.SubscriptionArn!] = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: s.SubscriptionArn }))).Attributes;
  }
  const recorded = await fetch(`${c.url}/_switchyard/sns/recorded?limit=1000`);
  assert.equal(recorded.status, 200);
  const applications: Record<string, unknown> = {};
  for (const a of (await sns.send(new ListPlatformApplicationsCommand({}))).PlatformApplications ?? []) {
    const endpoints: Record<string, unknown> = {};
    for (const e of (await sns.send(new ListEndpointsByPlatformApplicationCommand({ PlatformApplicationArn: a.PlatformApplicationArn }))).Endpoints ?? []) {
      endpoints[e.EndpointArn!] = (await sns.send(new GetEndpointAttributesCommand({ EndpointArn: e.EndpointArn }))).Attributes;
    }
    applications[a.PlatformApplicationArn!] = { attributes: (await sns.send(new GetPlatformApplicationAttributesCommand({ PlatformApplicationArn: a.PlatformApplicationArn }))).Attributes, endpoints };
  }
  const streams: Record<string, unknown> = {};
  for (const name of (await kinesis.send(new ListStreamsCommand({}))).StreamNames ?? []) {
    const summary = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    const shards = (await kinesis.send(new ListShardsCommand({ StreamName: name }))).Shards ?? [];
    const records: Record<string, unknown[]> = {};
    for (const shard of shards) records[shard.ShardId!] = await shardRecords(kinesis, name, shard.ShardId!);
    const consumers = (await kinesis.send(new ListStreamConsumersCommand({ StreamARN: summary.StreamARN }))).Consumers;
    const tags = (await kinesis.send(new ListTagsForStreamCommand({ StreamName: name }))).Tags;
    const policy = (await kinesis.send(new GetResourcePolicyCommand({ ResourceARN: summary.StreamARN }))).Policy;
    streams[name] = { summary, shards, records, consumers, tags, policy };
  }
  return { queues, topics, subscriptions, recorded: await recorded.json(), applications, streams };
}

/** A shard's records from TRIM_HORIZON: sequence number, key, data, arrival. */
export async function shardRecords(kinesis: KinesisClient, stream: string, shardId: string): Promise<{ seq: string; key: string; data: string; at: number }[]> {
  let iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  const out = [];
  for (let i = 0; i < 50 && iterator; i++) {
    const r = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
    for (const rec of r.Records ?? []) {
      out.push({ seq: rec.SequenceNumber!, key: rec.PartitionKey!, data: Buffer.from(rec.Data!).toString('base64'), at: rec.ApproximateArrivalTimestamp!.getTime() });
    }
    if ((r.Records ?? []).length === 0 && r.MillisBehindLatest === 0) break;
    iterator = r.NextShardIterator;
  }
  return out;
}

/** Makes a message visible again by its receipt handle (a receipt from before the copy). */
export async function release(sqs: SQSClient, queue: string, message: Message): Promise<void> {
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queue, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));
}
