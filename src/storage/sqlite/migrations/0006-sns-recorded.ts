/**
 * 0006: what SNS "sends" where Switchyard delivers nothing for real, and the small documents of
 * SMS and mobile push (see services/sns/records-store.ts).
 * - `sns_recorded`: one row per would-be delivery to an email, email-json, SMS or mobile-push
 *   endpoint, readable through GET /_switchyard/sns/recorded. `delivery_key` makes recording
 *   idempotent (a delivery retried after a crash is recorded once).
 * - `sns_documents`: platform applications and endpoints, SMS attributes, opted-out and sandbox
 *   phone numbers — low-volume settings, each a JSON document named by (kind, account, region,
 *   key), optionally under a parent (an endpoint's application), listed by id.
 */
export const sql = `
CREATE TABLE sns_recorded (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_key TEXT    NOT NULL UNIQUE,
  protocol     TEXT    NOT NULL,
  endpoint     TEXT    NOT NULL,
  message_id   TEXT    NOT NULL,
  subscription_arn TEXT,
  topic_arn    TEXT,
  payload      TEXT    NOT NULL,
  recorded_at  INTEGER NOT NULL
);
CREATE INDEX sns_recorded_by_endpoint ON sns_recorded (protocol, endpoint, id);

CREATE TABLE sns_documents (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT    NOT NULL,
  account_id TEXT    NOT NULL,
  region     TEXT    NOT NULL,
  key        TEXT    NOT NULL,
  parent     TEXT,
  data       TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (kind, account_id, region, key)
);
CREATE INDEX sns_documents_by_parent ON sns_documents (kind, account_id, region, parent, id);
`;
