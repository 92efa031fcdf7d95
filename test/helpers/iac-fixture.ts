import type { ResourceSpec } from '../../src/runtime/resources-spec.js';

const ACCOUNT = '000000000000';
const arn = (service: string, name: string) => `arn:aws:${service}:us-east-1:${ACCOUNT}:${name}`;

/**
 * A resource file as `switchyard export` writes it (attribute values as asValue leaves them:
 * numbers, booleans and parsed JSON), with what the IaC renderings must handle: a FIFO queue with a
 * dead-letter queue whose redrive allow policy names it back (a cycle if written as references), a
 * queue policy naming its own queue and the topic, names that clash once sanitised or start with a
 * digit, a `${` in a value, a dead-letter queue in another account (by ARN), a subscription to a
 * queue the export does not declare, an attribute no IaC tool has a place for, an HTTP
 * subscription to localhost, a topic with delivery status logging and a delivery policy, a
 * stream exported while CREATING (no shard count), and an on-demand stream with consumers.
 */
export const FIXTURE: ResourceSpec = {
  version: 1,
  queues: [
    { name: 'orders-dlq.fifo', attributes: { RedriveAllowPolicy: { redrivePermission: 'byQueue', sourceQueueArns: [arn('sqs', 'orders.fifo')] } } },
    {
      name: 'orders.fifo',
      attributes: { VisibilityTimeout: 45, ContentBasedDeduplication: true, DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' },
      deadLetter: { queue: 'orders-dlq.fifo', maxReceiveCount: 5 },
      tags: { team: 'shop', 'cost-center': '${not a template}' },
    },
    {
      name: 'orders_fifo',
      attributes: {
        Policy: {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'topic', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: arn('sqs', 'orders_fifo'), Condition: { ArnEquals: { 'aws:SourceArn': arn('sns', 'events') } } },
            { Sid: 'owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sqs:*', Resource: arn('sqs', 'orders_fifo') },
            { Sid: 'partner', Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sqs:SendMessage', Resource: arn('sqs', 'orders_fifo') },
          ],
        },
        SqsManagedSseEnabled: false,
        MessageRetentionPeriod: 1209600,
        SomethingNew: 'x',
      },
    },
    { name: '42-jobs', attributes: { RedrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:111111111111:central-dlq', maxReceiveCount: 3 }, DelaySeconds: 5 } },
  ],
  topics: [
    {
      name: 'events',
      attributes: { DisplayName: 'Events "all"', SignatureVersion: 2, TracingConfig: 'Active', DeliveryPolicy: { http: { defaultHealthyRetryPolicy: { numRetries: 5 } } }, HTTPSuccessFeedbackSampleRate: 50, SQSFailureFeedbackRoleArn: 'arn:aws:iam::000000000000:role/feedback' },
      tags: { env: 'dev' },
      subscriptions: [
        { protocol: 'sqs', queue: 'orders_fifo', rawMessageDelivery: true, filterPolicy: { type: ['order_placed'] }, filterPolicyScope: 'MessageBody', deadLetter: { queue: '42-jobs' } },
        { protocol: 'sqs', queue: 'elsewhere' },
        { protocol: 'http', endpoint: 'http://127.0.0.1:9000/hook' },
        { protocol: 'https', endpoint: 'https://hooks.example.com/events', attributes: { DeliveryPolicy: { healthyRetryPolicy: { numRetries: 3 } } } },
        { protocol: 'email', endpoint: 'ops@example.com' },
        { protocol: 'sms', endpoint: '+15555550100' },
      ],
    },
    { name: 'orders.fifo', attributes: { ContentBasedDeduplication: true, ArchivePolicy: { MessageRetentionPeriod: 30 }, FifoThroughputScope: 'MessageGroup' }, subscriptions: [{ protocol: 'sqs', queue: 'orders.fifo' }] },
  ],
  streams: [
    { name: 'clicks', mode: 'PROVISIONED', shards: 3, retentionHours: 48, consumers: ['analytics', 'archiver'], tags: { team: 'web' } },
    { name: 'audit', mode: 'ON_DEMAND', consumers: ['siem'] },
    { name: 'warming-up', mode: 'PROVISIONED' },
  ],
};
