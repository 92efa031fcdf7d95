import type { SnsDeps } from './context.js';
import { setOwn } from '../shared/own.js';
import { attributeSource, bodySource, matchesPolicy, type Scope } from './domain/filter-policy/index.js';
import { messageFor, type PreparedPublication, type Publication } from './domain/publication.js';
import { targetOf } from './delivery/target.js';
import type { FilteredOutReason } from './delivery/observer.js';
import { topicSettings } from './domain/topic-attributes.js';
import { pausedByReplay } from './domain/replay-policy.js';
import { StaleReplayPolicies, type PublishResult, type SubscriptionRecord, type TopicRecord } from './store.js';

/** AWS: FIFO topics deduplicate within five minutes. */
export const DEDUP_WINDOW_MS = 5 * 60_000;

/**
 * Fans accepted messages out. When this resolves, each message is in every matching confirmed
 * subscription's hands or durably in the outbox (store.ts): a Publish answered with success loses
 * nothing if the process dies right after.
 *
 * Two paths. The SQS subscriptions of a standard topic are delivered at once, in-process, before
 * the answer: the queue's own commit is what makes them durable, so they cost no outbox rows, no
 * claim and no completion (most of a publish's storage work otherwise). Everything else goes
 * through the outbox in one transaction with the message: HTTP/S (slow, retried, must never hold up
 * the publisher), recorded protocols, FIFO topics (the outbox keeps each message group in publish
 * order per subscription; concurrent publishes delivered at once could overtake each other), and
 * any immediate SQS delivery that failed — the dispatcher then retries it or dead-letters it under
 * the usual policy (its first outbox attempt repeats the failed one: a missing queue is looked up
 * twice before the dead-letter queue, which no client can see).
 */
export async function recordPublications(deps: SnsDeps, topic: TopicRecord, prepared: readonly PreparedPublication[], now: number): Promise<PublishResult[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fanOut(deps, topic, prepared, now);
    } catch (error) {
      // A ReplayPolicy changed under the publish (FIFO topics, see below): decide again on the new one.
      if (!(error instanceof StaleReplayPolicies) || attempt >= STALE_ATTEMPTS) throw error;
    }
  }
}

/** Publishes that found the topic's ReplayPolicies changed are tried this many times in all. */
const STALE_ATTEMPTS = 10;

async function fanOut(deps: SnsDeps, topic: TopicRecord, prepared: readonly PreparedPublication[], now: number): Promise<PublishResult[]> {
  const confirmed = await deps.store.confirmedSubscriptions(topic.id);
  // A subscription whose ReplayPolicy has an EndingPoint is paused after it (domain/replay-policy.ts).
  const subs = confirmed.filter((s) => !pausedByReplay(s.attributes, now));
  // FIFO topics (the only ones with ReplayPolicies): the store checks, in the publish's transaction,
  // that the policies this decision rests on are still the subscriptions' own (StaleReplayPolicies).
  const replayPolicies = prepared.some((x) => x.publication.fifo)
    ? Object.fromEntries(confirmed.filter((s) => s.attributes.ReplayPolicy !== undefined).map((s) => [s.arn, s.attributes.ReplayPolicy!]))
    : undefined;
  // ArchivePolicy (FIFO topics): archived in the publish's transaction, kept for the retention period.
  const retention = topicSettings(topic).archiveRetentionMs;
  const messages = await Promise.all(
    prepared.map(async ({ publication: p, dedupKey }) => {
      const matching = subs.filter((s) => {
        const rejected = filteredOut(deps, s, p);
        if (rejected !== undefined) deps.observer.filteredOut(topic.arn, rejected);
        return rejected === undefined;
      });
      const deliveries = [...matching.filter((s) => !deliversNow(s, p)), ...(await deliverNow(deps, p, matching.filter((s) => deliversNow(s, p))))];
      return {
        messageId: p.messageId,
        dedupKey,
        payload: deliveries.length > 0 || p.fifo ? JSON.stringify(p) : '',
        deliveries: deliveries.map((s) => ({
          subscriptionArn: s.arn,
          target: JSON.stringify(targetOf(s, topic)),
          // FIFO: each subscription receives each message group in order.
          groupKey: p.fifo ? groupKeyOf(s.arn, p.groupId) : null,
        })),
        archiveUntil: retention === null ? null : now + retention,
      };
    }),
  );
  // Standard topics need no sequence number: a message with nothing left to deliver is not stored.
  if (prepared.every((x) => !x.publication.fifo) && messages.every((m) => m.deliveries.length === 0)) {
    for (const x of prepared) deps.observer.published(topic.arn, x.size, x.publication);
    return messages.map((m) => ({ messageId: m.messageId, seq: 0, duplicate: false }));
  }
  // A topic deleted since we looked it up: the engines refuse with TopicGone, which the service's
  // handlers answer as a missing topic (index.ts).
  const results = await deps.store.publish(topic.id, messages, now, DEDUP_WINDOW_MS, replayPolicies);
  for (let i = 0; i < results.length; i++) if (!results[i]!.duplicate) deps.observer.published(topic.arn, prepared[i]!.size, prepared[i]!.publication);
  return results;
}

/** The outbox's FIFO ordering key: a subscription receives each message group in order. */
export function groupKeyOf(subscriptionArn: string, groupId: string | undefined): string {
  return `${subscriptionArn}\n${groupId}`;
}

function deliversNow(sub: SubscriptionRecord, p: Publication): boolean {
  return sub.protocol === 'sqs' && !p.fifo;
}

/** Delivers to the subscriptions' queues now; returns the subscriptions whose delivery failed (for the outbox). */
async function deliverNow(deps: SnsDeps, p: Publication, subs: readonly SubscriptionRecord[]): Promise<SubscriptionRecord[]> {
  if (subs.length === 0) return [];
  const results = await deps.deliverToQueues(
    p,
    subs.map((s) => ({ subscriptionArn: s.arn, raw: s.attributes.RawMessageDelivery === 'true', queueArn: s.endpoint })),
  );
  return subs.filter((s, i) => {
    const r = results[i]!;
    if (r.ok) deps.observer.delivered(p.topicArn);
    else deps.log('debug', 'sns: immediate delivery failed; left to the outbox', { subscription: s.arn, messageId: p.messageId, error: r.error });
    return !r.ok;
  });
}

/** Whether a subscription's filter policy (if any) accepts the message (live, or replayed: archive.ts). */
export function accepts(deps: SnsDeps, sub: SubscriptionRecord, p: Publication): boolean {
  return filteredOut(deps, sub, p) === undefined;
}

/**
 * Why a subscription's filter policy rejects the message (CloudWatch's NumberOfNotificationsFilteredOut
 * variants: delivery/observer.ts), or undefined when it accepts it.
 */
function filteredOut(deps: SnsDeps, sub: SubscriptionRecord, p: Publication): FilteredOutReason | undefined {
  const text = sub.attributes.FilterPolicy;
  if (!text) return undefined;
  const scope = (sub.attributes.FilterPolicyScope ?? 'MessageAttributes') as Scope;
  let policy;
  try {
    policy = deps.filters.get(text, scope);
  } catch (error) {
    // Policies are validated when set; one that no longer compiles filters everything out.
    deps.log('warn', 'unusable filter policy', { subscription: sub.arn, error: String(error) });
    return scope === 'MessageBody' ? 'MessageBody' : 'MessageAttributes';
  }
  if (scope === 'MessageBody') {
    const body = bodySource(messageFor(p, sub.protocol));
    if (matchesPolicy(policy, body)) return undefined;
    return body.any ? 'MessageBody' : 'InvalidMessageBody';
  }
  const attributes: Record<string, { DataType: string; StringValue: string }> = {};
  for (const [k, a] of Object.entries(p.attributes ?? {})) setOwn(attributes, k, { DataType: a.Type, StringValue: a.Value });
  if (matchesPolicy(policy, attributeSource(attributes))) return undefined;
  if (p.attributes === undefined || Object.keys(p.attributes).length === 0) return 'NoMessageAttributes';
  return Object.values(p.attributes).some((a) => a.Type === 'String.Array' && !isJsonArray(a.Value)) ? 'InvalidAttributes' : 'MessageAttributes';
}

/** A String.Array attribute's value must be a JSON array (AWS: otherwise FilteredOut-InvalidAttributes). */
function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}
