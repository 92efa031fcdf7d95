/**
 * Kinesis triggers: maximumRecordAgeInSeconds, both engines, on a ManualClock moved 250 ms every
 * 10 ms. A record the function keeps failing (maximumRetryAttempts -1: no retry limit) is retried
 * until it is older than the limit, then skipped, its invocation record (condition RecordAgeExceeded)
 * sent to the on-failure destination queue; the shard goes on with the next record.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ManualClock } from '../../../src/runtime/clock.js';
import { startFakeLambda, type FakeLambda } from '../../helpers/lambda-invoke-server.js';
import { datas, putUntilActive, until } from '../../helpers/kinesis-triggers.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';

const RESOURCES = {
  queues: [{ name: 'aged-failures' }],
  streams: [{ name: 'aged', shards: 1, triggers: [{ function: 'aged-fn', startingPosition: 'TRIM_HORIZON', batchSize: 1, maximumRecordAgeInSeconds: 60, destinationConfig: { onFailure: { destination: 'arn:aws:sqs:us-east-1:000000000000:aged-failures' } } }] }],
};

for (const engine of E2E_ENGINES) {
  describe(`Kinesis triggers: maximumRecordAgeInSeconds [${engine}]`, () => {
    const clock = new ManualClock(Date.now());
    let dir: string;
    let lambda: FakeLambda;
    let server: TestServer;
    let kinesis: KinesisClient;
    let ticking: NodeJS.Timeout | undefined;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'switchyard-ktriggers-age-'));
      writeFileSync(join(dir, 'resources.json'), JSON.stringify(RESOURCES));
      lambda = await startFakeLambda();
      server = await startTestServer(engine, { clock }, { resources: join(dir, 'resources.json'), lambdaEndpoint: lambda.url, kinesisCreateDelayMs: '0' });
      kinesis = new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
    });

    after(async () => {
      clearInterval(ticking);
      kinesis.destroy();
      await server.close();
      await lambda.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a failing record is retried until older than the limit, then skipped', async () => {
      let poisonedAt = 0;
      lambda.respond('aged-fn', (_n, _t, event) => {
        const d = Buffer.from(event.Records[0].kinesis.data, 'base64').toString();
        return d === 'poison' ? { status: 200, functionError: 'Unhandled' } : { status: 200 };
      });
      await putUntilActive(kinesis, 'aged', 'poison');
      poisonedAt = clock.now();
      ticking = setInterval(() => clock.advance(250), 10);
      await until('the poison retried for 30 s', () => lambda.of('aged-fn').length >= 3 && clock.now() - poisonedAt >= 30_000);
      // Put while the poison is being retried (30 s into it, so that it is younger than 60 s when the
      // poison is skipped): it waits behind it, the shard is blocked.
      await putUntilActive(kinesis, 'aged', 'fresh');
      await until('the fresh record invoked', () => datas(lambda.of('aged-fn')).includes('fresh'), 30_000);
      const got = datas(lambda.of('aged-fn'));
      assert.deepEqual(got.slice(got.indexOf('fresh')), ['fresh'], 'the shard goes on once the poison is skipped; it is not sent again');
      const last = lambda.of('aged-fn').filter((c) => datas([c])[0] === 'poison').at(-1)!;
      const arrival = last.event.Records[0].kinesis.approximateArrivalTimestamp * 1000;
      assert.ok(Math.abs(arrival - poisonedAt) < 1_000);
      assert.ok(got.filter((d) => d === 'poison').length >= 3, 'retried while younger than 60 s');
      assert.ok(clock.now() - poisonedAt >= 60_000, 'skipped only once older than the limit');

      const sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${server.url}/000000000000/aged-failures`, MaxNumberOfMessages: 10 }));
      sqs.destroy();
      assert.equal(out.Messages?.length, 1, 'one invocation record in the destination');
      const record = JSON.parse(out.Messages![0]!.Body!);
      assert.equal(record.requestContext.condition, 'RecordAgeExceeded');
      assert.equal(record.requestContext.approximateInvokeCount, lambda.of('aged-fn').filter((c) => datas([c])[0] === 'poison').length);
      assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' }, 'the last invocation');
      assert.equal(record.KinesisBatchInfo.startSequenceNumber, last.event.Records[0].kinesis.sequenceNumber);
      assert.equal(record.KinesisBatchInfo.batchSize, 1);
      assert.equal(record.timestamp, new Date(Date.parse(record.timestamp)).toISOString());
      assert.ok(Date.parse(record.timestamp) - poisonedAt >= 60_000, 'stamped on the server clock, once the record was older than the limit');
    });
  });
}
