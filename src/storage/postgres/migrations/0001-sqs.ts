import type { Migration } from './index.js';

/**
 * SQS tables.
 * - Ids are bigint identities; `seq` comes from its own sequence and is never reused, so a
 *   receipt (seq, receiveCount) can never name another message, even after deletes.
 * - Times are bigint epoch milliseconds (the port's unit), compared with the caller's `now`.
 * - `name` uses the "C" collation so that ListQueues orders by code point whatever the
 *   database's default collation, as the SQLite engine does.
 * - `last_purge_at` makes the PurgeQueue cooldown one conditional UPDATE.
 * - One index serves claims (queue, visible_at, seq); purge, trim and counts scan the queue's
 *   slice of it. A second (queue, sent_at) index was left out on purpose: every claim moves
 *   visible_at, so each index costs a write per receive.
 */
const migration: Migration = {
  version: 1,
  name: 'sqs',
  // Older nodes: the first schema: no code older than it ever ran against a store.
  olderNodes: 'incompatible',
  sql: `
CREATE TABLE sqs_queues (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id     text NOT NULL,
  name           text COLLATE "C" NOT NULL,
  attributes     jsonb NOT NULL DEFAULT '{}',
  tags           jsonb NOT NULL DEFAULT '{}',
  created_at     bigint NOT NULL,
  modified_at    bigint NOT NULL,
  last_purge_at  bigint,
  CONSTRAINT sqs_queues_account_name UNIQUE (account_id, name)
);

CREATE TABLE sqs_deleted_queues (
  account_id  text NOT NULL,
  name        text COLLATE "C" NOT NULL,
  deleted_at  bigint NOT NULL,
  PRIMARY KEY (account_id, name)
);

CREATE TABLE sqs_messages (
  seq                        bigserial PRIMARY KEY,
  queue_id                   bigint NOT NULL REFERENCES sqs_queues (id) ON DELETE CASCADE,
  message_id                 text NOT NULL,
  body                       text NOT NULL,
  md5_of_body                text NOT NULL,
  message_attributes         text,
  md5_of_message_attributes  text,
  system_attributes          text,
  sender_id                  text NOT NULL,
  sent_at                    bigint NOT NULL,
  visible_at                 bigint NOT NULL,
  group_id                   text,
  dedup_id                   text,
  receive_count              integer NOT NULL DEFAULT 0,
  first_receive_at           bigint
);

CREATE INDEX sqs_messages_claim ON sqs_messages (queue_id, visible_at, seq);
`,
};

export default migration;
