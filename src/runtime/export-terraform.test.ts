/** `export --format terraform`: parsed by HashiCorp's HCL parser and held to the provider's documented arguments. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '@cdktf/hcl2json';
import { hclString, renderTerraform } from './export-terraform.js';
import { checkTerraform, tfResource } from '../../test/helpers/iac-check.js';
import { FIXTURE } from '../../test/helpers/iac-fixture.js';

describe('renderTerraform', () => {
  it('writes every resource of an export with documented arguments and declared references', async () => {
    const text = renderTerraform(FIXTURE);
    const tf = await checkTerraform(text);
    assert.deepEqual(Object.keys(tf.resource.aws_sqs_queue!), ['orders_dlq_fifo', 'orders_fifo', 'orders_fifo_2', 'r_42_jobs']);
    assert.deepEqual(Object.keys(tf.resource.aws_sns_topic!), ['events', 'orders_fifo']);
    assert.equal(Object.keys(tf.resource.aws_sns_topic_subscription!).length, 7);
    // (The parser sorts names.)
    assert.deepEqual(Object.keys(tf.resource.aws_kinesis_stream!), ['audit', 'clicks', 'warming_up']);
    assert.deepEqual(Object.keys(tf.resource.aws_kinesis_stream_consumer!), ['audit_siem', 'clicks_analytics', 'clicks_archiver']);

    const orders = tfResource(tf, 'aws_sqs_queue', 'orders_fifo');
    assert.equal(orders.name, 'orders.fifo');
    assert.equal(orders.fifo_queue, true);
    assert.equal(orders.visibility_timeout_seconds, 45);
    assert.equal(orders.deduplication_scope, 'messageGroup');
    assert.equal(orders.redrive_policy, '${jsonencode({\n    deadLetterTargetArn = aws_sqs_queue.orders_dlq_fifo.arn\n    maxReceiveCount     = 5\n  })}');
    // A value that looks like a template is kept literal ($${ is HCL's escape).
    assert.deepEqual(orders.tags, { team: 'shop', 'cost-center': '$${not a template}' });
    // The redrive allow policy names its source by a rebuilt ARN, not a reference: the two queues would be a cycle.
    assert.match(tfResource(tf, 'aws_sqs_queue', 'orders_dlq_fifo').redrive_allow_policy as string, /"arn:\$\{local\.partition\}:sqs:\$\{local\.region\}:\$\{local\.account_id\}:orders\.fifo"/);

    const policy = tfResource(tf, 'aws_sqs_queue', 'orders_fifo_2').policy as string;
    assert.match(policy, /Resource = "arn:\$\{local\.partition\}:sqs:\$\{local\.region\}:\$\{local\.account_id\}:orders_fifo"/);
    assert.match(policy, /"aws:SourceArn" = "arn:\$\{local\.partition\}:sns:\$\{local\.region\}:\$\{local\.account_id\}:events"/);
    assert.match(policy, /AWS = "arn:\$\{local\.partition\}:iam::\$\{local\.account_id\}:root"/);
    assert.match(policy, /AWS = "123456789012"/, 'another account stays as it is');
    assert.doesNotMatch(text, /000000000000/, "the exported account's id is nowhere: every ARN in it is rebuilt");
    assert.match(text, /# Not expressed \(no argument for it\): SomethingNew = "x"\nresource "aws_sqs_queue" "orders_fifo_2"/);
    // A dead-letter queue of another account stays an ARN.
    assert.match(tfResource(tf, 'aws_sqs_queue', 'r_42_jobs').redrive_policy as string, /deadLetterTargetArn = "arn:aws:sqs:eu-west-1:111111111111:central-dlq"/);

    const events = tfResource(tf, 'aws_sns_topic', 'events');
    assert.equal(events.display_name, 'Events "all"');
    assert.equal(events.signature_version, 2);
    assert.equal(events.http_success_feedback_sample_rate, 50);
    assert.equal(events.sqs_failure_feedback_role_arn, 'arn:${local.partition}:iam::${local.account_id}:role/feedback');
    assert.match(events.delivery_policy as string, /numRetries = 5/);
    const fifoTopic = tfResource(tf, 'aws_sns_topic', 'orders_fifo');
    assert.equal(fifoTopic.fifo_topic, true);
    assert.equal(fifoTopic.fifo_throughput_scope, 'MessageGroup');

    const sqsSub = tfResource(tf, 'aws_sns_topic_subscription', 'events_sqs_orders_fifo');
    assert.equal(sqsSub.topic_arn, '${aws_sns_topic.events.arn}');
    assert.equal(sqsSub.endpoint, '${aws_sqs_queue.orders_fifo_2.arn}');
    assert.equal(sqsSub.raw_message_delivery, true);
    assert.equal(sqsSub.filter_policy_scope, 'MessageBody');
    assert.match(sqsSub.filter_policy as string, /type = \["order_placed"\]/);
    assert.match(sqsSub.redrive_policy as string, /deadLetterTargetArn = aws_sqs_queue\.r_42_jobs\.arn/);
    assert.equal(tfResource(tf, 'aws_sns_topic_subscription', 'events_sqs_elsewhere').endpoint, 'arn:${local.partition}:sqs:${local.region}:${local.account_id}:elsewhere');
    assert.equal(tfResource(tf, 'aws_sns_topic_subscription', 'orders_fifo_sqs_orders_fifo').endpoint, '${aws_sqs_queue.orders_fifo.arn}');
    assert.match(text, /# NOTE: this endpoint is on the machine or network Switchyard ran on; AWS cannot reach it\.\nresource "aws_sns_topic_subscription" "events_http_127_0_0_1_9000_hook"/);
    assert.match(tfResource(tf, 'aws_sns_topic_subscription', 'events_https_hooks_example_com_events').delivery_policy as string, /numRetries = 3/);
    assert.equal(tfResource(tf, 'aws_sns_topic_subscription', 'events_sms_15555550100').protocol, 'sms');

    assert.deepEqual(tfResource(tf, 'aws_kinesis_stream', 'clicks'), { name: 'clicks', shard_count: 3, retention_period: 48, tags: { team: 'web' }, stream_mode_details: [{ stream_mode: 'PROVISIONED' }] });
    assert.deepEqual(tfResource(tf, 'aws_kinesis_stream', 'audit'), { name: 'audit', stream_mode_details: [{ stream_mode: 'ON_DEMAND' }] });
    assert.equal(tfResource(tf, 'aws_kinesis_stream', 'warming_up').shard_count, 1);
    assert.match(text, /# The shard count was unknown \(the stream was still CREATING\): 1 is assumed\.\nresource "aws_kinesis_stream" "warming_up"/);
    assert.deepEqual(tfResource(tf, 'aws_kinesis_stream_consumer', 'audit_siem'), { name: 'siem', stream_arn: '${aws_kinesis_stream.audit.arn}' });
  });

  it('declares the account data sources only when an ARN needs them', async () => {
    const plain = await checkTerraform(renderTerraform({ queues: [{ name: 'a' }], streams: [{ name: 's', shards: 1, consumers: ['c'] }] }));
    assert.equal(plain.data, undefined);
    assert.equal(plain.locals, undefined);
    const empty = await checkTerraform(renderTerraform({}));
    assert.deepEqual(Object.keys(empty.resource ?? {}), []);
  });

  it('recognises the exported account from a policy given as a string too', async () => {
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:222222222222:q' }] });
    const text = renderTerraform({ queues: [{ name: 'q', attributes: { Policy: policy } }] });
    await checkTerraform(text);
    assert.match(text, /Resource\s+= "arn:\$\{local\.partition\}:sqs:\$\{local\.region\}:\$\{local\.account_id\}:q"/);
  });

  it('names resources uniquely as valid identifiers', async () => {
    const tf = await checkTerraform(renderTerraform({ queues: [{ name: 'a-b' }, { name: 'a_b' }, { name: 'A_B' }, { name: '9' }, { name: '_' }] }));
    // Unique regardless of case, so that names differing only in case do not confuse a reader.
    assert.deepEqual(Object.keys(tf.resource.aws_sqs_queue!).sort(), ['A_B_3', 'a_b', 'a_b_2', 'r_', 'r_9']);
    assert.deepEqual(tfResource(tf, 'aws_sqs_queue', 'a_b_2').name, 'a_b');
  });

  it('escapes strings as HCL reads them back', async () => {
    for (const s of ['plain', 'quote " and \\ backslash', 'line\nbreak\ttab', '\b\f\u0001', 'literal \\b', 'ünïcödé ☃', '100%', '$ {x}']) {
      const parsed = (await parse('t.tf', `locals {\n  v = ${hclString(s)}\n}\n`)) as { locals: [{ v: string }] };
      assert.equal(parsed.locals[0].v, s, JSON.stringify(s));
    }
    // Template sequences are escaped: the parser hands them back in their escaped (literal) form.
    const parsed = (await parse('t.tf', `locals {\n  v = ${hclString('${a} %{b}')}\n}\n`)) as { locals: [{ v: string }] };
    assert.equal(parsed.locals[0].v, '$${a} %%{b}');
  });
});
