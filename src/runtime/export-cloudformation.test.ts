/** `export --format cloudformation`: held to the CloudFormation resource specification (@aws-cdk/aws-service-spec). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderCloudFormation } from './export-cloudformation.js';
import { checkCloudFormation } from '../../test/helpers/iac-check.js';
import { FIXTURE } from '../../test/helpers/iac-fixture.js';

const SUB = (service: string, resource: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}` });

describe('renderCloudFormation', () => {
  it('writes every resource of an export with specified properties and declared references', () => {
    const text = renderCloudFormation(FIXTURE);
    const r = checkCloudFormation(JSON.parse(text));
    assert.deepEqual(Object.keys(r), [
      'OrdersDlqFifoQueue', 'OrdersFifoQueue', 'OrdersFifoQueue2', 'OrdersFifoQueue2Policy', 'R42JobsQueue',
      'EventsTopic', 'EventsSqsOrdersFifoSubscription', 'EventsSqsElsewhereSubscription', 'EventsHttp1270019000HookSubscription',
      'EventsHttpsHooksExampleComEventsSubscription', 'EventsEmailOpsExampleComSubscription', 'EventsSms15555550100Subscription',
      'OrdersFifoTopic', 'OrdersFifoSqsOrdersFifoSubscription',
      'ClicksStream', 'ClicksAnalyticsConsumer', 'ClicksArchiverConsumer', 'AuditStream', 'AuditSiemConsumer', 'WarmingUpStream',
    ]);
    assert.doesNotMatch(text, /000000000000/, "the exported account's id is nowhere: every ARN in it is rebuilt");

    assert.deepEqual(r.OrdersFifoQueue!.Properties, {
      QueueName: 'orders.fifo',
      FifoQueue: true,
      VisibilityTimeout: 45,
      ContentBasedDeduplication: true,
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['OrdersDlqFifoQueue', 'Arn'] }, maxReceiveCount: 5 },
      Tags: [{ Key: 'team', Value: 'shop' }, { Key: 'cost-center', Value: '${not a template}' }],
    });
    // No GetAtt back to the source queue: the two would be a circular dependency.
    assert.deepEqual(r.OrdersDlqFifoQueue!.Properties.RedriveAllowPolicy, { redrivePermission: 'byQueue', sourceQueueArns: [SUB('sqs', 'orders.fifo')] });
    assert.deepEqual(r.OrdersFifoQueue2!.Properties, { QueueName: 'orders_fifo', SqsManagedSseEnabled: false, MessageRetentionPeriod: 1209600 });
    assert.deepEqual(r.OrdersFifoQueue2!.Metadata, { Switchyard: { notes: ['SomethingNew is not expressed (no property for it): x'] } });
    const policy = r.OrdersFifoQueue2Policy!.Properties;
    assert.deepEqual(policy.Queues, [{ Ref: 'OrdersFifoQueue2' }]);
    assert.deepEqual(policy.PolicyDocument.Statement[0].Resource, SUB('sqs', 'orders_fifo'));
    assert.deepEqual(policy.PolicyDocument.Statement[0].Condition, { ArnEquals: { 'aws:SourceArn': SUB('sns', 'events') } });
    assert.deepEqual(policy.PolicyDocument.Statement[1].Principal, { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } });
    assert.deepEqual(policy.PolicyDocument.Statement[2].Principal, { AWS: '123456789012' });
    assert.deepEqual(r.R42JobsQueue!.Properties.RedrivePolicy, { deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:111111111111:central-dlq', maxReceiveCount: 3 });

    const events = r.EventsTopic!;
    assert.equal(events.Properties.SignatureVersion, '2');
    assert.deepEqual(events.Properties.DeliveryStatusLogging, [
      { Protocol: 'http/s', SuccessFeedbackSampleRate: '50' },
      { Protocol: 'sqs', FailureFeedbackRoleArn: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/feedback' } },
    ]);
    assert.match(events.Metadata.Switchyard.notes[0], /^DeliveryPolicy is not expressed/);
    assert.deepEqual(r.OrdersFifoTopic!.Properties, { TopicName: 'orders.fifo', FifoTopic: true, ContentBasedDeduplication: true, ArchivePolicy: { MessageRetentionPeriod: 30 }, FifoThroughputScope: 'MessageGroup' });

    assert.deepEqual(r.EventsSqsOrdersFifoSubscription!.Properties, {
      TopicArn: { Ref: 'EventsTopic' },
      Protocol: 'sqs',
      Endpoint: { 'Fn::GetAtt': ['OrdersFifoQueue2', 'Arn'] },
      RawMessageDelivery: true,
      FilterPolicy: { type: ['order_placed'] },
      FilterPolicyScope: 'MessageBody',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['R42JobsQueue', 'Arn'] } },
    });
    assert.deepEqual(r.EventsSqsElsewhereSubscription!.Properties.Endpoint, SUB('sqs', 'elsewhere'));
    assert.equal(r.EventsHttp1270019000HookSubscription!.Metadata.Switchyard.notes.length, 2);
    assert.deepEqual(r.EventsHttpsHooksExampleComEventsSubscription!.Properties.DeliveryPolicy, { healthyRetryPolicy: { numRetries: 3 } });

    assert.deepEqual(r.ClicksStream!.Properties, { Name: 'clicks', ShardCount: 3, RetentionPeriodHours: 48, StreamModeDetails: { StreamMode: 'PROVISIONED' }, Tags: [{ Key: 'team', Value: 'web' }] });
    assert.deepEqual(r.AuditStream!.Properties, { Name: 'audit', StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    assert.deepEqual(r.AuditSiemConsumer!.Properties, { ConsumerName: 'siem', StreamARN: { 'Fn::GetAtt': ['AuditStream', 'Arn'] } });
    assert.equal(r.WarmingUpStream!.Properties.ShardCount, 1);
  });

  it('makes logical ids unique and alphanumeric, a policy included', () => {
    const r = checkCloudFormation(JSON.parse(renderCloudFormation({ queues: [{ name: 'a-b' }, { name: 'a_b' }, { name: 'aB', attributes: { Policy: { Statement: [] } } }, { name: 'a-b-policy' }, { name: '9' }] })));
    assert.deepEqual(Object.keys(r), ['ABQueue', 'ABQueue2', 'ABQueue3', 'ABQueue3Policy', 'ABPolicyQueue', 'R9Queue']);
  });

  it('the checker catches what the specification does not allow', () => {
    const template = JSON.parse(renderCloudFormation({ queues: [{ name: 'q' }] }));
    template.Resources.QQueue.Properties.VisibilityTimeoutSeconds = 30;
    assert.throws(() => checkCloudFormation(template), /VisibilityTimeoutSeconds is not a property/);
    template.Resources.QQueue.Properties = { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Nowhere', 'Arn'] } } };
    assert.throws(() => checkCloudFormation(template), /Nowhere, a resource of the template/);
  });
});
