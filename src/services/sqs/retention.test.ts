import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../runtime/clock.js';
import { openSqliteEngine } from '../../storage/sqlite/engine.js';
import { trimExpiredMessages } from './retention.js';

test('trims messages past each queue’s own retention period from storage', async () => {
  const engine = await openSqliteEngine({ inMemory: true });
  const clock = new ManualClock();
  try {
    const store = engine.sqs;
    const short = (await store.createQueue({ accountId: '000000000000', name: 'short', attributes: { MessageRetentionPeriod: '60' }, tags: {}, createdAt: clock.now() })).queue;
    const long = (await store.createQueue({ accountId: '000000000000', name: 'long', attributes: {}, tags: {}, createdAt: clock.now() })).queue;
    const message = (id: string) => ({
      messageId: id, body: 'b', md5OfBody: '92eb5ffee6ae2fec3ad71c777531578f', messageAttributes: null, md5OfMessageAttributes: null,
      systemAttributes: null, senderId: '000000000000', sentAt: clock.now(), visibleAt: clock.now(), groupId: null, dedupId: null,
    });
    await store.enqueue(short.id, [message('a'), message('b')]);
    await store.enqueue(long.id, [message('c')]);
    clock.advance(61_000);
    assert.equal(await trimExpiredMessages(store, clock, 1), 2);
    assert.equal(await trimExpiredMessages(store, clock, 1), 0);
    assert.deepEqual(await store.countMessages(long.id, clock.now(), 345_600_000), { visible: 1, inFlight: 0, delayed: 0 });
  } finally {
    await engine.close();
  }
});
