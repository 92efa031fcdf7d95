import type pg from 'pg';
import { FAIR_UNGROUPED_WALK, fairOrder, type FairCandidate } from '../../services/sqs/fair.js';
import type { ClaimRequest, StoredMessage } from '../../services/sqs/store.js';
import * as FAIR from './sqs-fair-sql.js';
import { toMessage, type MessageRow } from './sqs-rows.js';
import { REDRIVE_LOOKAHEAD } from './sqs-fifo.js';

/** The store's retrying named query (sql.ts runNamed on its pool). */
export type Run = <R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) => Promise<pg.QueryResult<R>>;

/** Candidate reads a fair claim may make before it returns what it has. */
const FAIR_PASSES = 4;

/**
 * A fair claim: candidates and in-flight counts (one statement), fair order in JS, then the
 * claim in that order (one statement). Another pass follows when fewer than `max` were claimed
 * and the claim lost candidates to concurrent claims or moved some to the dead-letter queue —
 * at most FAIR_PASSES (a claim may come back short under contention, as with SKIP LOCKED).
 */
export async function claimFair(run: Run, channel: string, queueId: number, request: ClaimRequest): Promise<{ messages: StoredMessage[]; movedSeqs: number[] }> {
  const { now, max, retentionMs } = request;
  const rule = request.redrive;
  const lookahead = rule ? REDRIVE_LOOKAHEAD : 0;
  const out: StoredMessage[] = [];
  const movedSeqs: number[] = [];
  for (let pass = 0; pass < FAIR_PASSES && out.length < max; pass++) {
    const c = await run<{ seq: number | null; group_id: string | null; visible_at: number | null; n: number | null }>(
      'sqs_fair_candidates',
      FAIR.FAIR_CANDIDATES,
      [queueId, now, max, retentionMs, FAIR_UNGROUPED_WALK],
    );
    const candidates: FairCandidate[] = [];
    const byGroup = new Map<string, number>();
    let total = 0;
    for (const row of c.rows) {
      if (row.seq !== null) candidates.push({ seq: row.seq, groupId: row.group_id, visibleAt: row.visible_at! });
      else {
        total += row.n!;
        if (row.group_id !== null) byGroup.set(row.group_id, row.n!);
      }
    }
    if (candidates.length === 0) break;
    const order = fairOrder(candidates, { byGroup, total }).map((x) => x.seq);
    const want = max - out.length;
    const r = await run<MessageRow & Moved & { locked: number }>('sqs_claim_fair', FAIR.CLAIM_FAIR, [
      queueId,
      order,
      now,
      want,
      retentionMs,
      request.visibilityTimeoutMs,
      rule?.deadLetterQueueId ?? null,
      rule?.maxReceiveCount ?? null,
      rule?.sourceArn ?? null,
      channel,
      lookahead,
    ]);
    const head = r.rows[0];
    for (const row of r.rows) if (row.seq !== null) out.push(toMessage(row));
    collectMoved(head, movedSeqs);
    // everything asked for was there and nothing moved: there is no more to find
    if ((head?.moved ?? 0) === 0 && (head?.locked ?? 0) >= Math.min(order.length, want + lookahead)) break;
  }
  return { messages: out, movedSeqs };
}

/** What a claim statement says of its moves to the dead-letter queue (on its first row). */
export interface Moved {
  moved: number;
  /** bigint[]: node-postgres hands int8 out as strings. */
  moved_seqs: string[] | null;
}

export function collectMoved(head: Moved | undefined, into: number[]): void {
  for (const seq of head?.moved_seqs ?? []) into.push(Number(seq));
}
