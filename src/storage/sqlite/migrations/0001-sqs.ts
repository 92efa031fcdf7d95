/**
 * 0001: SQS queues and messages.
 *
 * Speed notes (the hot path is enqueue → claim → delete):
 * - Every table has an INTEGER PRIMARY KEY (the rowid): text or random keys would make each insert
 *   a random B-tree write and roughly triple its cost.
 * - `sqs_messages.seq` is the rowid, handed out by the engine from a counter that only grows
 *   (`engine_counters`, persisted in the same transaction as the insert), so a seq is never reused,
 *   not even when the newest message is deleted (plain rowids would reuse max+1; AUTOINCREMENT
 *   would cost a `sqlite_sequence` write per row).
 * - Small, hot columns come first and `body` last: SQLite reads a record front to back, so a
 *   visibility check never walks the overflow pages of a 256 KiB body.
 * - One secondary index, (queue_id, visible_at): claims walk it in visibleAt order, and
 *   nextVisibleAt is one seek. Counts and trims scan the queue's slice of it.
 * - Attributes and tags are JSON objects of strings; message attribute payloads are opaque text.
 */
export const sql = `
CREATE TABLE sqs_queues (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id    TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  attributes    TEXT    NOT NULL,
  tags          TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  modified_at   INTEGER NOT NULL,
  last_purge_at INTEGER
);
CREATE UNIQUE INDEX sqs_queues_by_name ON sqs_queues (account_id, name);

CREATE TABLE sqs_deleted_queues (
  id         INTEGER PRIMARY KEY,
  account_id TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  deleted_at INTEGER NOT NULL
);
CREATE INDEX sqs_deleted_queues_by_name ON sqs_deleted_queues (account_id, name, deleted_at);

CREATE TABLE sqs_messages (
  seq                       INTEGER PRIMARY KEY,
  queue_id                  INTEGER NOT NULL,
  visible_at                INTEGER NOT NULL,
  receive_count             INTEGER NOT NULL DEFAULT 0,
  sent_at                   INTEGER NOT NULL,
  first_receive_at          INTEGER,
  message_id                TEXT    NOT NULL,
  md5_of_body               TEXT    NOT NULL,
  sender_id                 TEXT    NOT NULL,
  group_id                  TEXT,
  dedup_id                  TEXT,
  md5_of_message_attributes TEXT,
  system_attributes         TEXT,
  message_attributes        TEXT,
  body                      TEXT    NOT NULL
);
CREATE INDEX sqs_messages_by_visibility ON sqs_messages (queue_id, visible_at);

CREATE TABLE engine_counters (
  id    INTEGER PRIMARY KEY,
  name  TEXT    NOT NULL UNIQUE,
  value INTEGER NOT NULL
);
INSERT INTO engine_counters (id, name, value) VALUES (1, 'sqs_message_seq', 0);
`;
