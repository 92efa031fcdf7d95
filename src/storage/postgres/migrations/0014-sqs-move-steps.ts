import type { Migration } from './index.js';

/**
 * 0014: message move tasks step at their rate whichever node runs them, and a task whose node died
 * is carried on by another (services/sqs/move-tasks.ts). `step_after`: epoch ms before which no
 * node starts the task's next step. A node taking a step sets it a lease ahead (a node that dies
 * mid-step is replaced when the lease runs out); the step's end sets it to the step's start plus
 * one second, so that all nodes together move one second's worth a second. 0: the next step may
 * start at once (a new task, or one copied from another store).
 */
const migration: Migration = {
  version: 14,
  name: 'sqs-move-steps',
  // Older nodes: older code runs a move task with a moved count of its own, in memory, and writes it
  // over the count newer nodes keep in the row (ListMessageMoveTasks would report too few), and it
  // ignores the step lease, so the task's rate is exceeded. Each message is still moved once.
  olderNodes: 'incompatible',
  sql: `
ALTER TABLE sqs_move_tasks ADD COLUMN step_after bigint NOT NULL DEFAULT 0;
`,
};

export default migration;
