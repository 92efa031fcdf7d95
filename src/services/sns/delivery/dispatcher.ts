import type { SnsDeps } from '../context.js';
import type { Publication } from '../domain/publication.js';
import type { ClaimedDelivery } from '../store.js';
import type { DeliveryJob, DeliveryResult, ProtocolHandler } from './job.js';
import { managedEndpointRetryDelay } from './retry.js';
import type { DeliveryTarget } from './target.js';

export interface DispatcherOptions {
  /** Deliveries made at once; a slow one holds one slot, never the others (default 64). */
  readonly concurrency?: number;
  /**
   * How long a claim is ours before another dispatcher (node) may take it over (default 15 s). It
   * bounds how long a node's crash delays its claimed deliveries (PostgreSQL; SQLite releases them at
   * open), and must exceed the longest attempt (an in-process SQS send takes milliseconds).
   */
  readonly leaseMs?: number;
  /** How often an idle dispatcher looks for due retries and abandoned leases (default 1 s). */
  readonly pollMs?: number;
  /**
   * Milliseconds before the next attempt after `attempts` failed ones, or undefined when the
   * policy is exhausted (default: AWS's policy for AWS-managed endpoints, for every protocol).
   */
  readonly retryDelay?: (job: DeliveryJob, attempts: number) => number | undefined;
}

/**
 * The background worker that empties the outbox: claims due deliveries, makes each with its
 * protocol's handler, and records the outcome (delivered; retried later per AWS's policy;
 * dead-lettered; failed). Every node runs one; the store's leases make each delivery one node's.
 *
 * States: stopped → idle (waiting for a publish, a finished delivery, or the poll timer) →
 * claiming (one claim query at a time; a wake-up meanwhile asks for another round) → idle.
 * Deliveries run concurrently, up to `concurrency`, independently of each other: a failing or
 * slow endpoint delays only itself (and, for FIFO, the rest of its own message group).
 */
export class Dispatcher {
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly retryDelay: (job: DeliveryJob, attempts: number) => number | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private claiming: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private cancelPoll: (() => void) | undefined;
  private readonly retryTimers = new Set<() => void>();
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly deps: SnsDeps,
    private readonly handlers: Readonly<Record<string, ProtocolHandler>>,
    private readonly deadLetter: (job: DeliveryJob, queueArn: string) => Promise<DeliveryResult>,
    options: DispatcherOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 64;
    this.leaseMs = options.leaseMs ?? 15_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.retryDelay = options.retryDelay ?? ((_job, attempts) => managedEndpointRetryDelay(attempts));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unlisten = this.deps.store.onDeliveriesAvailable(() => this.wake());
    this.wake();
  }

  /** Looks for due deliveries now (coalesced with a claim already running). */
  wake(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = this.claimRounds().finally(() => {
      this.claiming = undefined;
      if (this.again && !this.stopped && this.inFlight.size < this.concurrency) this.wake(); // woken after the last round
      else this.schedulePoll();
    });
  }

  /** Stops claiming and waits for the deliveries under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unlisten?.();
    this.cancelPoll?.();
    for (const cancel of this.retryTimers) cancel();
    this.retryTimers.clear();
    await this.claiming;
    await Promise.all(this.inFlight);
  }

  private async claimRounds(): Promise<void> {
    try {
      do {
        this.again = false;
        const free = this.concurrency - this.inFlight.size;
        if (free <= 0) return; // a finishing delivery wakes us
        const claimed = await this.deps.store.claimDeliveries(this.deps.clock.now(), free, this.leaseMs);
        for (const d of claimed) this.launch(d);
        if (claimed.length === free) this.again = true;
      } while (this.again && !this.stopped);
    } catch (error) {
      this.deps.log('error', 'sns: claiming deliveries failed', { error: String(error) });
    }
  }

  /**
   * Wakes this dispatcher when a retry it scheduled falls due, so that retries keep their
   * schedule instead of waiting for the next poll (the poll still finds retries of other nodes).
   */
  private wakeIn(ms: number): void {
    if (this.stopped) return;
    const cancel = this.deps.clock.setTimer(ms, () => {
      this.retryTimers.delete(cancel);
      this.wake();
    });
    this.retryTimers.add(cancel);
  }

  private schedulePoll(): void {
    this.cancelPoll?.();
    if (!this.stopped) this.cancelPoll = this.deps.clock.setTimer(this.pollMs, () => this.wake());
  }

  private launch(d: ClaimedDelivery): void {
    const p: Promise<void> = this.attempt(d)
      .catch((error) => this.deps.log('error', 'sns: delivery bookkeeping failed', { delivery: d.id, error: String(error) }))
      .finally(() => {
        this.inFlight.delete(p);
        this.wake(); // a slot is free, and a FIFO group may have its next message due
      });
    this.inFlight.add(p);
  }

  private async attempt(d: ClaimedDelivery): Promise<void> {
    const job: DeliveryJob = { delivery: d, publication: JSON.parse(d.payload) as Publication, target: JSON.parse(d.target) as DeliveryTarget };
    const handler = this.handlers[job.target.protocol];
    const result: DeliveryResult = handler
      ? await handler(job).catch((e: unknown) => ({ ok: false as const, permanent: false, error: String(e) }))
      : { ok: false, permanent: true, error: `Switchyard does not deliver to ${job.target.protocol} endpoints yet` };
    const { store, clock, observer } = this.deps;
    const counted = !job.publication.control; // confirmations are no notifications
    if (result.ok) {
      if (counted) observer.delivered(job.publication.topicArn);
      await store.completeDelivery(d.id, d.attempts, 'delivered', null, clock.now());
      return;
    }
    if (result.deferred) {
      const delay = result.retryInMs ?? 1_000;
      await store.deferDelivery(d.id, d.attempts, clock.now() + delay);
      this.wakeIn(delay);
      return;
    }
    // AWS counts every failed attempt at an HTTP/S endpoint; other protocols once, when it gives up (giveUp).
    const web = job.target.protocol === 'http' || job.target.protocol === 'https';
    if (counted && web) observer.failed(job.publication.topicArn);
    if (!result.permanent) {
      const delay = result.retryInMs ?? this.retryDelay(job, d.attempts);
      if (delay !== undefined) {
        await store.retryDelivery(d.id, d.attempts, clock.now() + delay, result.error);
        if (delay > 0) this.wakeIn(delay);
        return;
      }
    }
    if (counted && !web) observer.failed(job.publication.topicArn);
    await this.giveUp(job, result.error);
  }

  /** No more attempts at the endpoint: the subscription's dead-letter queue, else failed. */
  private async giveUp(job: DeliveryJob, error: string): Promise<void> {
    const { store, clock, log } = this.deps;
    const d = job.delivery;
    if (!job.target.deadLetterArn) {
      log('warn', 'sns: delivery failed', { subscription: d.subscriptionArn, messageId: d.messageId, error });
      await store.completeDelivery(d.id, d.attempts, 'failed', error, clock.now());
      return;
    }
    const dl = await this.deadLetter(job, job.target.deadLetterArn);
    if (!job.publication.control) {
      if (dl.ok) this.deps.observer.redrivenToDlq(job.publication.topicArn);
      else this.deps.observer.failedToRedriveToDlq(job.publication.topicArn);
    }
    if (dl.ok) await store.completeDelivery(d.id, d.attempts, 'dead-lettered', error, clock.now());
    else if (!dl.permanent) await store.retryDelivery(d.id, d.attempts, clock.now() + (managedEndpointRetryDelay(d.attempts) ?? 20_000), `${error}; dead-letter queue: ${dl.error}`);
    else {
      log('warn', 'sns: delivery and dead-lettering failed', { subscription: d.subscriptionArn, messageId: d.messageId, error, deadLetter: dl.error });
      await store.completeDelivery(d.id, d.attempts, 'failed', `${error}; dead-letter queue: ${dl.error}`, clock.now());
    }
  }
}
