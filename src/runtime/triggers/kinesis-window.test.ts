/** Tumbling windows: where a record's window is, the event's window fields, and what an answer's state means. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stateOf, windowEventFields, windowOf } from './kinesis-window.js';

describe('Kinesis triggers: tumbling windows', () => {
  it('a record belongs to the window of its arrival, windows aligned on their length', () => {
    const t = Date.parse('2020-12-09T07:05:59.999Z');
    assert.deepEqual(windowOf(t, 120), { start: Date.parse('2020-12-09T07:04:00Z'), end: Date.parse('2020-12-09T07:06:00Z') });
    assert.deepEqual(windowOf(Date.parse('2020-12-09T07:06:00Z'), 120).start, Date.parse('2020-12-09T07:06:00Z'), 'the end belongs to the next window');
    assert.equal(windowOf(t, 900).end - windowOf(t, 900).start, 900_000);
  });

  it("the event's fields are AWS's example's, in its order", () => {
    const w = windowOf(Date.parse('2020-12-09T07:05:00Z'), 120);
    assert.deepEqual(windowEventFields(w, { 1: 282 }, { shardId: 'shardId-000000000006', streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream' }, false, false), {
      window: { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:06:00Z' },
      state: { 1: 282 },
      shardId: 'shardId-000000000006',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream',
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    });
  });

  it('an answer must hold a state object; anything else is a failed invocation', () => {
    assert.deepEqual(stateOf('{"state":{"1":282,"2":715},"batchItemFailures":[]}'), { state: { 1: 282, 2: 715 } });
    assert.deepEqual(stateOf('{"state":{}}'), { state: {} });
    for (const body of ['', 'null', '{}', '{"state":null}', '{"state":[1]}', '{"state":"x"}', 'not json']) assert.ok('reason' in stateOf(body), body);
  });
});
