// Kinesis triggers lose nothing on kill -9, and send again nothing that succeeded: the real CLI runs
// with --resources (a 2-shard stream with a trigger) and --lambda-endpoint; 10 records are processed,
// then the fake Lambda holds every call and the server is SIGKILLed with a batch in flight on each
// shard. Restarted on the same data, it resumes from the stored checkpoints: the 10 processed
// records are not invoked again, every other acknowledged record is, each shard in order. On
// PostgreSQL the killed node's shard leases must run out first (10 s): no node gave them up.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { spawnServer } from '../../helpers/process.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import type { Invocation } from '../../helpers/lambda-invoke-server.js';
import { triggerProcess } from '../../helpers/trigger-process.js';
import { putUntilActive, until } from '../../helpers/kinesis-triggers.js';

const FUNCTION = 'durable-stream-fn';
const HASH = ['1', '340282366920938463463374607431768211455'];
const client = (url: string) => new KinesisClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
/** The records' data each successful call had, by shard. */
const succeeded = (calls: Invocation[]) => {
  const by = new Map<string, string[]>();
  for (const c of calls.filter((x) => x.status === 200)) {
    for (const r of c.event.Records as { eventID: string; kinesis: { data: string } }[]) {
      const shard = r.eventID.split(':')[0]!;
      by.set(shard, [...(by.get(shard) ?? []), Buffer.from(r.kinesis.data, 'base64').toString()]);
    }
  }
  return by;
};

for (const engine of E2E_ENGINES) {
  describe(`Kinesis trigger durability: kill -9 with batches in flight [${engine}]`, () => {
    const p = triggerProcess(engine, 'sy_ktrigger_dur', { streams: [{ name: 'durable', shards: 2, triggers: [{ function: FUNCTION, startingPosition: 'TRIM_HORIZON', batchSize: 5 }] }] });

    it('resumes from the checkpoints: nothing processed comes again, nothing acknowledged is lost', { timeout: 90_000 }, async () => {
      p.server = await spawnServer(p.options);
      let kinesis = client(p.server.url);
      for (let i = 0; i < 10; i++) await putUntilActive(kinesis, 'durable', `a${i}`, HASH[i % 2]);
      await until('the first 10 processed', () => [...succeeded(p.lambda.of(FUNCTION)).values()].flat().length === 10);
      await new Promise((r) => setTimeout(r, 500)); // their checkpoints written
      p.lambda.respond(FUNCTION, () => 'hold'); // the function "runs" until the kill
      for (let i = 0; i < 10; i++) await putUntilActive(kinesis, 'durable', `b${i}`, HASH[i % 2]);
      await until('a batch held on each shard', () => p.lambda.held() === 2);
      assert.equal((await p.server.kill('SIGKILL')).signal, 'SIGKILL');
      kinesis.destroy();
      p.lambda.respond(FUNCTION, undefined);
      p.lambda.release();

      p.server = await spawnServer(p.options);
      kinesis = client(p.server.url);
      const expected = (shard: number) => [...Array.from({ length: 5 }, (_, k) => `a${2 * k + shard}`), ...Array.from({ length: 5 }, (_, k) => `b${2 * k + shard}`)];
      await until('every record processed', () => [...succeeded(p.lambda.of(FUNCTION)).values()].flat().length >= 20, engine === 'postgres' ? 60_000 : 15_000);
      await new Promise((r) => setTimeout(r, 500));
      const by = succeeded(p.lambda.of(FUNCTION));
      assert.deepEqual(by.get('shardId-000000000000'), expected(0), 'shard 0: each once, in order');
      assert.deepEqual(by.get('shardId-000000000001'), expected(1), 'shard 1: each once, in order');
      kinesis.destroy();
    });
  });
}
