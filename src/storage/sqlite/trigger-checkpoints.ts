import type Database from 'better-sqlite3';
import type { ShardCheckpoint, TriggerCheckpointStore } from '../trigger-checkpoints.js';
import type { GroupCommit } from './group-commit.js';

/** Kinesis trigger checkpoints in SQLite (migration 0017): writes in the group-commit writer; the lease is always granted (see `lease`). */
export class SqliteTriggerCheckpoints implements TriggerCheckpointStore {
  private readonly s;

  constructor(db: Database.Database, private readonly writer: GroupCommit) {
    const cols = 'shard_id AS shardId, sequence_number AS sequenceNumber, start_ms AS startMs, finished';
    this.s = {
      list: db.prepare(`SELECT ${cols} FROM kinesis_trigger_checkpoints WHERE mapping_id = ? ORDER BY shard_id`),
      seed: db.prepare('INSERT INTO kinesis_trigger_checkpoints (mapping_id, shard_id, start_ms, finished) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      // Always granted: one process serves the file, so a lease still held is this process's own
      // or a killed one's (kill -9 gives nothing up); waiting it out would only stall the restart.
      lease: db.prepare(
        `INSERT INTO kinesis_trigger_checkpoints (mapping_id, shard_id, start_ms, lease_owner, lease_until) VALUES (@mapping, @shard, 0, @node, @until)
         ON CONFLICT (mapping_id, shard_id) DO UPDATE SET lease_owner = @node, lease_until = @until
         RETURNING ${cols}`,
      ),
      advance: db.prepare('UPDATE kinesis_trigger_checkpoints SET sequence_number = ?, finished = ? WHERE mapping_id = ? AND shard_id = ? AND lease_owner = ?'),
      release: db.prepare('UPDATE kinesis_trigger_checkpoints SET lease_owner = NULL, lease_until = 0 WHERE mapping_id = ? AND shard_id = ? AND lease_owner = ?'),
    };
  }

  async list(mappingId: string): Promise<ShardCheckpoint[]> {
    return (this.s.list.all(mappingId) as Row[]).map(checkpoint);
  }

  seed(mappingId: string, shardId: string, startMs: number, finished: boolean): Promise<void> {
    return this.writer.submit(() => void this.s.seed.run(mappingId, shardId, Math.floor(startMs), finished ? 1 : 0));
  }

  lease(mappingId: string, shardId: string, node: string, _now: number, until: number): Promise<ShardCheckpoint | undefined> {
    return this.writer.submit(() => {
      const row = this.s.lease.get({ mapping: mappingId, shard: shardId, node, until: Math.floor(until) }) as Row | undefined;
      return row && checkpoint(row);
    });
  }

  advance(mappingId: string, shardId: string, node: string, sequenceNumber: string | null, finished: boolean): Promise<boolean> {
    return this.writer.submit(() => this.s.advance.run(sequenceNumber, finished ? 1 : 0, mappingId, shardId, node).changes === 1);
  }

  release(mappingId: string, shardId: string, node: string): Promise<void> {
    return this.writer.submit(() => void this.s.release.run(mappingId, shardId, node));
  }
}

interface Row {
  shardId: string;
  sequenceNumber: string | null;
  startMs: number | bigint;
  finished: number | bigint | boolean;
}

function checkpoint(r: Row): ShardCheckpoint {
  return { shardId: r.shardId, sequenceNumber: r.sequenceNumber, startMs: Number(r.startMs), finished: Number(r.finished) !== 0 };
}
