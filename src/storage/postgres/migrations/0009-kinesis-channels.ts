import type { Migration } from './index.js';

/**
 * Kinesis channels (the same model as SQLite's 0009-kinesis-channels; see
 * services/kinesis/channel-store.ts). The resource only: Switchyard delivers nothing to S3.
 */
const migration: Migration = {
  version: 9,
  name: 'kinesis-channels',
  // Older nodes: a new table, but older code's DeleteStream does not refuse a stream that has channels:
  // it would leave channels behind their deleted stream.
  olderNodes: 'incompatible',
  sql: `
CREATE TABLE kinesis_channels (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id     text NOT NULL,
  region         text NOT NULL,
  name           text COLLATE "C" NOT NULL,
  channel_id     text NOT NULL,
  created_at     bigint NOT NULL,
  active_at      bigint NOT NULL,
  updating_until bigint NOT NULL DEFAULT 0,
  configuration  jsonb NOT NULL,
  tags           jsonb NOT NULL DEFAULT '{}',
  CONSTRAINT kinesis_channels_by_name UNIQUE (account_id, region, name)
);
`,
};

export default migration;
