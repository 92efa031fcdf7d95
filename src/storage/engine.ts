import type { SnsStore } from '../services/sns/store.js';
import type { SqsStore } from '../services/sqs/store.js';
import type { KinesisStore } from '../services/kinesis/store.js';
import type { CompactionOptions, StorageUsage } from './sqlite/compaction.js';
import type { TriggerCheckpointStore } from './trigger-checkpoints.js';

/**
 * A storage engine: one database (an embedded SQLite file or a PostgreSQL database/schema) that
 * implements every service's store port. `runtime/` opens exactly one per server.
 */
export interface Engine {
  readonly kind: 'sqlite' | 'postgres';
  /** Human-readable location of the data, printed at start (file path, or the database URL without password). */
  readonly location: string;
  readonly sqs: SqsStore;
  readonly kinesis: KinesisStore;
  readonly sns: SnsStore;
  /** Where Kinesis → Lambda triggers stand in each shard (runtime/triggers/kinesis-*.ts). */
  readonly triggerCheckpoints: TriggerCheckpointStore;
  /**
   * SQLite only: writes a consistent copy of the whole database to `file` while the engine keeps
   * serving (SQLite's online backup API; runtime/backup.ts). PostgreSQL has none: pg_dump is the
   * tool there.
   */
  readonly backup?: (file: string) => Promise<void>;
  /** SQLite files only: the disk the database takes now (metrics). */
  readonly usage?: () => StorageUsage;
  /** PostgreSQL only: token buckets every node shares (per-account request rates across nodes). */
  readonly rateBuckets?: SharedRateBuckets;
  close(): Promise<void>;
}

/**
 * Token buckets kept in the store, so that several nodes count against one rate
 * (runtime/account-limits-shared.ts). `lease` refills `key`'s bucket for the time since the last
 * lease (at most `burst`), takes `debt` requests already admitted (the bucket may go below zero),
 * and grants up to `want` whole tokens of what is left.
 */
export interface SharedRateBuckets {
  lease(key: string, requestsPerSecond: number, burst: number, debt: number, want: number, now: number): Promise<Lease>;
  /** Sliding one-second windows kept beside the buckets, for the opt-in throughput modes. */
  readonly windows?: SharedRateWindows;
}

/**
 * Sliding one-second windows kept in the store, so that several nodes count against one rate
 * (services/shared/rate-shared.ts). `lease` counts the units leased for `key` in the 1,000 ms
 * before `now`; if at least `need` more fit under `perSecond`, it grants up to `want` (at least
 * `need`) and records them at `now`; else it grants none and says in how many ms `need` will fit.
 */
export interface SharedRateWindows {
  lease(key: string, perSecond: number, need: number, want: number, now: number): Promise<WindowLease>;
}

export interface WindowLease {
  /** Units granted: 0, or between `need` and `want`. */
  readonly granted: number;
  /** When nothing was granted: ms until `need` units fit again. */
  readonly waitMs: number;
}

export interface Lease {
  /** Whole tokens granted. */
  readonly granted: number;
  /** What the bucket holds after the grant (below zero after a debt larger than it held). */
  readonly tokens: number;
}

/**
 * Durability of a success answer:
 * - `full`: the commit is fsync'd before we answer (survives power loss and kill -9).
 * - `normal`: the commit is written to the OS before we answer (survives kill -9 of the process,
 *   not a power loss or kernel crash).
 * - `off`: nothing is promised (benchmarks only).
 */
export type Durability = 'full' | 'normal' | 'off';

export interface EngineConfig {
  /** `postgres://…` selects PostgreSQL; absent selects SQLite. */
  readonly databaseUrl?: string;
  /** SQLite: directory of `switchyard.db`. */
  readonly dataDir?: string;
  /** SQLite: keep everything in memory (nothing survives a restart). */
  readonly inMemory?: boolean;
  readonly durability?: Durability;
  /** SQLite: the file holding the key the database and its WAL are encrypted with (sqlite/encryption.ts); absent, the file is plain. */
  readonly encryptionKeyFile?: string;
  /** PostgreSQL: schema to use (created if missing); tests give each run its own. Default `switchyard`. */
  readonly schema?: string;
  /** SQLite: how often freed space is given back to the file system (sqlite/compaction.ts); tests shorten it. */
  readonly compaction?: CompactionOptions;
  /** What an operator should see from the engine (a store newer than this build, README "Upgrading"). */
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /**
   * PostgreSQL: called once if a newer node applies a migration this build cannot run against
   * while it runs (postgres/schema-watch.ts). The engine has stopped using the database by then;
   * the server should stop.
   */
  readonly onFatal?: (error: Error) => void;
  /** PostgreSQL: how often a running node checks the store's migrations (schema-watch.ts); tests shorten it. */
  readonly schemaCheckMs?: number;
}
