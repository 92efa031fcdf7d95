import { StaleReplayPolicies, TopicGone, type ClaimedDelivery, type DeliveryState, type DeliveryStatus, type NewPublication, type PublishResult, type ReplayPolicies } from '../../services/sns/store.js';
import type { GroupCommit } from './group-commit.js';
import { read } from './read.js';
import type { SqliteSnsArchive } from './sns-archive.js';
import { STATE, STATE_NAMES, type prepare } from './sns-statements.js';

/**
 * The SNS outbox on SQLite (see services/sns/store.ts for its states): published messages, their
 * deliveries, claims and outcomes. Writes run in the group-commit writer, so a publish's message
 * and deliveries commit together, and wake-ups (`onDeliveriesAvailable`) run after the commit.
 *
 * No leases survive a restart: the engine owns the file (exclusive lock), so at open every lease
 * is stale (its holder was this file's previous process) and is released, making a crash's
 * in-flight deliveries due again.
 */
export class SqliteSnsOutbox {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly s: ReturnType<typeof prepare>,
    private readonly writer: GroupCommit,
    private readonly a: SqliteSnsArchive,
  ) {
    this.s.releaseLeases.run();
  }

  publish(topicId: number, messages: readonly NewPublication[], now: number, dedupWindowMs: number, replayPolicies?: ReplayPolicies): Promise<PublishResult[]> {
    return this.writer.submit(() => {
      if (this.s.topicExists.get(topicId) === undefined) throw new TopicGone(topicId);
      // In the writer, as replays are: a ReplayPolicy changed since the caller read it shows here.
      if (replayPolicies && !this.a.replayPoliciesAre(topicId, replayPolicies)) throw new StaleReplayPolicies();
      const out: PublishResult[] = [];
      for (const m of messages) {
        if (m.dedupKey !== null) {
          const hit = this.s.dedupHit.get(topicId, m.dedupKey, now) as { messageId: string; seq: number } | undefined;
          if (hit) {
            out.push({ messageId: hit.messageId, seq: hit.seq, duplicate: true });
            continue;
          }
        }
        const seq = this.s.insertMessage.get(topicId, m.messageId, m.payload) as number;
        for (const d of m.deliveries) this.s.insertDelivery.run(seq, m.messageId, d.subscriptionArn, d.target, d.groupKey, now);
        this.a.archive(topicId, seq, m, now);
        if (m.deliveries.length === 0) this.s.deleteMessage.run(seq); // AUTOINCREMENT: the seq is still never reused
        if (m.dedupKey !== null) this.s.putDedup.run(topicId, m.dedupKey, m.messageId, seq, now + dedupWindowMs);
        out.push({ messageId: m.messageId, seq, duplicate: false });
      }
      if (messages.some((m) => m.deliveries.length > 0)) this.writer.afterCommit(() => this.emit());
      return out;
    });
  }

  claimDeliveries(now: number, max: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.writer.submit(() => {
      const rows = this.s.claimable.all({ now, max }) as ClaimedDelivery[];
      return rows.map((r) => {
        this.s.lease.run(now + leaseMs, r.id);
        return { ...r, attempts: r.attempts + 1 };
      });
    });
  }

  completeDelivery(id: number, attempts: number, state: Exclude<DeliveryState, 'pending'>, error: string | null, now: number): Promise<boolean> {
    return this.writer.submit(() => {
      const seq = this.s.complete.get(STATE[state], error, now, id, attempts) as number | undefined;
      if (seq === undefined) return false;
      if (state !== 'delivered') this.a.failed(id);
      // The payload is only needed while a delivery of the message is pending.
      if (this.s.pendingOfMessage.get(seq) === undefined) this.s.deleteMessage.run(seq);
      return true;
    });
  }

  retryDelivery(id: number, attempts: number, nextAttemptAt: number, error: string): Promise<boolean> {
    return this.writer.submit(() => this.s.retry.run(nextAttemptAt, error, id, attempts).changes === 1);
  }

  deferDelivery(id: number, attempts: number, nextAttemptAt: number): Promise<boolean> {
    return this.writer.submit(() => this.s.defer.run(nextAttemptAt, id, attempts).changes === 1);
  }

  deliveriesOf(messageId: string): Promise<DeliveryStatus[]> {
    return read(() =>
      (this.s.deliveriesOf.all(messageId) as (Omit<DeliveryStatus, 'state'> & { state: number })[]).map((r) => ({
        ...r,
        state: STATE_NAMES[r.state]!,
      })),
    );
  }

  nextDeliveryAt(): Promise<number | null> {
    return read(() => (this.s.nextDue.get() as number | null | undefined) ?? null);
  }

  purge(finishedBefore: number, now: number): Promise<number> {
    return this.writer.submit(
      () =>
        this.s.purgeDeliveries.run(finishedBefore).changes + this.s.purgeMessages.run().changes + this.s.purgeDedup.run(now).changes + this.a.purge(now),
    );
  }

  onDeliveriesAvailable(listener: () => void): () => void {
    const entry = (): void => listener();
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  /** Wakes the dispatchers of this process. */
  emit(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch {
        // a listener only wakes a dispatcher; its failure must not fail the publish
      }
    }
  }
}
