import type Database from 'better-sqlite3';

/**
 * Group commit: every write submitted during one event-loop turn runs in ONE `BEGIN IMMEDIATE …
 * COMMIT`, so N concurrent requests pay for one WAL append (and, with synchronous=FULL, one fsync)
 * instead of N.
 *
 * States: idle (nothing pending) → pending (ops queued, a flush scheduled with setImmediate, which
 * runs after the current poll phase, so every request parsed in that phase joins) → flushing
 * (synchronous: nothing else runs meanwhile) → idle. Ops submitted while flushing (e.g. by an
 * after-commit hook) go to the next batch.
 *
 * Isolation inside a batch: with more than one op, each runs inside its own SAVEPOINT, so an op
 * that throws is rolled back alone and only its promise rejects. If SQLite aborts the whole
 * transaction (I/O error, disk full) or COMMIT fails, every op of the batch rejects.
 *
 * A promise resolves only after COMMIT returned, i.e. after the commit is as durable as the
 * `synchronous` pragma makes it. After-commit hooks (long-poll wake-ups) run after that, and never
 * for an op that was rolled back.
 */
export class GroupCommit {
  private pending: Pending[] = [];
  private scheduled = false;
  private closed = false;
  /** Hooks registered by the op that is running; truncated back if it fails. */
  private hooks: (() => void)[] = [];
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackTo: Database.Statement;
  private readonly flushNow = (): void => this.flush();
  private drained: (() => void)[] = [];
  /** Counters for tests and diagnostics: transactions committed, ops that resolved. */
  readonly stats = { commits: 0, ops: 0 };

  constructor(private readonly db: Database.Database) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT op');
    this.release = db.prepare('RELEASE op');
    this.rollbackTo = db.prepare('ROLLBACK TO op');
  }

  /** Runs `op` inside the next group transaction; resolves with its result after COMMIT. */
  submit<T>(op: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the SQLite engine is closed'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ op, resolve: resolve as (v: unknown) => void, reject, result: undefined, error: undefined, failed: false });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flushNow);
      }
    });
  }

  /** Called by a running op: `fn` runs after the batch commits, unless this op is rolled back. */
  afterCommit(fn: () => void): void {
    this.hooks.push(fn);
  }

  /** Flushes what is pending, then refuses new work. */
  async close(): Promise<void> {
    if (this.scheduled || this.pending.length > 0) {
      await new Promise<void>((resolve) => this.drained.push(resolve));
    }
    this.closed = true;
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.runBatch(batch);
    const drained = this.drained;
    if (drained.length > 0 && this.pending.length === 0) {
      this.drained = [];
      for (const d of drained) d();
    }
  }

  private runBatch(batch: Pending[]): void {
    this.hooks = [];
    try {
      this.begin.run();
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    let abort: unknown;
    if (batch.length === 1) {
      const p = batch[0]!;
      try {
        p.result = p.op();
      } catch (e) {
        abort = e;
      }
    } else {
      for (const p of batch) {
        const mark = this.hooks.length;
        this.savepoint.run();
        try {
          p.result = p.op();
          this.release.run();
        } catch (e) {
          p.failed = true;
          p.error = e;
          this.hooks.length = mark;
          if (!this.db.inTransaction) {
            abort = e; // SQLite rolled the whole transaction back (I/O error, disk full…)
            break;
          }
          try {
            this.rollbackTo.run();
            this.release.run();
          } catch (e2) {
            abort = e2;
            break;
          }
        }
      }
    }
    if (abort === undefined) {
      try {
        this.commit.run();
      } catch (e) {
        abort = e;
      }
    }
    if (abort !== undefined) {
      if (this.db.inTransaction) {
        try {
          this.rollback.run();
        } catch {
          // the transaction is gone either way
        }
      }
      for (const p of batch) p.reject(p.failed ? p.error : abort);
      this.hooks = [];
      return;
    }
    this.stats.commits++;
    for (const p of batch) {
      if (p.failed) p.reject(p.error);
      else {
        this.stats.ops++;
        p.resolve(p.result);
      }
    }
    const hooks = this.hooks;
    this.hooks = [];
    for (const h of hooks) {
      try {
        h();
      } catch {
        // hooks only wake waiters; a faulty one must not break the writers or the other hooks
      }
    }
  }
}

interface Pending {
  op: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  result: unknown;
  error: unknown;
  failed: boolean;
}
