import type { RequestContext } from '../shared/service.js';
import type { Clock } from '../../runtime/clock.js';
import type { Ids } from '../../runtime/ids.js';
import type { Log } from '../../runtime/logger.js';
import { snsErrors } from './errors.js';
import { checkSubscriptionArn, parseTopicArn } from './domain/arn.js';
import type { FilterPolicies } from './domain/filter-policy/index.js';
import type { Signer } from './signer.js';
import type { SnsStore, SubscriptionRecord, TopicRecord } from './store.js';
import type { Publication } from './domain/publication.js';
import type { DeliveryResult } from './delivery/job.js';
import type { QueueDelivery } from './delivery/sqs.js';
import type { SnsObserver } from './delivery/observer.js';

/** Everything an SNS operation may use; built once per server by `createSnsService`. */
export interface SnsDeps {
  readonly store: SnsStore;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly log: Log;
  /** Compiled filter policies (cache). */
  readonly filters: FilterPolicies;
  readonly signer: Signer;
  /** Wakes the delivery dispatcher (after a confirmation, a redrive …); publishes wake it through the store. */
  readonly wake: () => void;
  /**
   * Delivers a message to SQS queues now, in-process, one attempt each (fan-out.ts: a standard
   * topic's SQS subscriptions skip the outbox); one result per delivery, in order.
   */
  readonly deliverToQueues: (p: Publication, deliveries: readonly (QueueDelivery & { readonly queueArn: string })[]) => Promise<DeliveryResult[]>;
  /** Counts for the metrics (delivery/observer.ts); a no-op unless the runtime gives one. */
  readonly observer: SnsObserver;
}

export type SnsOperation<I, O> = (deps: SnsDeps, input: I, ctx: RequestContext) => Promise<O>;

/** The topic an ARN parameter names (checked against the request's region), or NotFound. */
export async function resolveTopic(deps: SnsDeps, arn: string | undefined, ctx: RequestContext, parameter = 'TopicArn'): Promise<TopicRecord> {
  const address = parseTopicArn(arn, parameter, ctx.region);
  const topic = await deps.store.getTopic(address.arn);
  if (!topic) throw snsErrors.topicNotFound();
  return topic;
}

/** The subscription an ARN names, or NotFound ("Subscription does not exist"). */
export async function resolveSubscription(deps: SnsDeps, arn: string | undefined): Promise<SubscriptionRecord> {
  checkSubscriptionArn(arn ?? '');
  const sub = await deps.store.getSubscription(arn!);
  if (!sub) throw snsErrors.subscriptionNotFound();
  return sub;
}

/** NextToken of id-ordered listings: the last id of the page, opaque to clients. */
export function encodeToken(lastId: number): string {
  return Buffer.from(`sy1:${lastId}`).toString('base64url');
}

export function decodeToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const id = Number(text.slice(4));
  if (!text.startsWith('sy1:') || !Number.isSafeInteger(id) || id < 0) throw snsErrors.invalidParameter('NextToken');
  return id;
}

/** AWS pages topic and subscription listings by 100. */
export const PAGE_SIZE = 100;
