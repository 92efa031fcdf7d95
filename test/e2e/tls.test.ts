/**
 * TLS end to end (`--tls-cert` / `--tls-key`): the SDKs, the AWS CLI and sns-validator over https
 * on the server's own port, with a self-signed certificate the clients are told to trust. SQS
 * answers https queue URLs; Kinesis speaks HTTP/2 over TLS (ALPN); an SNS envelope's
 * SigningCertURL points at the server itself and sns-validator fetches the certificate from it,
 * with no HTTPS front. Transport only, so one engine (SQLite).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CreateStreamCommand, DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import MessageValidator from 'sns-validator';
import { buildConfig } from '../../src/runtime/config.js';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { SQS_CLIENTS } from '../helpers/sqs-clients.js';
import { selfSignedTls } from '../helpers/tls.js';

const run = promisify(execFile);
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** A port free right now: the server's cert base URL must name its port before it starts. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('TLS on the server port', () => {
  const tls = selfSignedTls();
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-tls-'));
  const certFile = join(dir, 'cert.pem');
  let server: RunningServer;
  let base: string;
  const httpsAgent = new https.Agent({ ca: tls.cert, keepAlive: true });

  before(async () => {
    writeFileSync(certFile, tls.cert);
    writeFileSync(join(dir, 'key.pem'), tls.key);
    const port = await freePort();
    base = `https://127.0.0.1:${port}`;
    server = await startServer(
      buildConfig({
        port: String(port),
        dataDir: join(dir, 'data'),
        logLevel: 'silent',
        tlsCert: certFile,
        tlsKey: join(dir, 'key.pem'),
        snsCertBaseUrl: base,
        kinesisCreateDelayMs: '0',
      }),
    );
  });
  after(async () => {
    httpsAgent.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('announces both URLs of the one port', () => {
    assert.equal(server.tlsUrl, base);
    assert.equal(server.url, base.replace('https:', 'http:'));
  });

  for (const kind of SQS_CLIENTS) {
    it(`SQS over https (${kind.protocol} protocol): queue URLs are https, a message goes round`, async () => {
      const sqs = new kind.sdk.SQSClient({ endpoint: base, region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent }) });
      try {
        const { QueueUrl } = await sqs.send(new kind.sdk.CreateQueueCommand({ QueueName: `tls-${kind.protocol}` }));
        assert.equal(QueueUrl, `${base}/000000000000/tls-${kind.protocol}`);
        await sqs.send(new kind.sdk.SendMessageCommand({ QueueUrl, MessageBody: 'over TLS' }));
        const { Messages } = await sqs.send(new kind.sdk.ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
        assert.equal(Messages?.[0]?.Body, 'over TLS');
      } finally {
        sqs.destroy();
      }
    });
  }

  it('Kinesis over HTTP/2 with TLS (ALPN h2), as the current SDK connects', async () => {
    const handler = new NodeHttp2Handler();
    // The handler's http2.connect options: how a test trusts a self-signed certificate.
    (handler as unknown as { connectionManager: { setNodeHttp2ConnectOptions(o: object): void } }).connectionManager.setNodeHttp2ConnectOptions({ ca: tls.cert });
    const kinesis = new KinesisClient({ endpoint: base, region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: handler });
    try {
      await kinesis.send(new CreateStreamCommand({ StreamName: 'tls', ShardCount: 1 }));
      for (let i = 0; i < 100; i++) {
        const d = await kinesis.send(new DescribeStreamCommand({ StreamName: 'tls' }));
        if (d.StreamDescription?.StreamStatus === 'ACTIVE') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const put = await kinesis.send(new PutRecordCommand({ StreamName: 'tls', PartitionKey: 'k', Data: Buffer.from('record over h2') }));
      const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: 'tls', ShardId: put.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      const { Records } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
      assert.equal(Buffer.from(Records![0]!.Data!).toString(), 'record over h2');
    } finally {
      kinesis.destroy();
    }
  });

  it('an SNS envelope verifies with sns-validator against the certificate served on this port', async () => {
    const clientConfig = { endpoint: base, region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent }) };
    const sns = new SNSClient(clientConfig);
    const sqsKind = SQS_CLIENTS[0]!;
    const sqs = new sqsKind.sdk.SQSClient(clientConfig);
    // sns-validator fetches SigningCertURL with https.get, i.e. through https.globalAgent.
    const previousCa = https.globalAgent.options.ca;
    https.globalAgent.options.ca = tls.cert;
    try {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'tls-topic' }));
      const { QueueUrl } = await sqs.send(new sqsKind.sdk.CreateQueueCommand({ QueueName: 'tls-sink' }));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:tls-sink' }));
      await sns.send(new PublishCommand({ TopicArn, Message: 'signed over TLS', Subject: 's' }));
      const { Messages } = await sqs.send(new sqsKind.sdk.ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }));
      const envelope = JSON.parse(Messages![0]!.Body!) as Record<string, unknown>;
      assert.match(String(envelope.SigningCertURL), new RegExp(`^${base}/SimpleNotificationService-[0-9a-f]{32}\\.pem$`));
      const validator = new MessageValidator(/^127\.0\.0\.1:\d+$/);
      await new Promise<void>((resolve, reject) => validator.validate(envelope, (e) => (e ? reject(e) : resolve())));
    } finally {
      https.globalAgent.options.ca = previousCa;
      sns.destroy();
      sqs.destroy();
    }
  });

  const cli = ['/usr/bin/aws'].find((p) => existsSync(p));
  it('the AWS CLI over https (AWS_CA_BUNDLE)', { skip: cli === undefined ? 'awscli is not installed (.ci/run installs it)' : false }, async () => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_CA_BUNDLE: certFile, AWS_PAGER: '' };
    const { stdout } = await run(cli!, ['--endpoint-url', base, 'sqs', 'create-queue', '--queue-name', 'tls-cli', '--output', 'json'], { env, timeout: 60_000 });
    assert.equal((JSON.parse(stdout) as { QueueUrl: string }).QueueUrl, `${base}/000000000000/tls-cli`);
  });
});
