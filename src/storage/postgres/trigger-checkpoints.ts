import type pg from 'pg';
import type { ShardCheckpoint, TriggerCheckpointStore } from '../trigger-checkpoints.js';

/**
 * Kinesis trigger checkpoints in PostgreSQL (migration 0017), shared by the nodes. The lease is
 * one upsert: granted when the row is new, already this node's, or its lease ran out; another
 * node's live lease leaves the row as it is and returns nothing.
 */
const COLS = 'shard_id AS "shardId", sequence_number AS "sequenceNumber", start_ms AS "startMs", finished';

export class PostgresTriggerCheckpoints implements TriggerCheckpointStore {
  constructor(private readonly pool: pg.Pool) {}

  async list(mappingId: string): Promise<ShardCheckpoint[]> {
    const r = await this.pool.query<Row>(`SELECT ${COLS} FROM kinesis_trigger_checkpoints WHERE mapping_id = $1 ORDER BY shard_id`, [mappingId]);
    return r.rows.map(checkpoint);
  }

  async seed(mappingId: string, shardId: string, startMs: number, finished: boolean): Promise<void> {
    await this.pool.query('INSERT INTO kinesis_trigger_checkpoints (mapping_id, shard_id, start_ms, finished) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [mappingId, shardId, Math.floor(startMs), finished]);
  }

  async lease(mappingId: string, shardId: string, node: string, now: number, until: number): Promise<ShardCheckpoint | undefined> {
    const r = await this.pool.query<Row>(
      `INSERT INTO kinesis_trigger_checkpoints AS c (mapping_id, shard_id, start_ms, lease_owner, lease_until) VALUES ($1, $2, 0, $3, $5)
       ON CONFLICT (mapping_id, shard_id) DO UPDATE SET lease_owner = $3, lease_until = $5
       WHERE c.lease_owner IS NULL OR c.lease_owner = $3 OR c.lease_until <= $4
       RETURNING ${COLS}`,
      [mappingId, shardId, node, Math.floor(now), Math.floor(until)],
    );
    return r.rows[0] && checkpoint(r.rows[0]);
  }

  async advance(mappingId: string, shardId: string, node: string, sequenceNumber: string | null, finished: boolean): Promise<boolean> {
    const r = await this.pool.query('UPDATE kinesis_trigger_checkpoints SET sequence_number = $1, finished = $2 WHERE mapping_id = $3 AND shard_id = $4 AND lease_owner = $5', [sequenceNumber, finished, mappingId, shardId, node]);
    return r.rowCount === 1;
  }

  async release(mappingId: string, shardId: string, node: string): Promise<void> {
    await this.pool.query('UPDATE kinesis_trigger_checkpoints SET lease_owner = NULL, lease_until = 0 WHERE mapping_id = $1 AND shard_id = $2 AND lease_owner = $3', [mappingId, shardId, node]);
  }
}

interface Row {
  shardId: string;
  sequenceNumber: string | null;
  startMs: string | number;
  finished: boolean;
}

function checkpoint(r: Row): ShardCheckpoint {
  return { shardId: r.shardId, sequenceNumber: r.sequenceNumber, startMs: Number(r.startMs), finished: r.finished };
}
