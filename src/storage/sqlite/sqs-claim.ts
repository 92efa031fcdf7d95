import { FAIR_UNGROUPED_WALK, fairOrder, type FairCandidate } from '../../services/sqs/fair.js';
import type { ClaimRequest, RedriveRule, StoredMessage } from '../../services/sqs/store.js';
import type { SeqCounter } from './sqs-seq.js';
import { MAX_BATCH, type ClaimRow, type Statements } from './sqs-statements.js';

/** Expired receive-attempt rows are pruned at most this often (by the clock the claims carry). */
const PRUNE_EVERY_MS = 1_000;

/**
 * claimVisible on SQLite. Every method runs inside a group-commit op (BEGIN IMMEDIATE), so what it
 * reads cannot change under it: claims in one process are serialised, and the engine's exclusive
 * file lock rules out other processes.
 *
 * - standard: the oldest visibleAt first, one indexed range read (the hot path), after one seek
 *   in the grouped-messages partial index that finds the queue holds no grouped message.
 * - fair (standard claims while the queue holds grouped messages; rule in services/sqs/fair.ts):
 *   in-flight counts per group (one range of the visibility index: the queue's in-flight and
 *   delayed rows), then per group (one seek each in sqs_messages_by_group) its first `max`
 *   visible messages in seq order, and up to `max` visible ungrouped ones among the first
 *   FAIR_UNGROUPED_WALK visible messages; the rows are read in full only for the messages taken.
 *   Cost: O(groups × max + in flight + FAIR_UNGROUPED_WALK), whatever the backlog.
 * - redrive: a visible row already received maxReceiveCount times is moved to the dead-letter
 *   queue (new seq, visible at once there) instead of returned, and the claim reads on.
 * - fifo: groups are visited round robin (binary group_id order, starting after the group the
 *   previous claim of the queue took from). A group with an unexpired in-flight message is
 *   skipped (one seek in the received-by-group index); otherwise its messages are taken in seq
 *   order from its head, expired ones skipped, stopping at the first one not yet visible (a
 *   delayed message holds back the ones after it). Cost: one seek per group visited plus the rows
 *   taken, whatever the backlog behind a blocked group.
 * - attempt: the receipts of the claim an attempt id names are kept in sqs_receive_attempts; a
 *   repeat within the window returns those messages as they are if each is still in flight under
 *   that receive, otherwise claims afresh. A claim that found nothing is not recorded, so a long
 *   poll repeating its attempt id still gets the messages that arrive meanwhile.
 */
export class SqliteClaims {
  /** Per FIFO queue, the group the previous claim took from. A fairness hint only (not persisted). */
  private readonly cursors = new Map<number, string>();
  private attemptsPrunedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly s: Statements,
    private readonly seqs: SeqCounter,
    /** Wakes the queue's waiters once the batch has committed. */
    private readonly wakeAfterCommit: (queueId: number) => void,
    /** Runs `fn` once the batch has committed (never if it rolls back). */
    private readonly afterCommit: (fn: () => void) => void,
  ) {}

  claim(queueId: number, request: ClaimRequest): StoredMessage[] {
    return request.attempt === undefined ? this.afresh(queueId, request) : this.withAttempt(queueId, request, request.attempt);
  }

  /** Drops what is kept for a deleted queue. */
  forget(queueId: number): void {
    this.cursors.delete(queueId);
  }

  private afresh(queueId: number, r: ClaimRequest): StoredMessage[] {
    if (r.ordering === 'fifo') return this.fifo(queueId, r);
    if (this.s.firstGroup.get(queueId) !== undefined) return this.fair(queueId, r);
    const { now } = r;
    const rows = this.s.claimable.all(queueId, now, now - r.retentionMs, r.max) as ClaimRow[];
    if (r.redrive !== undefined) return this.standardWithRedrive(queueId, r, r.redrive, rows);
    const n = rows.length;
    if (n === 0) return [];
    const visibleAt = now + r.visibilityTimeoutMs;
    const out: StoredMessage[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = claimed(rows[i]!, now, visibleAt);
    this.markClaimed(out, now, visibleAt);
    return out;
  }

  /** Makes the messages a claim returns in flight, as `claimed()` described them. Ends every claim that takes. */
  private markClaimed(out: readonly StoredMessage[], now: number, visibleAt: number): void {
    for (let i = 0; i < out.length; i += MAX_BATCH) {
      const n = Math.min(MAX_BATCH, out.length - i);
      const seqs: number[] = new Array(n);
      for (let j = 0; j < n; j++) seqs[j] = out[i + j]!.seq;
      this.s.markClaimed(n).run(visibleAt, now, ...seqs); // spread: arguments bind faster than array elements
    }
  }

  private standardWithRedrive(queueId: number, r: ClaimRequest, rule: RedriveRule, first: ClaimRow[]): StoredMessage[] {
    const { now, max } = r;
    const cutoff = now - r.retentionMs;
    const visibleAt = now + r.visibilityTimeoutMs;
    const redrive = new Redrive(this.s, this.seqs, rule, now);
    const out: StoredMessage[] = [];
    // Pages go on after the last row read (keyset); taken rows are marked only at the end.
    let rows = first;
    for (;;) {
      for (const row of rows) {
        if (redrive.moves(row)) continue;
        out.push(claimed(row, now, visibleAt));
        if (out.length === max) break;
      }
      if (out.length === max || rows.length < max) break;
      const last = rows[rows.length - 1]!;
      rows = this.s.claimableAfter.all(queueId, last[9], last[0], now, cutoff, max) as ClaimRow[];
    }
    this.markClaimed(out, now, visibleAt);
    this.finish(redrive);
    return out;
  }

  private fair(queueId: number, r: ClaimRequest): StoredMessage[] {
    const { now, max } = r;
    const cutoff = now - r.retentionMs;
    const visibleAt = now + r.visibilityTimeoutMs;
    const redrive = r.redrive === undefined ? undefined : new Redrive(this.s, this.seqs, r.redrive, now);
    const out: StoredMessage[] = [];
    // A pass takes candidates in fair order; if the redrive moved some and fewer than `max` are
    // taken, another pass (every move removes a message, so this ends) looks again.
    for (let marked = 0; ; ) {
      const movedBefore = redrive?.moved ?? 0;
      for (const c of fairOrder(this.fairCandidates(queueId, now, cutoff, max), this.inFlight(queueId, now, cutoff))) {
        const row = this.s.messageBySeq.get(c.seq, queueId) as ClaimRow;
        if (redrive?.moves(row)) continue;
        out.push(claimed(row, now, visibleAt));
        if (out.length === max) break;
      }
      this.markClaimed(out.slice(marked), now, visibleAt);
      marked = out.length;
      if (out.length === max || (redrive?.moved ?? 0) === movedBefore) break;
    }
    if (redrive) this.finish(redrive);
    return out;
  }

  private fairCandidates(queueId: number, now: number, cutoff: number, max: number): FairCandidate[] {
    const s = this.s;
    const out: FairCandidate[] = [];
    for (let g = s.firstGroup.get(queueId) as string | undefined; g !== undefined; g = s.groupAfter.get(queueId, g) as string | undefined) {
      for (const [seq, visibleAt] of s.fairGroupCandidates.all(queueId, g, now, cutoff, max) as [number, number][]) {
        out.push({ seq, groupId: g, visibleAt });
      }
    }
    for (const [seq, visibleAt] of s.fairUngroupedCandidates.all(queueId, now, FAIR_UNGROUPED_WALK, cutoff, max) as [number, number][]) {
      out.push({ seq, groupId: null, visibleAt });
    }
    return out;
  }

  private inFlight(queueId: number, now: number, cutoff: number): { byGroup: Map<string, number>; total: number } {
    const byGroup = new Map<string, number>();
    let total = 0;
    for (const [g, n] of this.s.fairInFlight.all(queueId, now, cutoff) as [string | null, number][]) {
      total += n;
      if (g !== null) byGroup.set(g, n);
    }
    return { byGroup, total };
  }

  private fifo(queueId: number, r: ClaimRequest): StoredMessage[] {
    const run: FifoRun = {
      queueId,
      now: r.now,
      cutoff: r.now - r.retentionMs,
      visibleAt: r.now + r.visibilityTimeoutMs,
      max: r.max,
      out: [],
      redrive: r.redrive === undefined ? undefined : new Redrive(this.s, this.seqs, r.redrive, r.now),
      servedGroup: undefined,
    };
    const s = this.s;
    const cursor = this.cursors.get(queueId);
    // groups after the cursor, then (wrapping around) the groups up to and including it
    let group = (cursor === undefined ? s.firstGroup.get(queueId) : s.groupAfter.get(queueId, cursor)) as string | undefined;
    while (group !== undefined && run.out.length < run.max) {
      this.serveGroup(run, group);
      group = s.groupAfter.get(queueId, group) as string | undefined;
    }
    if (cursor !== undefined) {
      group = s.firstGroupUpTo.get(queueId, cursor) as string | undefined;
      while (group !== undefined && run.out.length < run.max) {
        this.serveGroup(run, group);
        group = s.groupAfterUpTo.get(queueId, group, cursor) as string | undefined;
      }
    }
    if (run.servedGroup !== undefined) this.cursors.set(queueId, run.servedGroup);
    this.markClaimed(run.out, run.now, run.visibleAt);
    if (run.redrive) this.finish(run.redrive);
    return run.out;
  }

  private serveGroup(run: FifoRun, group: string): void {
    const { queueId, now, cutoff, out } = run;
    if (this.s.groupInFlight.get(queueId, group, now, cutoff) !== undefined) return;
    let after = 0;
    for (;;) {
      const want = run.max - out.length;
      const rows = this.s.groupMessages.all(queueId, group, after, want) as ClaimRow[];
      for (const row of rows) {
        after = row[0];
        if (row[8] <= cutoff) continue; // expired: invisible to everything
        if (row[9] > now) return; // delayed: the group's order holds the rest back
        if (run.redrive?.moves(row)) continue;
        out.push(claimed(row, now, run.visibleAt)); // marked in flight when the claim ends
        run.servedGroup = group;
        if (out.length === run.max) return;
      }
      if (rows.length < want) return;
    }
  }

  private withAttempt(queueId: number, r: ClaimRequest, attempt: { readonly id: string; readonly windowMs: number }): StoredMessage[] {
    const { now } = r;
    const previous = this.s.attempt.get(queueId, attempt.id) as { claimedAt: number; receipts: string } | undefined;
    if (previous !== undefined && now - previous.claimedAt < attempt.windowMs) {
      const again = this.replay(queueId, JSON.parse(previous.receipts) as number[], now, now - r.retentionMs);
      if (again !== undefined) return again;
    }
    const out = this.afresh(queueId, r);
    if (out.length > 0) {
      const receipts: number[] = [];
      for (const m of out) receipts.push(m.seq, m.receiveCount);
      this.s.recordAttempt.run(queueId, attempt.id, now, JSON.stringify(receipts));
      if (now - this.attemptsPrunedAt >= PRUNE_EVERY_MS || now < this.attemptsPrunedAt) {
        this.s.pruneAttempts.run(now - attempt.windowMs);
        this.attemptsPrunedAt = now;
      }
    }
    return out;
  }

  /** The messages of a recorded claim ([seq, receiveCount, …]) if every one is still in flight under that receive. */
  private replay(queueId: number, receipts: readonly number[], now: number, cutoff: number): StoredMessage[] | undefined {
    const out: StoredMessage[] = [];
    for (let i = 0; i < receipts.length; i += 2) {
      const row = this.s.messageBySeq.get(receipts[i], queueId) as ClaimRow | undefined;
      if (row === undefined || row[12] !== receipts[i + 1] || row[9] <= now || row[8] <= cutoff) return undefined;
      out.push(message(row, row[9], row[12], row[13]));
    }
    return out;
  }

  private finish(redrive: Redrive): void {
    if (redrive.moved === 0) return;
    this.seqs.seal();
    this.wakeAfterCommit(redrive.rule.deadLetterQueueId);
    const { onMoved } = redrive.rule;
    if (onMoved) {
      const messages = redrive.movedMessages;
      this.afterCommit(() => onMoved(messages));
    }
  }
}

interface FifoRun {
  readonly queueId: number;
  readonly now: number;
  readonly cutoff: number;
  readonly visibleAt: number;
  readonly max: number;
  readonly out: StoredMessage[];
  readonly redrive: Redrive | undefined;
  /** The last group a message was taken from. */
  servedGroup: string | undefined;
}

/** The redrive rule of one claim. */
class Redrive {
  moved = 0;
  /** The messages moved, as they were stored (kept only for a rule with onMoved). */
  readonly movedMessages: StoredMessage[] = [];
  /** Whether the dead-letter queue exists; looked up once, when the first row qualifies. */
  private target: boolean | undefined;

  constructor(
    private readonly s: Statements,
    private readonly seqs: SeqCounter,
    readonly rule: RedriveRule,
    private readonly now: number,
  ) {}

  /**
   * Moves the (visible) row to the dead-letter queue if it has been received maxReceiveCount times;
   * returns whether it did. If the dead-letter queue is gone, nothing moves: the row is claimed.
   */
  moves(row: ClaimRow): boolean {
    if (row[12] < this.rule.maxReceiveCount) return false;
    this.target ??= this.s.queueExists.get(this.rule.deadLetterQueueId) !== undefined;
    if (!this.target) return false;
    this.s.redrive.run(this.seqs.take(), this.rule.deadLetterQueueId, this.now, this.rule.sourceArn, row[0]);
    this.moved++;
    if (this.rule.onMoved) this.movedMessages.push(storedMessage(row));
    return true;
  }
}

/** The row as it is once this receive has marked it (markClaimed). */
function claimed(r: ClaimRow, now: number, visibleAt: number): StoredMessage {
  return message(r, visibleAt, r[12] + 1, r[13] ?? now);
}

/** A stored message from a raw row, as it is stored. */
export function storedMessage(r: ClaimRow): StoredMessage {
  return message(r, r[9], r[12], r[13]);
}

/** A stored message from a raw row, with the given receive state. */
function message(r: ClaimRow, visibleAt: number, receiveCount: number, firstReceiveAt: number | null): StoredMessage {
  return {
    seq: r[0],
    messageId: r[1],
    body: r[2],
    md5OfBody: r[3],
    messageAttributes: r[4],
    md5OfMessageAttributes: r[5],
    systemAttributes: r[6],
    senderId: r[7],
    sentAt: r[8],
    visibleAt,
    groupId: r[10],
    dedupId: r[11],
    receiveCount,
    firstReceiveAt,
    deadLetterSourceArn: r[14],
  };
}
