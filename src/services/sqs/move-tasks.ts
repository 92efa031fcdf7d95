import type { Clock } from '../../runtime/clock.js';
import type { SqsDeps } from './context.js';
import { queueSettings } from './domain/queue-attributes.js';
import { parseQueueArn } from './domain/queue-url.js';
import type { MoveTaskRecord } from './store.js';

/**
 * Runs message move tasks (StartMessageMoveTask) in the background: each task moves messages out
 * of a dead-letter queue — back to each message's source queue, or to a given destination — at
 * most MaxNumberOfMessagesPerSecond, until the queue is empty, the task is cancelled, or a failure.
 *
 * Task states (AWS): RUNNING → COMPLETED | CANCELLING → CANCELLED | FAILED. The state lives in the
 * store; a RUNNING task found at start-up (the server stopped mid-task) is resumed, as AWS would
 * finish it. One step moves up to one second's worth of messages, then sleeps until the next second.
 */
export const DEFAULT_MOVE_RATE = 500;

export class MoveTaskRunner {
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;
  private readonly cancelTimers = new Set<() => void>();

  constructor(
    private readonly deps: SqsDeps,
    private readonly clock: Clock,
    private readonly log: (message: string, fields: Record<string, unknown>) => void,
  ) {}

  /** Resumes every task the store says is running (after a restart). */
  async resume(): Promise<void> {
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
    let moved = task.moved;
    for (;;) {
      const current = await store.getMoveTask(task.taskHandle);
      if (!current || this.stopped) return;
      if (current.status === 'CANCELLING') {
        await store.updateMoveTask(task.taskHandle, { status: 'CANCELLED', moved }, this.clock.now());
        return;
      }
      if (current.status !== 'RUNNING') return;
      const source = await store.getQueueById(task.sourceQueueId);
      if (!source) {
        await store.updateMoveTask(task.taskHandle, { status: 'FAILED', moved, failureReason: 'AWS.SimpleQueueService.NonExistentQueue' }, this.clock.now());
        return;
      }
      let destinationId: number | null = null;
      if (task.destinationArn) {
        const address = parseQueueArn(task.destinationArn);
        const destination = address && (await store.getQueue(address.accountId, address.name));
        if (!destination) {
          await store.updateMoveTask(task.taskHandle, { status: 'FAILED', moved, failureReason: 'AWS.SimpleQueueService.NonExistentQueue' }, this.clock.now());
          return;
        }
        destinationId = destination.id;
      }
      const sources = await this.sourceResolver(source.accountId);
      const started = this.clock.now();
      const step = await store.moveMessages(source.id, destinationId, sources, rate, started, queueSettings(source.attributes).retentionMs);
      moved += step.moved;
      if (step.moved === 0) {
        const status = step.failed > 0 ? 'FAILED' : 'COMPLETED';
        const failureReason = step.failed > 0 ? 'AWS.SimpleQueueService.NonExistentQueue' : undefined;
        await store.updateMoveTask(task.taskHandle, { status, moved, failureReason }, this.clock.now());
        return;
      }
      await store.updateMoveTask(task.taskHandle, { moved }, this.clock.now());
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
    for (const wake of this.cancelTimers) wake();
    await Promise.allSettled(this.running.values());
  }
}
