import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { ClaimRequest, StoredMessage } from '../../services/sqs/store.js';
import { isRetryable } from './sql.js';
import * as FIFO from './sqs-fifo-sql.js';
import { toMessage, type MessageRow } from './sqs-rows.js';

/**
 * The SQS store calls that need a transaction of several statements: FIFO claims (a queue-wide
 * advisory lock, then the claim in a later statement so that its snapshot sees the previous
 * holder's commit) and message moves (lock candidates, resolve destinations in JS, move).
 * Everything else is one statement (sqs-store.ts).
 */

/** Redrive look-ahead: how many rows past `max` one claim statement may move to the dead-letter queue. */
export const REDRIVE_LOOKAHEAD = 10;
/** Visible rows a FIFO claim walks in seq order before it enumerates groups instead (sqs-fifo-sql.ts). */
const FIFO_WALK_CAP = 100;

/** Runs `fn` in a transaction opened by `begin` (BEGIN, maybe with a lock, in one round trip); deadlocks run it again. */
export async function inTransaction<T>(pool: pg.Pool, begin: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      if (attempt >= 5 || !isRetryable(err)) throw err;
    } finally {
      client.release(broken);
    }
  }
}

/**
 * The advisory-lock key that serialises FIFO claims of one queue: 64 bits of a hash of the
 * engine's channel (which names the schema) and the queue id, so two schemas in one database
 * do not share keys. Computed here because the lock is taken in a parameterless simple query
 * together with BEGIN (one round trip).
 */
export function claimLockKey(channel: string, queueId: number): bigint {
  return createHash('sha256').update(`${channel}:fifo-claim:${queueId}`).digest().readBigInt64BE(0);
}

/**
 * A FIFO claim: BEGIN + lock (1 round trip), the claim (1), COMMIT (1). With a redrive rule, a
 * claim whose moves used up its window runs another step before COMMIT (each step moves at least
 * one message out, so this ends). Returns the messages, and the seqs of those moved to the dead-letter queue.
 */
export async function claimFifo(
  pool: pg.Pool,
  channel: string,
  queueId: number,
  request: ClaimRequest,
): Promise<{ messages: StoredMessage[]; movedSeqs: number[] }> {
  const begin = `BEGIN; SELECT pg_advisory_xact_lock(${claimLockKey(channel, queueId)})`;
  const step = (client: pg.PoolClient, earlier: readonly StoredMessage[], continuing: boolean) => {
    const max = request.max - earlier.length;
    return client.query<MessageRow & { moved: number; moved_seqs: string[] | null }>({
      name: 'sqs_fifo_claim',
      text: FIFO.FIFO_CLAIM,
      values: [
        queueId,
        request.now,
        max,
        request.retentionMs,
        request.visibilityTimeoutMs,
        request.redrive?.deadLetterQueueId ?? null,
        request.redrive?.maxReceiveCount ?? null,
        request.redrive?.sourceArn ?? null,
        channel,
        request.attempt?.id ?? null,
        request.attempt?.windowMs ?? 0,
        continuing,
        max + (request.redrive ? REDRIVE_LOOKAHEAD : 0),
        FIFO_WALK_CAP,
        earlier.map((m) => m.seq),
        earlier.map((m) => m.receiveCount),
      ],
    });
  };
  return inTransaction(pool, begin, async (client) => {
    const messages: StoredMessage[] = [];
    const movedSeqs: number[] = [];
    for (;;) {
      const r = await step(client, messages, movedSeqs.length > 0 || messages.length > 0);
      const stepMoved = r.rows[0]?.moved ?? 0;
      messages.push(...rowsOf(r.rows));
      for (const seq of r.rows[0]?.moved_seqs ?? []) movedSeqs.push(Number(seq));
      // Moves may have used up the window before `max` messages were found: look again (a fresh
      // snapshot that sees this transaction's moves).
      if (stepMoved === 0 || messages.length >= request.max) return { messages, movedSeqs };
    }
  });
}

/** The first row of a claim carries counts even when nothing was claimed: such a row has no seq. */
function rowsOf(rows: readonly MessageRow[]): StoredMessage[] {
  return rows.filter((row) => row.seq !== null).map(toMessage);
}

/**
 * moveMessages: BEGIN, pick (locks the rows), apply, COMMIT — 4 round trips. Returns the counts
 * and the destination queues that received messages (to wake local listeners after the commit).
 */
export async function moveMessages(
  pool: pg.Pool,
  channel: string,
  fromQueueId: number,
  toQueueId: number | null,
  sourceQueueIdOf: (sourceArn: string) => number | undefined,
  limit: number,
  now: number,
  retentionMs: number,
): Promise<{ moved: number; failed: number; woken: number[] }> {
  if (limit <= 0) return { moved: 0, failed: 0, woken: [] };
  return inTransaction(pool, 'BEGIN', async (client) => {
    const picked = await client.query<{ seq: number; dead_letter_source_arn: string | null }>({
      name: 'sqs_move_pick',
      text: FIFO.MOVE_PICK,
      values: [fromQueueId, now, retentionMs, limit],
    });
    const seqs: number[] = [];
    const targets: number[] = [];
    for (const row of picked.rows) {
      const arn = row.dead_letter_source_arn;
      const target = toQueueId ?? (arn === null ? undefined : sourceQueueIdOf(arn));
      if (target === undefined) continue;
      seqs.push(row.seq);
      targets.push(target);
    }
    if (seqs.length === 0) return { moved: 0, failed: picked.rows.length, woken: [] };
    const applied = await client.query<{ queue_id: number; n: number }>({
      name: 'sqs_move_apply',
      text: FIFO.MOVE_APPLY,
      values: [seqs, targets, now, fromQueueId, channel],
    });
    const moved = applied.rows.reduce((sum, row) => sum + row.n, 0);
    return { moved, failed: picked.rows.length - moved, woken: applied.rows.map((row) => row.queue_id) };
  });
}
