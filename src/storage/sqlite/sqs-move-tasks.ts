import type Database from 'better-sqlite3';
import type { MoveTaskRecord, MoveTaskStatus, MoveTaskUpdate } from '../../services/sqs/store.js';
import type { GroupCommit } from './group-commit.js';

/**
 * Message move task state on SQLite (table sqs_move_tasks, migration 0003). Writes go through the
 * shared group-commit writer like every other write; reads run directly.
 */
const COLUMNS = `task_handle, source_arn, source_queue_id, destination_arn, max_per_second, status, moved, to_move, failure_reason, started_at`;

interface TaskRow {
  task_handle: string;
  source_arn: string;
  source_queue_id: number;
  destination_arn: string | null;
  max_per_second: number | null;
  status: string;
  moved: number;
  to_move: number;
  failure_reason: string | null;
  started_at: number;
}

export class SqliteMoveTasks {
  private readonly s;

  constructor(
    db: Database.Database,
    private readonly writer: GroupCommit,
  ) {
    // One process has the file (the engine locks it), so a step held at open was held by a process
    // that is gone (killed mid-step): free it now rather than when its lease runs out.
    db.prepare(`UPDATE sqs_move_tasks SET step_after = 0 WHERE step_after > 0 AND status IN ('RUNNING', 'CANCELLING')`).run();
    this.s = {
      // INSERT OR IGNORE: a second active task for the source hits the partial unique index.
      create: db.prepare(
        `INSERT OR IGNORE INTO sqs_move_tasks (${COLUMNS}, updated_at) VALUES (@taskHandle, @sourceArn, @sourceQueueId, @destinationArn, @maxPerSecond, @status, @moved, @toMove, @failureReason, @startedAt, @startedAt)`,
      ),
      get: db.prepare(`SELECT ${COLUMNS} FROM sqs_move_tasks WHERE task_handle = ?`),
      list: db.prepare(`SELECT ${COLUMNS} FROM sqs_move_tasks WHERE source_queue_id = ? ORDER BY started_at DESC, ord DESC LIMIT ?`),
      active: db.prepare(`SELECT ${COLUMNS} FROM sqs_move_tasks WHERE status IN ('RUNNING', 'CANCELLING') ORDER BY ord`),
      // A finished task keeps its final status and failure reason (a late cancel cannot undo COMPLETED).
      update: db.prepare(`UPDATE sqs_move_tasks SET
        status = CASE WHEN status IN ('RUNNING', 'CANCELLING') THEN coalesce(@status, status) ELSE status END,
        failure_reason = CASE WHEN status IN ('RUNNING', 'CANCELLING') THEN coalesce(@failureReason, failure_reason) ELSE failure_reason END,
        moved = coalesce(@moved, moved),
        step_after = coalesce(@nextStepAt, step_after),
        updated_at = @now
        WHERE task_handle = @taskHandle`),
      take: db.prepare(`UPDATE sqs_move_tasks SET step_after = @until
        WHERE task_handle = @taskHandle AND status IN ('RUNNING', 'CANCELLING') AND step_after <= @now
        RETURNING ${COLUMNS}`),
    };
  }

  create(task: MoveTaskRecord): Promise<boolean> {
    return this.writer.submit(() => this.s.create.run(task).changes === 1);
  }

  get(taskHandle: string): Promise<MoveTaskRecord | undefined> {
    const row = this.s.get.get(taskHandle) as TaskRow | undefined;
    return Promise.resolve(row && toTask(row));
  }

  list(sourceQueueId: number, limit: number): Promise<MoveTaskRecord[]> {
    return Promise.resolve((this.s.list.all(sourceQueueId, limit) as TaskRow[]).map(toTask));
  }

  active(): Promise<MoveTaskRecord[]> {
    return Promise.resolve((this.s.active.all() as TaskRow[]).map(toTask));
  }

  update(taskHandle: string, update: MoveTaskUpdate, now: number): Promise<void> {
    return this.writer.submit(() => {
      this.s.update.run({ taskHandle, status: update.status ?? null, moved: update.moved ?? null, failureReason: update.failureReason ?? null, nextStepAt: update.nextStepAt ?? null, now });
    });
  }

  take(taskHandle: string, now: number, leaseMs: number): Promise<MoveTaskRecord | undefined> {
    return this.writer.submit(() => {
      const row = this.s.take.get({ taskHandle, now, until: now + leaseMs }) as TaskRow | undefined;
      return row && toTask(row);
    });
  }
}

function toTask(r: TaskRow): MoveTaskRecord {
  return {
    taskHandle: r.task_handle,
    sourceArn: r.source_arn,
    sourceQueueId: r.source_queue_id,
    destinationArn: r.destination_arn,
    maxPerSecond: r.max_per_second,
    status: r.status as MoveTaskStatus,
    moved: r.moved,
    toMove: r.to_move,
    failureReason: r.failure_reason,
    startedAt: r.started_at,
  };
}
