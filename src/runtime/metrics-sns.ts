import type { Registry } from 'prom-client';
import type { FilteredOutReason, SnsObserver } from '../services/sns/delivery/observer.js';
import { Buckets, counter, histogram, type Labels } from './metrics-kit.js';
import { MESSAGE_SIZE_BOUNDS } from './metrics-sqs.js';

const REASONS: readonly FilteredOutReason[] = ['MessageAttributes', 'NoMessageAttributes', 'InvalidAttributes', 'MessageBody', 'InvalidMessageBody'];

class TopicCounters {
  published = 0;
  delivered = 0;
  failed = 0;
  redriven = 0;
  failedToRedrive = 0;
  readonly filteredOut: Record<FilteredOutReason, number> = { MessageAttributes: 0, NoMessageAttributes: 0, InvalidAttributes: 0, MessageBody: 0, InvalidMessageBody: 0 };
  readonly size = new Buckets(MESSAGE_SIZE_BOUNDS);
  constructor(readonly labels: Labels) {}
}

/**
 * SNS's CloudWatch metrics (AWS/SNS, dimension TopicName) as Prometheus counters labelled
 * `account_id`, `region` and `topic_name`, this node's counts (services/sns/delivery/observer.ts
 * says what each counts). The filtered-out counter has a `reason` label, one value per CloudWatch
 * variant (NumberOfNotificationsFilteredOut-<reason>); summed over `reason` it is
 * NumberOfNotificationsFilteredOut.
 */
export function snsMetrics(registry: Registry): SnsObserver {
  const byArn = new Map<string, TopicCounters>();
  const of = (arn: string): TopicCounters => {
    let c = byArn.get(arn);
    if (c === undefined) {
      // arn:aws:sns:<region>:<account>:<name>
      const parts = arn.split(':');
      c = new TopicCounters({ account_id: parts[4] ?? '', region: parts[3] ?? '', topic_name: parts.slice(5).join(':') });
      byArn.set(arn, c);
    }
    return c;
  };
  const topics = { series: () => byArn.values(), labels: (c: TopicCounters) => c.labels };
  const names = ['account_id', 'region', 'topic_name'];
  const help = (metric: string, what: string) => `${what} (CloudWatch AWS/SNS ${metric}; this node's count)`;
  counter(registry, 'switchyard_sns_number_of_messages_published_total', help('NumberOfMessagesPublished', 'Messages published to the topic'), names, topics, (c) => c.published);
  counter(registry, 'switchyard_sns_number_of_notifications_delivered_total', help('NumberOfNotificationsDelivered', 'Notifications an endpoint took'), names, topics, (c) => c.delivered);
  counter(
    registry,
    'switchyard_sns_number_of_notifications_failed_total',
    help('NumberOfNotificationsFailed', 'Failed notifications: HTTP/S every failed attempt, other protocols once when retries run out'),
    names,
    topics,
    (c) => c.failed,
  );
  counter(registry, 'switchyard_sns_number_of_notifications_redriven_to_dlq_total', help('NumberOfNotificationsRedrivenToDlq', "Notifications moved to a subscription's dead-letter queue"), names, topics, (c) => c.redriven);
  counter(
    registry,
    'switchyard_sns_number_of_notifications_failed_to_redrive_to_dlq_total',
    help('NumberOfNotificationsFailedToRedriveToDlq', 'Failed attempts to move a notification to a dead-letter queue'),
    names,
    topics,
    (c) => c.failedToRedrive,
  );
  histogram(registry, 'switchyard_sns_publish_size_bytes', help('PublishSize', 'Size of the published messages, message and attributes'), names, topics, (c) => c.size, MESSAGE_SIZE_BOUNDS);
  const filtered = {
    series: function* () {
      for (const c of byArn.values()) for (const reason of REASONS) yield { c, reason };
    },
    labels: (x: { c: TopicCounters; reason: FilteredOutReason }): Labels => ({ ...x.c.labels, reason: x.reason }),
  };
  counter(
    registry,
    'switchyard_sns_number_of_notifications_filtered_out_total',
    help('NumberOfNotificationsFilteredOut, by reason the -<reason> variants', 'Notifications a subscription filter policy rejected'),
    [...names, 'reason'],
    filtered,
    (x) => x.c.filteredOut[x.reason],
  );

  return {
    published(arn, bytes) {
      const c = of(arn);
      c.published += 1;
      c.size.observe(bytes);
    },
    delivered(arn) {
      of(arn).delivered += 1;
    },
    failed(arn) {
      of(arn).failed += 1;
    },
    filteredOut(arn, reason) {
      of(arn).filteredOut[reason] += 1;
    },
    redrivenToDlq(arn) {
      of(arn).redriven += 1;
    },
    failedToRedriveToDlq(arn) {
      of(arn).failedToRedrive += 1;
    },
  };
}
