/**
 * SQS → Lambda triggers back off a failing function, end to end: Lambda "gradually backs off,
 * reducing the amount of concurrency allocated to your Amazon SQS event source mapping" while the
 * function fails, and scales up again once it succeeds (poller.ts SlotLimit: each failed batch
 * halves the batches allowed at once, down to one; each success gives one back). The fake Lambda
 * holds every call, so the calls it holds are the batches in flight; the test answers them round
 * by round. Visibility timeouts never end here (a ManualClock that is not advanced).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/runtime/clock.js';
import type { Answer } from '../../helpers/lambda-invoke-server.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { startSqsTriggerFixture, wait, type SqsTriggerFixture } from '../../helpers/sqs-triggers.js';

const MAX = 8;
const RESOURCES = { queues: [{ name: 'jobs', attributes: { VisibilityTimeout: 300 }, triggers: [{ function: 'jobs-fn', batchSize: 1, maximumConcurrency: MAX }] }] };
const FAIL: Answer = { status: 200, functionError: 'Unhandled', result: { errorType: 'Error', errorMessage: 'boom' } };
const OK: Answer = { status: 200 };

for (const engine of E2E_ENGINES) {
  describe(`SQS → Lambda triggers: back-off of a failing function [${engine}]`, () => {
    const clock = new ManualClock(Date.now());
    let f: SqsTriggerFixture;

    /** Answers the calls in flight, then how many are in flight once the slots have settled (bounded waits). */
    async function round(answer: Answer): Promise<number> {
      f.lambda.answerHeld(answer);
      const deadline = Date.now() + 10_000;
      while (f.lambda.held() === 0) {
        if (Date.now() > deadline) throw new Error('no call within 10 s after answering');
        await wait(10);
      }
      // Settled: the count stays the same for 300 ms.
      for (let last = -1; last !== f.lambda.held(); ) {
        last = f.lambda.held();
        await wait(300);
      }
      return f.lambda.held();
    }

    before(async () => {
      f = await startSqsTriggerFixture(engine, RESOURCES, clock, (lambda) => lambda.respond('jobs-fn', () => 'hold'));
      const QueueUrl = await f.url('jobs');
      for (let n = 0; n < 6; n++) {
        await f.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `job ${n * 10 + i}` })) }));
      }
    });
    after(() => f.close());

    it('a function that keeps failing gets fewer batches at once, down to one', async () => {
      await f.lambda.waitFor('jobs-fn', MAX);
      await wait(300);
      assert.equal(f.lambda.held(), MAX, 'maximumConcurrency batches in flight while nothing has failed');
      const inFlight: number[] = [];
      for (let i = 0; i < 4; i++) inFlight.push(await round(FAIL));
      assert.ok(inFlight[0]! < MAX, `fewer after the first failures: ${inFlight}`);
      assert.ok(inFlight.every((n, i) => i === 0 || n <= inFlight[i - 1]!), `never more while failing: ${inFlight}`);
      assert.deepEqual(inFlight.slice(2), [1, 1], `one batch at a time while it keeps failing: ${inFlight}`);
      assert.ok(f.lambda.of('jobs-fn').every((c) => c.status === 0 || c.status === 200));
    });

    it('once it succeeds again, its concurrency comes back to maximumConcurrency', async () => {
      const inFlight: number[] = [];
      for (let i = 0; i < 6 && inFlight[inFlight.length - 1] !== MAX; i++) inFlight.push(await round(OK));
      assert.equal(inFlight[inFlight.length - 1], MAX, `back to ${MAX}: ${inFlight}`);
      assert.ok(inFlight.every((n, i) => i === 0 || n > inFlight[i - 1]!), `growing with every successful round: ${inFlight}`);
      assert.ok(inFlight[0]! > 1, 'a success gives a slot back at once');
      f.lambda.respond('jobs-fn', undefined);
      f.lambda.answerHeld(OK);
    });
  });
}
