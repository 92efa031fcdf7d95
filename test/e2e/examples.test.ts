import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** examples/ are documentation that runs: each must work as its header says (against the build, as a user runs it). */
it('examples/shop.mjs: Buying publishes while Shipping is down; nothing is lost; the dead letter is redriven', async () => {
  const { stdout } = await run(process.execPath, ['examples/shop.mjs'], {
    cwd: ROOT,
    timeout: 60_000,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  assert.deepEqual(stdout.trim().split('\n'), [
    'buying: 4 orders published while shipping is down',
    'shipping queue holds 4, billing queue holds 4',
    'billing: billed broken-order, order-1, order-2, order-3',
    'shipping: shipped order-1, order-2, order-3; dead-lettered 1',
    'redrive: COMPLETED, 1 moved; shipping: shipped broken-order, order-1, order-2, order-3',
    'every order shipped and billed, none lost',
  ]);
});
