/**
 * The SQS store's statements. Each port call is one statement (one round trip, one implicit
 * transaction) where PostgreSQL allows it; the comments say why each is safe under concurrency
 * at READ COMMITTED, the default and what the engine runs at.
 *
 * Parameters are positional; numbers that are epoch ms are cast to bigint explicitly so that
 * generic plans of the prepared statements keep their index use.
 *
 * FIFO claims, FIFO enqueue and message moves are in sqs-fifo-sql.ts.
 */
import { MESSAGE_COLS, messageCols } from './sqs-rows.js';
import { tagWithinLimit } from './sql.js';

const QUEUE_COLS = `id, account_id, name, attributes, tags, created_at, modified_at`;


/**
 * Insert-or-nothing, then the row. When a concurrent creator commits after this statement's
 * snapshot, ON CONFLICT sees its row but the SELECT branch cannot: the result is empty and the
 * caller reads again with a fresh statement.
 */
export const CREATE_QUEUE = `
WITH ins AS (
  INSERT INTO sqs_queues (account_id, name, attributes, tags, created_at, modified_at)
  VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::bigint, $5::bigint)
  ON CONFLICT (account_id, name) DO NOTHING
  RETURNING ${QUEUE_COLS}
)
SELECT true AS created, ${QUEUE_COLS} FROM ins
UNION ALL
SELECT false AS created, ${QUEUE_COLS} FROM sqs_queues WHERE account_id = $1 AND name = $2`;

export const GET_QUEUE = `SELECT ${QUEUE_COLS} FROM sqs_queues WHERE account_id = $1 AND name = $2`;

/** `name >= prefix` bounds the index range; starts_with does the exact test (no LIKE escaping). */
export const LIST_QUEUES = `
SELECT ${QUEUE_COLS} FROM sqs_queues
WHERE account_id = $1 AND name >= $2 AND starts_with(name, $2) AND ($3::text IS NULL OR name > $3)
ORDER BY name LIMIT $4`;

export const QUEUES_AFTER = `SELECT ${QUEUE_COLS} FROM sqs_queues WHERE id > $1 ORDER BY id LIMIT $2`;

/** jsonb `||` merges key by key in one atomic UPDATE, so concurrent setters of different keys both land. */
export const SET_QUEUE_ATTRIBUTES = `UPDATE sqs_queues SET attributes = attributes || $2::jsonb, modified_at = $3::bigint WHERE id = $1`;
/** Under the row's lock: concurrent TagQueues cannot pass the limit together (they did: 60 racing single tags made 60). */
export const TAG_QUEUE = tagWithinLimit('sqs_queues');
export const UNTAG_QUEUE = `UPDATE sqs_queues SET tags = tags - $2::text[] WHERE id = $1`;

/** Messages go with the queue (ON DELETE CASCADE); the tombstone keeps the latest deletion time. */
export const DELETE_QUEUE = `
WITH q AS (DELETE FROM sqs_queues WHERE id = $1 RETURNING account_id, name)
INSERT INTO sqs_deleted_queues (account_id, name, deleted_at)
SELECT account_id, name, $2::bigint FROM q
ON CONFLICT (account_id, name) DO UPDATE SET deleted_at = greatest(sqs_deleted_queues.deleted_at, excluded.deleted_at)`;

export const DELETED_SINCE = `
SELECT EXISTS (SELECT 1 FROM sqs_deleted_queues WHERE account_id = $1 AND name = $2 AND deleted_at >= $3::bigint) AS hit`;

/**
 * The cooldown is a conditional UPDATE of the queue row: a concurrent purge blocks on the row
 * lock, then re-evaluates the condition against the committed last_purge_at and matches nothing.
 * The DELETE only runs for a queue the UPDATE matched.
 */
export const PURGE_QUEUE = `
WITH q AS (
  UPDATE sqs_queues SET last_purge_at = $2::bigint
  WHERE id = $1 AND (last_purge_at IS NULL OR last_purge_at <= $2::bigint - $3::bigint)
  RETURNING id
), d AS (
  DELETE FROM sqs_messages WHERE queue_id IN (SELECT id FROM q) AND sent_at <= $2::bigint
)
SELECT count(*) AS purged FROM q`;

/**
 * All messages in one INSERT from parallel arrays, and the NOTIFY in the same statement, hence the
 * same transaction: listeners hear of it exactly when the rows are committed. Seqs are drawn in
 * `x`, in input order (nextval is evaluated after the sort), so the statement can answer each
 * entry's seq in input order without matching RETURNING rows back to entries.
 */
export const ENQUEUE = `
WITH x AS MATERIALIZED (
  SELECT nextval('sqs_messages_seq_seq') AS seq, u.*
  FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
              $9::bigint[], $10::bigint[], $11::text[], $12::text[])
       WITH ORDINALITY AS u(message_id, body, md5_of_body, message_attributes, md5_of_message_attributes,
                            system_attributes, sender_id, sent_at, visible_at, group_id, dedup_id, ord)
  ORDER BY ord
), ins AS (
  INSERT INTO sqs_messages (seq, queue_id, message_id, body, md5_of_body, message_attributes, md5_of_message_attributes,
                            system_attributes, sender_id, sent_at, visible_at, group_id, dedup_id)
  SELECT seq, $1::bigint, message_id, body, md5_of_body, message_attributes, md5_of_message_attributes,
         system_attributes, sender_id, sent_at, visible_at, group_id, dedup_id
  FROM x
)
SELECT x.seq FROM x CROSS JOIN (SELECT pg_notify($13, $1::bigint::text)) n ORDER BY x.ord`;

/**
 * Pick (oldest visible_at first) and lock with SKIP LOCKED: a concurrent claimer, on this node
 * or another, never waits for and never gets a row another claim holds. A row claimed and
 * committed by another transaction after this snapshot is re-checked by PostgreSQL against its
 * new version (visible_at now in the future), so it is not taken either.
 * `prior` keeps the pre-claim visible_at to return rows in claim order.
 * `p` probes (one seek in a partial index of grouped messages) whether the queue holds messages
 * with a group id (ORDER BY group_id: only that index yields the order, so the planner cannot pick a
 * scan that an EXISTS would stop early in — or, on a queue without groups, never): then this claims nothing and answers `grouped` (a fair claim follows,
 * sqs-fair-sql.ts). The first row always carries `grouped` (seq NULL when nothing was claimed).
 */
export const CLAIM = `
WITH p AS MATERIALIZED (
  SELECT (SELECT group_id FROM sqs_messages WHERE queue_id = $1 AND group_id IS NOT NULL ORDER BY group_id LIMIT 1) IS NOT NULL AS grouped
), c AS (
  SELECT seq, visible_at AS prior FROM sqs_messages
  WHERE queue_id = $1 AND visible_at <= $2::bigint AND sent_at > $2::bigint - $4::bigint
    AND NOT (SELECT grouped FROM p)
  ORDER BY visible_at, seq
  LIMIT $3
  FOR UPDATE SKIP LOCKED
), u AS (
  UPDATE sqs_messages m
  SET receive_count = m.receive_count + 1,
      visible_at = $2::bigint + $5::bigint,
      first_receive_at = coalesce(m.first_receive_at, $2::bigint)
  FROM c WHERE m.seq = c.seq
  RETURNING ${messageCols('m')}, c.prior
)
SELECT p.grouped, ${messageCols('u')} FROM p LEFT JOIN u ON true ORDER BY u.prior, u.seq`;

/**
 * CLAIM with a RedrivePolicy. It looks $10 rows further than `max` (same SKIP LOCKED scan) so that
 * messages due for the dead-letter queue do not use up the claim: walking in claim order, a row
 * received at least $7 times is moved (same transaction, same row lock, so exactly once: a
 * concurrent claimer skips the locked row, and one with an older snapshot re-checks queue_id on
 * the moved version and drops it) as long as fewer than `max` rows to return precede it; the
 * others are claimed up to `max`. Rows locked but not taken are released at commit. With no such
 * dead-letter queue (deleted meanwhile) nothing is moved and such messages are returned as usual.
 * The first row carries the counts (`moved`, `scanned`): the caller repeats the call when the
 * look-ahead was all used by moves. $9 is the NOTIFY channel: the DLQ wakes in the same commit.
 * The grouped-messages probe `p` is CLAIM's: a queue with grouped messages gets a fair claim.
 */
export const CLAIM_REDRIVE = `
WITH p AS MATERIALIZED (
  SELECT (SELECT group_id FROM sqs_messages WHERE queue_id = $1 AND group_id IS NOT NULL ORDER BY group_id LIMIT 1) IS NOT NULL AS grouped
), c AS (
  SELECT seq, visible_at AS prior, receive_count AS rc FROM sqs_messages
  WHERE queue_id = $1 AND visible_at <= $2::bigint AND sent_at > $2::bigint - $4::bigint
    AND NOT (SELECT grouped FROM p)
  ORDER BY visible_at, seq
  LIMIT $3::int + $10::int
  FOR UPDATE SKIP LOCKED
), k AS (
  SELECT seq, prior, dead, count(*) FILTER (WHERE NOT dead) OVER (ORDER BY prior, seq) AS n
  FROM (SELECT c.*, coalesce(c.rc >= $7::int AND q.ok, false) AS dead
        FROM c CROSS JOIN (SELECT EXISTS (SELECT 1 FROM sqs_queues WHERE id = $6::bigint) AS ok) q) z
), t AS MATERIALIZED (
  SELECT seq, prior, dead FROM k WHERE CASE WHEN dead THEN n < $3::int ELSE n <= $3::int END
), mv AS (
  UPDATE sqs_messages m SET queue_id = $6::bigint, visible_at = $2::bigint, dead_letter_source_arn = $8
  FROM t WHERE m.seq = t.seq AND t.dead
  RETURNING m.seq
), u AS (
  UPDATE sqs_messages m
  SET receive_count = m.receive_count + 1,
      visible_at = $2::bigint + $5::bigint,
      first_receive_at = coalesce(m.first_receive_at, $2::bigint)
  FROM t WHERE m.seq = t.seq AND NOT t.dead
  RETURNING ${messageCols('m')}, t.prior
), nt AS (
  SELECT pg_notify($9, $6::bigint::text) FROM mv LIMIT 1
)
SELECT s.moved, s.moved_seqs, s.scanned, s.notified, p.grouped, ${messageCols('u')}
FROM (SELECT (SELECT count(*) FROM mv) AS moved, (SELECT array_agg(seq) FROM mv) AS moved_seqs, (SELECT count(*) FROM c) AS scanned, (SELECT count(*) FROM nt) AS notified) s
CROSS JOIN p LEFT JOIN u ON true
ORDER BY u.prior, u.seq`;

/** Messages of a queue by seq: those a redrive just moved to a dead-letter queue (RedriveRule.onMoved). */
export const MESSAGES_BY_SEQ = `
SELECT ${MESSAGE_COLS} FROM sqs_messages WHERE queue_id = $1 AND seq = ANY($2::bigint[]) ORDER BY seq`;

export const NEXT_VISIBLE_AT = `
SELECT min(visible_at) AS at FROM sqs_messages
WHERE queue_id = $1 AND visible_at > $2::bigint AND sent_at > $2::bigint - $3::bigint`;

/**
 * Receipts arrive as parallel arrays (seq, receiveCount), kept in input order by ORDINALITY.
 * `l` locks the named rows in seq order (so two batches never deadlock on each other) and
 * reads their current receive count after any concurrent change; rows deleted meanwhile drop
 * out and report `gone`. `o` decides each ref's outcome as if the refs were applied one after
 * another: a ref whose message an earlier ref of the batch deleted is `gone`. The DELETE then
 * only touches rows we hold. On a FIFO queue ($4 set) a delete releases its message group: `n`
 * wakes other nodes' long polls when the group still holds a message (the statement's other parts
 * still see the deleted rows, hence the NOT IN).
 */
export const DELETE_MESSAGES = `
WITH r AS (
  SELECT * FROM unnest($2::bigint[], $3::int[]) WITH ORDINALITY AS r(seq, rc, ord)
), l AS (
  SELECT m.seq, m.receive_count AS cur_rc, m.visible_at AS cur_vis FROM sqs_messages m
  WHERE m.queue_id = $1 AND m.seq IN (SELECT seq FROM r)
  ORDER BY m.seq
  FOR UPDATE OF m
), o AS (
  SELECT r.ord, r.seq,
         CASE WHEN l.seq IS NULL THEN 'gone'
              WHEN coalesce(bool_or(r.rc = l.cur_rc) OVER earlier, false) THEN 'gone'
              WHEN r.rc <> l.cur_rc THEN 'stale'
              WHEN $4::bigint IS NOT NULL AND l.cur_vis <= $4::bigint THEN 'not-inflight'
              ELSE 'ok' END AS outcome
  FROM r LEFT JOIN l ON l.seq = r.seq
  WINDOW earlier AS (PARTITION BY r.seq ORDER BY r.ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
), d AS (
  DELETE FROM sqs_messages m USING o WHERE m.seq = o.seq AND o.outcome = 'ok'
  RETURNING m.group_id
), n AS (
  SELECT pg_notify($5, $1::bigint::text) FROM d
  WHERE $4::bigint IS NOT NULL AND d.group_id IS NOT NULL
    AND EXISTS (SELECT 1 FROM sqs_messages g WHERE g.queue_id = $1 AND g.group_id = d.group_id
                AND g.seq NOT IN (SELECT seq FROM o WHERE outcome = 'ok'))
  LIMIT 1
)
SELECT outcome, (SELECT count(*) FROM n) AS notified FROM o ORDER BY ord`;

/**
 * Same locking and same one-after-another reading as DELETE_MESSAGES: for refs naming the
 * current receive, the first change that sets visibleAt <= now ends the in-flight state, so
 * later refs of the batch to that message are `not-inflight`; the last `ok` one wins.
 * `n` sends the wakeup when some message became visible at once; the scalar subquery in the
 * final SELECT is what makes PostgreSQL evaluate it.
 */
export const CHANGE_VISIBILITY = `
WITH r AS (
  SELECT * FROM unnest($2::bigint[], $3::int[], $4::bigint[]) WITH ORDINALITY AS r(seq, rc, vis, ord)
), l AS (
  SELECT m.seq, m.receive_count AS cur_rc, m.visible_at AS cur_vis FROM sqs_messages m
  WHERE m.queue_id = $1 AND m.seq IN (SELECT seq FROM r)
  ORDER BY m.seq
  FOR UPDATE OF m
), o AS (
  SELECT r.ord, r.seq, r.vis,
         CASE WHEN l.seq IS NULL THEN 'gone'
              WHEN r.rc <> l.cur_rc THEN 'stale'
              WHEN l.cur_vis <= $5::bigint
                OR coalesce(bool_or(r.vis <= $5::bigint) FILTER (WHERE r.rc = l.cur_rc) OVER earlier, false)
                THEN 'not-inflight'
              ELSE 'ok' END AS outcome
  FROM r LEFT JOIN l ON l.seq = r.seq
  WINDOW earlier AS (PARTITION BY r.seq ORDER BY r.ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
), u AS (
  UPDATE sqs_messages m SET visible_at = w.vis
  FROM (SELECT DISTINCT ON (seq) seq, vis FROM o WHERE outcome = 'ok' ORDER BY seq, ord DESC) w
  WHERE m.seq = w.seq
  RETURNING m.visible_at
), n AS (
  SELECT pg_notify($6, $1::bigint::text) FROM u WHERE u.visible_at <= $5::bigint LIMIT 1
)
SELECT outcome, (SELECT count(*) FROM n) AS notified FROM o ORDER BY ord`;

export const COUNT_MESSAGES = `
SELECT count(*) FILTER (WHERE visible_at <= $2::bigint) AS visible,
       count(*) FILTER (WHERE visible_at > $2::bigint AND receive_count > 0) AS in_flight,
       count(*) FILTER (WHERE visible_at > $2::bigint AND receive_count = 0) AS delayed
FROM sqs_messages WHERE queue_id = $1 AND sent_at > $2::bigint - $3::bigint`;

/**
 * ($1 queue ids, $2 retentions, $3 poison receive counts (null: none), $4 now): per queue, in input
 * order, COUNT_MESSAGES's counts and the oldest sentAt among messages received fewer than the
 * poison count: one round trip for a whole metrics scrape.
 */
export const QUEUE_STATS = `
SELECT q.id AS queue_id,
       count(m.*) FILTER (WHERE m.visible_at <= $4::bigint) AS visible,
       count(m.*) FILTER (WHERE m.visible_at > $4::bigint AND m.receive_count > 0) AS in_flight,
       count(m.*) FILTER (WHERE m.visible_at > $4::bigint AND m.receive_count = 0) AS delayed,
       min(m.sent_at) FILTER (WHERE q.poison IS NULL OR m.receive_count < q.poison) AS oldest_sent_at
FROM unnest($1::bigint[], $2::bigint[], $3::int[]) WITH ORDINALITY AS q(id, retention, poison, ord)
LEFT JOIN sqs_messages m ON m.queue_id = q.id AND m.sent_at > $4::bigint - q.retention
GROUP BY q.id, q.ord
ORDER BY q.ord`;

export const TRIM_EXPIRED = `DELETE FROM sqs_messages WHERE queue_id = $1 AND sent_at <= $2::bigint`;

/** ($1 queue, $2 cutoff, $3 after seq, $4 limit): the admin peek, in seq order. */
export const PEEK_MESSAGES = `
SELECT ${MESSAGE_COLS} FROM sqs_messages
WHERE queue_id = $1 AND sent_at > $2::bigint AND seq > $3::bigint ORDER BY seq LIMIT $4`;
