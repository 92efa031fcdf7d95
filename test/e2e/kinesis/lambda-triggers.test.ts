/**
 * Kinesis → Lambda triggers (event source mappings declared on streams in the resource file) end
 * to end, both engines: records put through @aws-sdk/client-kinesis reach a fake Lambda Invoke API
 * (test/helpers/lambda-invoke-server.ts) as AWS's Kinesis event, per shard in order, and what the
 * function answers decides where the shard's checkpoint goes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutRecordCommand, SplitShardCommand } from '@aws-sdk/client-kinesis';
import type { Invocation } from '../../helpers/lambda-invoke-server.js';
import { datas, putUntilActive, until, wait } from '../../helpers/kinesis-triggers.js';
import { kinesisTriggerSuite } from '../../helpers/kinesis-trigger-suite.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { waitUntilActive } from '../../helpers/kinesis.js';

const ACCOUNT = '000000000000';
const LOW = '1';
const HIGH = '340282366920938463463374607431768211455';

const RESOURCES = {
  streams: [
    { name: 'ordered', shards: 2, triggers: [{ function: 'ordered-fn', startingPosition: 'TRIM_HORIZON', batchSize: 4 }] },
    { name: 'failing', shards: 1, triggers: [{ function: 'failing-fn', startingPosition: 'TRIM_HORIZON', maximumRetryAttempts: 2, batchSize: 1 }] },
    { name: 'partial', shards: 1, triggers: [{ function: 'partial-fn', startingPosition: 'TRIM_HORIZON', functionResponseTypes: ['ReportBatchItemFailures'], maximumBatchingWindowInSeconds: 1 }] },
    { name: 'halved', shards: 1, triggers: [{ function: 'halved-fn', startingPosition: 'TRIM_HORIZON', bisectBatchOnFunctionError: true, maximumRetryAttempts: 0, batchSize: 4, maximumBatchingWindowInSeconds: 1 }] },
    { name: 'split', shards: 1, triggers: [{ function: 'split-fn', startingPosition: 'TRIM_HORIZON' }] },
    { name: 'large', shards: 1, triggers: [{ function: 'large-fn', startingPosition: 'TRIM_HORIZON', maximumBatchingWindowInSeconds: 2 }] },
    { name: 'paused', shards: 1, triggers: [{ function: 'paused-fn', startingPosition: 'TRIM_HORIZON', enabled: false }] },
  ],
};


for (const engine of E2E_ENGINES) {
  describe(`Kinesis → Lambda triggers [${engine}]`, () => {
    const suite = kinesisTriggerSuite(engine, RESOURCES);
    const put = (stream: string, data: string, key = LOW) => putUntilActive(suite.kinesis, stream, data, key);

    it('records arrive as the documented Kinesis event, per shard in order, two shards in parallel, each once', async () => {
      suite.lambda.respond('ordered-fn', (attempt) => (attempt === 1 ? 'hold' : { status: 200 }));
      const sent = await put('ordered', 'low-0');
      // The first call is held: the other shard goes on meanwhile.
      await suite.lambda.waitFor('ordered-fn', 1);
      for (let i = 0; i < 6; i++) await put('ordered', `high-${i}`, HIGH);
      await until('the other shard invoked while the first is held', () => datas(suite.lambda.of('ordered-fn')).some((d) => d === 'high-5'));
      for (let i = 1; i < 6; i++) await put('ordered', `low-${i}`);
      suite.lambda.answerHeld({ status: 200 });
      await until('every record invoked', () => datas(suite.lambda.of('ordered-fn')).filter((d) => d.startsWith('low')).length >= 6);
      await wait(500);
      const calls = suite.lambda.of('ordered-fn');
      const got = datas(calls);
      assert.deepEqual(got.filter((d) => d.startsWith('low')), ['low-0', 'low-1', 'low-2', 'low-3', 'low-4', 'low-5'], 'in order, each once');
      assert.deepEqual(got.filter((d) => d.startsWith('high')), ['high-0', 'high-1', 'high-2', 'high-3', 'high-4', 'high-5']);
      assert.ok(calls.every((c) => c.event.Records.length <= 4), 'batchSize 4');
      const first = calls[0]!;
      assert.equal(first.invocationType, 'RequestResponse');
      assert.ok(first.signatureValid);
      const r = first.event.Records[0];
      assert.deepEqual(Object.keys(r), ['kinesis', 'eventSource', 'eventVersion', 'eventID', 'eventName', 'invokeIdentityArn', 'awsRegion', 'eventSourceARN']);
      assert.deepEqual(Object.keys(r.kinesis), ['kinesisSchemaVersion', 'partitionKey', 'sequenceNumber', 'data', 'approximateArrivalTimestamp']);
      assert.equal(r.kinesis.kinesisSchemaVersion, '1.0');
      assert.equal(r.kinesis.partitionKey, 'k');
      assert.equal(r.kinesis.sequenceNumber, sent.SequenceNumber);
      assert.equal(Buffer.from(r.kinesis.data, 'base64').toString(), 'low-0');
      assert.equal(typeof r.kinesis.approximateArrivalTimestamp, 'number');
      assert.ok(Math.abs(r.kinesis.approximateArrivalTimestamp * 1000 - Date.now()) < 60_000, 'Unix seconds');
      assert.equal(r.eventSource, 'aws:kinesis');
      assert.equal(r.eventVersion, '1.0');
      assert.equal(r.eventID, `${sent.ShardId}:${sent.SequenceNumber}`);
      assert.equal(r.eventName, 'aws:kinesis:record');
      assert.equal(r.invokeIdentityArn, `arn:aws:iam::${ACCOUNT}:role/ordered-fn`);
      assert.equal(r.awsRegion, 'us-east-1');
      assert.equal(r.eventSourceARN, `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/ordered`);
    });

    it('a function error retries the same batch (the shard waits), then skips it after maximumRetryAttempts', async () => {
      suite.lambda.respond('failing-fn', (_n, _t, event) => {
        const d = Buffer.from(event.Records[0].kinesis.data, 'base64').toString();
        return d === 'poison' ? { status: 200, functionError: 'Unhandled', result: { errorMessage: 'boom' } } : { status: 200 };
      });
      await put('failing', 'poison');
      await put('failing', 'after');
      await until('the record after it invoked', () => datas(suite.lambda.of('failing-fn')).includes('after'));
      const calls = suite.lambda.of('failing-fn');
      const poisoned = calls.filter((c) => datas([c])[0] === 'poison');
      assert.equal(poisoned.length, 3, 'the first call and maximumRetryAttempts (2) retries');
      assert.ok(poisoned.every((c) => c.event.Records[0].kinesis.sequenceNumber === poisoned[0]!.event.Records[0].kinesis.sequenceNumber));
      assert.deepEqual(datas(calls.slice(3)), ['after'], 'then the shard goes on, and the skipped record is not sent again');
    });

    it('ReportBatchItemFailures: the checkpoint stops before the lowest failed record, and the retry starts there', async () => {
      let failedOnce = false;
      suite.lambda.respond('partial-fn', (_n, _t, event) => {
        const records = event.Records as { kinesis: { data: string; sequenceNumber: string } }[];
        const bad = records.find((r) => Buffer.from(r.kinesis.data, 'base64').toString() === 'p2');
        if (bad && !failedOnce) {
          failedOnce = true;
          return { status: 200, result: { batchItemFailures: [{ itemIdentifier: bad.kinesis.sequenceNumber }] } };
        }
        return { status: 200, result: { batchItemFailures: [] } };
      });
      for (const d of ['p0', 'p1', 'p2', 'p3']) await put('partial', d);
      await until('p2 invoked again', () => datas(suite.lambda.of('partial-fn')).filter((d) => d === 'p2').length === 2);
      await wait(500);
      const calls = suite.lambda.of('partial-fn').map((c) => datas([c]));
      const failing = calls.findIndex((ds) => ds.includes('p2'));
      const retry = calls.slice(failing + 1).find((ds) => ds.includes('p2'));
      assert.deepEqual(calls[failing], ['p0', 'p1', 'p2', 'p3'], 'one batch (the 1 s window gathers the four)');
      assert.deepEqual(retry, ['p2', 'p3'], 'the retry starts at the failed record, with those after it');
      assert.deepEqual(calls.flat(), ['p0', 'p1', 'p2', 'p3', 'p2', 'p3'], 'what was before it is not sent again, nor anything after the retry succeeded');
    });

    it('bisectBatchOnFunctionError: a failing batch is split in two, in order, until the failing record is alone', async () => {
      suite.lambda.respond('halved-fn', (_n, _t, event) => {
        const ds = datas([{ event } as Invocation]);
        return ds.includes('h2') ? { status: 200, functionError: 'Unhandled' } : { status: 200 };
      });
      for (const d of ['h0', 'h1', 'h2', 'h3']) await put('halved', d);
      await until('h3 done', () => suite.lambda.of('halved-fn').some((c) => datas([c]).at(-1) === 'h3' && !datas([c]).includes('h2')));
      await wait(300);
      const batches = suite.lambda.of('halved-fn').map((c) => datas([c]).join(','));
      // Halves in order; h2 alone fails once more and, with maximumRetryAttempts 0, is skipped.
      assert.deepEqual(batches, ['h0,h1,h2,h3', 'h0,h1', 'h2,h3', 'h2', 'h3']);
    });

    it('after a reshard, the children wait until their parent is read to its end and processed', async () => {
      suite.lambda.respond('split-fn', (attempt) => (attempt === 1 ? 'hold' : { status: 200 }));
      await put('split', 'parent-0');
      await suite.lambda.waitFor('split-fn', 1);
      await suite.kinesis.send(new SplitShardCommand({ StreamName: 'split', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '170141183460469231731687303715884105728' }));
      await waitUntilActive(suite.kinesis, 'split');
      await put('split', 'child-low', LOW);
      await put('split', 'child-high', HIGH);
      await wait(2_000);
      assert.equal(suite.lambda.of('split-fn').length, 1, 'no child is read while its parent waits on the function');
      suite.lambda.answerHeld({ status: 200 });
      await until('both children invoked', () => datas(suite.lambda.of('split-fn')).includes('child-low') && datas(suite.lambda.of('split-fn')).includes('child-high'));
      const calls = suite.lambda.of('split-fn');
      assert.deepEqual(datas(calls.slice(0, 1)), ['parent-0']);
      assert.deepEqual(datas(calls.slice(1)).sort(), ['child-high', 'child-low']);
      assert.deepEqual(calls.slice(1).map((c) => c.event.Records[0].eventID.split(':')[0]).sort(), ['shardId-000000000001', 'shardId-000000000002']);
    });

    it("a batch is cut where its event would pass Lambda's 6 MB payload quota", async () => {
      for (let i = 0; i < 5; i++) await suite.kinesis.send(new PutRecordCommand({ StreamName: 'large', PartitionKey: 'k', Data: Buffer.alloc(1_000_000, 48 + i) }));
      await until('five records invoked', () => suite.lambda.of('large-fn').reduce((n, c) => n + c.event.Records.length, 0) >= 5);
      const calls = suite.lambda.of('large-fn');
      assert.deepEqual(calls.map((c) => c.event.Records.length), [4, 1], 'four 1 MB records (5.3 MB in base64) a call');
      assert.ok(calls.every((c) => c.body.length <= 6 * 1024 * 1024));
      assert.deepEqual(calls.flatMap((c) => c.event.Records.map((r: { kinesis: { data: string } }) => Buffer.from(r.kinesis.data, 'base64')[0])), [48, 49, 50, 51, 52], 'in order');
    });

    it('a disabled trigger reads nothing', async () => {
      await put('paused', 'x');
      await wait(1_500);
      assert.equal(suite.lambda.of('paused-fn').length, 0);
    });

    it('the export gives the triggers back as the file declared them', async () => {
      const exported = (await (await fetch(`${suite.server.url}/_switchyard/resources`)).json()) as { streams: { name: string; triggers?: unknown }[] };
      const byName = new Map(exported.streams.map((s) => [s.name, s.triggers]));
      for (const s of RESOURCES.streams) assert.deepEqual(byName.get(s.name), s.triggers, s.name);
    });
  });
}
