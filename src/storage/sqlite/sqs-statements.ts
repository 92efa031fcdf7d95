import type Database from 'better-sqlite3';
import type { Preparer } from './prepare.js';

/**
 * Every SQL statement of the SQLite SQS store, prepared once per engine (schema:
 * migrations/0001-sqs.ts, 0002-sqs-fifo.ts).
 */

/** A claimable row in MESSAGE_COLUMNS order (raw arrays: half the cost of row objects). */
export type ClaimRow = [
  seq: number,
  messageId: string,
  body: string,
  md5OfBody: string,
  messageAttributes: string | null,
  md5OfMessageAttributes: string | null,
  systemAttributes: string | null,
  senderId: string,
  sentAt: number,
  visibleAt: number,
  groupId: string | null,
  dedupId: string | null,
  receiveCount: number,
  firstReceiveAt: number | null,
  deadLetterSourceArn: string | null,
];

const QUEUE_COLUMNS =
  'id, account_id AS accountId, name, attributes, tags, created_at AS createdAt, modified_at AS modifiedAt';

/** In ClaimRow order. */
const MESSAGE_COLUMNS = `seq, message_id, body, md5_of_body, message_attributes, md5_of_message_attributes,
  system_attributes, sender_id, sent_at, visible_at, group_id, dedup_id, receive_count, first_receive_at,
  dead_letter_source_arn`;

/** Walks the groups of a queue in group_id (binary) order; the partial index holds grouped messages only. */
const GROUPS = 'SELECT group_id FROM sqs_messages INDEXED BY sqs_messages_by_group WHERE queue_id = ?';

/** Rows per multi-row INSERT / UPDATE (SendMessageBatch and ReceiveMessage carry at most 10). */
export const MAX_BATCH = 10;

const INSERT_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Parameters per row of `insertMessages`, in this order. */
export const INSERT_PARAMS = 13;

/** Statements for 1..MAX_BATCH rows, prepared on first use. */
function perCount(make: (n: number) => Database.Statement): (n: number) => Database.Statement {
  const cache: Database.Statement[] = [];
  return (n) => (cache[n] ??= make(n));
}

/** Every statement, prepared once. */
export function prepare(db: Preparer) {
  return {
    insertQueue: db.prepare(
      `INSERT INTO sqs_queues (account_id, name, attributes, tags, created_at, modified_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, name) DO NOTHING`,
    ),
    queueByName: db.prepare(`SELECT ${QUEUE_COLUMNS} FROM sqs_queues WHERE account_id = ? AND name = ?`),
    queueById: db.prepare(`SELECT ${QUEUE_COLUMNS} FROM sqs_queues WHERE id = ?`),
    queueExists: db.prepare('SELECT 1 FROM sqs_queues WHERE id = ?').pluck(),
    // Binary (byte = code point) order and a literal, case-sensitive prefix: not LIKE, whose '_'
    // is a wildcard and which ignores ASCII case. `name >= @prefix` lets the index seek.
    listQueues: db.prepare(
      `SELECT ${QUEUE_COLUMNS} FROM sqs_queues
       WHERE account_id = @account AND name >= @prefix AND substr(name, 1, length(@prefix)) = @prefix
         AND name > @after
       ORDER BY name LIMIT @limit`,
    ),
    queuesAfter: db.prepare(`SELECT ${QUEUE_COLUMNS} FROM sqs_queues WHERE id > ? ORDER BY id LIMIT ?`),
    queueAttributes: db.prepare('SELECT attributes FROM sqs_queues WHERE id = ?').pluck(),
    queueTags: db.prepare('SELECT tags FROM sqs_queues WHERE id = ?').pluck(),
    updateAttributes: db.prepare('UPDATE sqs_queues SET attributes = ?, modified_at = ? WHERE id = ?'),
    updateTags: db.prepare('UPDATE sqs_queues SET tags = ? WHERE id = ?'),
    deleteQueue: db.prepare('DELETE FROM sqs_queues WHERE id = ?'),
    deleteQueueMessages: db.prepare('DELETE FROM sqs_messages WHERE queue_id = ?'),
    deleteQueueDedup: db.prepare('DELETE FROM sqs_fifo_dedup WHERE queue_id = ?'),
    deleteQueueAttempts: db.prepare('DELETE FROM sqs_receive_attempts WHERE queue_id = ?'),
    insertDeleted: db.prepare('INSERT INTO sqs_deleted_queues (account_id, name, deleted_at) VALUES (?, ?, ?)'),
    deletedSince: db.prepare(
      'SELECT 1 FROM sqs_deleted_queues WHERE account_id = ? AND name = ? AND deleted_at >= ? LIMIT 1',
    ),
    lastPurge: db.prepare('SELECT last_purge_at AS last FROM sqs_queues WHERE id = ?'),
    setLastPurge: db.prepare('UPDATE sqs_queues SET last_purge_at = ? WHERE id = ?'),
    purgeMessages: db.prepare('DELETE FROM sqs_messages WHERE queue_id = ? AND sent_at <= ?'),

    /**
     * n messages in one statement: one VDBE run instead of n (each write statement opens a cursor
     * on every index of the table, the partial ones of 0002 included). Parameters: INSERT_PARAMS
     * per row, in column order.
     */
    insertMessages: perCount((n) =>
      db.prepare(
        `INSERT INTO sqs_messages (seq, queue_id, visible_at, sent_at, message_id, md5_of_body, sender_id,
           group_id, dedup_id, md5_of_message_attributes, system_attributes, message_attributes, body)
         VALUES ${Array(n).fill(INSERT_ROW).join(', ')}`,
      ),
    ),
    claimable: db
      .prepare(
        `SELECT ${MESSAGE_COLUMNS} FROM sqs_messages
         WHERE queue_id = ? AND visible_at <= ? AND sent_at > ?
         ORDER BY visible_at, seq LIMIT ?`,
      )
      .raw(),
    /** Makes n claimed rows in flight: (visibleAt, now, seq × n). */
    markClaimed: perCount((n) =>
      db.prepare(
        `UPDATE sqs_messages SET visible_at = ?, receive_count = receive_count + 1,
           first_receive_at = coalesce(first_receive_at, ?)
         WHERE seq IN (${Array(n).fill('?').join(', ')})`,
      ),
    ),
    nextVisible: db
      .prepare(
        `SELECT visible_at FROM sqs_messages WHERE queue_id = ? AND visible_at > ? AND sent_at > ?
         ORDER BY visible_at LIMIT 1`,
      )
      .pluck(),
    deleteByReceipt: db.prepare('DELETE FROM sqs_messages WHERE seq = ? AND queue_id = ? AND receive_count = ?'),
    deleteInFlightByReceipt: db.prepare('DELETE FROM sqs_messages WHERE seq = ? AND queue_id = ? AND receive_count = ? AND visible_at > ?'),
    receiptState: db.prepare('SELECT receive_count AS rc, visible_at AS v FROM sqs_messages WHERE seq = ? AND queue_id = ?'),
    changeVisibility: db.prepare(
      `UPDATE sqs_messages SET visible_at = ?
       WHERE seq = ? AND queue_id = ? AND receive_count = ? AND visible_at > ?`,
    ),
    counts: db.prepare(
      `SELECT coalesce(sum(visible_at <= @now), 0) AS visible,
              coalesce(sum(visible_at > @now AND receive_count > 0), 0) AS inFlight,
              coalesce(sum(visible_at > @now AND receive_count = 0), 0) AS delayed
       FROM sqs_messages WHERE queue_id = @queue AND sent_at > @cutoff`,
    ),
    /** As counts, and the oldest sentAt among messages received fewer than @poison times (the metrics scrape). */
    stats: db.prepare(
      `SELECT coalesce(sum(visible_at <= @now), 0) AS visible,
              coalesce(sum(visible_at > @now AND receive_count > 0), 0) AS inFlight,
              coalesce(sum(visible_at > @now AND receive_count = 0), 0) AS delayed,
              min(CASE WHEN receive_count < @poison THEN sent_at END) AS oldestSentAt
       FROM sqs_messages WHERE queue_id = @queue AND sent_at > @cutoff`,
    ),
    trim: db.prepare('DELETE FROM sqs_messages WHERE queue_id = ? AND sent_at <= ?'),
    /** (queueId, cutoff, afterSeq, limit): the admin peek, in seq order. */
    peek: db
      .prepare(`SELECT ${MESSAGE_COLUMNS} FROM sqs_messages WHERE queue_id = ? AND sent_at > ? AND seq > ? ORDER BY seq LIMIT ?`)
      .raw(),

    // ── redrive and moves ──
    /** Claimable rows after (visibleAt, seq), for a claim that redrove some and looks further. */
    claimableAfter: db
      .prepare(
        `SELECT ${MESSAGE_COLUMNS} FROM sqs_messages
         WHERE queue_id = ? AND (visible_at, seq) > (?, ?) AND visible_at <= ? AND sent_at > ?
         ORDER BY visible_at, seq LIMIT ?`,
      )
      .raw(),
    /** Moves a message into a dead-letter queue: new seq (never reused), visible at once there. */
    redrive: db.prepare(
      'UPDATE sqs_messages SET seq = ?, queue_id = ?, visible_at = ?, dead_letter_source_arn = ? WHERE seq = ?',
    ),
    /** Unexpired messages after (visibleAt, seq), oldest visibleAt first: [seq, visibleAt, deadLetterSourceArn]. */
    moveCandidates: db
      .prepare(
        `SELECT seq, visible_at, dead_letter_source_arn FROM sqs_messages
         WHERE queue_id = ? AND (visible_at, seq) > (?, ?) AND sent_at > ?
         ORDER BY visible_at, seq LIMIT ?`,
      )
      .raw(),
    /** Moves a message out of a dead-letter queue: new seq, visible at once, as never received. */
    move: db.prepare(
      `UPDATE sqs_messages SET seq = ?, queue_id = ?, visible_at = ?, receive_count = 0, first_receive_at = NULL,
         dead_letter_source_arn = NULL
       WHERE seq = ?`,
    ),

    // ── FIFO ──
    firstGroup: db.prepare(`${GROUPS} AND group_id IS NOT NULL ORDER BY group_id LIMIT 1`).pluck(),
    groupAfter: db.prepare(`${GROUPS} AND group_id > ? ORDER BY group_id LIMIT 1`).pluck(),
    firstGroupUpTo: db.prepare(`${GROUPS} AND group_id <= ? ORDER BY group_id LIMIT 1`).pluck(),
    groupAfterUpTo: db.prepare(`${GROUPS} AND group_id > ? AND group_id <= ? ORDER BY group_id LIMIT 1`).pluck(),
    /** A message of the group in flight (unexpired)? The terms match the partial index's WHERE. */
    groupInFlight: db
      .prepare(
        `SELECT 1 FROM sqs_messages INDEXED BY sqs_messages_received_by_group
         WHERE queue_id = ? AND group_id = ? AND receive_count > 0 AND visible_at > ? AND sent_at > ? LIMIT 1`,
      )
      .pluck(),
    /** The group's messages after seq, in seq order. */
    groupMessages: db
      .prepare(
        `SELECT ${MESSAGE_COLUMNS} FROM sqs_messages INDEXED BY sqs_messages_by_group
         WHERE queue_id = ? AND group_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      )
      .raw(),
    // ── fair queues (standard claims while the queue holds grouped messages; sqs-claim.ts) ──
    /** Unexpired in-flight messages per group (group_id NULL: all ungrouped ones): [groupId, n]. */
    fairInFlight: db
      .prepare(
        `SELECT group_id, count(*) FROM sqs_messages INDEXED BY sqs_messages_by_visibility
         WHERE queue_id = ? AND visible_at > ? AND receive_count > 0 AND sent_at > ? GROUP BY group_id`,
      )
      .raw(),
    /** The group's visible, unexpired messages in seq order: [seq, visibleAt]. */
    fairGroupCandidates: db
      .prepare(
        `SELECT seq, visible_at FROM sqs_messages INDEXED BY sqs_messages_by_group
         WHERE queue_id = ? AND group_id = ? AND visible_at <= ? AND sent_at > ? ORDER BY seq LIMIT ?`,
      )
      .raw(),
    /**
     * Visible, unexpired messages without a group among the first (walk) visible messages, oldest
     * visibleAt first: [seq, visibleAt]. (queue, now, walk, cutoff, max)
     */
    fairUngroupedCandidates: db
      .prepare(
        `SELECT seq, visible_at FROM (
           SELECT seq, visible_at, group_id, sent_at FROM sqs_messages INDEXED BY sqs_messages_by_visibility
           WHERE queue_id = ? AND visible_at <= ? ORDER BY visible_at, seq LIMIT ?
         ) WHERE group_id IS NULL AND sent_at > ? ORDER BY visible_at, seq LIMIT ?`,
      )
      .raw(),
    messageBySeq: db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM sqs_messages WHERE seq = ? AND queue_id = ?`).raw(),

    /** Any group's row will do (there is one unless the scope was changed): no ORDER BY, no sort. */
    dedupInQueue: db.prepare(
      `SELECT message_id AS messageId, seq FROM sqs_fifo_dedup
       WHERE queue_id = ? AND dedup_id = ? AND accepted_at > ? LIMIT 1`,
    ),
    dedupInGroup: db.prepare(
      `SELECT message_id AS messageId, seq FROM sqs_fifo_dedup
       WHERE queue_id = ? AND dedup_id = ? AND group_key = ? AND accepted_at > ?`,
    ),
    recordDedup: db.prepare(
      `INSERT INTO sqs_fifo_dedup (queue_id, dedup_id, group_key, accepted_at, seq, message_id) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (queue_id, dedup_id, group_key)
       DO UPDATE SET accepted_at = excluded.accepted_at, seq = excluded.seq, message_id = excluded.message_id`,
    ),
    pruneDedup: db.prepare('DELETE FROM sqs_fifo_dedup WHERE accepted_at <= ?'),

    attempt: db.prepare(
      'SELECT claimed_at AS claimedAt, receipts FROM sqs_receive_attempts WHERE queue_id = ? AND attempt_id = ?',
    ),
    recordAttempt: db.prepare(
      `INSERT INTO sqs_receive_attempts (queue_id, attempt_id, claimed_at, receipts) VALUES (?, ?, ?, ?)
       ON CONFLICT (queue_id, attempt_id) DO UPDATE SET claimed_at = excluded.claimed_at, receipts = excluded.receipts`,
    ),
    pruneAttempts: db.prepare('DELETE FROM sqs_receive_attempts WHERE claimed_at <= ?'),
  };
}

export type Statements = ReturnType<typeof prepare>;
