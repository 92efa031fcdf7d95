// --enforce-policies: the condition keys the transport gives, through the real clients on both
// engines: aws:SecureTransport (true over https on the TLS port, false over plain http) and
// aws:SourceIp (the peer's address: 127.0.0.1 here), over HTTP/1.1 (SQS, both protocols) and
// HTTP/2 (Kinesis, h2c).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CreateStreamCommand, KinesisClient, PutRecordCommand, PutResourcePolicyCommand } from '@aws-sdk/client-kinesis';
import { E2E_ENGINES, startTestServer, type TestServer } from '../helpers/server.js';
import { SQS_CLIENTS, errorMessage, isSqsError } from '../helpers/sqs-clients.js';
import { isKinesisError, waitUntilActive } from '../helpers/kinesis.js';
import { selfSignedTls } from '../helpers/tls.js';

const OWNER = '000000000000';
const OTHER = '222222222222';
const credentials = (accessKeyId: string) => ({ accessKeyId, secretAccessKey: 'secret' });
const denied = (e: any) => {
  assert.ok(isSqsError(e, 'AccessDeniedException', 'AccessDenied'), `expected AccessDenied, got ${e?.name}: ${errorMessage(e)}`);
  assert.match(errorMessage(e), /because no resource-based policy allows the sqs:sendmessage action$/);
  return true;
};

for (const engine of E2E_ENGINES) {
  describe(`resource policy conditions from the transport [${engine}]`, () => {
    const tls = selfSignedTls();
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-policy-tls-'));
    const httpsAgent = new https.Agent({ ca: tls.cert, keepAlive: true });
    let server: TestServer;
    before(async () => {
      writeFileSync(join(dir, 'cert.pem'), tls.cert);
      writeFileSync(join(dir, 'key.pem'), tls.key);
      server = await startTestServer(engine, {}, { enforcePolicies: 'true', tlsCert: join(dir, 'cert.pem'), tlsKey: join(dir, 'key.pem'), kinesisCreateDelayMs: '0' });
    });
    after(async () => {
      httpsAgent.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    for (const kind of SQS_CLIENTS) {
      const { sdk } = kind;
      const client = (endpoint: string, accessKeyId: string) =>
        new sdk.SQSClient({ endpoint, region: 'us-east-1', credentials: credentials(accessKeyId), maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent }) });
      const queueWith = async (name: string, condition: object) => {
        const owner = client(server.url, OWNER);
        try {
          const arn = `arn:aws:sqs:us-east-1:${OWNER}:${name}`;
          const Policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'sqs:SendMessage', Resource: arn, Condition: condition }] });
          return (await owner.send(new sdk.CreateQueueCommand({ QueueName: name, Attributes: { Policy } }))).QueueUrl!;
        } finally {
          owner.destroy();
        }
      };
      const sendAs = async (endpoint: string, url: string) => {
        const other = client(endpoint, OTHER);
        try {
          // The queue is named by its path: the same URL reaches it over either scheme.
          return await other.send(new sdk.SendMessageCommand({ QueueUrl: `${endpoint}${new URL(url).pathname}`, MessageBody: 'x' }));
        } finally {
          other.destroy();
        }
      };

      it(`aws:SecureTransport: an Allow asking for TLS lets the other account in over https only (${kind.protocol})`, async () => {
        const url = await queueWith(`tls-only-${kind.protocol}`, { Bool: { 'aws:SecureTransport': 'true' } });
        await sendAs(server.tlsUrl!, url);
        await assert.rejects(sendAs(server.url, url), denied);
      });

      it(`aws:SourceIp: an Allow for the loopback block lets the other account in, one for another block does not (${kind.protocol})`, async () => {
        const loopback = await queueWith(`loopback-${kind.protocol}`, { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } });
        await sendAs(server.url, loopback);
        const elsewhere = await queueWith(`elsewhere-${kind.protocol}`, { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } });
        await assert.rejects(sendAs(server.url, elsewhere), denied);
      });
    }

    it('aws:SourceIp over HTTP/2 (Kinesis h2c): NotIpAddress in a Deny refuses the loopback peer', async () => {
      const owner = new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials: credentials(OWNER), maxAttempts: 1 });
      try {
        await owner.send(new CreateStreamCommand({ StreamName: 'by-address', ShardCount: 1 }));
        await waitUntilActive(owner, 'by-address');
        const arn = `arn:aws:kinesis:us-east-1:${OWNER}:stream/by-address`;
        const put = () => owner.send(new PutRecordCommand({ StreamARN: arn, PartitionKey: 'k', Data: Buffer.from('x') }));
        await owner.send(new PutResourcePolicyCommand({
          ResourceARN: arn,
          Policy: JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 'kinesis:PutRecord', Resource: arn, Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] }),
        }));
        await assert.rejects(put(), (e) => isKinesisError(e, 'AccessDeniedException', /with an explicit deny in a resource-based policy$/));
        await owner.send(new PutResourcePolicyCommand({
          ResourceARN: arn,
          Policy: JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 'kinesis:PutRecord', Resource: arn, Condition: { NotIpAddress: { 'aws:SourceIp': '127.0.0.1/32' } } }] }),
        }));
        await put();
      } finally {
        owner.destroy();
      }
    });
  });
}
