import type { Preparer } from './prepare.js';

/**
 * Every SQL statement of the SQLite Kinesis store, prepared once per engine (schema:
 * migrations/0005-kinesis.ts, 0007-kinesis-reshard.ts, 0012-kinesis-chunks.ts). Records are kept in
 * chunks keyed by `shard_id << 40 | seq of the chunk's first record`, computed by SQL only: a
 * shard's chunks are the key range [shard << 40, (shard + 1) << 40).
 */

export const SEQ_BITS = 40;
export const MAX_SEQ = 2 ** SEQ_BITS - 1;
export const MAX_SHARD_ID = 2 ** 23 - 1;

export interface StreamRow {
  id: number;
  accountId: string;
  region: string;
  name: string;
  streamId: string;
  createdAt: number;
  activeAt: number;
  mode: string;
  retentionHours: number;
  maxRecordSizeKiB: number;
  tags: string;
  settings: string;
  openShardCount: number;
  updatingUntil: number;
}

export interface ShardRow {
  id: number;
  index: number;
  startingHashKey: string;
  endingHashKey: string;
  createdAt: number;
  parentIndex: number | null;
  adjacentParentIndex: number | null;
  closedAt: number | null;
  endingSeq: number | null;
}

/** A chunk as read: [first seq, last seq, arrivalMs, sizes (JSON [data bytes, key length, …]), keys, data]. */
export type ChunkRow = [number, number, number, string, string, Buffer];

const STREAM_COLS = `s.id, s.account_id AS accountId, s.region, s.name, s.stream_id AS streamId, s.created_at AS createdAt,
  s.active_at AS activeAt, s.mode, s.retention_hours AS retentionHours, s.max_record_size_kib AS maxRecordSizeKiB, s.tags, s.settings, s.updating_until AS updatingUntil,
  (SELECT count(*) FROM kinesis_shards sh WHERE sh.stream_id = s.id AND sh.closed_at IS NULL) AS openShardCount`;

const SHARD_COLS = `id, shard_index AS "index", starting_hash_key AS startingHashKey, ending_hash_key AS endingHashKey,
  created_at AS createdAt, parent_index AS parentIndex, adjacent_parent_index AS adjacentParentIndex, closed_at AS closedAt, ending_seq AS endingSeq`;

/** Named parameters @shard and @from (first position). */
const IN_SHARD = `key >= (@shard << ${SEQ_BITS}) + @from AND key < ((@shard + 1) << ${SEQ_BITS})`;
const SEQ = `key & ${MAX_SEQ}`;

export function prepareKinesis(db: Preparer) {
  return {
    getSecret: db.prepare('SELECT value FROM kinesis_secrets WHERE name = ?').pluck(),
    insertSecret: db.prepare('INSERT INTO kinesis_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING'),

    insertStream: db.prepare(
      `INSERT INTO kinesis_streams (account_id, region, name, stream_id, created_at, active_at, mode, retention_hours,
         max_record_size_kib, tags, settings) VALUES (@accountId, @region, @name, @streamId, @createdAt, @activeAt, @mode,
         @retentionHours, @maxRecordSizeKiB, @tags, @settings)`,
    ),
    insertShard: db.prepare(
      `INSERT INTO kinesis_shards (stream_id, shard_index, starting_hash_key, ending_hash_key, created_at) VALUES (?, ?, ?, ?, ?)`,
    ),
    streamByName: db.prepare(`SELECT ${STREAM_COLS} FROM kinesis_streams s WHERE account_id = ? AND region = ? AND name = ? AND deleted_at IS NULL`),
    streamById: db.prepare(`SELECT ${STREAM_COLS} FROM kinesis_streams s WHERE id = ? AND deleted_at IS NULL`),
    shardsOf: db.prepare(`SELECT ${SHARD_COLS} FROM kinesis_shards WHERE stream_id = ? ORDER BY shard_index`),
    // Binary (code point) order: SQLite's default BINARY collation.
    listStreams: db.prepare(
      `SELECT ${STREAM_COLS} FROM kinesis_streams s
       WHERE account_id = ? AND region = ? AND deleted_at IS NULL AND name > ? ORDER BY name LIMIT ?`,
    ),
    streamsAfter: db.prepare(`SELECT ${STREAM_COLS} FROM kinesis_streams s WHERE id > ? AND deleted_at IS NULL ORDER BY id LIMIT ?`),
    deleteStream: db.prepare('UPDATE kinesis_streams SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL'),
    liveStream: db.prepare('SELECT tags, settings FROM kinesis_streams WHERE id = ? AND deleted_at IS NULL'),
    updateStream: db.prepare(
      `UPDATE kinesis_streams SET retention_hours = coalesce(?, retention_hours), max_record_size_kib = coalesce(?, max_record_size_kib),
         mode = coalesce(?, mode), settings = ?, updating_until = coalesce(?, updating_until) WHERE id = ?`,
    ),
    setTags: db.prepare('UPDATE kinesis_streams SET tags = ? WHERE id = ?'),
    /**
     * Open shards count per stream as the larger of those open at @now and those open once its
     * pending reshard took effect (closed_at IS NULL), so a reshard in flight keeps its shards booked.
     */
    usage: db.prepare(
      `SELECT
         (SELECT coalesce(sum(max(open_now, open_after)), 0) FROM (
           SELECT count(*) FILTER (WHERE sh.created_at <= @now AND (sh.closed_at IS NULL OR sh.closed_at > @now)) AS open_now,
                  count(*) FILTER (WHERE sh.closed_at IS NULL) AS open_after
           FROM kinesis_shards sh JOIN kinesis_streams s ON s.id = sh.stream_id
           WHERE s.account_id = @account AND s.region = @region AND s.deleted_at IS NULL GROUP BY sh.stream_id)) AS openShards,
         (SELECT count(*) FROM kinesis_streams WHERE account_id = @account AND region = @region AND deleted_at IS NULL AND mode = 'ON_DEMAND') AS onDemandStreams,
         (SELECT count(*) FROM kinesis_streams WHERE account_id = @account AND region = @region AND deleted_at IS NULL AND active_at > @now) AS creatingStreams`,
    ),

    /**
     * Reserves `n` positions of an open shard of the stream; the arrival time never goes back. A
     * shard a reshard closes stays open until its close time, and not a moment after it was sealed.
     */
    bumpShard: db.prepare(
      `UPDATE kinesis_shards SET next_seq = next_seq + @n, last_arrival = max(last_arrival, @now)
       WHERE id = @shard AND stream_id = @stream AND ending_seq IS NULL AND (closed_at IS NULL OR closed_at > @now)
       RETURNING next_seq - @n AS first, last_arrival AS arrival`,
    ),
    insertChunk: db.prepare(
      `INSERT INTO kinesis_chunks (key, last_seq, arrival_ms, sizes, keys, data)
       VALUES ((@shard << ${SEQ_BITS}) + @first, @last, @arrival, @sizes, @keys, @data)`,
    ),
    /** The chunks holding positions @from on (the first may start before it), oldest first. */
    readChunks: db
      .prepare(
        `SELECT ${SEQ}, last_seq, arrival_ms, sizes, keys, data FROM kinesis_chunks
         WHERE key >= coalesce((SELECT key FROM kinesis_chunks WHERE key <= (@shard << ${SEQ_BITS}) + @from AND key >= (@shard << ${SEQ_BITS})
                                ORDER BY key DESC LIMIT 1), (@shard << ${SEQ_BITS}) + @from)
           AND key < ((@shard + 1) << ${SEQ_BITS}) AND last_seq >= @from AND arrival_ms >= @min ORDER BY key LIMIT @limit`,
      )
      .raw(),
    tip: db.prepare('SELECT next_seq AS nextSeq, last_arrival AS lastArrivalMs FROM kinesis_shards WHERE id = ?'),
    /** A chunk's records share its arrival time: the first chunk that arrived late enough starts at the first such record. */
    seqAtTime: db.prepare(`SELECT ${SEQ} FROM kinesis_chunks WHERE ${IN_SHARD} AND arrival_ms >= @min ORDER BY key LIMIT 1`).pluck(),
    /** Walks a shard from its oldest chunk ([first, last, arrival]: no blob is read). */
    scanArrivals: db.prepare(`SELECT ${SEQ}, last_seq, arrival_ms FROM kinesis_chunks WHERE ${IN_SHARD} ORDER BY key LIMIT @limit`).raw(),
    /** Deletes the shard's chunks that start at or before position @through. */
    deleteThrough: db.prepare(`DELETE FROM kinesis_chunks WHERE ${IN_SHARD} AND key <= (@shard << ${SEQ_BITS}) + @through`),
    /** Deletes up to @limit of the shard's oldest chunks; returns the records they held. */
    deleteSomeOfShard: db
      .prepare(`DELETE FROM kinesis_chunks WHERE key IN (SELECT key FROM kinesis_chunks WHERE ${IN_SHARD} ORDER BY key LIMIT @limit) RETURNING last_seq - (${SEQ}) + 1`)
      .pluck(),
    shardIdsOf: db.prepare('SELECT id FROM kinesis_shards WHERE stream_id = ?').pluck(),
    deletedStream: db.prepare('SELECT id FROM kinesis_streams WHERE deleted_at IS NOT NULL ORDER BY id LIMIT 1').pluck(),
    dropShards: db.prepare('DELETE FROM kinesis_shards WHERE stream_id = ?'),
    dropStream: db.prepare('DELETE FROM kinesis_streams WHERE id = ?'),
  };
}

export type KinesisStatements = ReturnType<typeof prepareKinesis>;
