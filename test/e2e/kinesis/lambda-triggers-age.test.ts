/**
 * Kinesis triggers: maximumRecordAgeInSeconds, both engines, on a ManualClock moved 250 ms every
 * 10 ms. A record the function keeps failing (maximumRetryAttempts -1: no retry limit) is retried
 * until it is older than the limit, then skipped, its invocation record (condition RecordAgeExceeded)
 * sent to the on-failure destination queue; the shard goes on with the next record.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/runtime/clock.js';
import { datas, putUntilActive, until } from '../../helpers/kinesis-triggers.js';
import { kinesisTriggerSuite } from '../../helpers/kinesis-trigger-suite.js';
import { E2E_ENGINES } from '../../helpers/server.js';

const RESOURCES = {
  queues: [{ name: 'aged-failures' }],
  streams: [{ name: 'aged', shards: 1, triggers: [{ function: 'aged-fn', startingPosition: 'TRIM_HORIZON', batchSize: 1, maximumRecordAgeInSeconds: 60, destinationConfig: { onFailure: { destination: 'arn:aws:sqs:us-east-1:000000000000:aged-failures' } } }] }],
};

for (const engine of E2E_ENGINES) {
  describe(`Kinesis triggers: maximumRecordAgeInSeconds [${engine}]`, () => {
    const clock = new ManualClock(Date.now());
    const suite = kinesisTriggerSuite(engine, RESOURCES, { clock });
    let ticking: NodeJS.Timeout | undefined;
    after(() => clearInterval(ticking));

    it('a failing record is retried until older than the limit, then skipped', async () => {
      let poisonedAt = 0;
      suite.lambda.respond('aged-fn', (_n, _t, event) => {
        const d = Buffer.from(event.Records[0].kinesis.data, 'base64').toString();
        return d === 'poison' ? { status: 200, functionError: 'Unhandled' } : { status: 200 };
      });
      await putUntilActive(suite.kinesis, 'aged', 'poison');
      poisonedAt = clock.now();
      ticking = setInterval(() => clock.advance(250), 10);
      await until('the poison retried for 30 s', () => suite.lambda.of('aged-fn').length >= 3 && clock.now() - poisonedAt >= 30_000);
      // Put while the poison is being retried (30 s into it, so that it is younger than 60 s when the
      // poison is skipped): it waits behind it, the shard is blocked.
      await putUntilActive(suite.kinesis, 'aged', 'fresh');
      await until('the fresh record invoked', () => datas(suite.lambda.of('aged-fn')).includes('fresh'), 30_000);
      const got = datas(suite.lambda.of('aged-fn'));
      assert.deepEqual(got.slice(got.indexOf('fresh')), ['fresh'], 'the shard goes on once the poison is skipped; it is not sent again');
      const last = suite.lambda.of('aged-fn').filter((c) => datas([c])[0] === 'poison').at(-1)!;
      const arrival = last.event.Records[0].kinesis.approximateArrivalTimestamp * 1000;
      assert.ok(Math.abs(arrival - poisonedAt) < 1_000);
      assert.ok(got.filter((d) => d === 'poison').length >= 3, 'retried while younger than 60 s');
      assert.ok(clock.now() - poisonedAt >= 60_000, 'skipped only once older than the limit');

      const sqs = new SQSClient(suite.clientConfig);
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${suite.server.url}/000000000000/aged-failures`, MaxNumberOfMessages: 10 }));
      sqs.destroy();
      assert.equal(out.Messages?.length, 1, 'one invocation record in the destination');
      const record = JSON.parse(out.Messages![0]!.Body!);
      assert.equal(record.requestContext.condition, 'RecordAgeExceeded');
      assert.equal(record.requestContext.approximateInvokeCount, suite.lambda.of('aged-fn').filter((c) => datas([c])[0] === 'poison').length);
      assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' }, 'the last invocation');
      assert.equal(record.KinesisBatchInfo.startSequenceNumber, last.event.Records[0].kinesis.sequenceNumber);
      assert.equal(record.KinesisBatchInfo.batchSize, 1);
      assert.equal(record.timestamp, new Date(Date.parse(record.timestamp)).toISOString());
      assert.ok(Date.parse(record.timestamp) - poisonedAt >= 60_000, 'stamped on the server clock, once the record was older than the limit');
    });
  });
}
