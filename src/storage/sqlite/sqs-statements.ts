import type Database from 'better-sqlite3';

/**
 * Every SQL statement of the SQLite SQS store, prepared once per engine (schema:
 * migrations/0001-sqs.ts).
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
];

const QUEUE_COLUMNS =
  'id, account_id AS accountId, name, attributes, tags, created_at AS createdAt, modified_at AS modifiedAt';

/** In ClaimRow order. */
const MESSAGE_COLUMNS = `seq, message_id, body, md5_of_body, message_attributes, md5_of_message_attributes,
  system_attributes, sender_id, sent_at, visible_at, group_id, dedup_id, receive_count, first_receive_at`;

/** Every statement, prepared once. */
export function prepare(db: Database.Database) {
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
    insertDeleted: db.prepare('INSERT INTO sqs_deleted_queues (account_id, name, deleted_at) VALUES (?, ?, ?)'),
    deletedSince: db.prepare(
      'SELECT 1 FROM sqs_deleted_queues WHERE account_id = ? AND name = ? AND deleted_at >= ? LIMIT 1',
    ),
    lastPurge: db.prepare('SELECT last_purge_at AS last FROM sqs_queues WHERE id = ?'),
    setLastPurge: db.prepare('UPDATE sqs_queues SET last_purge_at = ? WHERE id = ?'),
    purgeMessages: db.prepare('DELETE FROM sqs_messages WHERE queue_id = ? AND sent_at <= ?'),

    insertMessage: db.prepare(
      `INSERT INTO sqs_messages (seq, queue_id, visible_at, sent_at, message_id, md5_of_body, sender_id,
         group_id, dedup_id, md5_of_message_attributes, system_attributes, message_attributes, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    setSeqMark: db.prepare('UPDATE engine_counters SET value = ? WHERE id = 1'),
    claimable: db
      .prepare(
        `SELECT ${MESSAGE_COLUMNS} FROM sqs_messages
         WHERE queue_id = ? AND visible_at <= ? AND sent_at > ?
         ORDER BY visible_at, seq LIMIT ?`,
      )
      .raw(),
    updateClaimed: db.prepare(
      'UPDATE sqs_messages SET visible_at = ?, receive_count = ?, first_receive_at = ? WHERE seq = ?',
    ),
    nextVisible: db
      .prepare(
        `SELECT visible_at FROM sqs_messages WHERE queue_id = ? AND visible_at > ? AND sent_at > ?
         ORDER BY visible_at LIMIT 1`,
      )
      .pluck(),
    deleteByReceipt: db.prepare('DELETE FROM sqs_messages WHERE seq = ? AND queue_id = ? AND receive_count = ?'),
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
    trim: db.prepare('DELETE FROM sqs_messages WHERE queue_id = ? AND sent_at <= ?'),
  };
}
