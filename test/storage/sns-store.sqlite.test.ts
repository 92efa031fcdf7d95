import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEngine } from '../../src/storage/sqlite/engine.js';
import { snsStoreSuite } from './sns-store.suite.js';

const root = mkdtempSync(join(tmpdir(), 'switchyard-sns-sqlite-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `d${++dirs}`);

snsStoreSuite('sqlite (memory)', async () => {
  const engine = await openSqliteEngine({ inMemory: true });
  return { store: engine.sns, close: () => engine.close() };
});

snsStoreSuite('sqlite (file, durability full)', async () => {
  const engine = await openSqliteEngine({ dataDir: freshDir(), durability: 'full' });
  return { store: engine.sns, close: () => engine.close() };
});

describe('sqlite SNS store', () => {
  it('keeps the outbox across a reopen and releases the leases of the previous process', async () => {
    const dir = freshDir();
    const T0 = 1_700_000_000_000;
    let engine = await openSqliteEngine({ dataDir: dir });
    const { topic } = await engine.sns.createTopic({
      arn: 'arn:aws:sns:us-east-1:000000000000:t', accountId: '000000000000', region: 'us-east-1', name: 't',
      attributes: {}, tags: {}, dataProtectionPolicy: null, createdAt: T0,
    });
    const deliveries = [{ subscriptionArn: 's', target: '{}', groupKey: null }];
    await engine.sns.publish(topic.id, [{ messageId: 'm1', dedupKey: null, payload: '{}', deliveries }], T0, 300_000);
    const [leased] = await engine.sns.claimDeliveries(T0, 10, 60_000);
    assert.equal(leased?.messageId, 'm1');
    await engine.close();

    engine = await openSqliteEngine({ dataDir: dir });
    try {
      const [again] = await engine.sns.claimDeliveries(T0 + 1, 10, 60_000);
      assert.equal(again?.messageId, 'm1', 'claimable at once, not only after the lease');
      assert.equal(again?.attempts, 2);
    } finally {
      await engine.close();
    }
  });
});
