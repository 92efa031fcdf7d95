import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { sqsE2E } from '../../helpers/matrix.js';
import { errorMessage } from '../../helpers/sqs-clients.js';
import { sendTraceHeader, TRACE } from '../../helpers/xray.js';

/**
 * AWS X-Ray through SQS (X-Ray developer guide, "Amazon SQS and AWS X-Ray"): the `X-Amzn-Trace-Id`
 * HTTP header of a SendMessage or SendMessageBatch request is the trace header of every message it
 * sends (ReceiveMessage shows it as the AWSTraceHeader attribute); an AWSTraceHeader message system
 * attribute overrides the header; the trace header counts toward no message size quota.
 */
sqsE2E('SQS X-Ray trace header', (t) => {
  async function queue(attributes?: Record<string, string>) {
    const { sqs, sdk } = t();
    return (await sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name(), Attributes: attributes }))).QueueUrl!;
  }

  /** A client of the same kind that sends `X-Amzn-Trace-Id: trace` on every request, as the X-Ray SDK does. */
  const tracedClient = (trace: string): SQSClient => sendTraceHeader(t().kind.client(t().server.url), trace);

  async function receiveTraceHeaders(url: string, max = 10): Promise<(string | undefined)[]> {
    const { sqs, sdk } = t();
    const got = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: max, AttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
    return (got.Messages ?? []).map((m) => m.Attributes?.AWSTraceHeader);
  }

  it('keeps the X-Amzn-Trace-Id header of a SendMessage as the AWSTraceHeader of the message', async () => {
    const { sdk } = t();
    const url = await queue();
    const traced = tracedClient(TRACE);
    try {
      const sent = await traced.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'traced' }));
      // No system attribute was sent, so there is nothing to digest for the client.
      assert.equal(sent.MD5OfMessageSystemAttributes, undefined);
    } finally {
      traced.destroy();
    }
    assert.deepEqual(await receiveTraceHeaders(url), [TRACE]);
  });

  it('gives every message of a SendMessageBatch the header, and lets a message system attribute override it', async () => {
    const { sdk } = t();
    const url = await queue();
    const own = 'Root=1-00000000-000000000000000000000001';
    const traced = tracedClient(TRACE);
    try {
      const out = await traced.send(
        new sdk.SendMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'a', MessageBody: 'a' },
            { Id: 'b', MessageBody: 'b', MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: own } } },
            { Id: 'c', MessageBody: 'c' },
          ],
        }),
      );
      assert.equal(out.Successful?.length, 3);
    } finally {
      traced.destroy();
    }
    assert.deepEqual((await receiveTraceHeaders(url)).sort(), [TRACE, TRACE, own].sort());
  });

  it('sets no AWSTraceHeader without the header, and takes the header from the SDK inside Lambda', async () => {
    const { sqs, sdk } = t();
    const url = await queue();
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'untraced' }));
    assert.deepEqual(await receiveTraceHeaders(url), [undefined]);

    // The SDK's recursion-detection middleware sends the Lambda runtime's trace id as the header.
    const saved = { fn: process.env.AWS_LAMBDA_FUNCTION_NAME, trace: process.env._X_AMZN_TRACE_ID };
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'orders-handler';
    process.env._X_AMZN_TRACE_ID = TRACE;
    try {
      await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'from lambda' }));
    } finally {
      if (saved.fn === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      else process.env.AWS_LAMBDA_FUNCTION_NAME = saved.fn;
      if (saved.trace === undefined) delete process.env._X_AMZN_TRACE_ID;
      else process.env._X_AMZN_TRACE_ID = saved.trace;
    }
    assert.deepEqual(await receiveTraceHeaders(url), [TRACE]);
  });

  it('counts the trace header toward no size limit', async () => {
    const { sqs, sdk } = t();
    const url = await queue({ MaximumMessageSize: '1024' });
    const trace = { AWSTraceHeader: { DataType: 'String', StringValue: TRACE } };
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1024), MessageSystemAttributes: trace }));
    await assert.rejects(
      sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1025), MessageSystemAttributes: trace })),
      (e: any) => /shorter than 1024 bytes/.test(errorMessage(e)),
    );
    assert.deepEqual(await receiveTraceHeaders(url), [TRACE]);
  });
});
