import type { Migration } from './index.js';

/**
 * 0018: the opt-in throughput modes' sliding one-second windows held across nodes
 * (services/shared/rate-shared.ts has the rule, storage/postgres/rate-windows.ts the calls). A
 * window is a row of account_rate_buckets (0016) under a key that is not an account id
 * (`rate|…`), so that `switchyard copy` leaves it out as it leaves out the buckets: in
 * `lease_ms`/`lease_units` the leases of the last second (when, and how many units each granted
 * its node). rate_window_lease locks the row, drops the leases a second old, and grants what fits,
 * in one call: one round trip a lease. The Kinesis read pacing (a debt paid at 2 MiB/s a shard)
 * is an ordinary bucket of 0016 with no burst, under a `kinesis-read|…` key.
 */
const migration: Migration = {
  version: 18,
  name: 'rate-windows',
  // Older nodes: two columns with defaults their statements never name, and a function they never
  // call. They count the throughput modes per node, in memory, as the whole cluster did before:
  // while they run, a queue, topic or shard can get its rate from each of them on top of the newer
  // nodes' shared windows. Nothing is stored wrongly.
  olderNodes: 'compatible',
  sql: `
ALTER TABLE account_rate_buckets
  ADD COLUMN lease_ms    bigint[]  NOT NULL DEFAULT '{}',
  ADD COLUMN lease_units integer[] NOT NULL DEFAULT '{}';

CREATE FUNCTION rate_window_lease(p_key text, p_per_second integer, p_need integer, p_want integer, p_now bigint,
                                  OUT granted_units integer, OUT wait_ms integer)
LANGUAGE plpgsql AS $$
DECLARE
  kept_ms    bigint[];
  kept_units integer[];
  used       bigint;
  freed      bigint := 0;
BEGIN
  INSERT INTO account_rate_buckets (account_id, tokens, at_ms, granted) VALUES (p_key, 0, p_now, 0)
  ON CONFLICT (account_id) DO NOTHING;
  -- One lease at a time per window: the row lock, held to the end of the caller's statement.
  PERFORM 1 FROM account_rate_buckets WHERE account_id = p_key FOR UPDATE;
  SELECT coalesce(array_agg(e.ms ORDER BY e.ms), '{}'), coalesce(array_agg(e.units ORDER BY e.ms), '{}'), coalesce(sum(e.units), 0)
    INTO kept_ms, kept_units, used
    FROM account_rate_buckets b, unnest(b.lease_ms, b.lease_units) AS e(ms, units)
   WHERE b.account_id = p_key AND e.ms > p_now - 1000;
  granted_units := 0;
  wait_ms := 0;
  IF p_per_second - used >= p_need THEN
    granted_units := least(p_want, p_per_second - used);
    IF granted_units > 0 THEN
      kept_ms := kept_ms || p_now;
      kept_units := kept_units || granted_units;
    END IF;
  ELSE
    -- Until enough of the oldest leases are a second old for p_need units to fit.
    wait_ms := 1000;
    FOR i IN 1 .. coalesce(array_length(kept_ms, 1), 0) LOOP
      freed := freed + kept_units[i];
      IF p_per_second - used + freed >= p_need THEN
        wait_ms := greatest(1, kept_ms[i] + 1000 - p_now);
        EXIT;
      END IF;
    END LOOP;
  END IF;
  UPDATE account_rate_buckets
     SET lease_ms = kept_ms, lease_units = kept_units, at_ms = greatest(at_ms, p_now), granted = granted_units
   WHERE account_id = p_key;
END $$;
`,
};

export default migration;
