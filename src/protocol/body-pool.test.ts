import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recycleBody, takeBuffer } from './body-pool.js';

test('body pool: a large body sent is taken again (best fit); others are ignored and never handed out twice', () => {
  const a = takeBuffer(3 * 1024 * 1024 + 1);
  assert.equal(a.length, 4 * 1024 * 1024, 'a quarter more, rounded up to whole MiB');
  const b = takeBuffer(2 * 1024 * 1024);
  recycleBody(a.subarray(0, 10)); // a body is a view of the memory: the whole of it comes back
  recycleBody(a); // twice: still one spare
  recycleBody(b);
  recycleBody(Buffer.alloc(5 * 1024 * 1024)); // not the pool's
  const fit = takeBuffer(2 * 1024 * 1024);
  assert.equal(fit.buffer, b.buffer, 'the smallest spare that fits');
  const again = takeBuffer(3 * 1024 * 1024);
  assert.equal(again.buffer, a.buffer);
  assert.notEqual(takeBuffer(3 * 1024 * 1024).buffer, a.buffer, 'a spare is handed out once');
  const small = takeBuffer(1000);
  recycleBody(small);
  assert.notEqual(takeBuffer(1024 * 1024).buffer, small.buffer, 'small buffers are not pooled');
});
