import type { Clock } from '../../runtime/clock.js';
import type { SqsStore } from './store.js';

/**
 * Wakes long polls (ReceiveMessage with WaitTimeSeconds > 0) as soon as a message may be available.
 *
 * Per queue it keeps a generation counter and the set of sleeping receivers. States of a receiver:
 *   claiming → (nothing claimed) → sleeping → woken (by a store notification, its deadline, the
 *   next-visible timer, or the client leaving) → claiming again or done.
 * A receiver reads the generation before it claims; if a notification arrived meanwhile the
 * generation has moved and it does not sleep, so no wakeup is lost between claim and sleep.
 * Timers only wake waiters early; the truth is always in the store (ARCHITECTURE §3).
 */
export class LongPollWaiters {
  private readonly generations = new Map<number, number>();
  private readonly sleepers = new Map<number, Set<() => void>>();
  private readonly unsubscribe: () => void;
  /** Set by close(): sleepers return at once and receives stop polling (server shutdown). */
  closed = false;

  constructor(store: SqsStore, private readonly clock: Clock) {
    this.unsubscribe = store.onMessagesAvailable((queueId) => this.notify(queueId));
  }

  generation(queueId: number): number {
    return this.generations.get(queueId) ?? 0;
  }

  notify(queueId: number): void {
    this.generations.set(queueId, this.generation(queueId) + 1);
    const set = this.sleepers.get(queueId);
    if (!set) return;
    this.sleepers.delete(queueId);
    for (const wake of set) wake();
  }

  /** Sleeps until notified after `seenGeneration`, `ms` elapse, or `signal` aborts. */
  wait(queueId: number, seenGeneration: number, ms: number, signal: AbortSignal): Promise<void> {
    if (this.closed || this.generation(queueId) !== seenGeneration || ms <= 0 || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      let set = this.sleepers.get(queueId);
      if (!set) this.sleepers.set(queueId, (set = new Set()));
      const done = () => {
        cancelTimer();
        signal.removeEventListener('abort', done);
        set!.delete(done);
        resolve();
      };
      const cancelTimer = this.clock.setTimer(ms, done);
      signal.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    for (const set of this.sleepers.values()) for (const wake of set) wake();
    this.sleepers.clear();
  }
}
