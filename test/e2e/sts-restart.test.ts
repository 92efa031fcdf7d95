/**
 * STS sessions outlive the process and work on every node: the credentials are sealed under the
 * store's server key, so a SQLite server restarted over the same file, and two PostgreSQL nodes
 * over one schema, accept what any of them issued (with --credentials, so the signature is checked
 * with the derived secret). And the AWS CLI's `aws sts get-caller-identity`, with an access key and
 * with temporary credentials in AWS_SESSION_TOKEN.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { buildConfig } from '../../src/runtime/config.js';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { AWS_CLIS, run } from '../helpers/python-aws-cli.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../helpers/postgres.js';
import { E2E_ENGINES } from '../helpers/server.js';
import { SQS_CLIENTS } from '../helpers/sqs-clients.js';
import { ALICE, BOB } from './auth-keys.js';
import { sqsClient, stsClient, temporary, type Signing } from './sts-kit.js';

const ROLE = `arn:aws:iam::${BOB.accountId}:role/restarts`;
const dir = mkdtempSync(join(tmpdir(), 'switchyard-sts-restart-'));
const credentialsFile = join(dir, 'credentials.json');
writeFileSync(credentialsFile, JSON.stringify({ accessKeys: [ALICE, BOB].map(({ accessKeyId, secretAccessKey, accountId }) => ({ accessKeyId, secretAccessKey, accountId })) }));
after(() => rmSync(dir, { recursive: true, force: true }));

const settings = { credentials: credentialsFile, port: '0', logLevel: 'silent' };

async function roleCredentials(url: string, session: string): Promise<Signing> {
  return temporary((await stsClient(url, ALICE).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: session }))).Credentials);
}

async function actsAsRole(url: string, role: Signing, queue: string): Promise<void> {
  assert.equal((await stsClient(url, role).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${BOB.accountId}:assumed-role/restarts/${queue}`);
  const kind = SQS_CLIENTS[0]!;
  const q = await sqsClient(kind, url, role).send(new kind.sdk.CreateQueueCommand({ QueueName: queue }));
  assert.match(q.QueueUrl!, new RegExp(`/${BOB.accountId}/${queue}$`));
}

describe('STS sessions survive a restart [sqlite]', { skip: !E2E_ENGINES.includes('sqlite') && 'SWITCHYARD_E2E_ENGINES leaves sqlite out' }, () => {
  it('credentials issued before the restart work after it', async () => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    let server = await startServer(buildConfig({ ...settings, dataDir }));
    const role = await roleCredentials(server.url, 'before');
    await actsAsRole(server.url, role, 'before');
    await server.close();
    server = await startServer(buildConfig({ ...settings, dataDir }));
    try {
      await actsAsRole(server.url, role, 'before');
    } finally {
      await server.close();
    }
  });
});

describe('STS sessions on every node [postgres]', { skip: !E2E_ENGINES.includes('postgres') && 'SWITCHYARD_E2E_ENGINES leaves postgres out' }, () => {
  const schema = uniqueSchema();
  const config = () => buildConfig({ ...settings, databaseUrl: postgresTestUrl(), databaseSchema: schema });
  let a: RunningServer;
  let b: RunningServer;
  before(async () => {
    a = await startServer(config());
    b = await startServer(config());
  });
  after(async () => {
    await a.close();
    await b.close();
    await dropSchema(schema);
  });

  it('issued on one node, accepted on the other, and on a node started afterwards', async () => {
    const role = await roleCredentials(a.url, 'nodes');
    await actsAsRole(b.url, role, 'nodes');
    await a.close();
    a = await startServer(config());
    await actsAsRole(a.url, role, 'nodes');
  });
});

describe('AWS CLI: aws sts get-caller-identity [sqlite]', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer(buildConfig({ ...settings, dataDir: mkdtempSync(join(dir, 'cli-')) }));
  });
  after(async () => server?.close());

  for (const cli of AWS_CLIS) {
    it(`${cli}: an access key, then the role's temporary credentials`, async () => {
      const env = (c: Signing) => ({ ...process.env, AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, AWS_SESSION_TOKEN: c.sessionToken ?? '', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1' });
      const whoami = async (c: Signing) => JSON.parse((await run(cli, ['--endpoint-url', server.url, '--output', 'json', 'sts', 'get-caller-identity'], { env: env(c), timeout: 60_000 })).stdout);
      assert.deepEqual(await whoami(ALICE), { UserId: ALICE.accountId, Account: ALICE.accountId, Arn: `arn:aws:iam::${ALICE.accountId}:root` });
      const role = await roleCredentials(server.url, 'cli');
      const me = await whoami(role);
      assert.equal(me.Arn, `arn:aws:sts::${BOB.accountId}:assumed-role/restarts/cli`);
      assert.equal(me.Account, BOB.accountId);
    });
  }
});
