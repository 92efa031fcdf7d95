/**
 * Statements for message move tasks (table sqs_move_tasks, migration 0003) and getQueueById.
 * Each is one statement; see the migration for what keeps "one active task per source" across
 * nodes.
 */
import type { MoveTaskRecord, MoveTaskStatus } from '../../services/sqs/store.js';

const TASK_COLS = `task_handle, source_arn, source_queue_id, destination_arn, max_per_second, status, moved, to_move,
  failure_reason, started_at`;

export const GET_QUEUE_BY_ID = `
SELECT id, account_id, name, attributes, tags, created_at, modified_at FROM sqs_queues WHERE id = $1`;

/** Any unique violation (the handle, or the source's active task) means "not created": no row comes back. */
export const CREATE_MOVE_TASK = `
INSERT INTO sqs_move_tasks (${TASK_COLS}, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::bigint, $10::bigint)
ON CONFLICT DO NOTHING
RETURNING 1 AS created`;

export const GET_MOVE_TASK = `SELECT ${TASK_COLS} FROM sqs_move_tasks WHERE task_handle = $1`;

export const LIST_MOVE_TASKS = `
SELECT ${TASK_COLS} FROM sqs_move_tasks WHERE source_queue_id = $1 ORDER BY started_at DESC, ord DESC LIMIT $2`;

export const ACTIVE_MOVE_TASKS = `
SELECT ${TASK_COLS} FROM sqs_move_tasks WHERE status IN ('RUNNING', 'CANCELLING') ORDER BY ord`;

/**
 * A null parameter leaves its field alone. Status and failure reason change only while the task
 * is active (RUNNING/CANCELLING), decided on the row as locked by this UPDATE, so a cancel and the
 * runner's completion racing from two nodes cannot undo each other's final status.
 */
export const UPDATE_MOVE_TASK = `
UPDATE sqs_move_tasks SET
  status = CASE WHEN status IN ('RUNNING', 'CANCELLING') THEN coalesce($2, status) ELSE status END,
  failure_reason = CASE WHEN status IN ('RUNNING', 'CANCELLING') THEN coalesce($4, failure_reason) ELSE failure_reason END,
  moved = coalesce($3::bigint, moved),
  step_after = coalesce($6::bigint, step_after),
  updated_at = $5::bigint
WHERE task_handle = $1`;

/** SqsStore.takeMoveStep: the row lock makes one of several nodes trying at once the taker. */
export const TAKE_MOVE_STEP = `
UPDATE sqs_move_tasks SET step_after = $2::bigint + $3::bigint
WHERE task_handle = $1 AND status IN ('RUNNING', 'CANCELLING') AND step_after <= $2::bigint
RETURNING ${TASK_COLS}`;

export interface TaskRow {
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

export function toTask(r: TaskRow): MoveTaskRecord {
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

export function taskValues(t: MoveTaskRecord): unknown[] {
  return [
    t.taskHandle,
    t.sourceArn,
    t.sourceQueueId,
    t.destinationArn,
    t.maxPerSecond,
    t.status,
    t.moved,
    t.toMove,
    t.failureReason,
    t.startedAt,
  ];
}
