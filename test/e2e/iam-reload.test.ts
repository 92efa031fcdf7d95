// SIGHUP re-reads the users and roles of the credentials file of a real server process
// (runtime/credentials-reload.ts): a user's changed policy takes effect at once, for its key and
// for sessions of a role already issued (a role's current policies apply, as on AWS); a file with
// a mistake in a policy changes nothing and says so in the log. SQLite only: the file lives in the
// process, whatever the engine.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { spawnServer, type SpawnedServer } from '../helpers/process.js';
import { SQS_CLIENTS, errorMessage } from '../helpers/sqs-clients.js';
import { ALICE } from './auth-keys.js';
import { sqsClient, stsClient, temporary, type Signing } from './sts-kit.js';
import { A, SENDER, document, refusal, roleArn, signing, userArn, withRoots } from './iam-kit.js';

const kind = SQS_CLIENTS[0]!;
const { sdk } = kind;
const QUEUE = `arn:aws:sqs:us-east-1:${A}:orders`;
const APP = roleArn(A, 'app');

/** The file with the user's and the role's policies allowing `actions` on the queue. */
function content(userActions: string[], roleActions: string[], userPolicy: object = document({ Effect: 'Allow', Action: userActions, Resource: QUEUE })) {
  return {
    accessKeys: withRoots([SENDER]),
    users: [{ accountId: A, name: 'sender', policies: [userPolicy] }],
    roles: [{ arn: APP, trustPolicy: document({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }), policies: [document({ Effect: 'Allow', Action: roleActions, Resource: QUEUE })] }],
  };
}

describe('identity policies re-read on SIGHUP: a server process', () => {
  let dir: string;
  let file: string;
  let server: SpawnedServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-iam-reload-'));
    file = join(dir, 'credentials.json');
    writeFileSync(file, JSON.stringify(content(['sqs:GetQueueUrl'], ['sqs:GetQueueUrl'])));
    server = await spawnServer({ extraArgs: ['--credentials', file, '--enforce-policies'] });
    await sqsClient(kind, server.url, signing(ALICE)).send(new sdk.CreateQueueCommand({ QueueName: 'orders' }));
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const url = () => `${server.url}/${A}/orders`;
  /** 'ok', or the refusal's message. */
  async function send(who: Signing): Promise<string> {
    try {
      await sqsClient(kind, server.url, who).send(new sdk.SendMessageCommand({ QueueUrl: url(), MessageBody: 'x' }));
      return 'ok';
    } catch (e) {
      return errorMessage(e);
    }
  }
  async function until(who: Signing, expected: string): Promise<void> {
    for (let i = 0; i < 100 && (await send(who)) !== expected; i++) await sleep(50);
    assert.equal(await send(who), expected);
  }

  it("a user's and a role's changed policies apply at once, to sessions already issued too; a broken policy changes nothing", async () => {
    const session = temporary((await stsClient(server.url, signing(ALICE)).send(new AssumeRoleCommand({ RoleArn: APP, RoleSessionName: 'before' }))).Credentials);
    assert.equal(await send(signing(SENDER)), refusal(userArn(A, 'sender'), 'sqs:sendmessage', QUEUE, 'identity'));
    assert.equal(await send(session), refusal(`arn:aws:sts::${A}:assumed-role/app/before`, 'sqs:sendmessage', QUEUE, 'identity'));

    writeFileSync(file, JSON.stringify(content(['sqs:SendMessage'], ['sqs:SendMessage'])));
    server.child.kill('SIGHUP');
    await until(signing(SENDER), 'ok');
    await until(session, 'ok');

    // A policy with a Principal is no identity policy: the file is refused, the policies in use stay.
    const before = server.stderr().length;
    writeFileSync(file, JSON.stringify(content([], [], document({ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*' }))));
    server.child.kill('SIGHUP');
    for (let i = 0; i < 100 && !/not re-read/.test(server.stderr().slice(before)); i++) await sleep(50);
    assert.match(server.stderr().slice(before), /users\[0\]\.policies\[0\]\.Statement\[0\]\.Principal: an identity policy has no Principal/);
    assert.equal(await send(signing(SENDER)), 'ok');
  });
});
