/**
 * Fair-queue claims on PostgreSQL (standard claims while the queue holds grouped messages; the
 * order is services/sqs/fair.ts). Two statements, no explicit transaction: FAIR_CANDIDATES reads
 * (no locks), the caller orders the candidates, CLAIM_FAIR locks and claims them in that order.
 * CLAIM_FAIR re-checks every row it locks (visible, unexpired, still in this queue), so a
 * candidate another claim took in between is skipped, never returned twice.
 */
import { messageCols } from './sqs-rows.js';

/**
 * One round trip: the candidates and the in-flight counts.
 * - groups by a loose index scan of sqs_messages_fifo_group (one seek per group), and per group
 *   its first $3 visible unexpired messages in seq order (rows: seq, group_id, visible_at). The
 *   group is matched by a range (>= and <=) and ordered by (group_id, seq) on purpose: with an
 *   equality the planner may walk the primary key in seq order instead, filtering the whole table;
 *   this way only sqs_messages_fifo_group yields the order;
 * - up to $3 visible unexpired ungrouped messages among the first $5 visible messages in
 *   visible_at order (group_id NULL; a bounded walk: behind a longer grouped backlog they wait);
 * - unexpired in-flight counts per group (rows: seq NULL, n; group_id NULL = all ungrouped ones).
 * $1 queue, $2 now, $3 max, $4 retention ms, $5 the ungrouped walk.
 */
export const FAIR_CANDIDATES = `
WITH RECURSIVE g AS (
  (SELECT group_id FROM sqs_messages WHERE queue_id = $1 AND group_id IS NOT NULL ORDER BY group_id LIMIT 1)
  UNION ALL
  SELECT (SELECT m.group_id FROM sqs_messages m
          WHERE m.queue_id = $1 AND m.group_id IS NOT NULL AND m.group_id > g.group_id ORDER BY m.group_id LIMIT 1)
  FROM g WHERE g.group_id IS NOT NULL
)
SELECT c.seq, g.group_id, c.visible_at, NULL::bigint AS n
FROM g CROSS JOIN LATERAL (
  SELECT seq, visible_at FROM sqs_messages
  WHERE queue_id = $1 AND group_id IS NOT NULL AND group_id >= g.group_id AND group_id <= g.group_id
    AND visible_at <= $2::bigint AND sent_at > $2::bigint - $4::bigint
  ORDER BY group_id, seq LIMIT $3
) c
WHERE g.group_id IS NOT NULL
UNION ALL
(SELECT seq, NULL, visible_at, NULL FROM (
   SELECT seq, visible_at, group_id, sent_at FROM sqs_messages
   WHERE queue_id = $1 AND visible_at <= $2::bigint ORDER BY visible_at, seq LIMIT $5
 ) w
 WHERE group_id IS NULL AND sent_at > $2::bigint - $4::bigint
 ORDER BY visible_at, seq LIMIT $3)
UNION ALL
SELECT NULL, group_id, NULL, count(*) FROM sqs_messages
WHERE queue_id = $1 AND visible_at > $2::bigint AND receive_count > 0 AND sent_at > $2::bigint - $4::bigint
GROUP BY group_id`;

/**
 * Claims the seqs of $2 in array order, at most $4, locking with SKIP LOCKED at most $4 + $11 of
 * them (the redrive look-ahead) and only those still visible and unexpired in queue $1 (rows a
 * concurrent claim committed meanwhile are re-checked against their new version and dropped).
 * With a redrive rule ($7 dead-letter queue, $8 maxReceiveCount, $9 source ARN) a locked row
 * received $8 times moves to the dead-letter queue (as CLAIM_REDRIVE does), $10 is the NOTIFY
 * channel. The first row carries `moved` and `locked` even when nothing was claimed (seq NULL).
 * $3 now, $5 retention ms, $6 visibility timeout ms.
 */
export const CLAIM_FAIR = `
WITH p AS (
  SELECT * FROM unnest($2::bigint[]) WITH ORDINALITY AS p(seq, ord)
), c AS (
  SELECT m.seq, p.ord, m.receive_count AS rc FROM sqs_messages m JOIN p ON m.seq = p.seq
  WHERE m.queue_id = $1 AND m.visible_at <= $3::bigint AND m.sent_at > $3::bigint - $5::bigint
  ORDER BY p.ord
  LIMIT $4::int + $11::int
  FOR UPDATE OF m SKIP LOCKED
), k AS (
  SELECT seq, ord, dead, count(*) FILTER (WHERE NOT dead) OVER (ORDER BY ord) AS n
  FROM (SELECT c.*, coalesce(c.rc >= $8::int AND q.ok, false) AS dead
        FROM c CROSS JOIN (SELECT EXISTS (SELECT 1 FROM sqs_queues WHERE id = $7::bigint) AS ok) q) z
), t AS MATERIALIZED (
  SELECT seq, ord, dead FROM k WHERE CASE WHEN dead THEN n < $4::int ELSE n <= $4::int END
), mv AS (
  UPDATE sqs_messages m SET queue_id = $7::bigint, visible_at = $3::bigint, dead_letter_source_arn = $9
  FROM t WHERE m.seq = t.seq AND t.dead
  RETURNING m.seq
), u AS (
  UPDATE sqs_messages m
  SET receive_count = m.receive_count + 1,
      visible_at = $3::bigint + $6::bigint,
      first_receive_at = coalesce(m.first_receive_at, $3::bigint)
  FROM t WHERE m.seq = t.seq AND NOT t.dead
  RETURNING ${messageCols('m')}, t.ord
), nt AS (
  SELECT pg_notify($10, $7::bigint::text) FROM mv LIMIT 1
)
SELECT s.moved, s.moved_seqs, s.locked, s.notified, ${messageCols('u')}
FROM (SELECT (SELECT count(*) FROM mv) AS moved, (SELECT array_agg(seq) FROM mv) AS moved_seqs, (SELECT count(*) FROM c) AS locked, (SELECT count(*) FROM nt) AS notified) s
LEFT JOIN u ON true
ORDER BY u.ord`;
