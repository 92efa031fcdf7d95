import type { RateCharge } from '../shared/rate-limiter.js';

/**
 * AWS's FIFO queue quotas, enforced in the opt-in throughput mode only (`--throughput-limits`):
 * a local server refusing a test suite's tight loops by default would only be in the way.
 *
 * AWS's words (Amazon SQS Developer Guide, "Amazon SQS message quotas", quotas-messages.html, and
 * "Troubleshoot FIFO throttling issues", troubleshooting-fifo-throttling-issues.html):
 * - "By default, FIFO queues support 300 transactions per second, per API action for SendMessage,
 *   ReceiveMessage, and DeleteMessage. Requests over 300 TPS get the ThrottlingException error even
 *   if messages in the queue are available."
 * - "If you use batching, non-high throughput FIFO queues support up to 3,000 messages per second,
 *   per API action … The 3,000 messages per second represent 300 API calls, each with a batch of 10
 *   messages": a batch is one transaction, and it shares its action's 300 with the single call
 *   (SendMessageBatch with SendMessage, DeleteMessageBatch with DeleteMessage; the troubleshooting
 *   page names ChangeMessageVisibilityBatch with them, so ChangeMessageVisibility(Batch) is counted too).
 * - "Amazon SQS FIFO limits are based on the number of API requests, not message limits. For high
 *   throughput mode, these API request limits are as follows … (non-batched API calls): US East
 *   (N. Virginia), US West (Oregon), and Europe (Ireland): Up to 70,000 transactions per second (TPS).
 *   US East (Ohio) and Europe (Frankfurt): Up to 19,000 TPS. Asia Pacific (Mumbai), Asia Pacific
 *   (Singapore), Asia Pacific (Sydney), and Asia Pacific (Tokyo): Up to 9,000 TPS. Europe (London)
 *   and South America (São Paulo): Up to 4,500 TPS. All other AWS Regions: Up to 2,400 TPS."
 *   (Batched: ten times as many messages, the same transactions.)
 * - High throughput is DeduplicationScope=messageGroup with FifoThroughputLimit=perMessageGroupId
 *   ("If you change any of the settings required for using high throughput for FIFO queues, normal
 *   throughput is in effect for the queue"; Developer Guide, high-throughput-fifo.html).
 * - "Standard queues support a very high, nearly unlimited number of API calls per second, per
 *   action": never throttled here.
 *
 * Not modelled: AWS's per-partition and per-message-group spread inside a high-throughput queue
 * (its partitions are AWS's internals; the queue's regional quota is what a client can count on).
 * Other actions (GetQueueAttributes, ListQueues …) have no documented rate and are not limited.
 *
 * The error: the docs name ThrottlingException, but what SQS sends when it throttles is its
 * modelled RequestThrottled, HTTP 403 ("Amazon.SQS.AmazonSQSException: Request is throttled. …
 * (403) Forbidden", Particular/docs.particular.net#3438; `Code: RequestThrottled … Type: Sender`
 * for SendMessage, async-aws/aws#1227); the SDKs retry it as a throttle and sqs-consumer backs
 * off on it (AWS-WIRE §4.4). The window: a sliding second per queue and action family
 * (shared/rate-limiter.ts), the cluster's on PostgreSQL (shared/rate-shared.ts), else in memory.
 */

/** The actions a FIFO queue counts, and the window each counts against (a batch shares its single call's). */
export const FIFO_COUNTED_ACTIONS: Readonly<Record<string, string>> = {
  SendMessage: 'SendMessage',
  SendMessageBatch: 'SendMessage',
  ReceiveMessage: 'ReceiveMessage',
  DeleteMessage: 'DeleteMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibility: 'ChangeMessageVisibility',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};

/** Transactions per second per action of a FIFO queue without high throughput. */
export const FIFO_TRANSACTIONS_PER_SECOND = 300;

/** High throughput FIFO: transactions per second per action and queue, by region (AWS's table above). */
const HIGH_THROUGHPUT_BY_REGION: ReadonlyArray<readonly [number, readonly string[]]> = [
  [70_000, ['us-east-1', 'us-west-2', 'eu-west-1']],
  [19_000, ['us-east-2', 'eu-central-1']],
  [9_000, ['ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1']],
  [4_500, ['eu-west-2', 'sa-east-1']],
];
const HIGH_THROUGHPUT_ELSEWHERE = 2_400;

export function highThroughputTransactionsPerSecond(region: string): number {
  return HIGH_THROUGHPUT_BY_REGION.find(([, regions]) => regions.includes(region))?.[0] ?? HIGH_THROUGHPUT_ELSEWHERE;
}

/** Whether a queue's stored attributes make it a high-throughput FIFO queue (both settings, as AWS requires). */
export function isHighThroughputFifo(attributes: Readonly<Record<string, string>>): boolean {
  return attributes.DeduplicationScope === 'messageGroup' && attributes.FifoThroughputLimit === 'perMessageGroupId';
}

/**
 * What `action` on a queue counts against, or undefined if it is not limited: a standard queue,
 * or an action AWS gives no rate. `queue.key` names the queue (account and name); `region` is the
 * request's, which picks the high-throughput quota (SQS quotas are regional).
 */
export function fifoRateCharge(
  action: string,
  queue: { readonly key: string; readonly attributes: Readonly<Record<string, string>> },
  region: string,
): RateCharge | undefined {
  const family = FIFO_COUNTED_ACTIONS[action];
  if (family === undefined || queue.attributes.FifoQueue !== 'true') return undefined;
  const perSecond = isHighThroughputFifo(queue.attributes) ? highThroughputTransactionsPerSecond(region) : FIFO_TRANSACTIONS_PER_SECOND;
  return { key: `sqs|${family}|${queue.key}`, perSecond };
}
