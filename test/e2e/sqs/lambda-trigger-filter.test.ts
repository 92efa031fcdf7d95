/**
 * SQS → Lambda triggers with FilterCriteria, end to end: messages sent through the AWS SDK reach
 * the fake Lambda (test/helpers/lambda-invoke-server.ts) only when a filter matches them; the
 * others are deleted from the queue as Lambda does for SQS (not in flight, not dead-lettered), and
 * a batch of which nothing matches invokes nothing. Time runs on a ManualClock.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/runtime/clock.js';
import { E2E_ENGINES, startTestServer } from '../../helpers/server.js';
import { bodies, startSqsTriggerFixture, until, wait, type SqsTriggerFixture } from '../../helpers/sqs-triggers.js';

const FILTERS = {
  filters: [
    // AWS's form: the pattern as a JSON string. A JSON body's property…
    { pattern: JSON.stringify({ body: { kind: ['order'], total: [{ numeric: ['>', 100] }] } }) },
    // …or a plain-text body (the file may give a pattern as an object).
    { pattern: { body: [{ prefix: 'URGENT:' }] } },
    // …or a message attribute.
    { pattern: { messageAttributes: { priority: { stringValue: ['high'] } } } },
  ],
};

const RESOURCES = {
  queues: [
    { name: 'filtered-dlq' },
    { name: 'filtered', attributes: { VisibilityTimeout: 30 }, deadLetter: { queue: 'filtered-dlq', maxReceiveCount: 1 }, triggers: [{ function: 'filtered-fn', batchSize: 10, filterCriteria: FILTERS }] },
    { name: 'windowed', triggers: [{ function: 'windowed-fn', batchSize: 8, maximumBatchingWindowInSeconds: 5, maximumConcurrency: 2, filterCriteria: { filters: [{ pattern: { body: { keep: [true] } } }] } }] },
  ],
};

for (const engine of E2E_ENGINES) {
  describe(`SQS → Lambda triggers with FilterCriteria [${engine}]`, () => {
    const clock = new ManualClock(Date.now());
    let f: SqsTriggerFixture;
    const url = (name: string) => f.url(name);
    const counts = (name: string) => f.counts(name);

    before(async () => {
      f = await startSqsTriggerFixture(engine, RESOURCES, clock);
    });
    after(() => f.close());

    it('only messages a filter matches reach the function; the others are deleted, not in flight, not dead-lettered', async () => {
      const S = (StringValue: string) => ({ DataType: 'String', StringValue });
      const Entries = [
        { Id: 'order-big', MessageBody: JSON.stringify({ kind: 'order', total: 250 }) },
        { Id: 'order-small', MessageBody: JSON.stringify({ kind: 'order', total: 20 }) },
        { Id: 'order-text-total', MessageBody: JSON.stringify({ kind: 'order', total: '250' }) },
        { Id: 'refund', MessageBody: JSON.stringify({ kind: 'refund', total: 500 }) },
        { Id: 'urgent', MessageBody: 'URGENT: call back' },
        { Id: 'quoted-urgent', MessageBody: JSON.stringify('URGENT: a JSON string') }, // starts with a quote
        { Id: 'chatter', MessageBody: 'nothing to see' },
        { Id: 'priority', MessageBody: 'low body', MessageAttributes: { priority: S('high') } },
        { Id: 'low-priority', MessageBody: 'low body', MessageAttributes: { priority: S('low') } },
      ];
      await f.sqs.send(new SendMessageBatchCommand({ QueueUrl: await url('filtered'), Entries }));
      await until('the queue empty', async () => (await counts('filtered')).join() === '0,0');
      await wait(200);
      const delivered = bodies(f.lambda.of('filtered-fn')).sort();
      assert.deepEqual(delivered, [JSON.stringify({ kind: 'order', total: 250 }), 'URGENT: call back', 'low body'].sort());
      assert.equal(f.lambda.of('filtered-fn').flatMap((c) => c.event.Records).find((r: { body: string }) => r.body === 'low body').messageAttributes.priority.stringValue, 'high');
      assert.deepEqual(await counts('filtered-dlq'), [0, 0], 'nothing dead-lettered');
      clock.advance(60_000); // past the visibility timeout: nothing comes back
      await wait(200);
      assert.deepEqual(await counts('filtered'), [0, 0]);
      assert.deepEqual(await counts('filtered-dlq'), [0, 0]);
    });

    it('a batch of which nothing matches invokes nothing', async () => {
      const before = f.lambda.of('filtered-fn').length;
      const Entries = Array.from({ length: 10 }, (_, i) => ({ Id: `n${i}`, MessageBody: i % 2 ? JSON.stringify({ kind: 'refund' }) : `plain ${i}` }));
      await f.sqs.send(new SendMessageBatchCommand({ QueueUrl: await url('filtered'), Entries }));
      await until('the queue empty', async () => (await counts('filtered')).join() === '0,0');
      await wait(200);
      assert.equal(f.lambda.of('filtered-fn').length, before, 'no invocation');
      assert.deepEqual(await counts('filtered-dlq'), [0, 0]);
    });

    it('with a batching window, the batch is filled with matching messages only', async () => {
      const QueueUrl = await url('windowed');
      for (let n = 0; n < 4; n++) {
        await f.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: JSON.stringify({ n: n * 10 + i, keep: i % 2 === 0 }) })) }));
      }
      // 20 match, shared by two slots: at least one fills a batch of 8 matching messages before its window ends.
      await f.lambda.waitFor('windowed-fn', 1);
      await wait(300);
      const early = f.lambda.of('windowed-fn');
      assert.ok(early.every((c) => c.event.Records.length === 8), `before the window ends only full batches: ${early.map((c) => c.event.Records.length)}`);
      for (let i = 0; i < 5 && bodies(f.lambda.of('windowed-fn')).length < 20; i++) {
        clock.advance(5_000);
        await wait(300);
      }
      await until('the 20 kept invoked', () => bodies(f.lambda.of('windowed-fn')).length >= 20);
      const records = f.lambda.of('windowed-fn').flatMap((c) => c.event.Records.map((r: { body: string }) => JSON.parse(r.body)));
      assert.ok(records.every((r) => r.keep === true), 'only matching messages');
      assert.equal(new Set(records.map((r) => r.n)).size, 20);
      assert.ok(f.lambda.of('windowed-fn').every((c) => c.event.Records.length <= 8));
      await until('the queue empty', async () => (await counts('windowed')).join() === '0,0');
    });

    it('the export writes the filter criteria back as declared (a JSON string stays a string, an object an object)', async () => {
      const exported = (await (await fetch(`${f.server.url}/_switchyard/resources`)).json()) as { queues: { name: string; triggers?: unknown }[] };
      const byName = new Map(exported.queues.map((q) => [q.name, q.triggers]));
      for (const q of RESOURCES.queues) assert.deepEqual(byName.get(q.name), q.triggers, q.name);
    });
  });
}

describe('SQS → Lambda triggers with FilterCriteria: refused at start', () => {
  it('a pattern Lambda refuses stops the start, naming the trigger and the pattern', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-trigger-filter-'));
    try {
      const file = join(dir, 'r.json');
      writeFileSync(file, JSON.stringify({ queues: [{ name: 'q', triggers: [{ function: 'f', filterCriteria: { filters: [{ pattern: '{"body": {"kind": "order"}}' }] } }] }] }));
      await assert.rejects(startTestServer('sqlite', {}, { resources: file, lambdaEndpoint: 'http://127.0.0.1:9' }), (e: Error) => {
        assert.equal(e.constructor.name, 'ConfigError');
        assert.match(e.message, /queues\[0\]\.triggers\[0\]\.filterCriteria\.filters\[0\]\.pattern: Invalid filter pattern definition\. "kind" must be an object or an array/);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
