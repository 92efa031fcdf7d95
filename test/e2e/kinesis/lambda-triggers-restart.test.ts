/**
 * Kinesis → Lambda triggers across a restart, both engines: the checkpoint is stored, so a server
 * started again on the same data resumes after the last record the function processed (nothing
 * that succeeded comes again, nothing is skipped); and a trigger added with LATEST starts at its
 * first start, not at the stream's older records, and keeps that start across a restart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { buildConfig } from '../../../src/runtime/config.js';
import { startServer, type RunningServer } from '../../../src/runtime/server.js';
import { startFakeLambda, type FakeLambda, type Invocation } from '../../helpers/lambda-invoke-server.js';
import { datas, putUntilActive, until, wait } from '../../helpers/kinesis-triggers.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../../helpers/postgres.js';
import { E2E_ENGINES } from '../../helpers/server.js';

const ACCOUNT = '000000000000';

const resume = { name: 'resume', shards: 1, triggers: [{ function: 'resume-fn', startingPosition: 'TRIM_HORIZON', batchSize: 2 }] };
const FIRST = { streams: [resume, { name: 'late', shards: 1 }] };
const SECOND = { streams: [resume, { name: 'late', shards: 1, triggers: [{ function: 'late-fn', startingPosition: 'LATEST' }] }] };

for (const engine of E2E_ENGINES) {
  describe(`Kinesis → Lambda triggers across a restart [${engine}]`, () => {
    let dir: string;
    let lambda: FakeLambda;
    const schema = uniqueSchema();
    let server: RunningServer | undefined;
    let kinesis: KinesisClient | undefined;

    const start = async (resources: object) => {
      const file = join(dir, `resources-${Date.now()}.json`);
      writeFileSync(file, JSON.stringify(resources));
      const store = engine === 'postgres' ? { databaseUrl: postgresTestUrl(), databaseSchema: schema } : { dataDir: join(dir, 'data') };
      server = await startServer(buildConfig({ ...store, port: '0', logLevel: 'silent', resources: file, lambdaEndpoint: lambda.url, kinesisCreateDelayMs: '0' }));
      kinesis = new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
    };
    const stop = async () => {
      kinesis?.destroy();
      await server?.close();
      server = undefined;
      lambda.release(); // the calls held when the server stopped (it gave them up)
    };

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'switchyard-ktriggers-restart-'));
      lambda = await startFakeLambda();
    });

    after(async () => {
      await stop();
      await lambda.close();
      if (engine === 'postgres') await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    });

    it('resumes from the stored checkpoint; a LATEST trigger starts at its first start and keeps it', async () => {
      await start(FIRST);
      for (let i = 0; i < 4; i++) await putUntilActive(kinesis!, 'resume', `r${i}`);
      await putUntilActive(kinesis!, 'late', 'old-0');
      await until('r0–r3 processed', () => datas(lambda.of('resume-fn')).length >= 4);
      // r4 is put while its batch is held: the server stops with it unprocessed.
      lambda.respond('resume-fn', () => 'hold');
      await putUntilActive(kinesis!, 'resume', 'r4');
      await until('r4 invoked and held', () => lambda.held() === 1);
      await wait(300); // the checkpoint of r2–r3 is written before r4 is read
      await stop();
      lambda.respond('resume-fn', undefined);

      // The LATEST trigger's first record is under way at the next stop: its start was stored, so
      // the record comes again after the restart (LATEST taken afresh would skip it).
      lambda.respond('late-fn', () => 'hold');
      await start(SECOND);
      // The server is started once the LATEST trigger has seen its shards: a record put now is after its start.
      await putUntilActive(kinesis!, 'late', 'new-0');
      await until('r4 again', () => datas(lambda.of('resume-fn')).filter((d) => d === 'r4').length === 2);
      await until('new-0 invoked and held', () => lambda.held() === 1);
      await stop();
      lambda.respond('late-fn', undefined);

      await start(SECOND);
      await until('new-0 again', () => datas(lambda.of('late-fn')).filter((d) => d === 'new-0').length === 2);
      await putUntilActive(kinesis!, 'late', 'new-1');
      await putUntilActive(kinesis!, 'resume', 'r5');
      await until('new-1 and r5', () => datas(lambda.of('late-fn')).includes('new-1') && datas(lambda.of('resume-fn')).includes('r5'));
      await wait(1_000);
      assert.deepEqual(datas(lambda.of('resume-fn')), ['r0', 'r1', 'r2', 'r3', 'r4', 'r4', 'r5'], 'what succeeded is not sent again; what was under way is');
      assert.deepEqual(datas(lambda.of('late-fn')), ['new-0', 'new-0', 'new-1'], 'LATEST: not the record put before the trigger existed');
    });
  });
}
