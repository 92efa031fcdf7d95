import type { SnsDeps } from './context.js';
import { snsErrors } from './errors.js';
import { attributeSource, bodySource, matchesPolicy, type Scope } from './domain/filter-policy/index.js';
import { messageFor, type PreparedPublication, type Publication } from './domain/publication.js';
import { targetOf } from './delivery/target.js';
import type { PublishResult, SubscriptionRecord, TopicRecord } from './store.js';

/** AWS: FIFO topics deduplicate within five minutes. */
export const DEDUP_WINDOW_MS = 5 * 60_000;

/**
 * Records accepted messages in the outbox: for each, one delivery per confirmed subscription whose
 * filter policy matches it, all in one store transaction with the message itself. When this
 * resolves, the messages are durable and will be delivered (see store.ts).
 */
export async function recordPublications(deps: SnsDeps, topic: TopicRecord, prepared: readonly PreparedPublication[], now: number): Promise<PublishResult[]> {
  const subs = await deps.store.confirmedSubscriptions(topic.id);
  const messages = prepared.map(({ publication: p, dedupKey }) => ({
    messageId: p.messageId,
    dedupKey,
    payload: JSON.stringify(p),
    deliveries: subs
      .filter((s) => accepts(deps, s, p))
      .map((s) => ({
        subscriptionArn: s.arn,
        target: JSON.stringify(targetOf(s, topic)),
        // FIFO: each subscription receives each message group in order.
        groupKey: p.fifo ? `${s.arn}\n${p.groupId}` : null,
      })),
  }));
  try {
    return await deps.store.publish(topic.id, messages, now, DEDUP_WINDOW_MS);
  } catch (error) {
    // The engines refuse a publish to a topic deleted since we looked it up.
    if (!(await deps.store.getTopic(topic.arn))) throw snsErrors.topicNotFound();
    throw error;
  }
}

/** Whether a subscription's filter policy (if any) accepts the message. */
function accepts(deps: SnsDeps, sub: SubscriptionRecord, p: Publication): boolean {
  const text = sub.attributes.FilterPolicy;
  if (!text) return true;
  const scope = (sub.attributes.FilterPolicyScope ?? 'MessageAttributes') as Scope;
  let policy;
  try {
    policy = deps.filters.get(text, scope);
  } catch (error) {
    // Policies are validated when set; one that no longer compiles filters everything out.
    deps.log('warn', 'unusable filter policy', { subscription: sub.arn, error: String(error) });
    return false;
  }
  if (scope === 'MessageBody') return matchesPolicy(policy, bodySource(messageFor(p, sub.protocol)));
  const attributes: Record<string, { DataType: string; StringValue: string }> = {};
  for (const [k, a] of Object.entries(p.attributes ?? {})) attributes[k] = { DataType: a.Type, StringValue: a.Value };
  return matchesPolicy(policy, attributeSource(attributes));
}
