/**
 * Throttling of HTTP/S deliveries (a DeliveryPolicy's throttlePolicy.maxReceivesPerSecond: AWS's
 * "maximum number of deliveries per second, per subscription"), the port's part: what
 * `SnsStore.throttleSlot` answers, the spacing rule both engines apply, and the in-memory form of
 * it for an engine that is the only process on its data (SQLite).
 *
 * The rule: a subscription's attempts start at least `throttleSpacingUs(perSecond)` apart, so any
 * one-second window holds at most `perSecond` starts (a fixed one-second window with a count would
 * let 2 × perSecond through across a window boundary). Per subscription the state is one time,
 * `next`: the earliest start of its next attempt. A caller at `now` is given the slot
 * max(now, next); if that is within `now + maxWait` the slot is taken (next = slot + spacing) and
 * the caller starts its attempt then; otherwise nothing changes and the slot says when to come
 * back. A slot taken and then not used (a shutdown) only leaves a gap: never more than the rate.
 * Times are microseconds inside (exact integers: the spacing of 3 a second is 333,334 µs), epoch ms outside.
 */

export interface ThrottleSlot {
  /** Epoch ms (may have a fraction) when the attempt may start. */
  readonly at: number;
  /** True: the slot is this caller's, start then. False: nothing taken, ask again then. */
  readonly taken: boolean;
}

/** Microseconds between two attempts to a subscription allowed `perSecond` a second (rounded up: never faster). */
export function throttleSpacingUs(perSecond: number): number {
  return Math.max(1, Math.ceil(1_000_000 / perSecond));
}

/** Epoch ms → whole µs, as the engines store times. */
export function toMicros(ms: number): number {
  return Math.round(ms * 1000);
}

/**
 * The rule over a Map, for SQLite: one process owns the file, so its memory is the only place a
 * slot is taken. Nothing to persist: after a restart every subscription starts fresh, which
 * loses at most the spacing after the last attempt before the restart. Entries whose `next` has
 * passed carry no information (max(now, next) = now) and are dropped as the map grows.
 */
export class MemoryThrottle {
  private readonly next = new Map<string, number>();

  constructor(private readonly maxEntries = 10_000) {}

  take(subscriptionArn: string, perSecond: number, now: number, maxWaitMs: number): ThrottleSlot {
    const nowUs = toMicros(now);
    const slot = Math.max(nowUs, this.next.get(subscriptionArn) ?? 0);
    if (slot > nowUs + toMicros(maxWaitMs)) return { at: slot / 1000, taken: false };
    this.next.set(subscriptionArn, slot + throttleSpacingUs(perSecond));
    if (this.next.size > this.maxEntries) for (const [k, t] of this.next) if (t <= nowUs) this.next.delete(k);
    return { at: slot / 1000, taken: true };
  }

  /** Drops the entries whose next free start is at or before `now`; returns how many. */
  prune(now: number): number {
    const nowUs = toMicros(now);
    let n = 0;
    for (const [k, t] of this.next) if (t <= nowUs && this.next.delete(k)) n++;
    return n;
  }
}
