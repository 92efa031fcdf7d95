import type { Migration } from './index.js';

/** The same tables as SQLite's 0006-sns-recorded (see services/sns/records-store.ts). */
const migration: Migration = {
  version: 6,
  name: 'sns-recorded',
  // Older nodes: older code has no e-mail, SMS or mobile-push recording, but claims deliveries from the
  // shared outbox: it would lease a delivery to such an endpoint and fail it.
  olderNodes: 'incompatible',
  sql: `
CREATE TABLE sns_recorded (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_key     text COLLATE "C" NOT NULL UNIQUE,
  protocol         text NOT NULL,
  endpoint         text COLLATE "C" NOT NULL,
  message_id       text NOT NULL,
  subscription_arn text,
  topic_arn        text,
  payload          text NOT NULL,
  recorded_at      bigint NOT NULL
);
CREATE INDEX sns_recorded_by_endpoint ON sns_recorded (protocol, endpoint, id);

CREATE TABLE sns_documents (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind       text NOT NULL,
  account_id text NOT NULL,
  region     text NOT NULL,
  key        text COLLATE "C" NOT NULL,
  parent     text COLLATE "C",
  data       text NOT NULL,
  created_at bigint NOT NULL,
  UNIQUE (kind, account_id, region, key)
);
CREATE INDEX sns_documents_by_parent ON sns_documents (kind, account_id, region, parent, id);
`,
};

export default migration;
