/**
 * Where each Kinesis event source mapping stands in each shard (runtime/triggers/kinesis-*.ts),
 * kept in the store so that a restart resumes there and nodes sharing a PostgreSQL database share
 * it (migration 0017 of either engine). One row per (mapping, shard):
 *
 * - sequenceNumber: the last record the function has processed (or that was skipped after its
 *   retries); null while none has been;
 * - startMs: where reading begins while sequenceNumber is null (epoch ms, AT_TIMESTAMP): 0 for
 *   TRIM_HORIZON and for shards made after the mapping started, the mapping's first start for LATEST;
 * - finished: the shard was closed by a reshard and read to its end (its children may start);
 * - a lease: the node processing the shard, until when. A node takes a shard only while no other
 *   node holds a live lease on it, so one node at a time works a shard.
 */
export interface ShardCheckpoint {
  readonly shardId: string;
  readonly sequenceNumber: string | null;
  readonly startMs: number;
  readonly finished: boolean;
}

export interface TriggerCheckpointStore {
  /** Every shard checkpoint of a mapping. */
  list(mappingId: string): Promise<ShardCheckpoint[]>;
  /** Creates the shard's row when it has none (the mapping's first sight of it); an existing row is kept. */
  seed(mappingId: string, shardId: string, startMs: number, finished: boolean): Promise<void>;
  /**
   * Takes or renews `node`'s lease on the shard until `until` (a row is created with startMs 0 if
   * there is none): the checkpoint when granted, undefined while another node's lease is live at `now`
   * (PostgreSQL; SQLite, served by one process, always grants).
   */
  lease(mappingId: string, shardId: string, node: string, now: number, until: number): Promise<ShardCheckpoint | undefined>;
  /** Moves the checkpoint, if `node` still holds the lease; false when it does not (another node took the shard). */
  advance(mappingId: string, shardId: string, node: string, sequenceNumber: string | null, finished: boolean): Promise<boolean>;
  /** Gives the lease up (at stop), so another node may take the shard at once. */
  release(mappingId: string, shardId: string, node: string): Promise<void>;
}
