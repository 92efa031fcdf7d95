/**
 * Kinesis triggers' on-failure destinations (DestinationConfig.OnFailure) end to end, both engines:
 * records the function keeps failing are discarded after maximumRetryAttempts, and AWS's invocation
 * record of them (requestContext, responseContext, version, timestamp, KinesisBatchInfo) reaches
 * the destination queue, or the queue subscribed to the destination topic, read with
 * @aws-sdk/client-sqs; the shard then goes on. A destination that refuses the record (its queue
 * does not exist yet) holds the shard until it takes it: the checkpoint never passes records that
 * were not recorded.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { datas, putUntilActive, until, wait } from '../../helpers/kinesis-triggers.js';
import { kinesisTriggerSuite } from '../../helpers/kinesis-trigger-suite.js';
import { E2E_ENGINES } from '../../helpers/server.js';

const ACCOUNT = '000000000000';
const arn = (service: string, name: string) => `arn:aws:${service}:us-east-1:${ACCOUNT}:${name}`;
const failing = (name: string, destination: string) => ({
  name,
  shards: 1,
  triggers: [{ function: `${name}-fn`, startingPosition: 'TRIM_HORIZON', batchSize: 2, maximumBatchingWindowInSeconds: 1, maximumRetryAttempts: 1, destinationConfig: { onFailure: { destination } } }],
});
const RESOURCES = {
  queues: [{ name: 'stream-failures' }, { name: 'topic-failures' }],
  topics: [{ name: 'stream-alerts', subscriptions: [{ queue: 'topic-failures', rawMessageDelivery: true }] }],
  streams: [
    failing('to-queue', arn('sqs', 'stream-failures')),
    failing('to-topic', arn('sns', 'stream-alerts')),
    failing('to-later', arn('sqs', 'made-later')),
  ],
};
/** The function fails every batch with a record "bad…" in it. */
const failBad = (_n: number, _t: string, event: { Records: { kinesis: { data: string } }[] }) =>
  event.Records.some((r) => Buffer.from(r.kinesis.data, 'base64').toString().startsWith('bad')) ? { status: 200, functionError: 'Unhandled', result: { errorMessage: 'boom' } } : { status: 200 };

for (const engine of E2E_ENGINES) {
  describe(`Kinesis triggers: on-failure destinations [${engine}]`, () => {
    const suite = kinesisTriggerSuite(engine, RESOURCES);
    let sqs: SQSClient;
    before(() => void (sqs = new SQSClient(suite.clientConfig)));
    after(() => sqs.destroy());
    const queueUrl = (name: string) => `${suite.server.url}/${ACCOUNT}/${name}`;
    async function receiveOne(queue: string, timeoutMs = 15_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl(queue), WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }));
        if (out.Messages?.length) {
          assert.equal(out.Messages.length, 1, 'one invocation record');
          return out.Messages[0]!.Body!;
        }
      }
      throw new Error(`nothing arrived in ${queue} within ${timeoutMs} ms`);
    }

    it('after maximumRetryAttempts the invocation record goes to the queue, with the batch, and the shard goes on', async () => {
      suite.lambda.respond('to-queue-fn', failBad);
      const first = await putUntilActive(suite.kinesis, 'to-queue', 'bad-0');
      const second = await putUntilActive(suite.kinesis, 'to-queue', 'bad-1');
      const body = await receiveOne('stream-failures');
      await putUntilActive(suite.kinesis, 'to-queue', 'after');
      await until('the record after them invoked', () => datas(suite.lambda.of('to-queue-fn')).includes('after'));
      await wait(300);
      assert.deepEqual(datas(suite.lambda.of('to-queue-fn')), ['bad-0', 'bad-1', 'bad-0', 'bad-1', 'after'], 'the batch, one retry, then the shard goes on; the discarded records are not sent again');

      const record = JSON.parse(body);
      assert.deepEqual(Object.keys(record), ['requestContext', 'responseContext', 'version', 'timestamp', 'KinesisBatchInfo']);
      assert.match(record.requestContext.requestId, /^[0-9a-f-]{36}$/);
      assert.deepEqual({ ...record.requestContext, requestId: undefined }, { requestId: undefined, functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:to-queue-fn`, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 });
      assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
      assert.equal(record.version, '1.0');
      assert.match(record.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const calls = suite.lambda.of('to-queue-fn');
      const arrival = (i: number) => new Date(calls[0]!.event.Records[i].kinesis.approximateArrivalTimestamp * 1000).toISOString();
      assert.deepEqual(record.KinesisBatchInfo, {
        shardId: first.ShardId,
        startSequenceNumber: first.SequenceNumber,
        endSequenceNumber: second.SequenceNumber,
        approximateArrivalOfFirstRecord: arrival(0),
        approximateArrivalOfLastRecord: arrival(1),
        batchSize: 2,
        streamArn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/to-queue`,
      });
      assert.ok(Date.parse(record.timestamp) >= Date.parse(arrival(1)));
    });

    it('a topic as the destination: the record is published (here to a queue subscribed raw)', async () => {
      suite.lambda.respond('to-topic-fn', failBad);
      const sent = await putUntilActive(suite.kinesis, 'to-topic', 'bad-t');
      const record = JSON.parse(await receiveOne('topic-failures'));
      assert.equal(record.requestContext.condition, 'RetryAttemptsExhausted');
      assert.equal(record.KinesisBatchInfo.startSequenceNumber, sent.SequenceNumber);
      assert.equal(record.KinesisBatchInfo.batchSize, 1);
      assert.equal(record.KinesisBatchInfo.streamArn, `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/to-topic`);
    });

    it('a destination that refuses the record holds the shard until it takes it; nothing is skipped unrecorded', async () => {
      suite.lambda.respond('to-later-fn', failBad);
      const sent = await putUntilActive(suite.kinesis, 'to-later', 'bad-l');
      await until('the retry made', () => suite.lambda.of('to-later-fn').length >= 2);
      await putUntilActive(suite.kinesis, 'to-later', 'next');
      await wait(2_000);
      assert.deepEqual(datas(suite.lambda.of('to-later-fn')), ['bad-l', 'bad-l'], 'the shard waits: the queue does not exist');
      await sqs.send(new CreateQueueCommand({ QueueName: 'made-later' }));
      const record = JSON.parse(await receiveOne('made-later'));
      assert.equal(record.KinesisBatchInfo.startSequenceNumber, sent.SequenceNumber);
      await until('the shard goes on', () => datas(suite.lambda.of('to-later-fn')).includes('next'));
    });
  });
}
