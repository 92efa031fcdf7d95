/**
 * Time as an injected dependency: domain and operation code never call Date.now() or setTimeout
 * directly, so tests can move time instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` after `ms` (used only to wake waiters early); returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return () => clearTimeout(t);
  },
};

/** A clock the test moves by hand; timers fire when `advance` passes their due time. */
export class ManualClock implements Clock {
  private timers = new Set<{ due: number; fn: () => void }>();
  constructor(private current = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.current;
  }
  setTimer(ms: number, fn: () => void): () => void {
    const t = { due: this.current + Math.max(0, ms), fn };
    this.timers.add(t);
    return () => this.timers.delete(t);
  }
  advance(ms: number): void {
    this.current += ms;
    for (const t of [...this.timers].sort((a, b) => a.due - b.due)) {
      if (t.due <= this.current && this.timers.delete(t)) t.fn();
    }
  }
}
