import type { Registry } from 'prom-client';
import type { SqsObserver } from '../services/sqs/observer.js';
import type { QueueRecord } from '../services/sqs/store.js';
import type { QueueGauges } from '../services/sqs/stats.js';
import { Buckets, counter, gauge, histogram, type Labels } from './metrics-kit.js';

/** SentMessageSize buckets, bytes: 1 KiB … 1 MiB (SQS's largest message). */
export const MESSAGE_SIZE_BOUNDS = [1024, 4096, 16_384, 65_536, 262_144, 1_048_576];

class QueueCounters {
  sent = 0;
  received = 0;
  emptyReceives = 0;
  deleted = 0;
  readonly size = new Buckets(MESSAGE_SIZE_BOUNDS);
  constructor(readonly labels: Labels) {}
}

/**
 * SQS's CloudWatch metrics (AWS/SQS, dimension QueueName) as Prometheus series labelled
 * `account_id` and `queue_name` (queues are per account here, not per region: no `region`).
 * Counters are this node's (services/sqs/observer.ts says what each counts); the gauges are the
 * database's, read at scrape time through the SQS service (`gauges`), the same on every node.
 */
export function sqsMetrics(registry: Registry, gauges: () => readonly QueueGauges[]): SqsObserver {
  const byId = new Map<number, QueueCounters>();
  // A queue deleted and created again has a new id and the same name: one series.
  const byName = new Map<string, QueueCounters>();
  const of = (queue: QueueRecord): QueueCounters => {
    let c = byId.get(queue.id);
    if (c === undefined) {
      const key = `${queue.accountId}/${queue.name}`;
      c = byName.get(key) ?? new QueueCounters({ account_id: queue.accountId, queue_name: queue.name });
      byName.set(key, c);
      byId.set(queue.id, c);
    }
    return c;
  };
  const queues = { series: () => byName.values(), labels: (c: QueueCounters) => c.labels };
  const names = ['account_id', 'queue_name'];
  const help = (metric: string, what: string) => `${what} (CloudWatch AWS/SQS ${metric}; this node's count)`;
  counter(registry, 'switchyard_sqs_number_of_messages_sent_total', help('NumberOfMessagesSent', 'Messages added to the queue'), names, queues, (c) => c.sent);
  counter(registry, 'switchyard_sqs_number_of_messages_received_total', help('NumberOfMessagesReceived', 'Messages returned by ReceiveMessage'), names, queues, (c) => c.received);
  counter(registry, 'switchyard_sqs_number_of_messages_deleted_total', help('NumberOfMessagesDeleted', 'Successful deletes with a valid receipt handle'), names, queues, (c) => c.deleted);
  counter(registry, 'switchyard_sqs_number_of_empty_receives_total', help('NumberOfEmptyReceives', 'ReceiveMessage calls that returned no message'), names, queues, (c) => c.emptyReceives);
  histogram(registry, 'switchyard_sqs_sent_message_size_bytes', help('SentMessageSize', 'Size of the messages added to the queue, body and attributes'), names, queues, (c) => c.size, MESSAGE_SIZE_BOUNDS);

  const state = { series: gauges, labels: (g: QueueGauges): Labels => ({ account_id: g.accountId, queue_name: g.name }) };
  const cluster = (metric: string, what: string) => `${what} (CloudWatch AWS/SQS ${metric}; from the database: the same on every node, do not sum across nodes)`;
  gauge(registry, 'switchyard_sqs_approximate_number_of_messages_visible', cluster('ApproximateNumberOfMessagesVisible', 'Messages available for retrieval'), names, state, (g) => g.visible);
  gauge(registry, 'switchyard_sqs_approximate_number_of_messages_not_visible', cluster('ApproximateNumberOfMessagesNotVisible', 'Messages in flight'), names, state, (g) => g.inFlight);
  gauge(registry, 'switchyard_sqs_approximate_number_of_messages_delayed', cluster('ApproximateNumberOfMessagesDelayed', 'Messages delayed, not yet available'), names, state, (g) => g.delayed);
  gauge(
    registry,
    'switchyard_sqs_approximate_age_of_oldest_message_seconds',
    cluster('ApproximateAgeOfOldestMessage', 'Age of the oldest message; standard queues leave out messages received 3 times or more'),
    names,
    state,
    (g) => g.oldestAgeSeconds,
  );

  return {
    sent(queue, bytes) {
      const c = of(queue);
      c.sent += 1;
      c.size.observe(bytes);
    },
    received(queue, count) {
      const c = of(queue);
      if (count === 0) c.emptyReceives += 1;
      else c.received += count;
    },
    deleted(queue, count) {
      of(queue).deleted += count;
    },
    deadLettered() {},
  };
}
