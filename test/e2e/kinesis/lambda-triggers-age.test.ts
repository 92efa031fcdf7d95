/**
 * Kinesis triggers: maximumRecordAgeInSeconds, both engines, on a ManualClock moved 250 ms every
 * 10 ms. A record the function keeps failing (maximumRetryAttempts -1: no retry limit) is retried
 * until it is older than the limit, then skipped; the shard goes on with the next record.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ManualClock } from '../../../src/runtime/clock.js';
import { startFakeLambda, type FakeLambda } from '../../helpers/lambda-invoke-server.js';
import { datas, putUntilActive, until } from '../../helpers/kinesis-triggers.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';

const RESOURCES = { streams: [{ name: 'aged', shards: 1, triggers: [{ function: 'aged-fn', startingPosition: 'TRIM_HORIZON', batchSize: 1, maximumRecordAgeInSeconds: 60 }] }] };

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
    });
  });
}
