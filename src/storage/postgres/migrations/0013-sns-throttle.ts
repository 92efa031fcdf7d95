import type { Migration } from './index.js';

/**
 * 0013: throttlePolicy.maxReceivesPerSecond held across nodes (services/sns/throttle.ts has the rule).
 * `sns_throttle`: per throttled subscription, `next_us`, the earliest start of its next HTTP/S
 * attempt (epoch µs), and `slot_us`, the start the latest call was given: that call took it when
 * next_us > slot_us (one upsert answers both, see sns-sql.ts THROTTLE_SLOT). A row whose next_us has
 * passed says nothing and housekeeping removes it. PostgreSQL only: SQLite keeps this in memory (one process).
 */
const migration: Migration = {
  version: 13,
  name: 'sns-throttle',
  // Older nodes: a new table; older code delivers without a cross-node throttle, as the whole cluster did
  // before this migration: while older nodes run, their deliveries are not counted against a
  // subscription's maxReceivesPerSecond (the rate can be exceeded, nothing is lost or repeated).
  olderNodes: 'compatible',
  sql: `
CREATE TABLE sns_throttle (
  subscription_arn text COLLATE "C" PRIMARY KEY,
  next_us          bigint NOT NULL,
  slot_us          bigint NOT NULL
);
CREATE INDEX sns_throttle_by_next ON sns_throttle (next_us);
`,
};

export default migration;
