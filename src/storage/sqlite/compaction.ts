import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { GroupCommit } from './group-commit.js';

/**
 * Giving disk space back. A queue server's data swells and shrinks: a consumer down for a day
 * leaves millions of messages behind, drained in an hour once it is back. SQLite reuses the pages
 * those messages freed, but never returns them to the file system by itself, and a WAL file that
 * grew during the backlog stays at its largest. Three settings and one job fix that:
 *
 * - `auto_vacuum = INCREMENTAL` on every database: free pages are tracked so that
 *   `PRAGMA incremental_vacuum(N)` can move N of them to the end of the file and cut them off.
 *   SQLite can only switch a database to it while the database has no tables, or with a VACUUM
 *   (a full rewrite): new databases get it at creation; older ones are converted at start by a
 *   VACUUM when the file is small enough for that to be quick (CONVERT_MAX_BYTES), else left as
 *   they are (the README says how to convert one offline).
 * - `journal_size_limit`: after a checkpoint the WAL file is truncated back to this size.
 * - The compaction job (Compactor): every interval, if the free pages are more than a slack (16
 *   MiB, or a tenth of the data if that is more, so that steady churn reuses pages rather than
 *   fighting over them), releases the excess in steps of STEP_PAGES, each its own group commit
 *   (a few milliseconds), yielding to requests between steps. The file shrinks at the checkpoint
 *   after the steps (SQLite checkpoints every ~4 MiB of WAL; a last one runs when the steps end).
 *
 * A step is an ordinary transaction: a crash in the middle of compaction loses nothing (the
 * step in progress rolls back) and the next start carries on.
 */

/** A database this small is converted to incremental auto-vacuum at start (a VACUUM: 1.4 s for a 100 MB file on the development VM). */
export const CONVERT_MAX_BYTES = 256 * 1024 * 1024;
/** The WAL file is cut back to this size after a checkpoint. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
/** Free pages released per step: 8 MiB at 4 KiB pages. */
export const STEP_PAGES = 2_048;
/** Free space kept for reuse: at least this much, or a tenth of the data. */
export const MIN_SLACK_BYTES = 16 * 1024 * 1024;
export const DEFAULT_INTERVAL_MS = 60_000;

const AUTO_VACUUM_INCREMENTAL = 2;

/**
 * Sets incremental auto-vacuum on a database that has no tables yet. Call it first after opening,
 * before the journal mode is set and before any table is created.
 */
export function preferIncrementalVacuum(db: Database.Database): void {
  const tables = db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() as number;
  if (tables === 0) db.pragma('auto_vacuum = INCREMENTAL');
}

/**
 * An existing database without incremental auto-vacuum (created before Switchyard set it) is
 * rewritten with it, if it is no larger than `maxBytes`. Returns whether the database now has it.
 */
export function convertToIncrementalVacuum(db: Database.Database, file: string, maxBytes = CONVERT_MAX_BYTES): boolean {
  if (db.pragma('auto_vacuum', { simple: true }) === AUTO_VACUUM_INCREMENTAL) return true;
  if (statSync(file).size > maxBytes) return false;
  db.pragma('auto_vacuum = INCREMENTAL');
  db.exec('VACUUM');
  return db.pragma('auto_vacuum', { simple: true }) === AUTO_VACUUM_INCREMENTAL;
}

/** How much disk the database takes, for the metrics: the file, its WAL, and the free pages inside the file. */
export interface StorageUsage {
  readonly fileBytes: number;
  readonly walBytes: number;
  readonly freeBytes: number;
}

export function storageUsage(db: Database.Database, file: string): StorageUsage {
  const size = (path: string): number => {
    try {
      return statSync(path).size;
    } catch {
      return 0; // no WAL file between a checkpoint that removed it and the next write
    }
  };
  const free = (db.pragma('freelist_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  return { fileBytes: size(file), walBytes: size(`${file}-wal`), freeBytes: free };
}

export interface CompactionOptions {
  readonly intervalMs?: number;
  readonly minSlackBytes?: number;
}

/** What a compaction run did, for tests and logs. */
export interface CompactionRun {
  readonly releasedPages: number;
  readonly steps: number;
}

/**
 * The compaction job. States: idle (a timer set) → running (steps, one per event-loop turn) →
 * idle; stop() cancels the timer and waits for a running pass to finish its step.
 */
export class Compactor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<CompactionRun> | undefined;
  private stopped = false;
  private readonly intervalMs: number;
  private readonly minSlackPages: number;
  private readonly pageSize: number;

  constructor(
    private readonly db: Database.Database,
    private readonly writer: GroupCommit,
    options: CompactionOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.pageSize = db.pragma('page_size', { simple: true }) as number;
    this.minSlackPages = Math.ceil((options.minSlackBytes ?? MIN_SLACK_BYTES) / this.pageSize);
  }

  /** Whether the database can give pages back at all (incremental auto-vacuum is on). */
  get enabled(): boolean {
    return this.db.pragma('auto_vacuum', { simple: true }) === AUTO_VACUUM_INCREMENTAL;
  }

  start(): void {
    if (!this.enabled) return;
    this.schedule();
  }

  /** Free pages beyond the slack: what a run would release now. */
  excessPages(): number {
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    const total = this.db.pragma('page_count', { simple: true }) as number;
    const slack = Math.max(this.minSlackPages, Math.floor((total - free) / 10));
    return Math.max(0, free - slack);
  }

  /** Releases the excess free pages now (also what the timer does). */
  runOnce(): Promise<CompactionRun> {
    this.running ??= this.release().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.runOnce()
        .catch(() => undefined) // a failed step (disk full…) is retried at the next interval
        .finally(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref();
  }

  private async release(): Promise<CompactionRun> {
    let releasedPages = 0;
    let steps = 0;
    for (;;) {
      if (this.stopped) break;
      const pages = Math.min(STEP_PAGES, this.excessPages());
      if (pages === 0) break;
      const before = this.db.pragma('freelist_count', { simple: true }) as number;
      await this.writer.submit(() => this.db.pragma(`incremental_vacuum(${pages})`));
      const released = before - (this.db.pragma('freelist_count', { simple: true }) as number);
      releasedPages += released;
      steps++;
      if (released <= 0) break; // nothing moved (another writer refilled the free list): try next time
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // The file is cut at a checkpoint; make it now rather than at the next 4 MiB of WAL. Between
    // event-loop turns no transaction is open (the group commit runs its batches synchronously).
    if (releasedPages > 0 && !this.db.inTransaction) this.db.pragma('wal_checkpoint(PASSIVE)');
    return { releasedPages, steps };
  }
}
