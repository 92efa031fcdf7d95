/**
 * Message move tasks (StartMessageMoveTask): their state lives in the database so that
 * ListMessageMoveTasks / CancelMessageMoveTask answer from it and a restart resumes a task.
 * - No reference to the source queue's row: a task outlives its queue (it ends FAILED then).
 * - The partial unique index is AWS's "one active task per source queue".
 */
export const sql = `
CREATE TABLE sqs_move_tasks (
  ord              INTEGER PRIMARY KEY,
  task_handle      TEXT NOT NULL UNIQUE,
  source_arn       TEXT NOT NULL,
  source_queue_id  INTEGER NOT NULL,
  destination_arn  TEXT,
  max_per_second   INTEGER,
  status           TEXT NOT NULL,
  moved            INTEGER NOT NULL,
  to_move          INTEGER NOT NULL,
  failure_reason   TEXT,
  started_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX sqs_move_tasks_one_active ON sqs_move_tasks (source_queue_id) WHERE status IN ('RUNNING', 'CANCELLING');
CREATE INDEX sqs_move_tasks_by_source ON sqs_move_tasks (source_queue_id, started_at DESC, ord DESC);
`;
