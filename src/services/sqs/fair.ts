/**
 * Fair queues (AWS, July 2025): the order in which a standard-queue claim hands out messages when
 * the queue holds messages with a MessageGroupId (a "tenant"). Engine-neutral and pure: each
 * engine gathers the candidates and the in-flight counts (see `ClaimRequest.ordering` in store.ts)
 * and claims the messages in the order `fairOrder` returns, skipping those another claim took.
 *
 * The rule — an approximation of AWS's "How fair queues work", which measures a tenant's share
 * of in-flight messages and of consumer processing time over a recent window:
 * - A tenant is a MessageGroupId; every message without one is a tenant of its own (found only
 *   among the first FAIR_UNGROUPED_WALK visible messages, see there).
 * - A tenant is NOISY when it holds at least NOISY_MIN_IN_FLIGHT (30) unexpired in-flight messages
 *   AND more than NOISY_SHARE (10%) of the queue's in-flight messages — counted afresh at each
 *   claim, so a tenant stops being noisy as soon as its in-flight count falls (AWS: "once its
 *   backlog drains"). Not modelled: AWS's processing-time share (we do not see consumers' time),
 *   and its "quiet after 5 minutes without sends" (here a noisy tenant stays deprioritised while
 *   it holds that many in flight; it is never starved, see below).
 * - Quiet tenants come first, ordered by their oldest candidate (visibleAt, then seq); noisy
 *   tenants after them, fewest in flight first (AWS: "the noisy tenant with the fewest in-flight
 *   messages first"), then by oldest candidate.
 * - Messages are taken round robin: one per quiet tenant per round, each tenant's own messages in
 *   the order given (engines give them oldest first); once the quiet tenants have nothing left,
 *   the noisy ones, round robin likewise. So a quiet tenant's message is in the very next claim
 *   however long the backlog of a busy tenant in front of it, and when no quiet tenant has
 *   messages waiting, noisy tenants' messages are handed out as usual.
 */

/**
 * Engines look for ungrouped candidates among the first this-many visible messages of the queue
 * (oldest visibleAt first): finding them has no index of its own, so behind a longer grouped
 * backlog an ungrouped message waits until the messages ahead of it have been received.
 */
export const FAIR_UNGROUPED_WALK = 1_000;

/** A tenant is noisy with at least this many messages in flight … */
export const NOISY_MIN_IN_FLIGHT = 30;
/** … and more than this share of the queue's in-flight messages. */
export const NOISY_SHARE = 0.1;

export interface FairCandidate {
  readonly seq: number;
  readonly groupId: string | null;
  readonly visibleAt: number;
}

export interface InFlightCounts {
  /** Unexpired in-flight messages per group id (grouped messages only). */
  readonly byGroup: ReadonlyMap<string, number>;
  /** Unexpired in-flight messages of the queue, grouped or not. */
  readonly total: number;
}

export function isNoisy(inFlight: number, total: number): boolean {
  return inFlight >= NOISY_MIN_IN_FLIGHT && inFlight > NOISY_SHARE * total;
}

interface Tenant<C> {
  readonly items: C[];
  head: C;
  readonly inFlight: number;
}

/**
 * The candidates in the order a claim should take them (all of them; the claim stops at `max`).
 * `candidates` holds visible, unexpired messages; each group's in the order it should be served
 * (oldest first), groups in any interleaving.
 */
export function fairOrder<C extends FairCandidate>(candidates: readonly C[], inFlight: InFlightCounts): C[] {
  const tenants = new Map<string | number, Tenant<C>>();
  for (const c of candidates) {
    const key = c.groupId ?? c.seq; // a number key: an ungrouped message is its own tenant
    const t = tenants.get(key);
    if (t === undefined) {
      tenants.set(key, { items: [c], head: c, inFlight: c.groupId === null ? 0 : (inFlight.byGroup.get(c.groupId) ?? 0) });
    } else {
      t.items.push(c);
      if (older(c, t.head)) t.head = c;
    }
  }
  const quiet: Tenant<C>[] = [];
  const noisy: Tenant<C>[] = [];
  for (const t of tenants.values()) (isNoisy(t.inFlight, inFlight.total) ? noisy : quiet).push(t);
  quiet.sort((a, b) => (older(a.head, b.head) ? -1 : 1));
  noisy.sort((a, b) => a.inFlight - b.inFlight || (older(a.head, b.head) ? -1 : 1));
  const out: C[] = [];
  roundRobin(quiet, out);
  roundRobin(noisy, out);
  return out;
}

function older(a: FairCandidate, b: FairCandidate): boolean {
  return a.visibleAt < b.visibleAt || (a.visibleAt === b.visibleAt && a.seq < b.seq);
}

function roundRobin<C>(tenants: readonly Tenant<C>[], out: C[]): void {
  for (let round = 0, more = true; more; round++) {
    more = false;
    for (const t of tenants) {
      const c = t.items[round];
      if (c === undefined) continue;
      out.push(c);
      more ||= round + 1 < t.items.length;
    }
  }
}
