/**
 * Kinesis triggers with FilterCriteria, both engines, through @aws-sdk/client-kinesis and the fake
 * Lambda: only records whose data (JSON) a filter matches reach the function, in order; the others
 * (other values, data that is no JSON) are discarded and the checkpoint passes them: a batch of
 * which nothing matches invokes nothing, and the records after them still come.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { datas, putUntilActive, until, wait } from '../../helpers/kinesis-triggers.js';
import { kinesisTriggerSuite } from '../../helpers/kinesis-trigger-suite.js';
import { E2E_ENGINES } from '../../helpers/server.js';

const RESOURCES = {
  streams: [
    {
      name: 'orders',
      shards: 1,
      triggers: [{
        function: 'orders-fn',
        startingPosition: 'TRIM_HORIZON',
        batchSize: 10,
        maximumBatchingWindowInSeconds: 1,
        filterCriteria: { filters: [{ pattern: '{"data":{"type":["buy"]}}' }, { pattern: { data: { qty: [{ numeric: ['>', 100] }] } } }] },
      }],
    },
  ],
};

for (const engine of E2E_ENGINES) {
  describe(`Kinesis triggers: FilterCriteria [${engine}]`, () => {
    const suite = kinesisTriggerSuite(engine, RESOURCES);
    const put = (data: string) => putUntilActive(suite.kinesis, 'orders', data);

    it('only records a filter matches are invoked, in order; the others are passed over', async () => {
      const records = [
        '{"type":"buy","n":1}',
        '{"type":"sell","n":2}',
        'not json',
        '{"type":"sell","qty":500,"n":3}',
        '{"type":"BUY","n":4}',
        '{"type":"buy","n":5}',
      ];
      for (const r of records) await put(r);
      await until('the matching records invoked', () => datas(suite.lambda.of('orders-fn')).length >= 3);
      await wait(1_500);
      assert.deepEqual(datas(suite.lambda.of('orders-fn')), ['{"type":"buy","n":1}', '{"type":"sell","qty":500,"n":3}', '{"type":"buy","n":5}'], 'either filter matches (OR); exact values match exactly');
    });

    it('a batch of which nothing matches invokes nothing; the shard goes on', async () => {
      const before = suite.lambda.of('orders-fn').length;
      for (let i = 0; i < 3; i++) await put(`{"type":"hold","n":${i}}`);
      await wait(2_000);
      assert.equal(suite.lambda.of('orders-fn').length, before, 'no call for filtered records');
      await put('{"type":"buy","n":9}');
      await until('the next match invoked', () => datas(suite.lambda.of('orders-fn')).includes('{"type":"buy","n":9}'));
      assert.deepEqual(datas(suite.lambda.of('orders-fn').slice(before)), ['{"type":"buy","n":9}']);
    });
  });
}
