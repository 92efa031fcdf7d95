/**
 * 0002: FIFO queues (deduplication, group order), receive attempts and dead-letter redrive.
 *
 * - `sqs_messages.dead_letter_source_arn`: set when a redrive moved the message into this queue.
 *   ADD COLUMN puts it after `body`; only reads that return the whole message (claims, moves)
 *   select it, and they read the body anyway.
 * - Two partial indexes, on grouped messages only (FIFO and fair queues): a standard message
 *   (group_id NULL) is in neither, so the standard hot path pays one WHERE test per write, not an
 *   index update.
 *   · sqs_messages_by_group (queue_id, group_id [, seq = rowid]): the groups of a queue, and each
 *     group's messages in seq order.
 *   · sqs_messages_received_by_group (queue_id, group_id, visible_at), received messages only:
 *     "is a message of this group in flight" is one seek, whatever the group's backlog.
 * - sqs_fifo_dedup: one row per accepted deduplication id, kept for the window whatever becomes of
 *   the message. Keyed by (queue, dedup id, group) so that both scopes read the same rows: scope
 *   `queue` looks at every group, scope `messageGroup` at its own. Rows older than the window are
 *   pruned by age.
 * - sqs_receive_attempts: what the claim named by a ReceiveRequestAttemptId returned, as
 *   [seq, receiveCount, …] JSON; pruned by age.
 */
export const sql = `
ALTER TABLE sqs_messages ADD COLUMN dead_letter_source_arn TEXT;

CREATE INDEX sqs_messages_by_group ON sqs_messages (queue_id, group_id) WHERE group_id IS NOT NULL;
CREATE INDEX sqs_messages_received_by_group ON sqs_messages (queue_id, group_id, visible_at)
  WHERE group_id IS NOT NULL AND receive_count > 0;

CREATE TABLE sqs_fifo_dedup (
  queue_id    INTEGER NOT NULL,
  dedup_id    TEXT    NOT NULL,
  group_key   TEXT    NOT NULL,
  accepted_at INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  message_id  TEXT    NOT NULL,
  PRIMARY KEY (queue_id, dedup_id, group_key)
) WITHOUT ROWID;
CREATE INDEX sqs_fifo_dedup_by_age ON sqs_fifo_dedup (accepted_at);

CREATE TABLE sqs_receive_attempts (
  queue_id   INTEGER NOT NULL,
  attempt_id TEXT    NOT NULL,
  claimed_at INTEGER NOT NULL,
  receipts   TEXT    NOT NULL,
  PRIMARY KEY (queue_id, attempt_id)
) WITHOUT ROWID;
CREATE INDEX sqs_receive_attempts_by_age ON sqs_receive_attempts (claimed_at);
`;
