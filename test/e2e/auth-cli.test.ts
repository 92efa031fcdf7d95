// boto3 and the AWS CLI against a server with --credentials: Debian's boto3 1.26 (botocore 1.29,
// SQS over the query protocol) and each `aws` found (see boto3-awscli.test.ts). `.ci/run` installs
// the Debian packages; without them this file says so and skips.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { AWS_CLIS as CLIS, PYTHON, boto3Skip, run } from '../helpers/python-aws-cli.js';
import type { TestServer } from '../helpers/server.js';
import { ALICE, BOB, startAuthServer, type Key } from './auth-keys.js';

const SCRIPT = fileURLToPath(new URL('./auth_boto3.py', import.meta.url));
const envFor = (key: Key, secret = key.secretAccessKey) => ({
  ...process.env,
  AWS_ACCESS_KEY_ID: key.accessKeyId,
  AWS_SECRET_ACCESS_KEY: secret,
  AWS_SESSION_TOKEN: '',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_PAGER: '',
  AWS_MAX_ATTEMPTS: '1',
});

describe('boto3 and the AWS CLI with --credentials [sqlite]', () => {
  let server: TestServer;
  before(async () => {
    server = await startAuthServer('sqlite');
  });
  after(async () => server.close());

  it('boto3: accounts per key, AWS\'s error codes per service, botocore\'s presigned URL', { skip: boto3Skip }, async () => {
    const { stdout } = await run(PYTHON, [SCRIPT, server.url, ALICE.accessKeyId, ALICE.secretAccessKey, BOB.accessKeyId, BOB.secretAccessKey], { timeout: 60_000 });
    const r = JSON.parse(stdout);
    assert.equal(r.queue_url, `${server.url}/${ALICE.accountId}/boto3-auth`);
    assert.deepEqual(r.bob_queues, []);
    assert.equal(r.sns_topic, `arn:aws:sns:us-east-1:${BOB.accountId}:boto3-auth`);
    assert.deepEqual(r.kinesis_streams, []);
    const expect = (e: any, code: string, status: number) => {
      assert.equal(e?.code, code, JSON.stringify(e));
      assert.equal(e.status, status);
    };
    expect(r.sqs_wrong_secret, 'SignatureDoesNotMatch', 403);
    assert.match(r.sqs_wrong_secret.message, /The Canonical String for this request should have been\n'POST\n\/\n/);
    expect(r.sqs_unknown_key, 'InvalidClientTokenId', 403);
    expect(r.sns_wrong_secret, 'SignatureDoesNotMatch', 403);
    expect(r.kinesis_wrong_secret, 'InvalidSignatureException', 400);
    expect(r.kinesis_unknown_key, 'UnrecognizedClientException', 400);
    assert.equal(r.presigned.status, 200);
    assert.match(r.presigned.body, new RegExp(`<QueueUrl>[^<]*/${ALICE.accountId}/boto3-auth</QueueUrl>`));
    assert.equal(r.presigned_as_get.status, 403, 'the method is part of what was signed');
    assert.equal(r.presigned_tampered.status, 403);
  });

  for (const cli of CLIS) {
    it(`${cli}: works with a key, and reports AWS's error for a wrong secret or an unknown key`, async () => {
      const aws = (env: NodeJS.ProcessEnv, ...args: string[]) => run(cli, ['--endpoint-url', server.url, '--output', 'json', ...args], { env, timeout: 60_000 });
      const stderrOf = (p: Promise<unknown>) => p.then(() => assert.fail('accepted'), (e: any) => String(e.stderr));
      const q = JSON.parse((await aws(envFor(BOB), 'sqs', 'create-queue', '--queue-name', `cli-auth-${CLIS.indexOf(cli)}`)).stdout);
      assert.match(q.QueueUrl, new RegExp(`/${BOB.accountId}/cli-auth-`));
      assert.match(await stderrOf(aws(envFor(BOB, 'wrong'), 'sqs', 'list-queues')), /SignatureDoesNotMatch/);
      assert.match(await stderrOf(aws(envFor({ ...BOB, accessKeyId: 'AKIANOBODY0000000000' }), 'sns', 'list-topics')), /InvalidClientTokenId/);
      assert.match(await stderrOf(aws(envFor(ALICE, 'wrong'), 'kinesis', 'list-streams')), /InvalidSignatureException/);
      const streams = JSON.parse((await aws(envFor(ALICE), 'kinesis', 'list-streams')).stdout);
      assert.deepEqual(streams.StreamNames, []);
    });
  }
});
