import type { Migration } from './index.js';

/**
 * SNS tables (the same as SQLite's 0004-sns, see services/sns/store.ts for the outbox states).
 * - Ids are bigint identities; `sns_messages.seq` comes from its own sequence, never reused: it
 *   is the SequenceNumber of FIFO topics.
 * - `sns_deliveries.state`: 0 pending, 1 delivered, 2 dead-lettered, 3 failed. Claims walk the
 *   partial index of pending rows in due order with FOR UPDATE SKIP LOCKED, so each delivery is
 *   leased by exactly one node; the (group_key, id) partial index answers "is an earlier delivery
 *   of this FIFO group still pending".
 * - Subscriptions and deliveries do not cascade from topics: deleting a topic deletes its
 *   subscriptions explicitly and leaves recorded deliveries to be made.
 */
const migration: Migration = {
  version: 4,
  name: 'sns',
  // Older nodes: new tables for a service older builds did not have (they answer SNS as unknown).
  olderNodes: 'compatible',
  sql: `
CREATE TABLE sns_topics (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  arn                    text COLLATE "C" NOT NULL UNIQUE,
  account_id             text NOT NULL,
  region                 text NOT NULL,
  name                   text NOT NULL,
  attributes             jsonb NOT NULL DEFAULT '{}',
  tags                   jsonb NOT NULL DEFAULT '{}',
  data_protection_policy text,
  subscriptions_deleted  integer NOT NULL DEFAULT 0,
  created_at             bigint NOT NULL
);
CREATE INDEX sns_topics_by_account ON sns_topics (account_id, region, id);

CREATE TABLE sns_subscriptions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  arn           text NOT NULL UNIQUE,
  topic_id      bigint NOT NULL,
  topic_arn     text NOT NULL,
  owner         text NOT NULL,
  region        text NOT NULL,
  protocol      text NOT NULL,
  endpoint      text NOT NULL,
  attributes    jsonb NOT NULL DEFAULT '{}',
  pending       boolean NOT NULL,
  authenticated boolean NOT NULL,
  token         text,
  created_at    bigint NOT NULL,
  CONSTRAINT sns_subscriptions_endpoint UNIQUE (topic_id, protocol, endpoint)
);
CREATE INDEX sns_subscriptions_by_owner ON sns_subscriptions (owner, region, id);
CREATE INDEX sns_subscriptions_by_token ON sns_subscriptions (token) WHERE token IS NOT NULL;

CREATE TABLE sns_messages (
  seq        bigserial PRIMARY KEY,
  topic_id   bigint NOT NULL,
  message_id text NOT NULL,
  payload    text NOT NULL
);

CREATE TABLE sns_deliveries (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_seq      bigint NOT NULL,
  message_id       text NOT NULL,
  subscription_arn text NOT NULL,
  target           text NOT NULL,
  group_key        text,
  state            smallint NOT NULL DEFAULT 0,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  bigint NOT NULL,
  lease_until      bigint NOT NULL DEFAULT 0,
  last_error       text,
  finished_at      bigint
);
CREATE INDEX sns_deliveries_due ON sns_deliveries (next_attempt_at, id) WHERE state = 0;
CREATE INDEX sns_deliveries_by_group ON sns_deliveries (group_key, id) WHERE state = 0 AND group_key IS NOT NULL;
CREATE INDEX sns_deliveries_by_message ON sns_deliveries (message_seq);
CREATE INDEX sns_deliveries_by_message_id ON sns_deliveries (message_id);
CREATE INDEX sns_deliveries_finished ON sns_deliveries (finished_at) WHERE state <> 0;

CREATE TABLE sns_dedup (
  topic_id   bigint NOT NULL,
  dedup_key  text NOT NULL,
  message_id text NOT NULL,
  seq        bigint NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (topic_id, dedup_key)
);
CREATE INDEX sns_dedup_by_expiry ON sns_dedup (expires_at);

CREATE TABLE sns_signing_keys (
  id          integer PRIMARY KEY CHECK (id = 1),
  private_key text NOT NULL,
  public_key  text NOT NULL,
  created_at  bigint NOT NULL
);
`,
};

export default migration;
