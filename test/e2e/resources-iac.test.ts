/**
 * `switchyard export --format terraform|cloudformation` as real processes: a server (SQLite: the
 * storage plays no part in what is rendered) is given a realistic set of resources through the AWS
 * SDKs, the CLI exports it in each format, and the output is checked against the outside world's
 * definitions (test/helpers/iac-check.ts: HashiCorp's HCL parser and the provider's documented
 * arguments; the CloudFormation resource specification) and for what it says about each resource.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient, TagQueueCommand } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateStreamCommand, IncreaseStreamRetentionPeriodCommand, RegisterStreamConsumerCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { spawnServer, type SpawnedServer } from '../helpers/process.js';
import { KINESIS_CLIENTS, waitUntilActive } from '../helpers/kinesis.js';
import { checkCloudFormation, checkTerraform, tfResource } from '../helpers/iac-check.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = join(ROOT, 'src/cli/run.ts');
const run = promisify(execFile);
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const ARN = (service: string, name: string) => `arn:aws:${service}:us-east-1:000000000000:${name}`;

describe('switchyard export --format terraform|cloudformation', () => {
  let server: SpawnedServer;
  let sqs: SQSClient;
  let sns: SNSClient;
  let kinesis: KinesisClient;
  const exported = (...args: string[]) => run(process.execPath, ['--import', 'tsx', ENTRY, 'export', '--endpoint', server.url, ...args], { cwd: ROOT, timeout: 60_000 });

  before(async () => {
    server = await spawnServer({ extraArgs: ['--kinesis-create-delay-ms', '50'] });
    sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials });
    sns = new SNSClient({ endpoint: server.url, region: 'us-east-1', credentials });
    kinesis = KINESIS_CLIENTS[0]!.client(server.url);

    // A FIFO queue with its dead-letter queue, which allows only it as a source.
    const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'orders-dlq.fifo', Attributes: { FifoQueue: 'true', MessageRetentionPeriod: '1209600' } }));
    await sqs.send(
      new CreateQueueCommand({
        QueueName: 'orders.fifo',
        Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true', VisibilityTimeout: '120', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: ARN('sqs', 'orders-dlq.fifo'), maxReceiveCount: 4 }) },
      }),
    );
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: dlqUrl, Attributes: { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [ARN('sqs', 'orders.fifo')] }) } }));

    // A standard queue with a policy letting the topic send, and tags.
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'order-events', Tags: [{ Key: 'team', Value: 'shop' }] }))).TopicArn!;
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'topic', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: ARN('sqs', 'notifications'), Condition: { ArnEquals: { 'aws:SourceArn': topicArn } } }],
    };
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'notifications', Attributes: { Policy: JSON.stringify(policy), ReceiveMessageWaitTimeSeconds: '20', KmsMasterKeyId: 'alias/aws/sqs', KmsDataKeyReusePeriodSeconds: '600' } }),
    );
    await sqs.send(new TagQueueCommand({ QueueUrl, Tags: { team: 'shop', env: 'prototype' } }));

    // The topic's subscriptions: the queue (filtered, raw) and an HTTP endpoint that never confirms.
    await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: ARN('sqs', 'notifications'), Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ type: ['order_placed', 'order_cancelled'] }) } }),
    );
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: 'http://127.0.0.1:9/hooks/orders' }));

    // A provisioned and an on-demand stream, each with an enhanced fan-out consumer.
    await kinesis.send(new CreateStreamCommand({ StreamName: 'clickstream', ShardCount: 2 }));
    await kinesis.send(new CreateStreamCommand({ StreamName: 'audit-trail', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    for (const name of ['clickstream', 'audit-trail']) await waitUntilActive(kinesis, name);
    await kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'clickstream', RetentionPeriodHours: 48 }));
    await waitUntilActive(kinesis, 'clickstream');
    for (const [stream, consumer] of [['clickstream', 'analytics'], ['audit-trail', 'siem']] as const) {
      await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${stream}`, ConsumerName: consumer }));
    }
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['RedriveAllowPolicy'] }));
    assert.ok(attrs.Attributes?.RedriveAllowPolicy, 'the set-up is as meant');
  });

  after(async () => {
    sqs?.destroy();
    sns?.destroy();
    kinesis?.destroy();
    await server?.stop();
  });

  it('writes Terraform the HCL parser reads, with documented arguments and references between the resources', async () => {
    const { stdout } = await exported('--format', 'terraform');
    const tf = await checkTerraform(stdout);
    assert.deepEqual(Object.keys(tf.resource).sort(), ['aws_kinesis_stream', 'aws_kinesis_stream_consumer', 'aws_sns_topic', 'aws_sns_topic_subscription', 'aws_sqs_queue']);

    const orders = tfResource(tf, 'aws_sqs_queue', 'orders_fifo');
    assert.equal(orders.name, 'orders.fifo');
    assert.equal(orders.fifo_queue, true);
    assert.equal(orders.content_based_deduplication, true);
    assert.equal(orders.visibility_timeout_seconds, 120);
    assert.match(orders.redrive_policy as string, /deadLetterTargetArn = aws_sqs_queue\.orders_dlq_fifo\.arn\n\s+maxReceiveCount\s+= 4/);
    const dlq = tfResource(tf, 'aws_sqs_queue', 'orders_dlq_fifo');
    assert.equal(dlq.message_retention_seconds, 1209600);
    assert.match(dlq.redrive_allow_policy as string, /redrivePermission = "byQueue"[\s\S]*"arn:\$\{local\.partition\}:sqs:\$\{local\.region\}:\$\{local\.account_id\}:orders\.fifo"/);

    const notifications = tfResource(tf, 'aws_sqs_queue', 'notifications');
    assert.equal(notifications.receive_wait_time_seconds, 20);
    assert.equal(notifications.kms_master_key_id, 'alias/aws/sqs');
    assert.equal(notifications.kms_data_key_reuse_period_seconds, 600);
    assert.deepEqual(notifications.tags, { team: 'shop', env: 'prototype' });
    assert.match(notifications.policy as string, /"aws:SourceArn" = "arn:\$\{local\.partition\}:sns:\$\{local\.region\}:\$\{local\.account_id\}:order-events"/);
    assert.equal(notifications.fifo_queue, undefined, 'defaults are not written');
    assert.equal(notifications.visibility_timeout_seconds, undefined);

    assert.deepEqual(tfResource(tf, 'aws_sns_topic', 'order_events'), { name: 'order-events', tags: { team: 'shop' } });
    const subs = Object.values(tf.resource.aws_sns_topic_subscription!).map(([b]) => b!);
    assert.equal(subs.length, 2);
    const toQueue = subs.find((s) => s.protocol === 'sqs')!;
    assert.equal(toQueue.topic_arn, '${aws_sns_topic.order_events.arn}');
    assert.equal(toQueue.endpoint, '${aws_sqs_queue.notifications.arn}');
    assert.equal(toQueue.raw_message_delivery, true);
    assert.match(toQueue.filter_policy as string, /type = \["order_placed", "order_cancelled"\]/);
    const toHttp = subs.find((s) => s.protocol === 'http')!;
    assert.equal(toHttp.endpoint, 'http://127.0.0.1:9/hooks/orders');
    assert.match(stdout, /# NOTE: this endpoint is on the machine or network Switchyard ran on; AWS cannot reach it\.\nresource "aws_sns_topic_subscription"/);

    assert.deepEqual(tfResource(tf, 'aws_kinesis_stream', 'clickstream'), { name: 'clickstream', shard_count: 2, retention_period: 48, stream_mode_details: [{ stream_mode: 'PROVISIONED' }] });
    assert.deepEqual(tfResource(tf, 'aws_kinesis_stream', 'audit_trail'), { name: 'audit-trail', stream_mode_details: [{ stream_mode: 'ON_DEMAND' }] });
    assert.deepEqual(tfResource(tf, 'aws_kinesis_stream_consumer', 'clickstream_analytics'), { name: 'analytics', stream_arn: '${aws_kinesis_stream.clickstream.arn}' });
    assert.deepEqual(tfResource(tf, 'aws_kinesis_stream_consumer', 'audit_trail_siem'), { name: 'siem', stream_arn: '${aws_kinesis_stream.audit_trail.arn}' });
    assert.doesNotMatch(stdout, /000000000000/, "no ARN keeps Switchyard's account");
  });

  it('writes a CloudFormation template that the resource specification allows, with Ref and Fn::GetAtt between the resources', async () => {
    const { stdout } = await exported('--format', 'cloudformation');
    const r = checkCloudFormation(JSON.parse(stdout));
    const byType = (type: string) => Object.entries(r).filter(([, x]) => x.Type === type);
    assert.equal(byType('AWS::SQS::Queue').length, 3);
    assert.equal(byType('AWS::SQS::QueuePolicy').length, 1);
    assert.equal(byType('AWS::SNS::Topic').length, 1);
    assert.equal(byType('AWS::SNS::Subscription').length, 2);
    assert.equal(byType('AWS::Kinesis::Stream').length, 2);
    assert.equal(byType('AWS::Kinesis::StreamConsumer').length, 2);

    assert.deepEqual(r.OrdersFifoQueue!.Properties.RedrivePolicy, { deadLetterTargetArn: { 'Fn::GetAtt': ['OrdersDlqFifoQueue', 'Arn'] }, maxReceiveCount: 4 });
    assert.deepEqual(r.NotificationsQueuePolicy!.Properties.Queues, [{ Ref: 'NotificationsQueue' }]);
    assert.deepEqual(r.NotificationsQueue!.Properties.Tags, [{ Key: 'team', Value: 'shop' }, { Key: 'env', Value: 'prototype' }]);
    assert.equal(r.NotificationsQueue!.Properties.KmsMasterKeyId, 'alias/aws/sqs');
    const [, toQueue] = byType('AWS::SNS::Subscription').find(([, s]) => s.Properties.Protocol === 'sqs')!;
    assert.deepEqual(toQueue.Properties, {
      TopicArn: { Ref: 'OrderEventsTopic' },
      Protocol: 'sqs',
      Endpoint: { 'Fn::GetAtt': ['NotificationsQueue', 'Arn'] },
      RawMessageDelivery: true,
      FilterPolicy: { type: ['order_placed', 'order_cancelled'] },
    });
    const [, toHttp] = byType('AWS::SNS::Subscription').find(([, s]) => s.Properties.Protocol === 'http')!;
    assert.equal(toHttp.Metadata.Switchyard.notes.length, 2);
    assert.deepEqual(r.ClickstreamStream!.Properties, { Name: 'clickstream', ShardCount: 2, RetentionPeriodHours: 48, StreamModeDetails: { StreamMode: 'PROVISIONED' } });
    assert.deepEqual(r.AuditTrailSiemConsumer!.Properties, { ConsumerName: 'siem', StreamARN: { 'Fn::GetAtt': ['AuditTrailStream', 'Arn'] } });
    assert.doesNotMatch(stdout, /000000000000/, "no ARN keeps Switchyard's account");
  });

  it('keeps the resource file as the default format and refuses an unknown one', async () => {
    const plain = await exported();
    const named = await exported('--format', 'switchyard');
    assert.equal(plain.stdout, named.stdout);
    assert.deepEqual(JSON.parse(plain.stdout).queues.map((q: { name: string }) => q.name).sort(), ['notifications', 'orders-dlq.fifo', 'orders.fifo']);
    const refused = await exported('--format', 'yaml').then(
      () => assert.fail('an unknown format was taken'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--format must be one of switchyard, terraform, cloudformation, not "yaml"/);
  });
});
