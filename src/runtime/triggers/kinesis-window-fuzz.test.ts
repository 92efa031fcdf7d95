import { test } from 'node:test';
import assert from 'node:assert/strict';
import { between, pick, randomJson, randomString, rngFrom } from '../../../test/helpers/json-fuzz.js';
import { stateOf, windowEventFields, windowOf } from './kinesis-window.js';

/**
 * A tumbling window's function answers, fuzzed (kinesis-window.ts stateOf): whatever the function
 * answers, stateOf says a state or a reason without throwing, and a state it takes can be put into
 * the next event (which the shard's worker encodes; a state it could not encode stopped the worker).
 * Seeded (SWITCHYARD_FUZZ_SEED).
 */
const SEED = Number(process.env.SWITCHYARD_FUZZ_SEED ?? 20261128);
const source = { shardId: 'shardId-000000000000', streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s' };

test('600 random answers: a state or a reason, never an exception; every state taken goes into the next event', () => {
  const rng = rngFrom(SEED);
  let states = 0;
  for (let i = 0; i < 600; i++) {
    const body = pick(rng, [
      () => JSON.stringify(randomJson(rng, 4, ['state', 'batchItemFailures', 'itemIdentifier'])),
      () => JSON.stringify({ state: randomJson(rng, 4, ['a', '__proto__']), batchItemFailures: [] }),
      () => `{"state":${'{"a":'.repeat(between(rng, 1, 100_000))}1${'}'.repeat(between(rng, 0, 100_000))}}`,
      () => `{"state":{"a":${'['.repeat(between(rng, 1, 100_000))}${']'.repeat(between(rng, 0, 100_000))}}}`,
      () => randomString(rng),
    ])();
    const answered = stateOf(body);
    if ('state' in answered) {
      states++;
      assert.doesNotThrow(() => JSON.stringify({ Records: [], ...windowEventFields(windowOf(0, 60), answered.state, source, false, false) }), `seed ${SEED} #${i}`);
    } else {
      assert.equal(typeof answered.reason, 'string');
    }
  }
  assert.ok(states > 20, `${states} states`);
});

test('a state nested 100,000 deep is a failed invocation with its reason (it was taken, and the worker threw RangeError encoding it)', () => {
  const answered = stateOf(`{"state":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`);
  assert.ok('reason' in answered && /nested too deeply/.test(answered.reason));
});
