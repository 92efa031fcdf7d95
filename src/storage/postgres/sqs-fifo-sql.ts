/**
 * Statements for FIFO queues and message moves (the plain ones are in sqs-sql.ts).
 *
 * Cross-node rules and what keeps each one:
 * - Deduplication: the sqs_dedup primary key. A second insert of a key waits for the first
 *   transaction, then (ON CONFLICT) sees its row; the row is replaced only once expired.
 * - Seq order = commit order within a group: FIFO_ENQUEUE (and MOVE_APPLY for the rows it moves)
 *   takes a transaction-scoped advisory lock per (queue, group) before drawing seqs, so a
 *   later seq in a group can never commit before an earlier one. A claim therefore never sees a
 *   group's message while an earlier one of the same group is still to appear.
 * - Group locks on claims: FIFO_CLAIM runs under a per-queue advisory lock taken by the caller in
 *   an earlier statement of the same transaction (sqs-fifo.ts), so its snapshot already holds the
 *   previous claim's commit: claims of one FIFO queue are serialised, across nodes.
 */
import { MESSAGE_COLS, messageCols } from './sqs-rows.js';

/** How many entries one FIFO enqueue or claim prunes from the expired dedup / attempt rows. */
const PRUNE = 20;

/**
 * Enqueue with deduplication. $1 queue, $2..$12 the message columns as in ENQUEUE, $13 channel
 * (also the advisory-lock namespace), $14 now, $15 window, $16 scope ('queue' | 'messageGroup').
 * - `f`: the first entry of the call for each dedup key; later ones are duplicates of it.
 * - `c`: entries that may be stored, with seqs drawn in input order after the group locks (`lk`,
 *   taken in key order so two calls never wait on each other in a cycle).
 * - `d`: claims each key. ON CONFLICT DO UPDATE (not DO NOTHING) so that RETURNING yields the row
 *   also when it belongs to another, committed, transaction that this statement's snapshot cannot
 *   see: an unexpired row is written back unchanged and names the original; an expired one is
 *   replaced by ours. Keys are inserted in key order, again against cycles.
 * - `p`: removes a few expired keys of the queue (never one of this call's keys: a row is not
 *   touched twice by one statement).
 */
export const FIFO_ENQUEUE = `
WITH x AS (
  SELECT u.*, CASE WHEN $16 = 'queue' THEN '' ELSE coalesce(u.group_id, '') END AS scope_key
  FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
              $9::bigint[], $10::bigint[], $11::text[], $12::text[])
       WITH ORDINALITY AS u(message_id, body, md5_of_body, message_attributes, md5_of_message_attributes,
                            system_attributes, sender_id, sent_at, visible_at, group_id, dedup_id, ord)
), lk AS (
  SELECT count(pg_advisory_xact_lock(k)) AS n
  FROM (SELECT DISTINCT hashtextextended($13 || ':' || group_id, $1::bigint) AS k FROM x WHERE group_id IS NOT NULL ORDER BY k) s
), f AS (
  SELECT DISTINCT ON (scope_key, dedup_id) ord FROM x WHERE dedup_id IS NOT NULL ORDER BY scope_key, dedup_id, ord
), c AS MATERIALIZED (
  SELECT x.*, nextval('sqs_messages_seq_seq') AS seq
  FROM x CROSS JOIN lk
  WHERE x.dedup_id IS NULL OR x.ord IN (SELECT ord FROM f)
  ORDER BY x.ord
), d AS (
  INSERT INTO sqs_dedup AS o (queue_id, scope_key, dedup_id, message_id, seq, expires_at)
  SELECT $1::bigint, scope_key, dedup_id, message_id, seq, $14::bigint + $15::bigint FROM c
  WHERE dedup_id IS NOT NULL ORDER BY scope_key, dedup_id
  ON CONFLICT (queue_id, scope_key, dedup_id) DO UPDATE SET
    message_id = CASE WHEN o.expires_at <= $14::bigint THEN excluded.message_id ELSE o.message_id END,
    seq        = CASE WHEN o.expires_at <= $14::bigint THEN excluded.seq ELSE o.seq END,
    expires_at = CASE WHEN o.expires_at <= $14::bigint THEN excluded.expires_at ELSE o.expires_at END
  RETURNING o.scope_key, o.dedup_id, o.message_id, o.seq
), a AS (
  SELECT c.* FROM c WHERE c.dedup_id IS NULL OR c.seq IN (SELECT seq FROM d)
), ins AS (
  INSERT INTO sqs_messages (seq, queue_id, message_id, body, md5_of_body, message_attributes, md5_of_message_attributes,
                            system_attributes, sender_id, sent_at, visible_at, group_id, dedup_id)
  SELECT seq, $1::bigint, message_id, body, md5_of_body, message_attributes, md5_of_message_attributes,
         system_attributes, sender_id, sent_at, visible_at, group_id, dedup_id
  FROM a
), p AS (
  DELETE FROM sqs_dedup WHERE ctid IN (
    SELECT ctid FROM sqs_dedup
    WHERE queue_id = $1 AND expires_at <= $14::bigint
      AND (scope_key, dedup_id) NOT IN (SELECT scope_key, dedup_id FROM x WHERE dedup_id IS NOT NULL)
    LIMIT ${PRUNE} FOR UPDATE SKIP LOCKED)
), n AS (
  SELECT pg_notify($13, $1::bigint::text) FROM a LIMIT 1
)
SELECT coalesce(d.message_id, x.message_id) AS message_id,
       coalesce(d.seq, c.seq) AS seq,
       c.seq IS NULL OR c.seq <> coalesce(d.seq, c.seq) AS duplicate,
       (SELECT count(*) FROM n) AS notified
FROM x
LEFT JOIN c ON c.ord = x.ord
LEFT JOIN d ON d.scope_key = x.scope_key AND d.dedup_id = x.dedup_id
ORDER BY x.ord`;

/**
 * One FIFO claim step, run under the queue's advisory lock (see header). Parameters:
 * $1 queue, $2 now, $3 max, $4 retention, $5 visibility timeout, $6 DLQ id | null,
 * $7 maxReceiveCount | null, $8 source ARN, $9 channel, $10 attempt id | null, $11 attempt window,
 * $12 continuing (an earlier step of this claim ran: no replay), $13 window (max + redrive
 * look-ahead), $14 walk cap, $15/$16 seqs/receive counts claimed by earlier steps.
 *
 * Terms: among unexpired messages with a group, a group is *blocked* while one of its messages is
 * in flight; a message is *claimable* if it is visible, its group is not blocked and no delayed
 * message of its group precedes it — then every unexpired message before it in its group is
 * visible too, so a group's claimable messages are a run from its head.
 * - `prev`/`replay`/`again`: a repeated attempt id whose messages are all still in flight under
 *   that receive returns them (and nothing else runs).
 * - `nv`: per group, blocked? and the first delayed seq (a range of the claim index: in-flight and
 *   delayed messages only).
 * - `cand`/`wa`: walks visible messages in seq order (at most $14 of them) for the first $13
 *   claimable ones: their groups, ranked by first seq, are the groups with the oldest heads.
 * - `grp`/`wb`: only when the walk hit its cap without finding $13 (deep backlogs of blocked
 *   groups ahead): enumerates the queue's groups by a loose index scan and takes each unblocked
 *   group's head if visible.
 * - `runs`: the first $13 groups by head, each with its run of claimable messages in seq order
 *   (groups are served one after another, as AWS returns as many of one group as it can).
 * - `take`: walking the runs, messages received maxReceiveCount times are moved to the DLQ (while
 *   fewer than $3 messages to return precede them), the others are claimed, up to $3.
 * - `rec`/`pr`: records the attempt id (only a claim that returned messages) and prunes a few
 *   expired attempts.
 */
export const FIFO_CLAIM = `
WITH RECURSIVE prev AS (
  SELECT r.seq, r.rc, r.ord FROM sqs_receive_attempts a
  CROSS JOIN LATERAL unnest(a.seqs, a.receive_counts) WITH ORDINALITY AS r(seq, rc, ord)
  WHERE a.queue_id = $1 AND a.attempt_id = $10 AND a.expires_at > $2::bigint AND NOT $12::boolean
), replay AS (
  SELECT ${messageCols('m')}, prev.ord FROM prev JOIN sqs_messages m ON m.seq = prev.seq
  WHERE m.queue_id = $1 AND m.receive_count = prev.rc AND m.visible_at > $2::bigint AND m.sent_at > $2::bigint - $4::bigint
), again AS (
  SELECT count(*) > 0 AND count(*) = (SELECT count(*) FROM replay) AS yes FROM prev
), nv AS (
  SELECT group_id, bool_or(receive_count > 0) AS blocked, min(seq) FILTER (WHERE receive_count = 0) AS delayed_from
  FROM sqs_messages
  WHERE queue_id = $1 AND visible_at > $2::bigint AND sent_at > $2::bigint - $4::bigint AND group_id IS NOT NULL
    AND NOT (SELECT yes FROM again)
  GROUP BY group_id
), cand AS (
  SELECT seq, group_id FROM sqs_messages
  WHERE queue_id = $1 AND group_id IS NOT NULL AND visible_at <= $2::bigint AND sent_at > $2::bigint - $4::bigint
    AND NOT (SELECT yes FROM again)
  ORDER BY seq LIMIT $14::int
), wa AS (
  SELECT c.seq, c.group_id FROM cand c LEFT JOIN nv ON nv.group_id = c.group_id
  WHERE nv.group_id IS NULL OR (NOT nv.blocked AND (nv.delayed_from IS NULL OR c.seq < nv.delayed_from))
  ORDER BY c.seq LIMIT $13::int
), grp(g) AS (
  (SELECT group_id FROM sqs_messages
   WHERE queue_id = $1 AND group_id IS NOT NULL
     AND (SELECT count(*) FROM cand) >= $14::int AND (SELECT count(*) FROM wa) < $13::int
   ORDER BY group_id LIMIT 1)
  UNION ALL
  SELECT (SELECT m.group_id FROM sqs_messages m WHERE m.queue_id = $1 AND m.group_id > grp.g ORDER BY m.group_id LIMIT 1)
  FROM grp WHERE grp.g IS NOT NULL
), wb AS (
  SELECT h.seq, grp.g AS group_id FROM grp
  LEFT JOIN nv ON nv.group_id = grp.g
  CROSS JOIN LATERAL (
    SELECT m.seq, m.visible_at FROM sqs_messages m
    WHERE m.queue_id = $1 AND m.group_id = grp.g AND m.sent_at > $2::bigint - $4::bigint
    ORDER BY m.seq LIMIT 1
  ) h
  WHERE grp.g IS NOT NULL AND h.visible_at <= $2::bigint AND (nv.group_id IS NULL OR NOT nv.blocked)
), heads AS (
  SELECT group_id, min(seq) AS head FROM (SELECT seq, group_id FROM wa UNION ALL SELECT seq, group_id FROM wb) w
  GROUP BY group_id ORDER BY head LIMIT $13::int
), runs AS (
  SELECT h.head AS rank, r.seq, r.receive_count FROM heads h
  LEFT JOIN nv ON nv.group_id = h.group_id
  CROSS JOIN LATERAL (
    SELECT m.seq, m.receive_count FROM sqs_messages m
    WHERE m.queue_id = $1 AND m.group_id = h.group_id AND m.seq >= h.head
      AND m.visible_at <= $2::bigint AND m.sent_at > $2::bigint - $4::bigint
      AND (nv.delayed_from IS NULL OR m.seq < nv.delayed_from)
    ORDER BY m.seq LIMIT $13::int
  ) r
), ranked AS (
  SELECT seq, rank, dead, count(*) FILTER (WHERE NOT dead) OVER (ORDER BY rank, seq) AS n
  FROM (SELECT runs.*, coalesce(runs.receive_count >= $7::int AND q.ok, false) AS dead
        FROM runs CROSS JOIN (SELECT EXISTS (SELECT 1 FROM sqs_queues WHERE id = $6::bigint) AS ok) q) z
), take AS MATERIALIZED (
  SELECT seq, rank, dead FROM ranked WHERE CASE WHEN dead THEN n < $3::int ELSE n <= $3::int END
), mv AS (
  UPDATE sqs_messages m SET queue_id = $6::bigint, visible_at = $2::bigint, dead_letter_source_arn = $8
  FROM take t WHERE m.seq = t.seq AND t.dead AND m.queue_id = $1 AND m.visible_at <= $2::bigint
  RETURNING m.seq
), u AS (
  UPDATE sqs_messages m
  SET receive_count = m.receive_count + 1,
      visible_at = $2::bigint + $5::bigint,
      first_receive_at = coalesce(m.first_receive_at, $2::bigint)
  FROM take t WHERE m.seq = t.seq AND NOT t.dead AND m.queue_id = $1 AND m.visible_at <= $2::bigint
  RETURNING ${messageCols('m')}, t.rank
), rec AS (
  INSERT INTO sqs_receive_attempts AS o (queue_id, attempt_id, expires_at, seqs, receive_counts)
  SELECT $1::bigint, $10, $2::bigint + $11::bigint,
         $15::bigint[] || array_agg(seq ORDER BY rank, seq), $16::int[] || array_agg(receive_count ORDER BY rank, seq)
  FROM u
  HAVING $10::text IS NOT NULL AND count(*) + cardinality($15::bigint[]) > 0
  ON CONFLICT (queue_id, attempt_id) DO UPDATE
  SET expires_at = excluded.expires_at, seqs = excluded.seqs, receive_counts = excluded.receive_counts
), pr AS (
  DELETE FROM sqs_receive_attempts WHERE ctid IN (
    SELECT ctid FROM sqs_receive_attempts WHERE queue_id = $1 AND expires_at <= $2::bigint AND attempt_id <> $10
    LIMIT ${PRUNE} FOR UPDATE SKIP LOCKED)
), nt AS (
  SELECT pg_notify($9, $6::bigint::text) FROM mv LIMIT 1
)
SELECT s.moved, s.moved_seqs, s.notified, x.* FROM (
  SELECT (SELECT count(*) FROM mv) AS moved, (SELECT array_agg(seq) FROM mv) AS moved_seqs, (SELECT count(*) FROM nt) AS notified
) s LEFT JOIN (
  SELECT ${MESSAGE_COLS}, rank AS k1, seq AS k2 FROM u
  UNION ALL
  SELECT ${MESSAGE_COLS}, ord, 0 FROM replay WHERE (SELECT yes FROM again)
) x ON true
ORDER BY x.k1, x.k2`;

/**
 * MOVE_PICK and MOVE_APPLY run in one transaction (sqs-fifo.ts): pick locks up to $4 unexpired
 * messages of the queue, oldest first, skipping rows another transaction holds (a claim, a
 * delete, another move); the caller resolves each one's destination in JS; apply moves them.
 */
export const MOVE_PICK = `
SELECT seq, dead_letter_source_arn FROM sqs_messages
WHERE queue_id = $1 AND sent_at > $2::bigint - $3::bigint
ORDER BY sent_at, seq
LIMIT $4
FOR UPDATE SKIP LOCKED`;

/**
 * $1 seqs, $2 destination queue ids (parallel, oldest first), $3 now, $4 source queue, $5 channel.
 * A moved message is a fresh message in its destination: a new seq (its receive count starts
 * again at 0, so keeping the seq would let a receipt from before the move name a receive after
 * it), drawn in order after the destination's group locks as in FIFO_ENQUEUE. Destinations that
 * no longer exist are skipped (the caller counts them as failed). One NOTIFY per destination.
 */
export const MOVE_APPLY = `
WITH r AS (
  SELECT r.seq, r.target, r.ord FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS r(seq, target, ord)
  WHERE EXISTS (SELECT 1 FROM sqs_queues q WHERE q.id = r.target)
), lk AS (
  SELECT count(pg_advisory_xact_lock(k)) AS n FROM (
    SELECT DISTINCT hashtextextended($5 || ':' || m.group_id, r.target) AS k
    FROM r JOIN sqs_messages m ON m.seq = r.seq WHERE m.group_id IS NOT NULL ORDER BY k) s
), nx AS MATERIALIZED (
  SELECT r.seq, r.target, nextval('sqs_messages_seq_seq') AS new_seq FROM r CROSS JOIN lk ORDER BY r.ord
), u AS (
  UPDATE sqs_messages m
  SET seq = nx.new_seq, queue_id = nx.target, visible_at = $3::bigint, receive_count = 0,
      first_receive_at = NULL, dead_letter_source_arn = NULL
  FROM nx WHERE m.seq = nx.seq AND m.queue_id = $4
  RETURNING m.queue_id
), w AS (
  SELECT queue_id, count(*) AS n FROM u GROUP BY queue_id
)
SELECT queue_id, n, pg_notify($5, queue_id::text) IS NULL AS notified FROM w`;
