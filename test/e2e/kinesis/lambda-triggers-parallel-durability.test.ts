// parallelizationFactor and kill -9: the shard's one checkpoint is the sequence number up to which
// every lane finished, so batches finished beyond a batch still in flight are not taken as done. The
// real CLI runs a 1-shard stream with a factor of 3; 12 records of 6 partition keys are processed;
// then the fake Lambda holds key-0's calls only while the other keys' records go through, and the
// server is SIGKILLed. Restarted on the same data: key-0's held records are invoked (nothing
// lost), each key in order; the 12 first records, behind the checkpoint, are not invoked again;
// the other keys' records finished beyond it may come again (at least once, as on AWS).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { spawnServer } from '../../helpers/process.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import type { Invocation } from '../../helpers/lambda-invoke-server.js';
import { triggerProcess } from '../../helpers/trigger-process.js';
import { until, wait } from '../../helpers/kinesis-triggers.js';
import { laneOf } from '../../../src/runtime/triggers/kinesis-lanes.js';

const FUNCTION = 'parallel-durable-fn';
const KEYS = Array.from({ length: 6 }, (_, i) => `key-${i}`);
const client = (url: string) => new KinesisClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
type Record = { kinesis: { partitionKey: string; data: string } };
/** The data each successful call had, by partition key. */
const succeeded = (calls: Invocation[]) => {
  const by = new Map<string, string[]>();
  for (const r of calls.filter((c) => c.status === 200).flatMap((c) => c.event.Records as Record[])) {
    by.set(r.kinesis.partitionKey, [...(by.get(r.kinesis.partitionKey) ?? []), Buffer.from(r.kinesis.data, 'base64').toString()]);
  }
  return by;
};
const count = (calls: Invocation[]) => [...succeeded(calls).values()].flat().length;

async function put(kinesis: KinesisClient, key: string, data: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await kinesis.send(new PutRecordCommand({ StreamName: 'lanes', PartitionKey: key, Data: Buffer.from(data) }));
      return;
    } catch (error) {
      if (i > 100 || (error as { name?: string }).name !== 'ResourceInUseException') throw error;
      await wait(50);
    }
  }
}

for (const engine of E2E_ENGINES) {
  describe(`Kinesis trigger durability with parallelizationFactor: kill -9 [${engine}]`, () => {
    const p = triggerProcess(engine, 'sy_ktrigger_par', { streams: [{ name: 'lanes', shards: 1, triggers: [{ function: FUNCTION, startingPosition: 'TRIM_HORIZON', batchSize: 2, parallelizationFactor: 3 }] }] });

    it('the checkpoint waits for the batch in flight; after the restart nothing is lost and each key stays in order', { timeout: 90_000 }, async () => {
      p.server = await spawnServer(p.options);
      let kinesis = client(p.server.url);
      for (let n = 0; n < 2; n++) for (const k of KEYS) await put(kinesis, k, `${k}#a${n}`);
      await until('the first 12 processed', () => count(p.lambda.of(FUNCTION)) === 12);
      await wait(500); // their checkpoint written
      p.lambda.respond(FUNCTION, (_n, _t, event) => ((event.Records as Record[]).some((r) => r.kinesis.partitionKey === 'key-0') ? 'hold' : { status: 200 }));
      for (let n = 0; n < 3; n++) for (const k of KEYS) await put(kinesis, k, `${k}#b${n}`);
      // The keys of other lanes than key-0's go on; those of its lane wait behind its held batch.
      const others = KEYS.filter((k) => laneOf(k, 3) !== laneOf('key-0', 3));
      assert.ok(others.length >= 2);
      await until('key-0 held, the keys of other lanes processed', () => p.lambda.held() === 1 && others.every((k) => (succeeded(p.lambda.of(FUNCTION)).get(k) ?? []).length === 5));
      await wait(500);
      assert.equal((await p.server.kill('SIGKILL')).signal, 'SIGKILL');
      kinesis.destroy();
      p.lambda.respond(FUNCTION, undefined);
      p.lambda.release();
      const before = p.lambda.of(FUNCTION).length;

      p.server = await spawnServer(p.options);
      kinesis = client(p.server.url);
      const after = () => p.lambda.of(FUNCTION).slice(before);
      await until('key-0 processed after the restart', () => (succeeded(after()).get('key-0') ?? []).length === 3, engine === 'postgres' ? 60_000 : 15_000);
      await wait(1_000);
      const again = succeeded(after());
      assert.deepEqual(again.get('key-0'), ['key-0#b0', 'key-0#b1', 'key-0#b2'], 'the held records, in order, once');
      for (const [k, got] of again) {
        assert.ok(got.every((d) => d.includes('#b')), `${k}: nothing behind the checkpoint (the first 12) comes again`);
        assert.deepEqual(got, [...got].sort(), `${k}: in order`);
      }
      const all = succeeded(p.lambda.of(FUNCTION));
      for (const k of KEYS) assert.deepEqual([...new Set(all.get(k))], [`${k}#a0`, `${k}#a1`, `${k}#b0`, `${k}#b1`, `${k}#b2`], `${k}: every record processed, in order`);
      kinesis.destroy();
    });
  });
}
