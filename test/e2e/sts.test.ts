/**
 * STS without --credentials (any signature goes), on every engine, through @aws-sdk/client-sts:
 * who am I for a key (LocalStack's rule: a 12-digit key id is its account, others the default),
 * AssumeRole and GetSessionToken credentials that act as the role's / caller's account on SQS
 * (both protocols), SNS and Kinesis, AWS's bounds on DurationSeconds, GetAccessKeyInfo, the
 * operations that are not implemented, and expiry on the server's (manual) clock.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetAccessKeyInfoCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { ManualClock } from '../../src/runtime/clock.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../helpers/server.js';
import { SQS_CLIENTS } from '../helpers/sqs-clients.js';
import { codeOf, kinesisClient, rejection, snsClient, sqsClient, stsClient, temporary } from './sts-kit.js';

const ANY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'whatever' };
const NUMERIC = { accessKeyId: '333333333333', secretAccessKey: 'whatever' };
const ROLE = 'arn:aws:iam::444444444444:role/service/app-role';

for (const engine of E2E_ENGINES) {
  describe(`STS without --credentials [${engine}]`, () => {
    let server: TestServer;
    const clock = new ManualClock(Date.now());
    before(async () => {
      server = await startTestServer(engine, { clock }, { kinesisCreateDelayMs: '50' });
    });
    after(async () => server.close());

    it("GetCallerIdentity: the key's account as its root user (a 12-digit key is its account, others the default)", async () => {
      assert.deepEqual(pick(await stsClient(server.url, NUMERIC).send(new GetCallerIdentityCommand({}))), {
        UserId: '333333333333',
        Account: '333333333333',
        Arn: 'arn:aws:iam::333333333333:root',
      });
      const any = await stsClient(server.url, ANY).send(new GetCallerIdentityCommand({}));
      assert.equal(any.Account, '000000000000');
      assert.equal(any.Arn, 'arn:aws:iam::000000000000:root');
    });

    it("AssumeRole: ASIA credentials for an hour; they are the role's session, in the role's account, on every service", async () => {
      const out = await stsClient(server.url, NUMERIC).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'worker-1' }));
      const c = out.Credentials!;
      assert.match(c.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
      assert.equal(c.SecretAccessKey!.length, 40);
      assert.equal(c.Expiration!.getTime(), Math.floor(clock.now() / 1000) * 1000 + 3600_000);
      assert.equal(out.AssumedRoleUser!.Arn, 'arn:aws:sts::444444444444:assumed-role/app-role/worker-1');
      assert.match(out.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z2-7]{17}:worker-1$/);
      assert.equal(out.PackedPolicySize, undefined);
      const role = temporary(c);

      const me = await stsClient(server.url, role).send(new GetCallerIdentityCommand({}));
      assert.deepEqual(pick(me), { UserId: out.AssumedRoleUser!.AssumedRoleId, Account: '444444444444', Arn: out.AssumedRoleUser!.Arn });
      const info = await stsClient(server.url, ANY).send(new GetAccessKeyInfoCommand({ AccessKeyId: c.AccessKeyId! }));
      assert.equal(info.Account, '444444444444', 'the account is in the key id, as in AWS');

      for (const kind of SQS_CLIENTS) {
        const q = await sqsClient(kind, server.url, role).send(new kind.sdk.CreateQueueCommand({ QueueName: `sts-role-${kind.protocol}` }));
        assert.match(q.QueueUrl!, new RegExp(`/444444444444/sts-role-${kind.protocol}$`));
      }
      const t = await snsClient(server.url, role).send(new CreateTopicCommand({ Name: 'sts-role' }));
      assert.equal(t.TopicArn, 'arn:aws:sns:us-east-1:444444444444:sts-role');
      const k = kinesisClient(server.url, role);
      await k.send(new (await import('@aws-sdk/client-kinesis')).CreateStreamCommand({ StreamName: 'sts-role', ShardCount: 1 }));
      assert.deepEqual((await k.send(new ListStreamsCommand({}))).StreamNames, ['sts-role']);
      assert.deepEqual((await kinesisClient(server.url, ANY).send(new ListStreamsCommand({}))).StreamNames, [], 'not in the default account');
    });

    it('AssumeRole: DurationSeconds within 900–43200 (ValidationError as AWS words it), role chaining at most an hour', async () => {
      const sts = stsClient(server.url, NUMERIC);
      const short = await rejection(sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's', DurationSeconds: 899 })));
      assert.deepEqual(codeOf(short), { code: 'ValidationError', status: 400 });
      assert.match(short.message, /^2 validation errors detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900; Value 's' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2$/);
      const long = await rejection(sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'ok', DurationSeconds: 43201 })));
      assert.match(long.message, /Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200/);
      const twelveHours = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'long', DurationSeconds: 43200 }));
      assert.equal(twelveHours.Credentials!.Expiration!.getTime() - Math.floor(clock.now() / 1000) * 1000, 43200_000);
      const notARole = await rejection(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::444444444444:user/someone', RoleSessionName: 'x1' })));
      assert.deepEqual([codeOf(notARole), notARole.message], [{ code: 'ValidationError', status: 400 }, 'Request ARN is invalid']);
      for (const arn of ['nothing-valid-in-here', 'arn::b:::something/test-role', 'arn:a:::something/test-role', 'arn:a:a::aaaaaaaaaa:']) {
        const noArn = await rejection(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'Session1' })));
        assert.deepEqual([codeOf(noArn), noArn.message], [{ code: 'ValidationError', status: 400 }, `${arn} is invalid`], arn);
      }
      const chained = stsClient(server.url, temporary(twelveHours.Credentials));
      const tooLong = await rejection(chained.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'hop', DurationSeconds: 3601 })));
      assert.deepEqual(
        [codeOf(tooLong), tooLong.message],
        [{ code: 'ValidationError', status: 400 }, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'],
      );
      const hop = await chained.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::555555555555:role/next', RoleSessionName: 'hop' }));
      assert.equal((await stsClient(server.url, temporary(hop.Credentials)).send(new GetCallerIdentityCommand({}))).Account, '555555555555');
    });

    it('AssumeRole: a session policy and tags are accepted and packed (PackedPolicySize); a policy that is not JSON is MalformedPolicyDocument; too much to pack is PackedPolicyTooLarge', async () => {
      const sts = stsClient(server.url, NUMERIC);
      const policy = '{"Version":"2012-10-17","Statement":[]}';
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'tagged', Policy: policy, Tags: [{ Key: 'team', Value: 'a' }] }));
      assert.ok(out.PackedPolicySize! > 0 && out.PackedPolicySize! <= 100, String(out.PackedPolicySize));
      const bad = await rejection(sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'bad', Policy: 'not json' })));
      assert.equal(bad.name, 'MalformedPolicyDocumentException');
      assert.deepEqual([codeOf(bad), bad.message], [{ code: 'MalformedPolicyDocument', status: 400 }, 'The policy is not in the valid JSON format.']);

      // Hex values hardly deflate: 30 of 256 characters are well past the packed limit.
      const tags = Array.from({ length: 30 }, (_, i) => ({ Key: `k${i}`, Value: randomBytes(128).toString('hex') }));
      const tagsOnly = await rejection(sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'many-tags', Tags: tags })));
      assert.equal(tagsOnly.name, 'PackedPolicyTooLargeException');
      assert.deepEqual(codeOf(tagsOnly), { code: 'PackedPolicyTooLarge', status: 400 });
      assert.match(tagsOnly.message, /^Packed size of session tags consumes \d{3}% of allotted space\.$/);
      const withPolicy = await rejection(sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'many-tags', Tags: tags, Policy: policy })));
      assert.deepEqual(codeOf(withPolicy), { code: 'PackedPolicyTooLarge', status: 400 });
      assert.match(withPolicy.message, /^Packed policy consumes \d{3}% of allotted space, please use smaller policy\.$/);
    });

    it("GetSessionToken: the caller's own account for at most an hour (AWS's rule for account credentials); not with session credentials", async () => {
      const out = await stsClient(server.url, NUMERIC).send(new GetSessionTokenCommand({ DurationSeconds: 129600 }));
      assert.equal(out.Credentials!.Expiration!.getTime() - Math.floor(clock.now() / 1000) * 1000, 3600_000);
      const session = stsClient(server.url, temporary(out.Credentials));
      assert.deepEqual(pick(await session.send(new GetCallerIdentityCommand({}))), { UserId: '333333333333', Account: '333333333333', Arn: 'arn:aws:iam::333333333333:root' });
      const again = await rejection(session.send(new GetSessionTokenCommand({})));
      assert.deepEqual(codeOf(again), { code: 'AccessDenied', status: 403 });
      assert.equal(again.message, 'Cannot call GetSessionToken with session credentials');
      const bounds = await rejection(stsClient(server.url, NUMERIC).send(new GetSessionTokenCommand({ DurationSeconds: 129601 })));
      assert.match(bounds.message, /Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600/);
    });

    it('GetAccessKeyInfo: AWS-format ids carry their account; a 12-digit id is its account; others the default', async () => {
      const sts = stsClient(server.url, ANY);
      // A published AWS example: ASIAY34FZKBOKMUTVV7A belongs to 609629065308.
      assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'ASIAY34FZKBOKMUTVV7A' }))).Account, '609629065308');
      assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: '0000123456789012' }))).Account, '000000000000');
      const short = await rejection(sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIA' })));
      assert.match(short.message, /Value 'AKIA' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16/);
    });

    it('operations not implemented answer InvalidAction saying so', async () => {
      const e = await rejection(stsClient(server.url, ANY).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'web', WebIdentityToken: 'x'.repeat(10) })));
      assert.deepEqual(codeOf(e), { code: 'InvalidAction', status: 400 });
      assert.equal(e.message, 'The operation AssumeRoleWithWebIdentity is not implemented by Switchyard yet.');
    });

    it("expired credentials: each service's ExpiredToken error; another server's (or AWS's) token changes nothing", async () => {
      const out = await stsClient(server.url, NUMERIC).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'short', DurationSeconds: 900 }));
      const role = temporary(out.Credentials);
      assert.equal((await stsClient(server.url, role).send(new GetCallerIdentityCommand({}))).Account, '444444444444');
      clock.advance(900_000);
      const sts = await rejection(stsClient(server.url, role).send(new GetCallerIdentityCommand({})));
      assert.deepEqual(codeOf(sts), { code: 'ExpiredToken', status: 403 });
      assert.equal(sts.message, 'The security token included in the request is expired');
      for (const kind of SQS_CLIENTS) {
        const e = await rejection(sqsClient(kind, server.url, role).send(new kind.sdk.ListQueuesCommand({})));
        assert.deepEqual(codeOf(e), { code: 'ExpiredToken', status: 403 }, kind.protocol);
      }
      assert.deepEqual(codeOf(await rejection(snsClient(server.url, role).send(new CreateTopicCommand({ Name: 'late' })))), { code: 'ExpiredToken', status: 403 });
      const k = await rejection(kinesisClient(server.url, role).send(new ListStreamsCommand({})));
      assert.deepEqual([k.name, k.$metadata.httpStatusCode], ['ExpiredTokenException', 400]);

      const foreign = { ...role, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE'.repeat(8) };
      assert.equal((await stsClient(server.url, foreign).send(new GetCallerIdentityCommand({}))).Account, '000000000000');
    });
  });
}

function pick(o: { UserId?: string; Account?: string; Arn?: string }) {
  return { UserId: o.UserId, Account: o.Account, Arn: o.Arn };
}
