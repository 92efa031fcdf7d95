/**
 * 0014: message move tasks step at their rate whichever node runs them (PostgreSQL's 0014 makes the
 * same change; 0013 is PostgreSQL's alone). `step_after`: epoch ms before which no runner starts
 * the task's next step. A runner taking a step sets it a lease ahead (so a runner that dies
 * mid-step is replaced when the lease runs out); the step's end sets it to the step's start plus
 * one second. 0: the next step may start at once (a new task, or one copied from another store).
 */
export const sql = `
ALTER TABLE sqs_move_tasks ADD COLUMN step_after INTEGER NOT NULL DEFAULT 0;
`;
