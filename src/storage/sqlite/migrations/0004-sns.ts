/**
 * 0004: SNS topics, subscriptions, and the delivery outbox (see services/sns/store.ts).
 *
 * - Topics and subscriptions have INTEGER PRIMARY KEYs (rowids) plus a unique ARN; attributes
 *   and tags are JSON objects of strings.
 * - `sns_messages.seq` is AUTOINCREMENT: never reused, so it can be a FIFO SequenceNumber.
 *   A message row holds what its deliveries need (`payload`, JSON) and goes when they are done.
 * - `sns_deliveries`: one row per (message, subscription). `state` 0 = pending, 1 = delivered,
 *   2 = dead-lettered, 3 = failed. Two partial indexes over pending rows only: due order for
 *   claims, and (group_key, id) for the FIFO "no earlier pending delivery of the group" test.
 * - `sns_dedup`: FIFO deduplication keys per topic with their expiry (5-minute window).
 * - `sns_signing_keys`: the one RSA key pair this server signs notifications with.
 */
export const sql = `
CREATE TABLE sns_topics (
  id                     INTEGER PRIMARY KEY AUTOINCREMENT,
  arn                    TEXT    NOT NULL UNIQUE,
  account_id             TEXT    NOT NULL,
  region                 TEXT    NOT NULL,
  name                   TEXT    NOT NULL,
  attributes             TEXT    NOT NULL,
  tags                   TEXT    NOT NULL,
  data_protection_policy TEXT,
  subscriptions_deleted  INTEGER NOT NULL DEFAULT 0,
  created_at             INTEGER NOT NULL
);
CREATE INDEX sns_topics_by_account ON sns_topics (account_id, region, id);

CREATE TABLE sns_subscriptions (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  arn           TEXT    NOT NULL UNIQUE,
  topic_id      INTEGER NOT NULL,
  topic_arn     TEXT    NOT NULL,
  owner         TEXT    NOT NULL,
  region        TEXT    NOT NULL,
  protocol      TEXT    NOT NULL,
  endpoint      TEXT    NOT NULL,
  attributes    TEXT    NOT NULL,
  pending       INTEGER NOT NULL,
  authenticated INTEGER NOT NULL,
  token         TEXT,
  created_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX sns_subscriptions_by_endpoint ON sns_subscriptions (topic_id, protocol, endpoint);
CREATE INDEX sns_subscriptions_by_owner ON sns_subscriptions (owner, region, id);
CREATE INDEX sns_subscriptions_by_token ON sns_subscriptions (token) WHERE token IS NOT NULL;

CREATE TABLE sns_messages (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  topic_id   INTEGER NOT NULL,
  message_id TEXT    NOT NULL,
  payload    TEXT    NOT NULL
);

CREATE TABLE sns_deliveries (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  message_seq      INTEGER NOT NULL,
  message_id       TEXT    NOT NULL,
  subscription_arn TEXT    NOT NULL,
  target           TEXT    NOT NULL,
  group_key        TEXT,
  state            INTEGER NOT NULL DEFAULT 0,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  lease_until      INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT,
  finished_at      INTEGER
);
CREATE INDEX sns_deliveries_due ON sns_deliveries (next_attempt_at, id) WHERE state = 0;
CREATE INDEX sns_deliveries_by_group ON sns_deliveries (group_key, id) WHERE state = 0 AND group_key IS NOT NULL;
CREATE INDEX sns_deliveries_by_message ON sns_deliveries (message_seq);
CREATE INDEX sns_deliveries_by_message_id ON sns_deliveries (message_id);
CREATE INDEX sns_deliveries_finished ON sns_deliveries (finished_at) WHERE state <> 0;

CREATE TABLE sns_dedup (
  topic_id   INTEGER NOT NULL,
  dedup_key  TEXT    NOT NULL,
  message_id TEXT    NOT NULL,
  seq        INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (topic_id, dedup_key)
);
CREATE INDEX sns_dedup_by_expiry ON sns_dedup (expires_at);

CREATE TABLE sns_signing_keys (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  private_key TEXT    NOT NULL,
  public_key  TEXT    NOT NULL,
  created_at  INTEGER NOT NULL
);
`;
