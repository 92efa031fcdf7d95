import { deadLetterTarget } from '../domain/subscription-attributes.js';
import type { SubscriptionRecord } from '../store.js';

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
}

export function targetOf(sub: SubscriptionRecord): DeliveryTarget {
  return {
    protocol: sub.protocol,
    endpoint: sub.endpoint,
    raw: sub.attributes.RawMessageDelivery === 'true',
    deadLetterArn: deadLetterTarget(sub.attributes),
    deliveryPolicy: sub.attributes.DeliveryPolicy,
  };
}
