import type { Clock } from '../../runtime/clock.js';
import type { SqsDeps } from './context.js';
import { queueSettings } from './domain/queue-attributes.js';
import { parseQueueArn } from './domain/queue-url.js';
import type { MoveTaskRecord, MoveTaskUpdate } from './store.js';

/**
 * Runs message move tasks (StartMessageMoveTask) in the background: each task moves messages out
 * of a dead-letter queue — back to each message's source queue, or to a given destination — at
 * most MaxNumberOfMessagesPerSecond, until the queue is empty, the task is cancelled, or a failure.
 *
 * Task states (AWS): RUNNING → COMPLETED | CANCELLING → CANCELLED | FAILED. The state lives in the
 * store; a RUNNING task found at start-up (the server stopped mid-task) is resumed, as AWS would
 * finish it. One step moves up to one second's worth of messages.
 *
 * Several nodes: every node runs every active task it knows of (its own, those it finds at
 * start-up, and those it finds every ADOPT_EVERY_MS, so a task started on another node goes on if
 * that node dies), but each step is taken from the store (SqsStore.takeMoveStep): one node at a
 * time, held for STEP_LEASE_MS, and the next not before the step's start plus a second. So all
 * nodes together keep the task's rate, and the moved count is only ever written by the step's
 * taker. A node that finds the step taken looks again after STEP_RETRY_MS.
 */
export const DEFAULT_MOVE_RATE = 500;
/**
 * How long a step is held by its taker: past it, a node that died mid-step is replaced. A step (one
 * transaction of at most 500 messages, AWS's highest rate) takes milliseconds; one held past the
 * lease could overlap the next node's step, which still moves each message once (the move is a
 * transaction), only faster than the rate for that second.
 */
export const STEP_LEASE_MS = 10_000;
/** How often a node that found the step taken (by another node) tries again. */
export const STEP_RETRY_MS = 1_000;
/** How often a node looks for active tasks it does not run yet (started on another node). */
export const ADOPT_EVERY_MS = 5_000;

export class MoveTaskRunner {
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;
  private readonly cancelTimers = new Set<() => void>();
  private cancelAdopt: (() => void) | undefined;

  constructor(
    private readonly deps: SqsDeps,
    private readonly clock: Clock,
    private readonly log: (message: string, fields: Record<string, unknown>) => void,
  ) {}

  /** Resumes every task the store says is running (after a restart), then looks again every ADOPT_EVERY_MS. */
  async resume(): Promise<void> {
    await this.adopt();
    const again = (): void => {
      this.cancelAdopt = this.clock.setTimer(ADOPT_EVERY_MS, () => {
        this.adopt()
          .catch((error) => this.log('looking for move tasks failed', { error: String(error?.stack ?? error) }))
          .finally(() => {
            if (!this.stopped) again();
          });
      });
    };
    if (!this.stopped) again();
  }

  private async adopt(): Promise<void> {
    for (const task of await this.deps.store.activeMoveTasks()) this.start(task);
  }

  start(task: MoveTaskRecord): void {
    if (this.stopped || this.running.has(task.taskHandle)) return;
    const run = this.run(task)
      .catch((error) => {
        this.log('move task failed', { task: task.taskHandle, error: String(error?.stack ?? error) });
        return this.deps.store.updateMoveTask(task.taskHandle, { status: 'FAILED', failureReason: 'AWS.SimpleQueueService.InternalError' }, this.clock.now());
      })
      .finally(() => this.running.delete(task.taskHandle));
    this.running.set(task.taskHandle, run);
  }

  private async run(task: MoveTaskRecord): Promise<void> {
    const store = this.deps.store;
    const rate = task.maxPerSecond ?? DEFAULT_MOVE_RATE;
    const ends = async (update: MoveTaskUpdate, moved: number) => store.updateMoveTask(task.taskHandle, { ...update, moved }, this.clock.now());
    for (;;) {
      if (this.stopped) return;
      const started = this.clock.now();
      const current = await store.takeMoveStep(task.taskHandle, started, STEP_LEASE_MS);
      if (!current) {
        // Another node has this step, or the task has ended (here or elsewhere).
        const seen = await store.getMoveTask(task.taskHandle);
        if (!seen || (seen.status !== 'RUNNING' && seen.status !== 'CANCELLING')) return;
        await this.sleep(STEP_RETRY_MS);
        continue;
      }
      const moved = current.moved;
      if (current.status === 'CANCELLING') return ends({ status: 'CANCELLED' }, moved);
      const source = await store.getQueueById(task.sourceQueueId);
      if (!source) return ends({ status: 'FAILED', failureReason: 'AWS.SimpleQueueService.NonExistentQueue' }, moved);
      let destinationId: number | null = null;
      if (task.destinationArn) {
        const address = parseQueueArn(task.destinationArn);
        const destination = address && (await store.getQueue(address.accountId, address.name));
        if (!destination) return ends({ status: 'FAILED', failureReason: 'AWS.SimpleQueueService.NonExistentQueue' }, moved);
        destinationId = destination.id;
      }
      const sources = await this.sourceResolver(source.accountId);
      const step = await store.moveMessages(source.id, destinationId, sources, rate, started, queueSettings(source.attributes).retentionMs);
      if (step.moved === 0) {
        const failed = step.failed > 0;
        return ends({ status: failed ? 'FAILED' : 'COMPLETED', failureReason: failed ? 'AWS.SimpleQueueService.NonExistentQueue' : undefined }, moved);
      }
      await store.updateMoveTask(task.taskHandle, { moved: moved + step.moved, nextStepAt: started + 1000 }, this.clock.now());
      await this.sleep(Math.max(0, started + 1000 - this.clock.now()));
    }
  }

  /** Maps a message's DeadLetterQueueSourceArn to its queue id (source queues of the same account). */
  private async sourceResolver(accountId: string): Promise<(arn: string) => number | undefined> {
    const byName = new Map<string, number>();
    let after: string | undefined;
    for (;;) {
      const page = await this.deps.store.listQueues(accountId, '', after, 500);
      for (const q of page) byName.set(q.name, q.id);
      if (page.length < 500) break;
      after = page[page.length - 1]!.name;
    }
    return (arn) => {
      const address = parseQueueArn(arn);
      return address?.accountId === accountId ? byName.get(address.name) : undefined;
    };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.clock.setTimer(ms, () => {
        this.cancelTimers.delete(done);
        resolve();
      });
      const done = () => {
        cancel();
        resolve();
      };
      this.cancelTimers.add(done);
    });
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.cancelAdopt?.();
    for (const wake of this.cancelTimers) wake();
    await Promise.allSettled(this.running.values());
  }
}
