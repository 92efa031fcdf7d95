// The credentials setting: a bad file stops `switchyard start` with exit code 2 and a message naming
// the place (as the resource file does); SWITCHYARD_CREDENTIALS; embedding with the keys inline.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { ListQueuesCommand, CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ConfigError, startSwitchyard } from '../../src/index.js';
import { configFromEnv } from '../../src/runtime/config.js';
import { ALICE, BOB } from './auth-keys.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'switchyard-auth-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function start(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'start', '--in-memory', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('--credentials at start', () => {
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{"accessKeys": [', /not valid JSON/],
    ['no keys', '{"accessKeys": []}', /accessKeys: expected at least one access key/],
    ['a short account', JSON.stringify({ accessKeys: [{ ...ALICE, accountId: '123' }] }), /accessKeys\[0\]\.accountId: expected 12 digits/],
    ['no secret', JSON.stringify({ accessKeys: [{ accessKeyId: 'AKIAX', accountId: '123456789012' }] }), /accessKeys\[0\]\.secretAccessKey: expected a non-empty string/],
    ['a key id with a colon', JSON.stringify({ accessKeys: [{ ...ALICE, accessKeyId: 'AKIA:X' }] }), /accessKeys\[0\]\.accessKeyId: expected 1 to 128 letters/],
    ['a key twice', JSON.stringify({ accessKeys: [ALICE, { ...BOB, accessKeyId: ALICE.accessKeyId }] }), /accessKeys\[1\]\.accessKeyId: AKIAALICEEXAMPLE0001 is listed twice/],
    ['an unknown field', JSON.stringify({ accessKeys: [ALICE], groups: [] }), /unknown field groups/],
    ['limits for no account', JSON.stringify({ accessKeys: [ALICE], limits: { alice: { requestsPerSecond: 1 } } }), /limits\.alice: expected a 12-digit account id or "\*"/],
    ['a rate of 0', JSON.stringify({ accessKeys: [ALICE], limits: { '*': { requestsPerSecond: 0 } } }), /limits\.\*\.requestsPerSecond: expected a number above 0/],
    ['a fractional burst', JSON.stringify({ accessKeys: [ALICE], limits: { [ALICE.accountId]: { requestsPerSecond: 2, burst: 1.5 } } }), /limits\.111111111111\.burst: expected a whole number/],
    ['an unknown limit', JSON.stringify({ accessKeys: [ALICE], limits: { '*': { requestsPerSecond: 2, perMinute: 5 } } }), /limits\.\*\.perMinute: unknown field/],
  ];
  for (const [what, content, message] of cases) {
    it(`a file with ${what}: exit 2, the file and the place named`, () => {
      const path = file(`${what.replace(/\W+/g, '-')}.json`, content);
      const r = start(['--credentials', path]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.ok(r.stderr.includes(path), r.stderr);
    });
  }

  it('a missing file, by flag or by SWITCHYARD_CREDENTIALS: exit 2', () => {
    const missing = join(dir, 'nope.json');
    const byFlag = start(['--credentials', missing]);
    assert.equal(byFlag.status, 2);
    assert.match(byFlag.stderr, /^switchyard: cannot read the credentials file .*nope\.json/);
    const byEnv = start([], { SWITCHYARD_CREDENTIALS: missing });
    assert.equal(byEnv.status, 2);
    assert.match(byEnv.stderr, /cannot read the credentials file/);
  });

  it('SWITCHYARD_CREDENTIALS names the file; the flag wins over it', () => {
    assert.equal(configFromEnv({ SWITCHYARD_CREDENTIALS: 'a.json' }).credentials, join(process.cwd(), 'a.json'));
    assert.equal(configFromEnv({ SWITCHYARD_CREDENTIALS: 'a.json' }, { credentials: '/etc/b.json' }).credentials, '/etc/b.json');
    assert.equal(configFromEnv({}).credentials, undefined);
  });
});

describe('embedding with credentials', () => {
  it('keys given inline: clientConfig signs with the first, requests act as its account, unsigned ones are refused', async () => {
    const sy = await startSwitchyard({ credentials: [BOB, ALICE] });
    const sqs = new SQSClient(sy.clientConfig);
    try {
      assert.deepEqual(sy.clientConfig.credentials, { accessKeyId: BOB.accessKeyId, secretAccessKey: BOB.secretAccessKey });
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'embedded' }));
      assert.match(QueueUrl!, new RegExp(`/${BOB.accountId}/embedded$`));
      const alice = new SQSClient({ ...sy.clientConfig, credentials: { ...ALICE } });
      assert.deepEqual((await alice.send(new ListQueuesCommand({}))).QueueUrls ?? [], []);
      alice.destroy();
      const res = await fetch(sy.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListQueues' }, body: '{}' });
      assert.equal(res.status, 403);
    } finally {
      sqs.destroy();
      await sy.close();
    }
  });

  it('a bad inline key rejects with a ConfigError naming it; more fields are let be (SDKs tag credential objects)', async () => {
    await assert.rejects(startSwitchyard({ credentials: [{ ...ALICE, accountId: 'x' }] }), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.message, 'the credentials option: credentials[0].accountId: expected 12 digits');
      return true;
    });
    const sy = await startSwitchyard({ credentials: [{ ...ALICE, $source: {} } as typeof ALICE] });
    await sy.close();
  });

  it('the file\'s content as an object: keys and per-account limits; a mistake in it rejects naming the place', async () => {
    const sy = await startSwitchyard({ credentials: { accessKeys: [ALICE], limits: { [ALICE.accountId]: { requestsPerSecond: 0.001, burst: 2 } } } });
    const sqs = new SQSClient({ ...sy.clientConfig, maxAttempts: 1 });
    try {
      await sqs.send(new ListQueuesCommand({}));
      await sqs.send(new ListQueuesCommand({}));
      await assert.rejects(sqs.send(new ListQueuesCommand({})), (e: Error) => e.name === 'RequestThrottled');
    } finally {
      sqs.destroy();
      await sy.close();
    }
    await assert.rejects(startSwitchyard({ credentials: { accessKeys: [ALICE], limits: { [ALICE.accountId]: { requestsPerSecond: 0 } } } }), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.message, `the credentials option: limits.${ALICE.accountId}.requestsPerSecond: expected a number above 0`);
      return true;
    });
    await assert.rejects(startSwitchyard({ credentials: { accessKeys: [ALICE], extra: 1 } as never }), /unknown field extra/);
  });
});
