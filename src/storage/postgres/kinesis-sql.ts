/**
 * The Kinesis store's statements (schema: migrations/0005-kinesis.ts). One statement per port
 * call, so one round trip and one implicit transaction at READ COMMITTED; the comments say why
 * each is safe with several nodes. Epoch-ms parameters are cast to bigint so that the generic
 * plans of the prepared statements keep their index use.
 */

const SHARDS_JSON = `(SELECT coalesce(json_agg(json_build_object(
    'id', sh.id, 'index', sh.shard_index, 'startingHashKey', sh.starting_hash_key, 'endingHashKey', sh.ending_hash_key,
    'createdAt', sh.created_at, 'parentIndex', sh.parent_index, 'adjacentParentIndex', sh.adjacent_parent_index,
    'closedAt', sh.closed_at, 'endingSeq', sh.ending_seq) ORDER BY sh.shard_index), '[]'::json)
  FROM kinesis_shards sh WHERE sh.stream_id = s.id)`;

export const STREAM_COLS = `s.id, s.account_id, s.region, s.name, s.stream_id, s.created_at, s.active_at, s.mode, s.retention_hours,
  s.max_record_size_kib, s.tags, s.settings, s.updating_until,
  (SELECT count(*) FROM kinesis_shards sh WHERE sh.stream_id = s.id AND sh.closed_at IS NULL) AS open_shard_count`;

const WITH_SHARDS = `${STREAM_COLS}, ${SHARDS_JSON} AS shards`;

export const GET_SECRET = `SELECT value FROM kinesis_secrets WHERE name = $1`;
/** The first writer's key wins; every later caller reads it back (ON CONFLICT waits for a concurrent inserter). */
export const INSERT_SECRET = `
WITH ins AS (INSERT INTO kinesis_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING value)
SELECT value FROM ins UNION ALL SELECT value FROM kinesis_secrets WHERE name = $1`;

/**
 * The stream and its shards in one statement. A concurrent creator of the same name makes
 * ON CONFLICT skip the insert (the unique index waits for the other transaction); the caller then
 * reads the winner with a fresh statement.
 */
export const CREATE_STREAM = `
WITH s AS (
  INSERT INTO kinesis_streams (account_id, region, name, stream_id, created_at, active_at, mode, retention_hours, max_record_size_kib, tags, settings)
  VALUES ($1, $2, $3, $4, $5::bigint, $6::bigint, $7, $8, $9, $10::jsonb, $11::jsonb)
  ON CONFLICT (account_id, region, name) WHERE deleted_at IS NULL DO NOTHING
  RETURNING id
), sh AS (
  INSERT INTO kinesis_shards (stream_id, shard_index, starting_hash_key, ending_hash_key, created_at)
  SELECT s.id, t.i, t.lo, t.hi, $5::bigint FROM s, unnest($12::int[], $13::text[], $14::text[]) AS t (i, lo, hi)
  RETURNING 1
)
SELECT id, (SELECT count(*) FROM sh) AS shards FROM s`;

export const STREAM_BY_NAME = `SELECT ${WITH_SHARDS} FROM kinesis_streams s WHERE account_id = $1 AND region = $2 AND name = $3 AND deleted_at IS NULL`;
export const STREAM_BY_ID = `SELECT ${WITH_SHARDS} FROM kinesis_streams s WHERE id = $1 AND deleted_at IS NULL`;
export const LIST_STREAMS = `
SELECT ${STREAM_COLS} FROM kinesis_streams s
WHERE account_id = $1 AND region = $2 AND deleted_at IS NULL AND name > $3 ORDER BY name LIMIT $4`;
export const STREAMS_AFTER = `SELECT ${WITH_SHARDS} FROM kinesis_streams s WHERE id > $1 AND deleted_at IS NULL ORDER BY id LIMIT $2`;

export const DELETE_STREAM = `UPDATE kinesis_streams SET deleted_at = $2::bigint WHERE id = $1 AND deleted_at IS NULL`;
/** Settings merge key by key (jsonb ||) in one atomic UPDATE. */
export const UPDATE_STREAM = `
UPDATE kinesis_streams SET retention_hours = coalesce($2, retention_hours), max_record_size_kib = coalesce($3, max_record_size_kib),
  mode = coalesce($4, mode), settings = settings || $5::jsonb, updating_until = coalesce($6::bigint, updating_until)
WHERE id = $1 AND deleted_at IS NULL`;
/**
 * The tag count is checked against the merged tags in the UPDATE's own WHERE: a concurrent
 * tagger holding the row lock makes this one re-check against the committed tags afterwards.
 */
export const TAG_STREAM = `
UPDATE kinesis_streams SET tags = tags || $2::jsonb
WHERE id = $1 AND deleted_at IS NULL AND (SELECT count(*) FROM jsonb_object_keys(tags || $2::jsonb)) <= $3
RETURNING 1`;
export const STREAM_LIVE = `SELECT EXISTS (SELECT 1 FROM kinesis_streams WHERE id = $1 AND deleted_at IS NULL) AS live`;
export const UNTAG_STREAM = `UPDATE kinesis_streams SET tags = tags - $2::text[] WHERE id = $1 AND deleted_at IS NULL`;
/**
 * Open shards count per stream as the larger of those open at $3 and those open once its pending
 * reshard took effect (closed_at IS NULL), so a reshard in flight keeps its shards booked.
 */
export const USAGE = `
SELECT
  (SELECT coalesce(sum(greatest(open_now, open_after)), 0)::int FROM (
    SELECT count(*) FILTER (WHERE sh.created_at <= $3::bigint AND (sh.closed_at IS NULL OR sh.closed_at > $3::bigint)) AS open_now,
           count(*) FILTER (WHERE sh.closed_at IS NULL) AS open_after
    FROM kinesis_shards sh JOIN kinesis_streams s ON s.id = sh.stream_id
    WHERE s.account_id = $1 AND s.region = $2 AND s.deleted_at IS NULL GROUP BY sh.stream_id) per_stream) AS open_shards,
  (SELECT count(*) FROM kinesis_streams WHERE account_id = $1 AND region = $2 AND deleted_at IS NULL AND mode = 'ON_DEMAND') AS on_demand_streams,
  (SELECT count(*) FROM kinesis_streams WHERE account_id = $1 AND region = $2 AND deleted_at IS NULL AND active_at > $3::bigint) AS creating_streams`;

/**
 * PutRecords in one statement: bump each shard's counter by its record count ($2, $3; row lock:
 * writers of a shard are serialised and commit in position order) and insert the call's chunks
 * ($5…$10, storage/kinesis-chunks.ts; $10 in binary, kinesis-bytea.ts), each at the shard's first new position + its offset.
 * Returns each shard's first position and arrival time; the caller numbers the records per shard
 * in input order. A deleted stream matches nothing (live is empty, nothing is written, `live` = 0); a
 * shard that is not an open shard of a live stream aborts the whole statement. A shard a reshard
 * closes is open until its close time and not once sealed: a seal holding the row lock makes this
 * UPDATE re-check the committed row (READ COMMITTED) and skip it.
 */
export const PUT_RECORDS = `
WITH live AS (SELECT id FROM kinesis_streams WHERE id = $1 AND deleted_at IS NULL),
counts AS (SELECT * FROM unnest($2::bigint[], $3::bigint[]) AS t (shard_id, n)),
bumped AS (
  UPDATE kinesis_shards sh SET next_seq = sh.next_seq + c.n, last_arrival = greatest(sh.last_arrival, $4::bigint)
  FROM counts c, live
  WHERE sh.id = c.shard_id AND sh.stream_id = live.id AND sh.ending_seq IS NULL AND (sh.closed_at IS NULL OR sh.closed_at > $4::bigint)
  RETURNING sh.id, sh.next_seq - c.n AS first, sh.last_arrival AS arrival
),
ins AS (
  INSERT INTO kinesis_chunks (shard_id, seq, last_seq, arrival_ms, sizes, keys, data)
  SELECT k.shard_id, b.first + k.offs, b.first + k.offs + k.n - 1, b.arrival, k.sizes, k.keys, k.data
  FROM unnest($5::bigint[], $6::bigint[], $7::bigint[], $8::text[], $9::text[], $10::bytea[]) AS k (shard_id, offs, n, sizes, keys, data)
  JOIN bumped b ON b.id = k.shard_id
  RETURNING 1
)
SELECT (SELECT count(*) FROM live) AS live,
  (SELECT coalesce(json_agg(json_build_array(id, first, arrival)), '[]'::json) FROM bumped) AS shards,
  CASE WHEN (SELECT count(*) FROM live) = 0 OR (SELECT count(*) FROM ins) = cardinality($5::bigint[]) THEN 0
       ELSE kinesis_fail('PutRecords: a shard is not an open shard of stream ' || $1) END AS ok`;

/**
 * PUT_RECORDS that also announces the shards it wrote to on channel $11 (kinesis-wakeups.ts), sent
 * when the transaction commits. Used only when some node follows one of them: a NOTIFY makes the
 * commit take a database-wide lock, so the plain statement stays the common case.
 */
export const PUT_RECORDS_NOTIFY = `${PUT_RECORDS},
  CASE WHEN EXISTS (SELECT 1 FROM bumped) THEN pg_notify($11, 'w' || (SELECT string_agg(id::text, ',') FROM bumped)) END AS notified`;

/**
 * A page of a shard's chunks (storage/kinesis-chunks.ts) from position $2 on (the first may start
 * before it), and the shard's tip, in one snapshot: nothing below the tip can commit later (see
 * PUT_RECORDS), so a reader may continue from the tip past records it skipped.
 */
export const READ_SHARD = `
SELECT t.next_seq, t.last_arrival, c.seq, c.last_seq, c.arrival_ms, c.sizes, c.keys, c.data
FROM (SELECT next_seq, last_arrival FROM kinesis_shards WHERE id = $1) t
LEFT JOIN LATERAL (
  SELECT seq, last_seq, arrival_ms, sizes, keys, data FROM kinesis_chunks
  WHERE shard_id = $1
    AND seq >= coalesce((SELECT seq FROM kinesis_chunks WHERE shard_id = $1 AND seq <= $2 ORDER BY seq DESC LIMIT 1), $2)
    AND last_seq >= $2 AND arrival_ms >= $3::bigint
  ORDER BY seq LIMIT $4
) c ON true
ORDER BY c.seq`;

export const SHARD_TIP = `SELECT next_seq, last_arrival FROM kinesis_shards WHERE id = $1`;
export const SEQ_AT_TIME = `
SELECT coalesce(
  (SELECT seq FROM kinesis_chunks WHERE shard_id = $1 AND arrival_ms >= $2::bigint ORDER BY seq LIMIT 1),
  (SELECT next_seq FROM kinesis_shards WHERE id = $1), 1) AS seq`;

/**
 * Arrival times never decrease along a shard, so a shard's expired chunks are its oldest ones.
 * Whole chunks go, until about $3 records (one chunk past it at most); answers how many records.
 */
export const TRIM_STREAM = `
WITH doomed AS (
  SELECT shard_id, seq FROM (
    SELECT r.shard_id, r.seq, sum(r.n) OVER (ORDER BY r.shard_id, r.seq) - r.n AS before
    FROM kinesis_shards sh
    CROSS JOIN LATERAL (
      SELECT k.shard_id, k.seq, k.last_seq - k.seq + 1 AS n FROM kinesis_chunks k
      WHERE k.shard_id = sh.id AND k.seq < coalesce(
        (SELECT min(seq) FROM kinesis_chunks WHERE shard_id = sh.id AND arrival_ms >= $2::bigint), 9223372036854775807)
      ORDER BY k.seq LIMIT $3
    ) r
    WHERE sh.stream_id = $1
  ) x WHERE x.before < $3
),
gone AS (DELETE FROM kinesis_chunks k USING doomed d WHERE k.shard_id = d.shard_id AND k.seq = d.seq RETURNING k.last_seq - k.seq + 1 AS n)
SELECT coalesce(sum(n), 0)::bigint AS n FROM gone`;

/** Up to about $1 records of the oldest deleted stream, in whole chunks; answers how many records. */
export const PURGE_DELETED_RECORDS = `
WITH doomed AS (
  SELECT shard_id, seq FROM (
    SELECT r.shard_id, r.seq, sum(r.n) OVER (ORDER BY r.shard_id, r.seq) - r.n AS before
    FROM (
      SELECT k.shard_id, k.seq, k.last_seq - k.seq + 1 AS n FROM kinesis_chunks k JOIN kinesis_shards sh ON sh.id = k.shard_id
      WHERE sh.stream_id = (SELECT id FROM kinesis_streams WHERE deleted_at IS NOT NULL ORDER BY id LIMIT 1)
      ORDER BY k.shard_id, k.seq LIMIT $1
    ) r
  ) x WHERE x.before < $1
),
gone AS (DELETE FROM kinesis_chunks k USING doomed d WHERE k.shard_id = d.shard_id AND k.seq = d.seq RETURNING k.last_seq - k.seq + 1 AS n)
SELECT coalesce(sum(n), 0)::bigint AS n FROM gone`;

/** Deleted streams whose records are all gone lose their rows (shards cascade). */
export const DROP_EMPTY_DELETED = `
DELETE FROM kinesis_streams s WHERE s.id = (SELECT id FROM kinesis_streams WHERE deleted_at IS NOT NULL ORDER BY id LIMIT 1)
  AND NOT EXISTS (SELECT 1 FROM kinesis_shards sh JOIN kinesis_chunks r ON r.shard_id = sh.id WHERE sh.stream_id = s.id)`;
