/**
 * Wakes SubscribeToShard streams when records reach a shard they follow.
 * State: a map from shard (engine id) to the waiters parked on it; a waiter leaves it when woken,
 * when its timeout passes or when its signal aborts. Writes in this process call notify directly;
 * other nodes' writes arrive through the store's watchWrites (PostgreSQL NOTIFY). A waiter's timeout
 * is the safety-net poll for anything missed (ARCHITECTURE §3: timers only wake).
 */
export class ShardNotifier {
  private readonly waiters = new Map<number, Set<() => void>>();

  /** PutRecord(s) wrote to these shards. */
  notify(shardIds: Iterable<number>): void {
    for (const id of shardIds) {
      const set = this.waiters.get(id);
      if (!set) continue;
      this.waiters.delete(id);
      for (const wake of set) wake();
    }
  }

  /** Resolves when records reach the shard, after `timeoutMs`, or when `signal` aborts, whichever comes first. */
  wait(shardId: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      let set = this.waiters.get(shardId);
      if (!set) this.waiters.set(shardId, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        const s = this.waiters.get(shardId);
        s?.delete(done);
        if (s?.size === 0) this.waiters.delete(shardId);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      signal.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }
}
