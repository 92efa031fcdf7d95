import type pg from 'pg';
import type { MoveTaskRecord, MoveTaskUpdate } from '../../services/sqs/store.js';
import { runNamed } from './sql.js';
import * as TASKS from './sqs-tasks-sql.js';

/** Message move task state on PostgreSQL (table sqs_move_tasks, migrations 0003 and 0014; sqs-tasks-sql.ts says why each statement is safe across nodes). */
export class PostgresMoveTasks {
  constructor(private readonly pool: pg.Pool) {}

  async create(task: MoveTaskRecord): Promise<boolean> {
    const r = await runNamed(this.pool, 'sqs_create_move_task', TASKS.CREATE_MOVE_TASK, TASKS.taskValues(task));
    return r.rows.length > 0;
  }

  async get(taskHandle: string): Promise<MoveTaskRecord | undefined> {
    const r = await runNamed<TASKS.TaskRow>(this.pool, 'sqs_get_move_task', TASKS.GET_MOVE_TASK, [taskHandle]);
    return r.rows[0] && TASKS.toTask(r.rows[0]);
  }

  async list(sourceQueueId: number, limit: number): Promise<MoveTaskRecord[]> {
    const r = await runNamed<TASKS.TaskRow>(this.pool, 'sqs_list_move_tasks', TASKS.LIST_MOVE_TASKS, [sourceQueueId, limit]);
    return r.rows.map(TASKS.toTask);
  }

  async active(): Promise<MoveTaskRecord[]> {
    const r = await runNamed<TASKS.TaskRow>(this.pool, 'sqs_active_move_tasks', TASKS.ACTIVE_MOVE_TASKS, []);
    return r.rows.map(TASKS.toTask);
  }

  async update(taskHandle: string, update: MoveTaskUpdate, now: number): Promise<void> {
    const { status, moved, failureReason, nextStepAt } = update;
    await runNamed(this.pool, 'sqs_update_move_task', TASKS.UPDATE_MOVE_TASK, [taskHandle, status ?? null, moved ?? null, failureReason ?? null, now, nextStepAt ?? null]);
  }

  async takeStep(taskHandle: string, now: number, leaseMs: number): Promise<MoveTaskRecord | undefined> {
    const r = await runNamed<TASKS.TaskRow>(this.pool, 'sqs_take_move_step', TASKS.TAKE_MOVE_STEP, [taskHandle, now, leaseMs]);
    return r.rows[0] && TASKS.toTask(r.rows[0]);
  }
}
