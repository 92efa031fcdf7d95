/**
 * Kinesis triggers with FilterCriteria, fuzzed end to end through @aws-sdk/client-kinesis and the
 * fake Lambda: random records (binary garbage, text, JSON of any shape, JSON nested 100,000 deep)
 * past a filter on `data.keep`. Exactly the records whose data is a JSON object with keep: true
 * reach the function, in order; the checkpoint passes the others and the shard goes on to a last
 * record. Seeded (SWITCHYARD_FUZZ_SEED); one engine (the filter runs above the store).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { datas, putUntilActive, until } from '../../helpers/kinesis-triggers.js';
import { kinesisTriggerSuite } from '../../helpers/kinesis-trigger-suite.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { keepPayload, keyHoldsTrue, rngFrom } from '../../helpers/json-fuzz.js';

const SEED = Number(process.env.SWITCHYARD_FUZZ_SEED ?? 20261128);
const RESOURCES = {
  streams: [{ name: 'fuzzed', shards: 1, triggers: [{ function: 'fuzzed-fn', startingPosition: 'TRIM_HORIZON', batchSize: 10, filterCriteria: { filters: [{ pattern: { data: { keep: [true] } } }] } }] }],
};

describe(`Kinesis triggers: FilterCriteria fuzzed [${E2E_ENGINES[0]}]`, () => {
  const suite = kinesisTriggerSuite(E2E_ENGINES[0]!, RESOURCES);

  it('60 random records: exactly those with keep: true are invoked, in order; the shard goes on', async () => {
    const rng = rngFrom(SEED);
    const records = Array.from({ length: 60 }, () => keepPayload(rng)).concat('{"keep":true,"last":1}');
    for (const data of records) await putUntilActive(suite.kinesis, 'fuzzed', data);
    // What the function sees is the bytes put, read back as UTF-8 text.
    const expected = records.map((r) => Buffer.from(r).toString()).filter((r) => keyHoldsTrue(r, 'keep'));
    await until('the last record invoked', () => datas(suite.lambda.of('fuzzed-fn')).includes('{"keep":true,"last":1}'), 30_000);
    assert.ok(expected.length > 10, `${expected.length} kept`);
    assert.deepEqual(datas(suite.lambda.of('fuzzed-fn')), expected);
  });
});
