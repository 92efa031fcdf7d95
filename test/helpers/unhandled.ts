import assert from 'node:assert/strict';
import { after } from 'node:test';

/**
 * Fails the test file if anything leaves a rejection or exception unhandled while it runs: a bug
 * in the listener must never surface that way. Call once at the top level of a test file.
 */
export function failOnUnhandled(): void {
  const stray: unknown[] = [];
  const keep = (err: unknown): void => void stray.push(err);
  process.on('unhandledRejection', keep);
  process.on('uncaughtException', keep);
  after(() => {
    process.off('unhandledRejection', keep);
    process.off('uncaughtException', keep);
    assert.deepEqual(stray, [], 'no unhandled rejections or exceptions');
  });
}
