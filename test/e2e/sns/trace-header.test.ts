import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, PublishBatchCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { snsClient, snsE2E } from '../../helpers/sns.js';
import { sendTraceHeader, TRACE } from '../../helpers/xray.js';

/**
 * AWS X-Ray through SNS (X-Ray developer guide, "Amazon SNS and AWS X-Ray"): SNS passes the trace
 * context of an instrumented publisher (its X-Amzn-Trace-Id header) on to the subscribers, so an
 * SQS queue's message carries it as AWSTraceHeader: on a standard topic's immediate delivery and on
 * a FIFO topic's, which goes through the durable outbox.
 */
snsE2E('SNS passes the X-Ray trace header to SQS subscriptions', (t) => {
  async function traceHeaders(url: string, expected: number): Promise<(string | undefined)[]> {
    const out: (string | undefined)[] = [];
    for (let i = 0; i < 20 && out.length < expected; i++) {
      const got = await t().sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['AWSTraceHeader'] }));
      for (const m of got.Messages ?? []) out.push(m.Attributes?.AWSTraceHeader);
    }
    return out;
  }

  it('standard topic: a traced Publish and PublishBatch reach enveloped and raw subscriptions with the header; an untraced one without', async () => {
    const { sns } = t();
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: t().name('traced') }));
    const enveloped = await t().queue();
    const raw = await t().queue();
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: enveloped.arn }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: raw.arn, Attributes: { RawMessageDelivery: 'true' } }));
    const traced = sendTraceHeader(snsClient(t().server.url), TRACE);
    try {
      await traced.send(new PublishCommand({ TopicArn, Message: 'one' }));
      await traced.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: 'a', Message: 'two' }, { Id: 'b', Message: 'three' }] }));
    } finally {
      traced.destroy();
    }
    await sns.send(new PublishCommand({ TopicArn, Message: 'untraced' }));
    for (const q of [enveloped, raw]) {
      assert.deepEqual((await traceHeaders(q.url, 4)).sort(), [TRACE, TRACE, TRACE, undefined].sort());
    }
  });

  it('FIFO topic: the header survives the outbox to a FIFO queue', async () => {
    const { sns } = t();
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `${t().name('traced')}.fifo`, Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } }));
    const q = await t().queue(`${t().name('q')}.fifo`, { FifoQueue: 'true' });
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn }));
    const traced = sendTraceHeader(snsClient(t().server.url), TRACE);
    try {
      await traced.send(new PublishCommand({ TopicArn, Message: 'in order', MessageGroupId: 'g' }));
    } finally {
      traced.destroy();
    }
    assert.deepEqual(await traceHeaders(q.url, 1), [TRACE]);
  });
});
