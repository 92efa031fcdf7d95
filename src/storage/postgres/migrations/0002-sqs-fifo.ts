import type { Migration } from './index.js';

/**
 * FIFO queues, dead-letter redrive and message moves.
 * - `dead_letter_source_arn`: set when a redrive moved the message into a dead-letter queue.
 *   A nullable column without default: adding it rewrites nothing.
 * - Two partial indexes serve FIFO claims (see sqs-fifo-sql.ts): (queue, seq) walks visible
 *   messages in send order, (queue, group, seq) enumerates groups and reads a group's run from its
 *   head. Only rows with a group id (FIFO and fair queues) enter them, so the per-receive index
 *   write they cost (a claim moves visible_at, so no receive is a HOT update) is not paid by
 *   plain standard queues.
 * - `sqs_dedup`: one row per accepted MessageDeduplicationId, keyed by (queue, scope key, id);
 *   the scope key is '' for queue-wide deduplication and the group id for per-group scope (group
 *   ids are at least one character, so they never meet ''). It outlives the message (a duplicate
 *   of a deleted or purged message is still a duplicate) and is replaced once `expires_at` has
 *   passed. The primary key is what makes concurrent duplicate sends from several nodes store
 *   one message: the second insert waits for the first and then sees its row.
 * - `sqs_receive_attempts`: FIFO ReceiveRequestAttemptId → the (seq, receive count) pairs that
 *   claim returned, in order, until `expires_at`.
 * The expiry indexes let pruning delete a few expired rows per call without scanning.
 */
const migration: Migration = {
  version: 2,
  name: 'sqs-fifo',
  // Older nodes: older code had no FIFO claims or deduplication on PostgreSQL: it would serve a FIFO
  // queue's messages without group order and take duplicates in.
  olderNodes: 'incompatible',
  sql: `
ALTER TABLE sqs_messages ADD COLUMN dead_letter_source_arn text;

CREATE INDEX sqs_messages_fifo_seq ON sqs_messages (queue_id, seq) WHERE group_id IS NOT NULL;
CREATE INDEX sqs_messages_fifo_group ON sqs_messages (queue_id, group_id, seq) WHERE group_id IS NOT NULL;

CREATE TABLE sqs_dedup (
  queue_id    bigint NOT NULL REFERENCES sqs_queues (id) ON DELETE CASCADE,
  scope_key   text NOT NULL,
  dedup_id    text NOT NULL,
  message_id  text NOT NULL,
  seq         bigint NOT NULL,
  expires_at  bigint NOT NULL,
  PRIMARY KEY (queue_id, scope_key, dedup_id)
);
CREATE INDEX sqs_dedup_expiry ON sqs_dedup (queue_id, expires_at);

CREATE TABLE sqs_receive_attempts (
  queue_id        bigint NOT NULL REFERENCES sqs_queues (id) ON DELETE CASCADE,
  attempt_id      text NOT NULL,
  expires_at      bigint NOT NULL,
  seqs            bigint[] NOT NULL,
  receive_counts  integer[] NOT NULL,
  PRIMARY KEY (queue_id, attempt_id)
);
CREATE INDEX sqs_receive_attempts_expiry ON sqs_receive_attempts (queue_id, expires_at);
`,
};

export default migration;
