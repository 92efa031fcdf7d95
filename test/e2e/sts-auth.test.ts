/**
 * STS with --credentials (every request signed by a listed key, or by temporary credentials the
 * server issued), on every engine: who am I per key; AssumeRole credentials acting as the role's
 * account, signed in the header or presigned in the query; a token altered, for another key, or
 * signed with the wrong secret is refused as AWS refuses it; expiry on the server's manual clock
 * (the clients sign at that clock through `systemClockOffset`, as signatures must be current);
 * and with --enforce-policies, no cross-account role and no session policy.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, GetAccessKeyInfoCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ListTopicsCommand } from '@aws-sdk/client-sns';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { ManualClock } from '../../src/runtime/clock.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../helpers/server.js';
import { SQS_CLIENTS } from '../helpers/sqs-clients.js';
import { ALICE, BOB, presignedGet, xmlError } from './auth-keys.js';
import { codeOf, kinesisClient, rejection, snsClient, sqsClient, stsClient, temporary, type Signing } from './sts-kit.js';

const BOB_ROLE = `arn:aws:iam::${BOB.accountId}:role/deployer`;
const EXPIRED = 'The security token included in the request is expired';

/** An SQS JSON call signed (with the session token header) at `at`, as the raw HTTP answer. */
async function signedSqsJson(url: string, c: Signing, at: number, operation: string): Promise<Response> {
  const u = new URL(url);
  const headers = { host: u.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${operation}` };
  const signer = new SignatureV4({ service: 'sqs', region: 'us-east-1', credentials: c, sha256: Sha256 });
  const req = await signer.sign({ method: 'POST', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: '/', headers, body: '{}' }, { signingDate: new Date(at) });
  return fetch(url, { method: 'POST', headers: req.headers, body: '{}' });
}

async function startServer(engine: (typeof E2E_ENGINES)[number], clock: ManualClock, settings: Record<string, string> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-sts-'));
  const file = join(dir, 'credentials.json');
  // Only the three fields: the SDK marks credential objects it was handed with a `$source`.
  const listed = [ALICE, BOB].map(({ accessKeyId, secretAccessKey, accountId }) => ({ accessKeyId, secretAccessKey, accountId }));
  writeFileSync(file, JSON.stringify({ accessKeys: listed }));
  const server = await startTestServer(engine, { clock }, { credentials: file, kinesisCreateDelayMs: '50', ...settings });
  return { ...server, close: async () => (await server.close(), rmSync(dir, { recursive: true, force: true })) };
}

for (const engine of E2E_ENGINES) {
  describe(`STS with --credentials [${engine}]`, () => {
    let server: TestServer;
    const clock = new ManualClock(Date.now());
    /** How far the server's clock is ahead of the wall clock: the clients sign that far ahead. */
    const offset = () => clock.now() - Date.now();
    before(async () => {
      server = await startServer(engine, clock);
    });
    after(async () => server.close());

    it("GetCallerIdentity and GetAccessKeyInfo: each key's account; unsigned is MissingAuthenticationToken", async () => {
      const me = await stsClient(server.url, ALICE).send(new GetCallerIdentityCommand({}));
      assert.deepEqual([me.UserId, me.Account, me.Arn], [ALICE.accountId, ALICE.accountId, `arn:aws:iam::${ALICE.accountId}:root`]);
      const info = await stsClient(server.url, ALICE).send(new GetAccessKeyInfoCommand({ AccessKeyId: BOB.accessKeyId }));
      assert.equal(info.Account, BOB.accountId);
      const res = await fetch(`${server.url}/?Action=GetCallerIdentity&Version=2011-06-15`);
      assert.equal(res.status, 403);
      assert.equal(xmlError(await res.text()).code, 'MissingAuthenticationToken');
    });

    it("AssumeRole across accounts (no --enforce-policies): the credentials act as the role's account; presigned with the token too", async () => {
      const out = await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: BOB_ROLE, RoleSessionName: 'ci' }));
      const role = temporary(out.Credentials);
      const me = await stsClient(server.url, role).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, `arn:aws:sts::${BOB.accountId}:assumed-role/deployer/ci`);
      for (const kind of SQS_CLIENTS) {
        const q = await sqsClient(kind, server.url, role).send(new kind.sdk.CreateQueueCommand({ QueueName: `sts-auth-${kind.protocol}` }));
        assert.match(q.QueueUrl!, new RegExp(`/${BOB.accountId}/sts-auth-${kind.protocol}$`));
      }
      // Bob's own key sees the queues the role made; Alice's does not.
      const bobQueues = await sqsClient(SQS_CLIENTS[0]!, server.url, BOB).send(new SQS_CLIENTS[0]!.sdk.ListQueuesCommand({}));
      assert.equal(bobQueues.QueueUrls?.length, 2);
      const aliceQueues = await sqsClient(SQS_CLIENTS[0]!, server.url, ALICE).send(new SQS_CLIENTS[0]!.sdk.ListQueuesCommand({}));
      assert.equal(aliceQueues.QueueUrls, undefined);
      await snsClient(server.url, role).send(new ListTopicsCommand({}));
      await kinesisClient(server.url, role).send(new ListStreamsCommand({}));
      // The JS v3 Kinesis client's default transport, h2c, signs the token header too.
      await new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials: role, maxAttempts: 1 }).send(new ListStreamsCommand({}));

      const url = await presignedGet(server.url, 'sqs', { ...role, accountId: BOB.accountId } as any, { Action: 'ListQueues', Version: '2012-11-05' }, 300, clock.now());
      const res = await fetch(url);
      assert.equal(res.status, 200, await res.clone().text());
      assert.match(url, /X-Amz-Security-Token=/);
      assert.match(await res.text(), new RegExp(`/${BOB.accountId}/sts-auth-json`));
    });

    it('a token altered, another key id with the token, or the wrong secret: InvalidClientTokenId / SignatureDoesNotMatch per service', async () => {
      const role = temporary((await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: BOB_ROLE, RoleSessionName: 'x1' }))).Credentials);
      const other = temporary((await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: BOB_ROLE, RoleSessionName: 'x2' }))).Credentials);
      const t = role.sessionToken!;
      const altered: Signing = { ...role, sessionToken: t.slice(0, 40) + (t[40] === 'A' ? 'B' : 'A') + t.slice(41) };
      const swapped: Signing = { ...other, sessionToken: role.sessionToken };
      const listedWithToken: Signing = { ...ALICE, sessionToken: role.sessionToken };
      for (const bad of [altered, swapped, listedWithToken]) {
        assert.deepEqual(codeOf(await rejection(stsClient(server.url, bad).send(new GetCallerIdentityCommand({})))), { code: 'InvalidClientTokenId', status: 403 });
        for (const kind of SQS_CLIENTS) {
          const e = await rejection(sqsClient(kind, server.url, bad).send(new kind.sdk.ListQueuesCommand({})));
          assert.deepEqual(codeOf(e), { code: 'InvalidClientTokenId', status: 403 }, kind.protocol);
        }
        const k = await rejection(kinesisClient(server.url, bad).send(new ListStreamsCommand({})));
        assert.deepEqual([k.name, k.$metadata.httpStatusCode], ['UnrecognizedClientException', 400]);
      }
      const wrongSecret: Signing = { ...role, secretAccessKey: other.secretAccessKey };
      assert.deepEqual(codeOf(await rejection(snsClient(server.url, wrongSecret).send(new ListTopicsCommand({})))), { code: 'SignatureDoesNotMatch', status: 403 });
    });

    it("expired: ExpiredToken (SQS both protocols, SNS, STS 403; Kinesis ExpiredTokenException 400); the account's own key goes on", async () => {
      const out = await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: BOB_ROLE, RoleSessionName: 'brief', DurationSeconds: 900 }));
      const role = temporary(out.Credentials);
      clock.advance(899_000);
      assert.equal((await stsClient(server.url, role, offset()).send(new GetCallerIdentityCommand({}))).Account, BOB.accountId);
      clock.advance(1_000);
      const sts = await rejection(stsClient(server.url, role, offset()).send(new GetCallerIdentityCommand({})));
      assert.deepEqual(codeOf(sts), { code: 'ExpiredToken', status: 403 });
      assert.equal(sts.message, 'The security token included in the request is expired');
      for (const kind of SQS_CLIENTS) {
        const e = await rejection(sqsClient(kind, server.url, role, offset()).send(new kind.sdk.ListQueuesCommand({})));
        assert.deepEqual([codeOf(e), e.message], [{ code: 'ExpiredToken', status: 403 }, EXPIRED], kind.protocol);
      }
      // SQS JSON on the wire: coral's JSON name, the query code in x-amzn-query-error.
      const json = await signedSqsJson(server.url, role, clock.now(), 'ListQueues');
      assert.deepEqual([json.status, json.headers.get('x-amzn-query-error'), await json.json()], [403, 'ExpiredToken;Sender', { __type: 'com.amazon.coral.service#ExpiredTokenException', message: EXPIRED }]);
      const sns = await rejection(snsClient(server.url, role, offset()).send(new ListTopicsCommand({})));
      assert.deepEqual([codeOf(sns), sns.message], [{ code: 'ExpiredToken', status: 403 }, EXPIRED]);
      const k = await rejection(kinesisClient(server.url, role, offset()).send(new ListStreamsCommand({})));
      assert.deepEqual([k.name, k.$metadata.httpStatusCode, k.message], ['ExpiredTokenException', 400, EXPIRED]);
      await snsClient(server.url, BOB, offset()).send(new ListTopicsCommand({}));
    });
  });

  describe(`STS with --credentials and --enforce-policies [${engine}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(engine, new ManualClock(Date.now()), { enforcePolicies: 'true' });
    });
    after(async () => server.close());

    it("a role of the caller's own account only (no trust policy names anyone else), and no session policy Switchyard cannot apply", async () => {
      const own = await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ALICE.accountId}:role/own`, RoleSessionName: 'me', Tags: [{ Key: 'k', Value: 'v' }] }));
      assert.equal(own.AssumedRoleUser!.Arn, `arn:aws:sts::${ALICE.accountId}:assumed-role/own/me`);
      const cross = await rejection(stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: BOB_ROLE, RoleSessionName: 'me' })));
      assert.deepEqual(codeOf(cross), { code: 'AccessDenied', status: 403 });
      assert.equal(cross.message, `User: arn:aws:iam::${ALICE.accountId}:root is not authorized to perform: sts:AssumeRole on resource: ${BOB_ROLE}`);
      const fromRole = await rejection(stsClient(server.url, temporary(own.Credentials)).send(new AssumeRoleCommand({ RoleArn: BOB_ROLE, RoleSessionName: 'hop' })));
      assert.match(fromRole.message, new RegExp(`^User: arn:aws:sts::${ALICE.accountId}:assumed-role/own/me is not authorized`));
      const policy = await rejection(stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ALICE.accountId}:role/own`, RoleSessionName: 'p1', Policy: '{}' })));
      assert.deepEqual(codeOf(policy), { code: 'AccessDenied', status: 403 });
      assert.match(policy.message, /does not evaluate session policies/);
    });
  });
}
