/** A queue's and a stream's Lambda triggers in `export --format terraform|cloudformation`, held to the provider's docs and the CloudFormation spec. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderCloudFormation } from './export-cloudformation.js';
import { renderTerraform } from './export-terraform.js';
import type { ResourceSpec } from './resources-spec.js';
import { checkCloudFormation, checkTerraform, tfResource } from '../../test/helpers/iac-check.js';

const SPEC: ResourceSpec = {
  version: 1,
  queues: [
    {
      name: 'orders',
      attributes: { Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sqs:*', Resource: 'arn:aws:sqs:us-east-1:000000000000:orders' }] } },
      triggers: [
        { function: 'ship' },
        { function: 'arn:aws:lambda:us-east-1:000000000000:function:bill:live', batchSize: 100, maximumBatchingWindowInSeconds: 5, functionResponseTypes: ['ReportBatchItemFailures'], maximumConcurrency: 2, enabled: false },
      ],
    },
  ],
  streams: [
    {
      name: 'events',
      shards: 1,
      triggers: [
        { function: 'tail', startingPosition: 'LATEST' },
        {
          function: 'replay',
          startingPosition: 'AT_TIMESTAMP',
          startingPositionTimestamp: 1700000000,
          batchSize: 500,
          maximumBatchingWindowInSeconds: 2,
          parallelizationFactor: 3,
          bisectBatchOnFunctionError: true,
          maximumRetryAttempts: 4,
          maximumRecordAgeInSeconds: 3600,
          functionResponseTypes: ['ReportBatchItemFailures'],
          enabled: false,
        },
      ],
    },
  ],
};

describe('export of queue triggers', () => {
  it('Terraform: aws_lambda_event_source_mapping with the queue by reference and the settings given', async () => {
    const tf = await checkTerraform(renderTerraform(SPEC));
    assert.deepEqual(Object.keys(tf.resource.aws_lambda_event_source_mapping!), ['events_replay', 'events_tail', 'orders_bill_live', 'orders_ship']);
    assert.deepEqual(tfResource(tf, 'aws_lambda_event_source_mapping', 'orders_ship'), { event_source_arn: '${aws_sqs_queue.orders.arn}', function_name: 'ship' });
    const bill = tfResource(tf, 'aws_lambda_event_source_mapping', 'orders_bill_live');
    assert.equal(bill.event_source_arn, '${aws_sqs_queue.orders.arn}');
    // The exported account's ARN (recognised by the queue policy) is rebuilt for the account it is applied in.
    assert.equal(bill.function_name, 'arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:bill:live');
    assert.equal(bill.batch_size, 100);
    assert.equal(bill.maximum_batching_window_in_seconds, 5);
    assert.deepEqual(bill.function_response_types, ['ReportBatchItemFailures']);
    assert.equal(bill.enabled, false);
    assert.deepEqual(bill.scaling_config, [{ maximum_concurrency: 2 }]);
  });

  it('CloudFormation: AWS::Lambda::EventSourceMapping with Fn::GetAtt of the queue and the settings given', () => {
    const resources = checkCloudFormation(JSON.parse(renderCloudFormation(SPEC)));
    const mappings = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping');
    assert.deepEqual(mappings.map(([id]) => id), ['OrdersShipTrigger', 'OrdersBillLiveTrigger', 'EventsTailTrigger', 'EventsReplayTrigger']);
    assert.deepEqual(mappings[0]![1].Properties, { EventSourceArn: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] }, FunctionName: 'ship' });
    assert.deepEqual(mappings[1]![1].Properties, {
      EventSourceArn: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] },
      FunctionName: { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:bill:live' },
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
      Enabled: false,
    });
    assert.match(mappings[0]![1].Metadata.Switchyard.notes[0], /must exist in AWS/);
  });
});

describe('export of stream triggers', () => {
  it('Terraform: aws_lambda_event_source_mapping of the stream by reference, with the Kinesis settings (the timestamp in RFC 3339)', async () => {
    const tf = await checkTerraform(renderTerraform(SPEC));
    assert.deepEqual(tfResource(tf, 'aws_lambda_event_source_mapping', 'events_tail'), { event_source_arn: '${aws_kinesis_stream.events.arn}', function_name: 'tail', starting_position: 'LATEST' });
    assert.deepEqual(tfResource(tf, 'aws_lambda_event_source_mapping', 'events_replay'), {
      event_source_arn: '${aws_kinesis_stream.events.arn}',
      function_name: 'replay',
      starting_position: 'AT_TIMESTAMP',
      starting_position_timestamp: '2023-11-14T22:13:20.000Z',
      batch_size: 500,
      maximum_batching_window_in_seconds: 2,
      parallelization_factor: 3,
      bisect_batch_on_function_error: true,
      maximum_retry_attempts: 4,
      maximum_record_age_in_seconds: 3600,
      function_response_types: ['ReportBatchItemFailures'],
      enabled: false,
    });
  });

  it('CloudFormation: AWS::Lambda::EventSourceMapping with Fn::GetAtt of the stream and the Kinesis settings', () => {
    const resources = checkCloudFormation(JSON.parse(renderCloudFormation(SPEC)));
    const stream = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Kinesis::Stream')![0];
    assert.deepEqual(resources.EventsTailTrigger!.Properties, { EventSourceArn: { 'Fn::GetAtt': [stream, 'Arn'] }, FunctionName: 'tail', StartingPosition: 'LATEST' });
    assert.deepEqual(resources.EventsReplayTrigger!.Properties, {
      EventSourceArn: { 'Fn::GetAtt': [stream, 'Arn'] },
      FunctionName: 'replay',
      StartingPosition: 'AT_TIMESTAMP',
      StartingPositionTimestamp: 1700000000,
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 2,
      ParallelizationFactor: 3,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 4,
      MaximumRecordAgeInSeconds: 3600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      Enabled: false,
    });
    assert.match(resources.EventsTailTrigger!.Metadata.Switchyard.notes[0], /read from the stream/);
  });
});

describe('export of triggers with FilterCriteria', () => {
  const ORDER = '{"body":{"kind":["order"],"total":[{"numeric":[">",100]}]}}';
  const FILTERED: ResourceSpec = {
    version: 1,
    queues: [
      { name: 'orders', triggers: [{ function: 'ship', filterCriteria: { filters: [{ pattern: ORDER }, { pattern: { body: [{ prefix: 'URGENT:' }] } }] } }, { function: 'audit', filterCriteria: {} }] },
    ],
    streams: [
      // Stream triggers' filterCriteria is the Kinesis side's to declare; the export reads it from any trigger.
      { name: 'events', shards: 1, triggers: [{ function: 'tail', startingPosition: 'LATEST', filterCriteria: { filters: [{ pattern: { data: { level: ['ERROR'] } } }] } } as never] },
    ],
  };

  it('Terraform: a filter_criteria block with a filter block per pattern, each jsonencode() of the pattern', async () => {
    const text = renderTerraform(FILTERED);
    assert.match(text, /filter_criteria \{\n {4}filter \{\n {6}pattern = jsonencode\(\{/);
    // Held to the provider's documented arguments, filter_criteria { filter { pattern } } included.
    const tf = (await checkTerraform(text)) as unknown as { resource: Record<string, Record<string, Record<string, any>[]>> };
    const mapping = (name: string) => tf.resource.aws_lambda_event_source_mapping![name]![0]!;
    assert.equal(mapping('orders_ship').filter_criteria.length, 1);
    assert.equal(mapping('orders_ship').filter_criteria[0].filter.length, 2);
    assert.equal(mapping('orders_audit').filter_criteria, undefined, 'an empty FilterCriteria is no filter');
    assert.equal(mapping('events_tail').filter_criteria[0].filter.length, 1);
    assert.equal(mapping('orders_ship').filter_criteria[0].filter[1].pattern, '${jsonencode({\n        body = [\n          {\n            prefix = "URGENT:"\n          },\n        ]\n      })}');
    assert.equal(mapping('events_tail').filter_criteria[0].filter[0].pattern, '${jsonencode({\n        data = {\n          level = ["ERROR"]\n        }\n      })}');
  });

  it('CloudFormation: FilterCriteria.Filters[].Pattern as JSON strings (an object pattern encoded), held to the spec', () => {
    const resources = checkCloudFormation(JSON.parse(renderCloudFormation(FILTERED)));
    assert.deepEqual(resources.OrdersShipTrigger!.Properties.FilterCriteria, { Filters: [{ Pattern: ORDER }, { Pattern: '{"body":[{"prefix":"URGENT:"}]}' }] });
    assert.equal(resources.OrdersAuditTrigger!.Properties.FilterCriteria, undefined);
    assert.deepEqual(resources.EventsTailTrigger!.Properties.FilterCriteria, { Filters: [{ Pattern: '{"data":{"level":["ERROR"]}}' }] });
  });
});

describe('export of stream triggers with on-failure destinations and tumbling windows', () => {
  const WITH_DESTINATIONS: ResourceSpec = {
    ...SPEC,
    streams: [
      {
        name: 'events',
        shards: 1,
        triggers: [
          // A queue the export declares: by reference; a topic of another account: as it is.
          { function: 'window', startingPosition: 'TRIM_HORIZON', tumblingWindowInSeconds: 60, destinationConfig: { onFailure: { destination: 'arn:aws:sqs:us-east-1:000000000000:orders' } } },
          { function: 'alarm', startingPosition: 'LATEST', destinationConfig: { onFailure: { destination: 'arn:aws:sns:us-east-1:111111111111:alerts' } } },
        ],
      },
    ],
  };

  it('Terraform: destination_config { on_failure { destination_arn } } and tumbling_window_in_seconds', async () => {
    const tf = await checkTerraform(renderTerraform(WITH_DESTINATIONS));
    const window = tfResource(tf, 'aws_lambda_event_source_mapping', 'events_window');
    assert.equal(window.tumbling_window_in_seconds, 60);
    assert.deepEqual(window.destination_config, [{ on_failure: [{ destination_arn: '${aws_sqs_queue.orders.arn}' }] }]);
    assert.deepEqual(tfResource(tf, 'aws_lambda_event_source_mapping', 'events_alarm').destination_config, [{ on_failure: [{ destination_arn: 'arn:aws:sns:us-east-1:111111111111:alerts' }] }]);
  });

  it('CloudFormation: DestinationConfig.OnFailure.Destination and TumblingWindowInSeconds, held to the spec', () => {
    const resources = checkCloudFormation(JSON.parse(renderCloudFormation(WITH_DESTINATIONS)));
    assert.equal(resources.EventsWindowTrigger!.Properties.TumblingWindowInSeconds, 60);
    assert.deepEqual(resources.EventsWindowTrigger!.Properties.DestinationConfig, { OnFailure: { Destination: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] } } });
    assert.deepEqual(resources.EventsAlarmTrigger!.Properties.DestinationConfig, { OnFailure: { Destination: 'arn:aws:sns:us-east-1:111111111111:alerts' } });
  });
});
