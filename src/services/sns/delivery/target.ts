import { deadLetterTarget } from '../domain/subscription-attributes.js';
import { effectiveSubscriptionDeliveryPolicy } from '../domain/delivery-policy.js';
import type { SubscriptionRecord, TopicRecord } from '../store.js';

/**
 * What a delivery needs of its subscription, snapshotted into the outbox when the message is
 * published (AWS delivers a message under the subscription's settings of that moment, and an
 * unsubscribe or topic deletion does not recall messages already accepted).
 */
export interface DeliveryTarget {
  readonly protocol: string;
  readonly endpoint: string;
  /** RawMessageDelivery=true. */
  readonly raw: boolean;
  /** RedrivePolicy.deadLetterTargetArn: where a delivery that cannot be made goes. */
  readonly deadLetterArn?: string;
  /** The subscription's DeliveryPolicy (HTTP/S retries), if set. */
  readonly deliveryPolicy?: string;
  /** HTTP/S: the subscription's EffectiveDeliveryPolicy (its own over the topic's) when published. */
  readonly effectiveDeliveryPolicy?: string;
  /** email/email-json: the topic's DisplayName when published, the sender's name of its mail. */
  readonly displayName?: string;
}

export function targetOf(sub: SubscriptionRecord, topic?: TopicRecord): DeliveryTarget {
  const http = sub.protocol === 'http' || sub.protocol === 'https';
  const email = sub.protocol === 'email' || sub.protocol === 'email-json';
  return {
    protocol: sub.protocol,
    endpoint: sub.endpoint,
    raw: sub.attributes.RawMessageDelivery === 'true',
    deadLetterArn: deadLetterTarget(sub.attributes),
    deliveryPolicy: sub.attributes.DeliveryPolicy,
    effectiveDeliveryPolicy: http ? effectiveSubscriptionDeliveryPolicy(sub.attributes.DeliveryPolicy, topic?.attributes.DeliveryPolicy) : undefined,
    displayName: email && topic?.attributes.DisplayName ? topic.attributes.DisplayName : undefined,
  };
}
