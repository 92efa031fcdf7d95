import type { RequestContext } from '../services/shared/service.js';
import { effectiveAttribute } from '../services/sqs/domain/queue-attributes.js';
import { parseQueueArn } from '../services/sqs/domain/queue-url.js';
import { defaultTopicPolicy } from '../services/sns/domain/policy.js';
import { call, parseJson, sameAttribute, type ResourceServices } from './resources-common.js';
import { compact, type Attributes, type QueueSpec, type ResourceSpec, type StreamSpec, type SubscriptionSpec, type TopicSpec } from './resources-spec.js';
import type { TriggerSpec } from './resources-spec-triggers.js';
import type { StreamTriggerSpec } from './resources-spec-stream-triggers.js';

/**
 * The queues, topics (with their subscriptions) and streams (with their consumers) of the
 * context's account and region, as a resource file: applying it to an empty server makes the same
 * resources. Only what differs from AWS's defaults is written; read-only attributes (ARNs, counts,
 * timestamps) are left out; dead-letter queues and SQS subscriptions of this account and region
 * are written by name, others by ARN; JSON-valued attributes are written as JSON.
 *
 * Not written, because the format has no place for them: messages and records, a topic's data
 * protection policy, SMS and mobile-push settings, Kinesis resource policies, encryption and
 * monitoring settings. A pending HTTP/S or email subscription is written with its endpoint only
 * (its attributes cannot be read before it is confirmed, as on AWS). A stream still CREATING is
 * written without its shard count (AWS shows no shards until it is ACTIVE).
 */
export async function exportResources(services: ResourceServices, ctx: RequestContext, triggersOf?: (queueArn: string) => readonly TriggerSpec[] | undefined, streamTriggersOf?: (streamArn: string) => readonly StreamTriggerSpec[] | undefined): Promise<ResourceSpec> {
  const where = 'export';
  const queues: QueueSpec[] = [];
  for (const url of await pages(services, ctx, 'sqs', 'ListQueues', { MaxResults: 1000 }, (p) => p.QueueUrls)) {
    const QueueUrl = url as string;
    const name = QueueUrl.slice(QueueUrl.lastIndexOf('/') + 1);
    const attributes = (await call(services, 'sqs', 'GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] }, ctx, where)).Attributes ?? {};
    const tags = (await call(services, 'sqs', 'ListQueueTags', { QueueUrl }, ctx, where)).Tags ?? {};
    // A queue's Lambda triggers are the server's configuration (runtime/triggers/): as the resource file declared them.
    const triggers = attributes.QueueArn === undefined ? undefined : triggersOf?.(attributes.QueueArn);
    queues.push(triggers === undefined ? queueSpec(name, attributes, tags, ctx) : { ...queueSpec(name, attributes, tags, ctx), triggers });
  }
  const topics: TopicSpec[] = [];
  for (const entry of await pages(services, ctx, 'sns', 'ListTopics', {}, (p) => p.Topics)) {
    const TopicArn = (entry as { TopicArn: string }).TopicArn;
    const attributes = (await call(services, 'sns', 'GetTopicAttributes', { TopicArn }, ctx, where)).Attributes ?? {};
    const listed = (await call(services, 'sns', 'ListTagsForResource', { ResourceArn: TopicArn }, ctx, where)).Tags ?? [];
    const subscriptions: SubscriptionSpec[] = [];
    for (const s of await pages(services, ctx, 'sns', 'ListSubscriptionsByTopic', { TopicArn }, (p) => p.Subscriptions)) {
      const { SubscriptionArn, Protocol, Endpoint } = s as { SubscriptionArn: string; Protocol: string; Endpoint: string };
      const shown = SubscriptionArn === 'PendingConfirmation' ? {} : (await call(services, 'sns', 'GetSubscriptionAttributes', { SubscriptionArn }, ctx, where)).Attributes ?? {};
      subscriptions.push(subscriptionSpec(Protocol, Endpoint, shown, ctx));
    }
    topics.push(topicSpec(TopicArn, attributes, listed, subscriptions, ctx));
  }
  const streams: StreamSpec[] = [];
  for (const StreamName of await streamNames(services, ctx)) {
    const d = (await call(services, 'kinesis', 'DescribeStreamSummary', { StreamName }, ctx, where)).StreamDescriptionSummary;
    const consumers = (await call(services, 'kinesis', 'ListStreamConsumers', { StreamARN: d.StreamARN }, ctx, where)).Consumers ?? [];
    const tags = (await call(services, 'kinesis', 'ListTagsForStream', { StreamName, Limit: 50 }, ctx, where)).Tags ?? [];
    const mode = d.StreamModeDetails.StreamMode;
    streams.push(
      compact({
        name: StreamName,
        mode,
        shards: mode === 'PROVISIONED' && d.StreamStatus !== 'CREATING' ? d.OpenShardCount : undefined,
        retentionHours: d.RetentionPeriodHours === 24 ? undefined : d.RetentionPeriodHours,
        consumers: nonEmpty(consumers.filter((c: { ConsumerStatus: string }) => c.ConsumerStatus !== 'DELETING').map((c: { ConsumerName: string }) => c.ConsumerName)),
        tags: nonEmpty(tagMap(tags)),
        // A stream's Lambda triggers, like a queue's: as the resource file declared them.
        triggers: streamTriggersOf?.(d.StreamARN),
      }),
    );
  }
  return compact({ version: 1 as const, queues: nonEmpty(queues), topics: nonEmpty(topics), streams: nonEmpty(streams) });
}

/** Read-only queue attributes GetQueueAttributes computes. */
const QUEUE_COMPUTED = new Set(['QueueArn', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed', 'CreatedTimestamp', 'LastModifiedTimestamp', 'FifoQueue']);

function queueSpec(name: string, shown: Record<string, string>, tags: Record<string, string>, ctx: RequestContext): QueueSpec {
  // AWS's default of each attribute for a queue of this kind (the key reuse period only with a key).
  const base = { ...(shown.FifoQueue === 'true' ? { FifoQueue: 'true' } : {}), ...(shown.KmsMasterKeyId ? { KmsMasterKeyId: shown.KmsMasterKeyId } : {}) };
  const attributes: Attributes = {};
  let deadLetter: QueueSpec['deadLetter'];
  for (const [k, v] of Object.entries(shown)) {
    // (The key itself is in `base` only for its reuse period's default: it is never a default.)
    if (QUEUE_COMPUTED.has(k) || (k !== 'KmsMasterKeyId' && v === effectiveAttribute(base, k))) continue;
    if (k === 'RedrivePolicy') {
      const p = JSON.parse(v) as { deadLetterTargetArn: string; maxReceiveCount: number };
      const dlq = localQueue(p.deadLetterTargetArn, ctx);
      if (dlq !== undefined) {
        deadLetter = { queue: dlq, maxReceiveCount: Number(p.maxReceiveCount) };
        continue;
      }
    }
    attributes[k] = asValue(v);
  }
  return compact({ name, attributes: nonEmpty(attributes), tags: nonEmpty(tags), deadLetter });
}

/** Topic attributes that are computed or read-only (FifoTopic: the name says it). */
const TOPIC_COMPUTED = new Set(['Owner', 'SubscriptionsConfirmed', 'SubscriptionsDeleted', 'SubscriptionsPending', 'TopicArn', 'EffectiveDeliveryPolicy', 'FifoTopic', 'BeginningArchiveTime']);

function topicSpec(arn: string, shown: Record<string, string>, tags: { Key: string; Value: string }[], subscriptions: SubscriptionSpec[], ctx: RequestContext): TopicSpec {
  const attributes: Attributes = {};
  for (const [k, v] of Object.entries(shown)) {
    if (TOPIC_COMPUTED.has(k)) continue;
    // The defaults GetTopicAttributes shows.
    if ((k === 'DisplayName' && v === '') || (k === 'ContentBasedDeduplication' && v === 'false')) continue;
    if (k === 'Policy' && sameAttribute(defaultTopicPolicy(arn, ctx.accountId), v)) continue;
    attributes[k] = asValue(v);
  }
  return compact({ name: arn.slice(arn.lastIndexOf(':') + 1), attributes: nonEmpty(attributes), tags: nonEmpty(tagMap(tags)), subscriptions: nonEmpty(subscriptions) });
}

/** Subscription attributes with a field of their own, or read-only. */
const SUBSCRIPTION_SHOWN = new Set([
  'ConfirmationWasAuthenticated', 'Endpoint', 'Owner', 'PendingConfirmation', 'Protocol', 'SubscriptionArn', 'SubscriptionPrincipal', 'TopicArn',
  'EffectiveDeliveryPolicy', 'ReplayStatus', 'RawMessageDelivery', 'FilterPolicy', 'FilterPolicyScope', 'RedrivePolicy',
]);

function subscriptionSpec(protocol: string, endpoint: string, shown: Record<string, string>, ctx: RequestContext): SubscriptionSpec {
  const queue = protocol === 'sqs' ? localQueue(endpoint, ctx) : undefined;
  const attributes: Attributes = {};
  for (const [k, v] of Object.entries(shown)) if (!SUBSCRIPTION_SHOWN.has(k)) attributes[k] = asValue(v);
  let deadLetter: SubscriptionSpec['deadLetter'];
  if (shown.RedrivePolicy !== undefined) {
    const target = (parseJson(shown.RedrivePolicy) as { deadLetterTargetArn?: string } | undefined)?.deadLetterTargetArn;
    const dlq = target === undefined ? undefined : localQueue(target, ctx);
    if (dlq !== undefined) deadLetter = { queue: dlq };
    else attributes.RedrivePolicy = asValue(shown.RedrivePolicy);
  }
  return compact({
    protocol,
    queue,
    endpoint: queue === undefined ? endpoint : undefined,
    rawMessageDelivery: shown.RawMessageDelivery === 'true' ? true : undefined,
    filterPolicy: shown.FilterPolicy === undefined ? undefined : (parseJson(shown.FilterPolicy) as Record<string, unknown>),
    filterPolicyScope: shown.FilterPolicy !== undefined && shown.FilterPolicyScope === 'MessageBody' ? ('MessageBody' as const) : undefined,
    deadLetter,
    attributes: nonEmpty(attributes),
  });
}

/** The name of a queue ARN of the context's account and region, else undefined. */
function localQueue(arn: string, ctx: RequestContext): string | undefined {
  const q = parseQueueArn(arn);
  return q && q.accountId === ctx.accountId && q.region === ctx.region ? q.name : undefined;
}

async function streamNames(services: ResourceServices, ctx: RequestContext): Promise<string[]> {
  const names: string[] = [];
  let ExclusiveStartStreamName: string | undefined;
  for (;;) {
    const page = await call(services, 'kinesis', 'ListStreams', { ExclusiveStartStreamName }, ctx, 'export');
    names.push(...(page.StreamNames ?? []));
    if (!page.HasMoreStreams || names.length === 0) return names;
    ExclusiveStartStreamName = names[names.length - 1];
  }
}

/** Every item of a NextToken-paged listing. */
async function pages(services: ResourceServices, ctx: RequestContext, service: 'sqs' | 'sns', operation: string, input: object, items: (page: any) => unknown[] | undefined): Promise<unknown[]> {
  const out: unknown[] = [];
  let NextToken: string | undefined;
  do {
    const page = await call(services, service, operation, { ...input, NextToken }, ctx, 'export');
    out.push(...(items(page) ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/** A JSON-valued attribute as JSON, anything else as AWS's string. */
function asValue(v: string): Attributes[string] {
  const parsed = parseJson(v);
  return parsed === undefined ? v : (parsed as Attributes[string]);
}

function tagMap(tags: readonly { Key: string; Value: string }[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}

function nonEmpty<T extends object>(v: T): T | undefined {
  return Object.keys(v).length === 0 ? undefined : v;
}
