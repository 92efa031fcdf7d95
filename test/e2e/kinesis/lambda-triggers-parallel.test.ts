/**
 * parallelizationFactor end to end, both engines: with a factor of 4 on a one-shard stream, batches
 * of the shard overlap in time (the fake Lambda holds calls and sees several at once, never more
 * than 4), no two batches in flight share a partition key, and each partition key's records reach
 * the function in order, each once. With the default factor 1 the same records go one batch at a time.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { FakeLambda, Invocation } from '../../helpers/lambda-invoke-server.js';
import { until, wait } from '../../helpers/kinesis-triggers.js';
import { kinesisTriggerSuite } from '../../helpers/kinesis-trigger-suite.js';
import { E2E_ENGINES } from '../../helpers/server.js';

const KEYS = Array.from({ length: 8 }, (_, i) => `key-${i}`);
const PER_KEY = 5;
const trigger = (fn: string, more: object) => ({ function: fn, startingPosition: 'TRIM_HORIZON', batchSize: 2, ...more });
const RESOURCES = {
  streams: [
    { name: 'parallel', shards: 1, triggers: [trigger('parallel-fn', { parallelizationFactor: 4 })] },
    { name: 'serial', shards: 1, triggers: [trigger('serial-fn', {})] },
  ],
};
type Record = { kinesis: { partitionKey: string; data: string } };
const recordsOf = (c: Invocation) => c.event.Records as Record[];

interface Observed {
  /** Most calls held (in flight) at once. */
  most: number;
  /** Calls in flight at once that shared a partition key. */
  sharedKeys: number;
}

/** Holds every call; every 300 ms notes what is in flight and answers it, until `total` records were invoked. */
async function holdInTurns(lambda: FakeLambda, fn: string, total: number): Promise<Observed> {
  const seen: Observed = { most: 0, sharedKeys: 0 };
  let answered = 0;
  const count = () => lambda.of(fn).reduce((n, c) => n + recordsOf(c).length, 0);
  const deadline = Date.now() + 30_000;
  while (count() < total || lambda.held() > 0) {
    if (Date.now() > deadline) throw new Error(`only ${count()} of ${total} records invoked`);
    await wait(300);
    const inFlight = lambda.of(fn).slice(answered);
    seen.most = Math.max(seen.most, lambda.held());
    const keys = inFlight.map((c) => new Set(recordsOf(c).map((r) => r.kinesis.partitionKey)));
    for (let i = 0; i < keys.length; i++) for (let j = i + 1; j < keys.length; j++) if ([...keys[i]!].some((k) => keys[j]!.has(k))) seen.sharedKeys++;
    answered = lambda.of(fn).length;
    lambda.answerHeld({ status: 200 });
  }
  return seen;
}

/** Each partition key's records' data, in the order the function got them. */
function byKey(calls: Invocation[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const r of calls.flatMap(recordsOf)) by.set(r.kinesis.partitionKey, [...(by.get(r.kinesis.partitionKey) ?? []), Buffer.from(r.kinesis.data, 'base64').toString()]);
  return by;
}

for (const engine of E2E_ENGINES) {
  describe(`Kinesis triggers: parallelizationFactor [${engine}]`, () => {
    const suite = kinesisTriggerSuite(engine, RESOURCES);

    /** PER_KEY records of every key, interleaved, in one PutRecords (keys in turn: key-0 #0, key-1 #0, …). */
    async function putInterleaved(stream: string): Promise<void> {
      const Records = Array.from({ length: PER_KEY }, (_, n) => KEYS.map((k) => ({ PartitionKey: k, Data: Buffer.from(`${k}#${n}`) }))).flat();
      for (let i = 0; ; i++) {
        try {
          const out = await suite.kinesis.send(new PutRecordsCommand({ StreamName: stream, Records }));
          assert.equal(out.FailedRecordCount, 0);
          return;
        } catch (error) {
          if (i > 100 || (error as { name?: string }).name !== 'ResourceInUseException') throw error;
          await wait(50);
        }
      }
    }
    const inOrder = (k: string) => Array.from({ length: PER_KEY }, (_, n) => `${k}#${n}`);

    it('a factor of 4: up to 4 batches of the shard at once, never two with one key, each key in order and once', async () => {
      suite.lambda.respond('parallel-fn', () => 'hold');
      await putInterleaved('parallel');
      const seen = await holdInTurns(suite.lambda, 'parallel-fn', KEYS.length * PER_KEY);
      assert.ok(seen.most >= 2, `batches of one shard overlapped (at most ${seen.most} at once)`);
      assert.ok(seen.most <= 4, `no more than the factor at once (${seen.most})`);
      assert.equal(seen.sharedKeys, 0, 'a partition key is in one batch in flight at a time');
      const by = byKey(suite.lambda.of('parallel-fn'));
      for (const k of KEYS) assert.deepEqual(by.get(k), inOrder(k), `${k}: in order, each once`);
      assert.ok(suite.lambda.of('parallel-fn').every((c) => recordsOf(c).length <= 2), 'batchSize 2');
    });

    it('the default factor 1: one batch at a time, the shard in sequence order', async () => {
      suite.lambda.respond('serial-fn', () => 'hold');
      await putInterleaved('serial');
      const seen = await holdInTurns(suite.lambda, 'serial-fn', KEYS.length * PER_KEY);
      assert.equal(seen.most, 1);
      const all = suite.lambda.of('serial-fn').flatMap(recordsOf).map((r) => Buffer.from(r.kinesis.data, 'base64').toString());
      assert.deepEqual(all, Array.from({ length: PER_KEY }, (_, n) => KEYS.map((k) => `${k}#${n}`)).flat());
    });
  });
}
