// boto3 and the AWS CLI against a real server: Debian's boto3 1.26 (botocore 1.29: SQS over the
// query protocol), and each `aws` CLI found (Debian's awscli 2.9 speaks SQS query; a newer one on
// PATH speaks JSON). `.ci/run` installs the Debian packages; without them this file says so and skips.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { AWS_CLIS as CLIS, PYTHON, boto3Skip, run } from '../../helpers/python-aws-cli.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

const SCRIPT = fileURLToPath(new URL('./boto3_smoke.py', import.meta.url));
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };

describe('boto3 and the AWS CLI', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite');
  });
  after(async () => server.close());

  it('boto3: SQS (attributes, digests, errors), SNS fan-out to SQS, Kinesis put/get', { skip: boto3Skip }, async () => {
    const { stdout } = await run(PYTHON, [SCRIPT, server.url], { env, timeout: 60_000 });
    const r = JSON.parse(stdout);
    const body = 'hello from boto3 \r\n \u00fc';
    assert.equal(r.sqs.md5_sent, md5(body));
    assert.equal(r.sqs.body, body, 'the \\r survives (query XML escapes it as &#xD;)');
    assert.equal(r.sqs.md5_attrs_received, r.sqs.md5_attrs_sent);
    assert.deepEqual(r.sqs.binary, [0, 1, 255]);
    assert.equal(r.sqs.receive_count, '1');
    assert.equal(r.sqs.error, 'AWS.SimpleQueueService.NonExistentQueue');
    assert.deepEqual(r.sns.delivered, ['fan-out']);
    assert.equal(r.sns.error, 'NotFound');
    assert.deepEqual(r.kinesis.data, ['record-1']);
    assert.deepEqual(r.kinesis.seqs, [r.kinesis.sequence]);
  });

  for (const cli of CLIS) {
    it(`${cli}: SQS, SNS and Kinesis from the command line`, async () => {
      const aws = async (...args: string[]) => JSON.parse((await run(cli, ['--endpoint-url', server.url, '--output', 'json', ...args], { env, timeout: 60_000 })).stdout || '{}');
      const { stdout: version } = await run(cli, ['--version'], { env });
      const q = await aws('sqs', 'create-queue', '--queue-name', `cli-${CLIS.indexOf(cli)}`);
      const sent = await aws('sqs', 'send-message', '--queue-url', q.QueueUrl, '--message-body', 'from the cli');
      assert.equal(sent.MD5OfMessageBody, md5('from the cli'), version);
      const got = await aws('sqs', 'receive-message', '--queue-url', q.QueueUrl, '--attribute-names', 'All');
      assert.equal(got.Messages[0].Body, 'from the cli');
      await aws('sqs', 'delete-message', '--queue-url', q.QueueUrl, '--receipt-handle', got.Messages[0].ReceiptHandle);
      const missing = await run(cli, ['--endpoint-url', server.url, 'sqs', 'get-queue-url', '--queue-name', 'nope'], { env }).then(
        () => '',
        (e) => String(e.stderr),
      );
      assert.match(missing, /NonExistentQueue|QueueDoesNotExist/, version);
      const topic = await aws('sns', 'create-topic', '--name', `cli-topic-${CLIS.indexOf(cli)}`);
      assert.match(topic.TopicArn, /^arn:aws:sns:us-east-1:000000000000:cli-topic/);
      const listed = await aws('sns', 'list-topics');
      assert.ok(listed.Topics.some((t: { TopicArn: string }) => t.TopicArn === topic.TopicArn));
      const stream = `cli-stream-${CLIS.indexOf(cli)}`;
      await aws('kinesis', 'create-stream', '--stream-name', stream, '--shard-count', '1');
      for (let i = 0; i < 50; i++) {
        const d = await aws('kinesis', 'describe-stream-summary', '--stream-name', stream);
        if (d.StreamDescriptionSummary.StreamStatus === 'ACTIVE') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const put = await aws('kinesis', 'put-record', '--stream-name', stream, '--partition-key', 'pk', '--data', 'aGVsbG8=', '--cli-binary-format', 'base64').catch(() =>
        aws('kinesis', 'put-record', '--stream-name', stream, '--partition-key', 'pk', '--data', 'aGVsbG8='),
      );
      assert.match(put.SequenceNumber, /^\d{56}$/);
    });
  }
});
