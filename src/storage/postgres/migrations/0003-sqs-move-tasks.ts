import type { Migration } from './index.js';

/**
 * Message move tasks (StartMessageMoveTask): the task state lives in the database so that any
 * node can answer ListMessageMoveTasks / CancelMessageMoveTask and a restart can resume a task.
 * - No foreign key to the source queue: a task outlives its queue (it ends FAILED then).
 * - `ord` keeps creation order for tasks started in the same millisecond.
 * - The partial unique index is AWS's "one active task per source queue", held across nodes:
 *   a second concurrent StartMessageMoveTask conflicts on it, whichever node it reaches.
 */
const migration: Migration = {
  version: 3,
  name: 'sqs-move-tasks',
  // Older nodes: a new table; older code had no message move tasks at all (it answers them as unknown)
  // and touches no row a task moves while the task runs on a newer node.
  olderNodes: 'compatible',
  sql: `
CREATE TABLE sqs_move_tasks (
  task_handle      text PRIMARY KEY,
  ord              bigint GENERATED ALWAYS AS IDENTITY,
  source_arn       text NOT NULL,
  source_queue_id  bigint NOT NULL,
  destination_arn  text,
  max_per_second   integer,
  status           text NOT NULL,
  moved            bigint NOT NULL,
  to_move          bigint NOT NULL,
  failure_reason   text,
  started_at       bigint NOT NULL,
  updated_at       bigint NOT NULL
);
CREATE UNIQUE INDEX sqs_move_tasks_one_active ON sqs_move_tasks (source_queue_id) WHERE status IN ('RUNNING', 'CANCELLING');
CREATE INDEX sqs_move_tasks_by_source ON sqs_move_tasks (source_queue_id, started_at DESC, ord DESC);
`,
};

export default migration;
