/**
 * Kinesis triggers with tumbling windows (tumblingWindowInSeconds), both engines, through
 * @aws-sdk/client-kinesis and the fake Lambda: each call carries AWS's window fields (window
 * {start, end} aligned on the window's length, state, shardId, eventSourceARN,
 * isFinalInvokeForWindow, isWindowTerminatedEarly); the state the function returns comes back in
 * the next call of the window; when the window ends a final call with no records carries the
 * window's last state, made again until it succeeds. An answer without a state is a failed call.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Invocation } from '../../helpers/lambda-invoke-server.js';
import { datas, putUntilActive, until, wait } from '../../helpers/kinesis-triggers.js';
import { kinesisTriggerSuite } from '../../helpers/kinesis-trigger-suite.js';
import { E2E_ENGINES } from '../../helpers/server.js';

const ACCOUNT = '000000000000';
const windowed = (name: string, more: object = {}) => ({ name, shards: 1, triggers: [{ function: `${name}-fn`, startingPosition: 'TRIM_HORIZON', batchSize: 2, tumblingWindowInSeconds: 2, ...more }] });
const RESOURCES = { streams: [windowed('counted'), windowed('stateless', { maximumRetryAttempts: 1 })] };
/** A function counting its window's records in its state ({ n }), and failing its first final call. */
function counting(): (n: number, t: string, event: any) => { status: number; result?: unknown; functionError?: string } {
  let finalsFailed = 0;
  return (_n, _t, event) => {
    if (event.isFinalInvokeForWindow && finalsFailed++ === 0) return { status: 200, functionError: 'Unhandled', result: { errorMessage: 'not now' } };
    return { status: 200, result: { state: { n: (event.state.n ?? 0) + event.Records.length } } };
  };
}
const finals = (calls: Invocation[]) => calls.filter((c) => c.event.isFinalInvokeForWindow);

for (const engine of E2E_ENGINES) {
  describe(`Kinesis triggers: tumbling windows [${engine}]`, () => {
    const suite = kinesisTriggerSuite(engine, RESOURCES);

    it("a window's calls carry its fields and the state from call to call; its final call has the last state", async () => {
      suite.lambda.respond('counted-fn', counting());
      // Just after a 2 s boundary, so that the records likely fall in one window (the test holds for several).
      await until('a fresh window', () => Date.now() % 2000 < 200, 5_000);
      const sent = [];
      for (let i = 0; i < 5; i++) sent.push(await putUntilActive(suite.kinesis, 'counted', `c${i}`));
      // Every window's final call made (the first one twice: it fails once), their states adding up to the 5 records.
      const done = () => {
        const last = new Map(finals(suite.lambda.of('counted-fn')).map((c) => [c.event.window.start, c.event.state.n as number]));
        return [...last.values()].reduce((a, b) => a + b, 0) === 5 && finals(suite.lambda.of('counted-fn')).length === last.size + 1;
      };
      await until('every window closed', done, 15_000);
      await wait(300);
      const calls = suite.lambda.of('counted-fn');
      const aggregations = calls.filter((c) => !c.event.isFinalInvokeForWindow);
      assert.deepEqual(datas(aggregations), ['c0', 'c1', 'c2', 'c3', 'c4'], 'in order, each once');
      assert.ok(aggregations.every((c) => c.event.Records.length <= 2), 'batchSize 2');
      const first = calls[0]!.event;
      assert.deepEqual(Object.keys(first), ['Records', 'window', 'state', 'shardId', 'eventSourceARN', 'isFinalInvokeForWindow', 'isWindowTerminatedEarly']);
      assert.equal(first.shardId, sent[0]!.ShardId);
      assert.equal(first.eventSourceARN, `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/counted`);
      const windows = [...new Set(calls.map((c) => c.event.window.start as string))];
      for (const start of windows) {
        const of = calls.filter((c) => c.event.window.start === start);
        const [w] = of.map((c) => c.event.window);
        assert.match(w.start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.equal(Date.parse(w.end) - Date.parse(w.start), 2_000);
        assert.equal(Date.parse(w.start) % 2_000, 0, 'aligned on the window length');
        assert.ok(of.every((c) => c.event.window.end === w.end && c.event.isWindowTerminatedEarly === false));
        const records = of.flatMap((c) => c.event.Records);
        assert.ok(records.every((r: { kinesis: { approximateArrivalTimestamp: number } }) => r.kinesis.approximateArrivalTimestamp * 1000 >= Date.parse(w.start) && r.kinesis.approximateArrivalTimestamp * 1000 < Date.parse(w.end)), "each record in its arrival's window");
        const aggregated = of.filter((c) => !c.event.isFinalInvokeForWindow);
        let n = 0;
        for (const c of aggregated) {
          assert.deepEqual(c.event.state, n === 0 ? {} : { n }, 'a window starts empty; each call gets the state the last one returned');
          n += c.event.Records.length;
        }
        const ended = finals(of);
        assert.ok(ended.length >= 1, 'a final call');
        for (const c of ended) {
          assert.deepEqual(c.event.Records, [], 'the final call has no records');
          assert.deepEqual(c.event.state, { n }, "the window's last state");
        }
        assert.ok(calls.indexOf(ended[0]!) > calls.indexOf(aggregated.at(-1)!), 'after its records');
      }
      const [failed, final] = finals(calls);
      assert.deepEqual(failed!.event, final!.event, 'a failed final call is made again, the same');
    });

    it('an answer without a state is a failed call: retried, then discarded; the window still ends', async () => {
      suite.lambda.respond('stateless-fn', (_n, _t, event) => (event.isFinalInvokeForWindow ? { status: 200, result: { state: {} } } : { status: 200, result: { batchItemFailures: [] } }));
      await putUntilActive(suite.kinesis, 'stateless', 's0');
      await until('the window closed', () => finals(suite.lambda.of('stateless-fn')).length === 1, 15_000);
      const calls = suite.lambda.of('stateless-fn');
      assert.deepEqual(datas(calls), ['s0', 's0'], 'the call and its one retry (maximumRetryAttempts 1)');
      assert.deepEqual(calls.at(-1)!.event.state, {}, 'nothing was aggregated');
    });
  });
}
