import type { Migration } from './index.js';

/**
 * 0016: per-account request rates (the credentials file's `limits`) held across nodes
 * (runtime/account-limits-shared.ts has the rule). One row per limited account: the cluster's
 * token bucket, `tokens` at `at_ms` (epoch ms of the last lease), and `granted`, what the latest
 * lease handed its node (one upsert refills, settles the node's debt and grants; RETURNING reads
 * it). PostgreSQL only: one SQLite file serves one process, which keeps its buckets in memory.
 * 0015 is left to a change being made beside this one (gaps are allowed, migrate.ts).
 */
const migration: Migration = {
  version: 16,
  name: 'account-rate-buckets',
  // Older nodes: a new table; older nodes count an account's requests per node, in memory, as the
  // whole cluster did before: while they run, the account can get up to its limit from each of
  // them on top of the newer nodes' shared bucket. Nothing is stored wrongly.
  olderNodes: 'compatible',
  sql: `
CREATE TABLE account_rate_buckets (
  account_id text COLLATE "C" PRIMARY KEY,
  tokens     double precision NOT NULL,
  at_ms      bigint NOT NULL,
  granted    integer NOT NULL
);
`,
};

export default migration;
