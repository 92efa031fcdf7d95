import type { SnsDeps } from './context.js';
import { accepts, groupKeyOf } from './fan-out.js';
import { targetOf } from './delivery/target.js';
import type { Publication } from './domain/publication.js';
import type { ReplayWindow } from './domain/replay-policy.js';
import type { ArchivedMessage, ReplayDelivery, SubscriptionRecord, TopicRecord } from './store.js';

/**
 * Replays a FIFO topic's archive to one subscription (AWS: "Amazon SNS message replay for FIFO topic
 * subscribers"). The store does it in one transaction ordered with the topic's publishes
 * (SnsStore.replay): it supersedes the subscription's earlier replay and its pending deliveries of
 * messages in the window, then queues each archived message of the window that the subscription's
 * filter policy accepts, in publish order, under the subscription's FIFO group keys. A replayed
 * message keeps its content, MessageId and Timestamp, and carries the Replayed marker [AWS docs];
 * it also keeps its SequenceNumber (publication.ts `replay`).
 *
 * ReplayStatus: Replaying while replayed deliveries are pending, then Completed, or Failed when one
 * could not be delivered; Pending only if a replay was recorded but never queued (a crash between
 * Subscribe's two steps). Setting a new ReplayPolicy supersedes a running replay [AWS docs].
 */

/** Starts (policy set) or stops (policy null) the subscription's replay; returns how many messages were queued. */
export async function startReplay(
  deps: SnsDeps,
  topic: TopicRecord,
  sub: SubscriptionRecord,
  policy: { readonly text: string; readonly window: ReplayWindow } | null,
): Promise<number> {
  const now = deps.clock.now();
  if (policy === null) return (await deps.store.replay(sub.id, null, now)) ?? 0;
  const select = (m: ArchivedMessage): ReplayDelivery | null => {
    const p = JSON.parse(m.payload) as Publication;
    if (!accepts(deps, sub, p)) return null;
    const replayed: Publication = { ...p, replay: { seq: m.seq } };
    return { subscriptionArn: sub.arn, target: JSON.stringify(targetOf(sub, topic)), groupKey: groupKeyOf(sub.arn, p.groupId), payload: JSON.stringify(replayed) };
  };
  const queued = await deps.store.replay(sub.id, { policy: policy.text, from: policy.window.from, to: policy.window.to ?? null, select }, now);
  return queued ?? 0;
}

/** GetSubscriptionAttributes' ReplayStatus, for a subscription with a ReplayPolicy. */
export async function replayStatus(deps: SnsDeps, sub: SubscriptionRecord): Promise<string | undefined> {
  if (!sub.attributes.ReplayPolicy) return undefined;
  return (await deps.store.replayProgress(sub.arn)) ?? 'Pending';
}
