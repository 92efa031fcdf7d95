/**
 * Per-account request rates (`limits` in the credentials file, runtime/account-limits.ts) through
 * the SDKs, on every engine: an account past its rate gets its service's throttling error (SQS
 * RequestThrottled 403 in both protocols, SNS Throttling 400, Kinesis LimitExceededException 400);
 * another account is untouched; the bucket refills with the server's clock (a manual one here, so
 * nothing races the wall clock: it starts at the real time, as signatures must be current).
 * On PostgreSQL the bucket is the one every node shares (runtime/account-limits-shared.ts): a node
 * may hold a token leased before the bucket refilled, so one more request may pass there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { ManualClock } from '../../src/runtime/clock.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../helpers/server.js';
import { errorMessage, isSqsError, SQS_CLIENTS } from '../helpers/sqs-clients.js';
import { ALICE, BOB, clientConfig } from './auth-keys.js';

const RATE = 4;

for (const engine of E2E_ENGINES) {
  describe(`per-account request rates [${engine}]`, () => {
    const admittedAtOnce = (passed: number) => assert.ok(passed === RATE || (engine === 'postgres' && passed === RATE + 1), `${passed} passed at once`);
    let server: TestServer;
    let dir: string;
    const clock = new ManualClock(Date.now());
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'switchyard-limits-'));
      const file = join(dir, 'credentials.json');
      // Alice: RATE a second, no more at once; Bob: not named, and no "*": unlimited.
      writeFileSync(file, JSON.stringify({ accessKeys: [ALICE, BOB], limits: { [ALICE.accountId]: { requestsPerSecond: RATE, burst: RATE } } }));
      server = await startTestServer(engine, { clock }, { credentials: file, kinesisCreateDelayMs: '50' });
    });
    after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** Calls `call` until it fails; returns how many passed and the failure. */
    async function untilRefused(call: () => Promise<unknown>): Promise<{ passed: number; error: any }> {
      for (let passed = 0; passed < 100; passed++) {
        try {
          await call();
        } catch (error) {
          return { passed, error };
        }
      }
      throw new Error('never refused');
    }

    for (const kind of SQS_CLIENTS) {
      it(`SQS (${kind.protocol}): RequestThrottled 403 past the account's rate; the other account goes on; a second later the account goes on`, async () => {
        clock.advance(10_000); // a full bucket
        const alice = new kind.sdk.SQSClient(clientConfig(server.url, ALICE));
        const bob = new kind.sdk.SQSClient(clientConfig(server.url, BOB));
        try {
          const { passed, error } = await untilRefused(() => alice.send(new kind.sdk.ListQueuesCommand({})));
          admittedAtOnce(passed);
          assert.ok(isSqsError(error, 'RequestThrottled', 'RequestThrottled'), error.name);
          assert.equal(error.$metadata.httpStatusCode, 403);
          assert.equal(errorMessage(error), 'Request is throttled.');
          for (let i = 0; i < 2 * RATE; i++) await bob.send(new kind.sdk.ListQueuesCommand({}));
          clock.advance(((1 + passed - RATE) * 1_000) / RATE); // one request's worth, plus the one a PostgreSQL node let pass ahead
          await alice.send(new kind.sdk.ListQueuesCommand({}));
          await assert.rejects(alice.send(new kind.sdk.ListQueuesCommand({})), (e: any) => isSqsError(e, 'RequestThrottled', 'RequestThrottled'));
        } finally {
          alice.destroy();
          bob.destroy();
        }
      });
    }

    const others: [string, () => { send(c: unknown): Promise<unknown>; destroy(): void }, () => unknown, string, number, string][] = [
      ['SNS', () => new SNSClient(clientConfig(server.url, ALICE)), () => new ListTopicsCommand({}), 'Throttling', 400, 'Rate exceeded'],
      ['Kinesis', () => new KinesisClient(clientConfig(server.url, ALICE)), () => new ListStreamsCommand({}), 'LimitExceededException', 400, `Rate exceeded for account ${ALICE.accountId}.`],
    ];
    for (const [service, client, command, name, status, message] of others) {
      it(`${service}: ${name} ${status}`, async () => {
        clock.advance(10_000);
        const alice = client();
        try {
          const { passed, error } = await untilRefused(() => alice.send(command()));
          admittedAtOnce(passed);
          assert.equal(error.name, name);
          assert.equal(error.$metadata.httpStatusCode, status);
          assert.equal(error.message, message);
        } finally {
          alice.destroy();
        }
      });
    }
  });
}
