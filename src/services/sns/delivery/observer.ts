import type { Publication } from '../domain/publication.js';

/**
 * What SNS tells the metrics (runtime/metrics-sns.ts): CloudWatch's per-topic counts (AWS/SNS,
 * dimension TopicName). Called on the publish path and by the dispatcher, so an implementation must
 * be cheap and synchronous (add to numbers; no I/O, no await). The default does nothing. Topics are
 * named by ARN. Subscription confirmations are no notifications: never counted.
 *
 * AWS's definitions, followed here:
 * - published: a message accepted by Publish/PublishBatch (NumberOfMessagesPublished), with its
 *   size, message and attributes (PublishSize).
 * - delivered: a notification an endpoint took (NumberOfNotificationsDelivered).
 * - failed: NumberOfNotificationsFailed. For HTTP/S endpoints every failed attempt, retries
 *   included; for every other protocol once, when SNS stops trying (whether or not the message then
 *   goes to a dead-letter queue).
 * - filteredOut: a subscription's filter policy rejected the message
 *   (NumberOfNotificationsFilteredOut and its -MessageAttributes, -NoMessageAttributes,
 *   -InvalidAttributes (a String.Array attribute that is no JSON array), -MessageBody,
 *   -InvalidMessageBody (a body that is no JSON object) variants; the reasons do not overlap, so
 *   their sum is the total).
 * - redrivenToDlq / failedToRedriveToDlq: NumberOfNotificationsRedrivenToDlq,
 *   NumberOfNotificationsFailedToRedriveToDlq (every failed attempt at the dead-letter queue).
 */
export type FilteredOutReason = 'MessageAttributes' | 'NoMessageAttributes' | 'InvalidAttributes' | 'MessageBody' | 'InvalidMessageBody';

export interface SnsObserver {
  /** `publication`: the message itself, for observers that look at messages (the embedded spy); not to be kept or changed. */
  published(topicArn: string, bytes: number, publication: Publication): void;
  delivered(topicArn: string): void;
  failed(topicArn: string): void;
  filteredOut(topicArn: string, reason: FilteredOutReason): void;
  redrivenToDlq(topicArn: string): void;
  failedToRedriveToDlq(topicArn: string): void;
}

export const NO_SNS_OBSERVER: SnsObserver = {
  published() {},
  delivered() {},
  failed() {},
  filteredOut() {},
  redrivenToDlq() {},
  failedToRedriveToDlq() {},
};
