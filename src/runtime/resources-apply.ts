import type { RequestContext } from '../services/shared/service.js';
import { parseQueueArn, queueArn } from '../services/sqs/domain/queue-url.js';
import { topicArn } from '../services/sns/domain/arn.js';
import { ConfigError } from './config.js';
import { attributeStrings, call, differences, lookup, parseJson, report, tagDifferences, type ApplySummary, type ResourceServices, type Run } from './resources-common.js';
import { checkSpec, type QueueSpec, type ResourceSpec, type SubscriptionSpec, type TopicSpec } from './resources-spec.js';
import { applyStream, type StreamWaits } from './resources-apply-streams.js';

/**
 * Reconciles a resource file with a server, idempotently: what the file declares is created if
 * missing and brought to what the file says if it differs (attributes, tags, subscriptions,
 * consumers, a stream's mode, shard count and retention). Nothing the file does not mention is
 * touched: no queue, topic, subscription, stream, consumer, attribute or tag is ever deleted or
 * reset. Everything goes through the services' operations in-process, as a client's request
 * would, in dependency order: dead-letter queues before the queues that use them, queues before
 * the subscriptions that deliver to them, a stream before its consumers.
 *
 * A failure stops the run with a ConfigError naming the place in the file; what was done before
 * it stays done, and applying the corrected file carries on from there.
 */

export interface ApplyOptions extends Partial<StreamWaits> {}

export async function applyResources(services: ResourceServices, spec: ResourceSpec, ctx: RequestContext, options: ApplyOptions = {}): Promise<ApplySummary> {
  // A spec built in code gets the checks a parsed file had.
  const checked = checkSpec(spec, (path, what) => {
    throw new ConfigError(`resources: ${path}: ${what}`);
  });
  const summary: ApplySummary = { created: [], updated: [], unchanged: [], pending: [] };
  const run = { services, ctx, summary };
  await checkQueueReferences(run, checked);
  for (const [q, index] of dependencyOrder(checked.queues ?? [], ctx)) await applyQueue(run, q, `queues[${index}]`);
  for (const [t, index] of (checked.topics ?? []).map((t, i) => [t, i] as const)) await applyTopic(run, t, `topics[${index}]`);
  const waits: StreamWaits = { sleep: options.sleep ?? sleep, timeoutMs: options.timeoutMs ?? 120_000 };
  for (const [s, index] of (checked.streams ?? []).map((s, i) => [s, i] as const)) await applyStream(run, s, `streams[${index}]`, waits);
  return summary;
}

/** One line for the log: `resources: 2 created (queue a, topic b), 1 updated (queue c (DelaySeconds)), 4 unchanged`. */
export function summaryLine(s: ApplySummary): string {
  const part = (n: number, what: string, items: readonly string[]) => (n === 0 ? [] : [`${n} ${what}${items.length > 0 ? ` (${items.join(', ')})` : ''}`]);
  const parts = [
    ...part(s.created.length, 'created', s.created),
    ...part(s.updated.length, 'updated', s.updated),
    ...part(s.pending.length, 'pending confirmation', s.pending),
    ...part(s.unchanged.length, 'unchanged', []),
  ];
  return `resources: ${parts.length === 0 ? 'nothing declared' : parts.join(', ')}`;
}

/** Every queue a name refers to is declared in the file or already on the server: checked before anything changes. */
async function checkQueueReferences(run: Run, spec: ResourceSpec): Promise<void> {
  const declared = new Set((spec.queues ?? []).map((q) => q.name));
  const refs: [string, string][] = [];
  (spec.queues ?? []).forEach((q, i) => q.deadLetter && refs.push([`queues[${i}].deadLetter.queue`, q.deadLetter.queue]));
  (spec.topics ?? []).forEach((t, i) =>
    (t.subscriptions ?? []).forEach((s, j) => {
      const path = `topics[${i}].subscriptions[${j}]`;
      if (s.queue !== undefined) refs.push([`${path}.queue`, s.queue]);
      if (s.deadLetter !== undefined) refs.push([`${path}.deadLetter.queue`, s.deadLetter.queue]);
    }),
  );
  for (const [path, name] of refs) {
    if (declared.has(name)) continue;
    const found = await lookup(run.services, 'sqs', 'GetQueueUrl', { QueueName: name }, run.ctx, path);
    if (!found) throw new ConfigError(`resources: ${path}: no queue named "${name}" in this file or on the server`);
  }
}

/**
 * The file's queues with their indexes, each dead-letter queue of this file before its sources:
 * named by `deadLetter`, or by ARN in a RedrivePolicy attribute (as fauxqs and goaws files have it).
 */
function dependencyOrder(queues: readonly QueueSpec[], ctx: RequestContext): [QueueSpec, number][] {
  const index = new Map(queues.map((q, i) => [q.name, i]));
  const done = new Set<string>();
  const out: [QueueSpec, number][] = [];
  const visit = (q: QueueSpec) => {
    if (done.has(q.name)) return;
    done.add(q.name); // a loop (which AWS would refuse anyway) ends here
    const dlq = index.get(deadLetterOf(q, ctx) ?? '');
    if (dlq !== undefined) visit(queues[dlq]!);
    out.push([q, index.get(q.name)!]);
  };
  queues.forEach(visit);
  return out;
}

function deadLetterOf(q: QueueSpec, ctx: RequestContext): string | undefined {
  if (q.deadLetter) return q.deadLetter.queue;
  const policy = q.attributes?.RedrivePolicy;
  const target = (typeof policy === 'string' ? parseJson(policy) : policy) as { deadLetterTargetArn?: unknown } | undefined;
  const arn = typeof target?.deadLetterTargetArn === 'string' ? parseQueueArn(target.deadLetterTargetArn) : undefined;
  return arn && arn.accountId === ctx.accountId && arn.region === ctx.region ? arn.name : undefined;
}

async function applyQueue(run: Run, q: QueueSpec, path: string): Promise<void> {
  const { services, ctx } = run;
  const where = `resources: ${path} (queue ${q.name})`;
  const wanted = attributeStrings(q.attributes);
  delete wanted.FifoQueue; // decided by the name (checkSpec)
  // AWS takes a RedrivePolicy's maxReceiveCount as a string too ("5") and answers a number: compare it as one.
  const redrive = wanted.RedrivePolicy === undefined ? undefined : (parseJson(wanted.RedrivePolicy) as { maxReceiveCount?: unknown } | undefined);
  if (redrive && typeof redrive.maxReceiveCount === 'string' && /^\d+$/.test(redrive.maxReceiveCount)) {
    wanted.RedrivePolicy = JSON.stringify({ ...redrive, maxReceiveCount: Number(redrive.maxReceiveCount) });
  }
  if (q.deadLetter) {
    wanted.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: queueArn(ctx.region, ctx.accountId, q.deadLetter.queue), maxReceiveCount: q.deadLetter.maxReceiveCount });
  }
  const found = await lookup(services, 'sqs', 'GetQueueUrl', { QueueName: q.name }, ctx, where);
  if (!found) {
    const attributes = q.name.endsWith('.fifo') ? { ...wanted, FifoQueue: 'true' } : wanted;
    await call(services, 'sqs', 'CreateQueue', { QueueName: q.name, Attributes: attributes, tags: q.tags }, ctx, where);
    return report(run, `queue ${q.name}`, 'created');
  }
  const QueueUrl: string = found.QueueUrl;
  const current = (await call(services, 'sqs', 'GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] }, ctx, where)).Attributes ?? {};
  const changed = differences(wanted, current);
  if (changed.length > 0) await call(services, 'sqs', 'SetQueueAttributes', { QueueUrl, Attributes: pick(wanted, changed) }, ctx, where);
  const tags = (await call(services, 'sqs', 'ListQueueTags', { QueueUrl }, ctx, where)).Tags ?? {};
  const retag = tagDifferences(q.tags, tags);
  if (retag.length > 0) await call(services, 'sqs', 'TagQueue', { QueueUrl, Tags: pick(q.tags!, retag) }, ctx, where);
  report(run, `queue ${q.name}`, [...changed, ...retag.map((k) => `tag ${k}`)]);
}

async function applyTopic(run: Run, t: TopicSpec, path: string): Promise<void> {
  const { services, ctx } = run;
  const where = `resources: ${path} (topic ${t.name})`;
  const TopicArn = topicArn(ctx.region, ctx.accountId, t.name);
  const wanted = attributeStrings(t.attributes);
  delete wanted.FifoTopic; // decided by the name (checkSpec)
  const current = await lookup(services, 'sns', 'GetTopicAttributes', { TopicArn }, ctx, where);
  if (!current) {
    const attributes = t.name.endsWith('.fifo') ? { ...wanted, FifoTopic: 'true' } : wanted;
    const Tags = Object.entries(t.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
    await call(services, 'sns', 'CreateTopic', { Name: t.name, Attributes: attributes, Tags: Tags.length > 0 ? Tags : undefined }, ctx, where);
    report(run, `topic ${t.name}`, 'created');
  } else {
    const changed = differences(wanted, current.Attributes ?? {});
    // SetTopicAttributes takes one attribute a call.
    for (const name of changed) await call(services, 'sns', 'SetTopicAttributes', { TopicArn, AttributeName: name, AttributeValue: wanted[name] }, ctx, where);
    const listed = (await call(services, 'sns', 'ListTagsForResource', { ResourceArn: TopicArn }, ctx, where)).Tags ?? [];
    const tags = Object.fromEntries(listed.map((x: { Key: string; Value: string }) => [x.Key, x.Value]));
    const retag = tagDifferences(t.tags, tags);
    if (retag.length > 0) {
      await call(services, 'sns', 'TagResource', { ResourceArn: TopicArn, Tags: retag.map((Key) => ({ Key, Value: t.tags![Key] })) }, ctx, where);
    }
    report(run, `topic ${t.name}`, [...changed, ...retag.map((k) => `tag ${k}`)]);
  }
  const existing = await subscriptionsOf(run, TopicArn, where);
  for (const [s, j] of (t.subscriptions ?? []).map((s, j) => [s, j] as const)) await applySubscription(run, t.name, TopicArn, s, existing, `${path}.subscriptions[${j}]`);
}

/** The topic's subscriptions by `protocol endpoint`: their ARN, or "PendingConfirmation". */
async function subscriptionsOf(run: Run, TopicArn: string, where: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let NextToken: string | undefined;
  do {
    const page = await call(run.services, 'sns', 'ListSubscriptionsByTopic', { TopicArn, NextToken }, run.ctx, where);
    for (const s of page.Subscriptions ?? []) out.set(`${s.Protocol} ${s.Endpoint}`, s.SubscriptionArn);
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

async function applySubscription(run: Run, topic: string, TopicArn: string, s: SubscriptionSpec, existing: Map<string, string>, path: string): Promise<void> {
  const { services, ctx } = run;
  const protocol = s.protocol ?? 'sqs';
  const endpoint = s.queue === undefined ? s.endpoint! : queueArn(ctx.region, ctx.accountId, s.queue);
  const label = `subscription ${topic} → ${s.queue === undefined ? `${protocol} ${endpoint}` : `queue ${s.queue}`}`;
  const where = `resources: ${path} (${label})`;
  const wanted = subscriptionAttributes(s, ctx);
  const arn = existing.get(`${protocol} ${endpoint}`);
  if (arn === undefined) {
    const input = { TopicArn, Protocol: protocol, Endpoint: endpoint, Attributes: wanted, ReturnSubscriptionArn: true };
    await call(services, 'sns', 'Subscribe', input, ctx, where);
    // HTTP/S and email wait for the endpoint's owner to confirm (AWS): created, but pending.
    if (['http', 'https', 'email', 'email-json'].includes(protocol)) run.summary.pending.push(label);
    else report(run, label, 'created');
    return;
  }
  // A pending subscription has no ARN to read or change (AWS): it is left as it is until confirmed.
  if (arn === 'PendingConfirmation') return void run.summary.pending.push(label);
  const current = (await call(services, 'sns', 'GetSubscriptionAttributes', { SubscriptionArn: arn }, ctx, where)).Attributes ?? {};
  if (current.FilterPolicy !== undefined) current.FilterPolicyScope ??= 'MessageAttributes';
  const changed = differences(wanted, current);
  const set = (AttributeName: string, AttributeValue: string) => call(services, 'sns', 'SetSubscriptionAttributes', { SubscriptionArn: arn, AttributeName, AttributeValue }, ctx, where);
  // A new policy is checked under the scope the subscription has when it is set: changing both
  // goes policy-less for a moment, so that neither the old policy meets the new scope nor the reverse.
  const both = changed.includes('FilterPolicy') && changed.includes('FilterPolicyScope');
  if (both && current.FilterPolicy !== undefined) await set('FilterPolicy', '');
  const scopeFirst = [...changed.filter((n) => n === 'FilterPolicyScope'), ...changed.filter((n) => n !== 'FilterPolicyScope')];
  for (const name of scopeFirst) await set(name, wanted[name]!);
  report(run, label, changed);
}

/** The attributes a subscription of the file asks for (only those it names). */
function subscriptionAttributes(s: SubscriptionSpec, ctx: RequestContext): Record<string, string> {
  const out = attributeStrings(s.attributes);
  if (s.rawMessageDelivery !== undefined) out.RawMessageDelivery = String(s.rawMessageDelivery);
  if (s.filterPolicyScope !== undefined) out.FilterPolicyScope = s.filterPolicyScope;
  if (s.filterPolicy !== undefined) out.FilterPolicy = JSON.stringify(s.filterPolicy);
  if (s.deadLetter !== undefined) out.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: queueArn(ctx.region, ctx.accountId, s.deadLetter.queue) });
  return out;
}

function pick(o: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, o[k]!]));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
