import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { snsModel } from './model.js';
import { API_RATES, apiRate, fifoPublishRate, publishCharges, regionalApiRate, standardPublishRate } from './throughput.js';

const caller = { accountId: '000000000000', region: 'ca-central-1' };

describe('SNS API throttling quotas (the throughput mode)', () => {
  it('every rated operation is an SNS operation; Publish and PublishBatch are counted by message instead', () => {
    for (const operation of Object.keys(API_RATES)) assert.ok(snsModel.operations[operation], operation);
    assert.equal(apiRate('Publish', 'us-east-1'), undefined);
    assert.equal(apiRate('Subscribe', 'us-east-1'), 100);
    assert.equal(apiRate('ListTopics', 'eu-west-2'), 30);
  });

  it('regional rates: AWS\'s rows, by region', () => {
    const rows: [string, number, number, number][] = [
      // region, standard publish, FIFO publish, "Other API throttling"
      ['us-east-1', 30_000, 30_000, 3_000],
      ['us-west-2', 9_000, 9_000, 900],
      ['eu-west-1', 9_000, 9_000, 900],
      ['us-east-2', 1_500, 3_000, 150],
      ['ap-northeast-2', 1_500, 3_000, 150],
      ['eu-central-1', 1_500, 3_000, 150],
      ['ca-central-1', 300, 3_000, 30],
      ['eu-west-2', 300, 3_000, 30],
    ];
    for (const [region, standard, fifo, other] of rows) {
      assert.equal(standardPublishRate(region), standard, region);
      assert.equal(fifoPublishRate(region), fifo, region);
      assert.equal(regionalApiRate(region), other, region);
      assert.equal(apiRate('CreateTopic', region), other, region);
    }
  });

  it('publish charges: the account\'s column; a FIFO topic\'s 3,000 (scope Topic) or each group\'s 300 (scope MessageGroup)', () => {
    assert.deepEqual(publishCharges(caller, undefined, [undefined]), [{ key: 'sns|publish|standard|000000000000|ca-central-1', perSecond: 300, count: 1 }]);
    const arn = 'arn:aws:sns:ca-central-1:000000000000:t.fifo';
    assert.deepEqual(publishCharges(caller, { arn, fifo: true, perMessageGroup: false }, ['a', 'b']), [
      { key: 'sns|publish|fifo|000000000000|ca-central-1', perSecond: 3_000, count: 2 },
      { key: `sns|publish|topic|${arn}`, perSecond: 3_000, count: 2 },
    ]);
    assert.deepEqual(publishCharges(caller, { arn, fifo: true, perMessageGroup: true }, ['a', 'b', 'a']), [
      { key: 'sns|publish|fifo|000000000000|ca-central-1', perSecond: 3_000, count: 3 },
      { key: `sns|publish|group|${arn}|a`, perSecond: 300, count: 2 },
      { key: `sns|publish|group|${arn}|b`, perSecond: 300, count: 1 },
    ]);
  });
});
