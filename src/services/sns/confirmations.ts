import type { SnsDeps } from './context.js';
import { DEDUP_WINDOW_MS } from './fan-out.js';
import { targetOf } from './delivery/target.js';
import type { ControlMessage, Publication } from './domain/publication.js';
import { topicSettings } from './domain/topic-attributes.js';
import type { SubscriptionRecord, TopicRecord } from './store.js';

/**
 * The control messages SNS itself sends an HTTP/S (or email) endpoint: SubscriptionConfirmation
 * after Subscribe (again on a repeated Subscribe of a subscription still pending, as AWS does —
 * which also covers a crash between creating the subscription and queueing its confirmation) and
 * UnsubscribeConfirmation after Unsubscribe. They go through the same durable outbox as
 * notifications: one delivery to that one subscription, retried under its delivery policy.
 */
const CONFIRMED_BY_MESSAGE = new Set(['http', 'https', 'email', 'email-json']);

export function sendsControlMessages(protocol: string): boolean {
  return CONFIRMED_BY_MESSAGE.has(protocol);
}

export function confirmationUrl(baseUrl: string, topicArn: string, token: string): string {
  return `${baseUrl}/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`;
}

export async function sendControlMessage(
  deps: SnsDeps,
  topic: TopicRecord,
  sub: SubscriptionRecord,
  type: ControlMessage['type'],
  baseUrl: string,
): Promise<void> {
  if (!sendsControlMessages(sub.protocol)) return;
  const token = type === 'SubscriptionConfirmation' && sub.token ? sub.token : deps.ids.bytes(128).toString('hex');
  const now = deps.clock.now();
  const message =
    type === 'SubscriptionConfirmation'
      ? `You have chosen to subscribe to the topic ${topic.arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`
      : `You have chosen to deactivate subscription ${sub.arn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`;
  const publication: Publication = {
    topicArn: topic.arn,
    messageId: deps.ids.uuid(),
    timestamp: now,
    message,
    fifo: false,
    signatureVersion: topicSettings(topic).signatureVersion,
    baseUrl,
    control: { type, token, subscribeUrl: confirmationUrl(baseUrl, topic.arn, token) },
  };
  await deps.store.publish(
    topic.id,
    [{ messageId: publication.messageId, dedupKey: null, payload: JSON.stringify(publication), deliveries: [{ subscriptionArn: sub.arn, target: JSON.stringify(targetOf(sub, topic)), groupKey: null }] }],
    now,
    DEDUP_WINDOW_MS,
  );
}
