import type { Migration } from './index.js';

/** Tags on Kinesis enhanced fan-out consumers (the same as SQLite's 0008-kinesis-consumer-tags). */
const migration: Migration = {
  version: 8,
  name: 'kinesis-consumer-tags',
  // Older nodes: a column with a default; older code reads and writes consumers as before (a consumer
  // it registers gets no tags, and it does not offer tags on consumers).
  olderNodes: 'compatible',
  sql: `
ALTER TABLE kinesis_consumers ADD COLUMN tags jsonb NOT NULL DEFAULT '{}';
`,
};

export default migration;
