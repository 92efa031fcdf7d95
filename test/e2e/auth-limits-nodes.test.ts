/**
 * Per-account request rates across nodes (runtime/account-limits-shared.ts): two nodes over one
 * PostgreSQL schema share each account's bucket, so requests spread over both together get the
 * account's rate, not twice it (as they did when each node counted alone). A node may let one
 * chunk (here 1 request) pass ahead of its lease: the bounds below allow that and nothing more.
 * Both nodes run on one manual clock, so no refill happens unless the test moves it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { buildConfig } from '../../src/runtime/config.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { E2E_ENGINES } from '../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../helpers/postgres.js';
import { ALICE, BOB, clientConfig } from './auth-keys.js';

const RATE = 2;
const BURST = 10;
const NODES = 2;

describe('per-account request rates shared by two nodes [postgres]', { skip: !E2E_ENGINES.includes('postgres') && 'PostgreSQL e2e runs are switched off (SWITCHYARD_E2E_ENGINES)' }, () => {
  const schema = uniqueSchema('sy_limits_nodes');
  const clock = new ManualClock(Date.now());
  let dir: string;
  let nodes: RunningServer[] = [];
  const clients: SQSClient[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-limits-nodes-'));
    const file = join(dir, 'credentials.json');
    writeFileSync(file, JSON.stringify({ accessKeys: [ALICE, BOB], limits: { [ALICE.accountId]: { requestsPerSecond: RATE, burst: BURST } } }));
    const config = () => buildConfig({ port: '0', databaseUrl: postgresTestUrl(), databaseSchema: schema, logLevel: 'silent', credentials: file });
    nodes = [await startServer(config(), { clock }), await startServer(config(), { clock })];
  });
  after(async () => {
    for (const c of clients) c.destroy();
    for (const n of nodes) await n.close();
    await dropSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  /** `n` ListQueues calls, alternating between the nodes, by `key`; how many passed. */
  async function spread(key: typeof ALICE, n: number): Promise<number> {
    const sqs = nodes.map((node) => new SQSClient(clientConfig(node.url, key)));
    clients.push(...sqs);
    let passed = 0;
    for (let i = 0; i < n; i++) {
      try {
        await sqs[i % NODES]!.send(new ListQueuesCommand({}));
        passed++;
      } catch (e) {
        assert.equal((e as Error).name, 'RequestThrottled');
      }
    }
    return passed;
  }

  it('the burst is the account\'s, not each node\'s; the refill too; another account is not limited', async () => {
    const first = await spread(ALICE, 4 * BURST);
    assert.ok(first >= BURST && first <= BURST + NODES, `${first} of ${4 * BURST} passed (counted per node: ${NODES * BURST})`);
    clock.advance((BURST / RATE) * 1000); // a full bucket's worth of refill
    const second = await spread(ALICE, 4 * BURST);
    // What passed ahead in the first round was charged to this refill.
    assert.ok(second >= BURST - NODES && second <= BURST + NODES, `${second} passed after the refill`);
    assert.ok(first + second <= 2 * BURST + NODES, `${first} + ${second} passed in all`);
    assert.equal(await spread(BOB, 4 * BURST), 4 * BURST);
  });
});
