import type { SnsDeps } from './context.js';
import { accepts, groupKeyOf } from './fan-out.js';
import { targetOf } from './delivery/target.js';
import type { Publication } from './domain/publication.js';
import { replayWindow, type ReplayWindow } from './domain/replay-policy.js';
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
 * could not be delivered; Pending ("the default status when replay is initiated" [AWS docs]) while a
 * replay is recorded but not queued. Setting a new ReplayPolicy supersedes a running replay [AWS docs].
 *
 * Crashes. SetSubscriptionAttributes sets the policy and queues its replay in one transaction, and a
 * queued replay is outbox deliveries, which survive a restart like any other. Subscribe is two
 * steps (the subscription with its ReplayPolicy, then the replay): a crash between them leaves the
 * replay Pending, so `resumeReplays` queues such replays when the service starts and with each
 * housekeeping run. Subscribe's replay is `initial` (SnsStore.ReplayRequest): the store queues it
 * only while still pending, in the transaction that queues it, so Subscribe and resumers on any
 * number of nodes queue it once.
 */

/**
 * Starts (policy set) or stops (policy null) the subscription's replay; returns how many messages were
 * queued. `initial`: Subscribe's replay of a new subscription (see the header).
 */
export async function startReplay(
  deps: SnsDeps,
  topic: TopicRecord,
  sub: SubscriptionRecord,
  policy: { readonly text: string; readonly window: ReplayWindow } | null,
  initial = false,
): Promise<number> {
  const now = deps.clock.now();
  if (policy === null) return (await deps.store.replay(sub.id, null, now)) ?? 0;
  const select = (m: ArchivedMessage): ReplayDelivery | null => {
    const p = JSON.parse(m.payload) as Publication;
    if (!accepts(deps, sub, p)) return null;
    const replayed: Publication = { ...p, replay: { seq: m.seq } };
    return { subscriptionArn: sub.arn, target: JSON.stringify(targetOf(sub, topic)), groupKey: groupKeyOf(sub.arn, p.groupId), payload: JSON.stringify(replayed) };
  };
  const queued = await deps.store.replay(sub.id, { policy: policy.text, from: policy.window.from, to: policy.window.to ?? null, select, initial }, now);
  return queued ?? 0;
}

/** Pending replays read per page by resumeReplays. */
const RESUME_PAGE = 100;

/** Queues the replays Subscribe recorded but never queued (see the header); returns how many subscriptions it resumed. */
export async function resumeReplays(deps: SnsDeps): Promise<number> {
  let resumed = 0;
  for (let after = 0; ; ) {
    const subs = await deps.store.pendingReplays(after, RESUME_PAGE);
    for (const sub of subs) {
      const topic = await deps.store.getTopic(sub.topicArn);
      const text = sub.attributes.ReplayPolicy!;
      if (!topic) continue; // deleted meanwhile: its subscriptions went with it
      try {
        await startReplay(deps, topic, sub, { text, window: replayWindow(text) }, true);
        resumed++;
      } catch (error) {
        // One subscription's trouble (a stored policy that no longer parses) must not hold up the others.
        deps.log('warn', 'sns: could not resume a pending replay', { subscription: sub.arn, error: String(error) });
      }
    }
    if (subs.length < RESUME_PAGE) return resumed;
    after = subs[subs.length - 1]!.id;
  }
}

/** GetSubscriptionAttributes' ReplayStatus, for a subscription with a ReplayPolicy. */
export async function replayStatus(deps: SnsDeps, sub: SubscriptionRecord): Promise<string | undefined> {
  if (!sub.attributes.ReplayPolicy) return undefined;
  return (await deps.store.replayProgress(sub.arn)) ?? 'Pending';
}
