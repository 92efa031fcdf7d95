// SigV4 verification (--credentials) for Kinesis through @aws-sdk/client-kinesis over HTTP/2 (as it
// comes) and HTTP/1.1, on every engine: accounts per key, SubscribeToShard signed over h2, a signed
// CBOR request, and AWS's errors (all HTTP 400 for Kinesis).
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { after, before, describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  CreateStreamCommand,
  DescribeStreamConsumerCommand,
  KinesisClient,
  ListStreamsCommand,
  PutRecordCommand,
  RegisterStreamConsumerCommand,
  SubscribeToShardCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import { decodeCbor } from '../../src/protocol/cbor-value.js';
import { encodeCborValue } from '../../src/protocol/cbor-writer.js';
import { waitUntilActive } from '../helpers/kinesis.js';
import { E2E_ENGINES, type TestServer } from '../helpers/server.js';
import { ALICE, BOB, clientConfig, startAuthServer, type Key } from './auth-keys.js';

const TRANSPORTS = ['h2', 'http1'] as const;

for (const engine of E2E_ENGINES) {
  for (const transport of TRANSPORTS) {
    describe(`Kinesis with --credentials [${engine}, ${transport}]`, () => {
      let server: TestServer;
      const clients: KinesisClient[] = [];
      const kinesis = (key: Key, secret?: string) => {
        const handler = transport === 'http1' ? { requestHandler: new NodeHttpHandler() } : {};
        const c = new KinesisClient({ ...clientConfig(server.url, key, secret), ...handler });
        clients.push(c);
        return c;
      };
      const fails = (p: Promise<unknown>) => p.then(() => assert.fail('accepted'), (e: any) => ({ name: e.name, status: e.$metadata?.httpStatusCode, message: e.message }));
      before(async () => {
        server = await startAuthServer(engine, { kinesisSubscriptionMs: '3000' });
      });
      after(async () => {
        for (const c of clients) c.destroy();
        await server.close();
      });

      it('each key acts as its own account; SubscribeToShard streams records to the key that signed it', async () => {
        const alice = kinesis(ALICE);
        const name = `events-${transport}`;
        await alice.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
        await waitUntilActive(alice, name);
        assert.deepEqual((await kinesis(BOB).send(new ListStreamsCommand({}))).StreamNames, []);
        const arn = `arn:aws:kinesis:us-east-1:${ALICE.accountId}:stream/${name}`;
        const { Consumer } = await alice.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'reader' }));
        assert.match(Consumer!.ConsumerARN!, new RegExp(`^arn:aws:kinesis:us-east-1:${ALICE.accountId}:stream/${name}/consumer/reader:`));
        for (let i = 0; i < 100; i++) {
          const d = await alice.send(new DescribeStreamConsumerCommand({ ConsumerARN: Consumer!.ConsumerARN }));
          if (d.ConsumerDescription?.ConsumerStatus === 'ACTIVE') break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await alice.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('signed') }));
        const sub = await alice.send(new SubscribeToShardCommand({ ConsumerARN: Consumer!.ConsumerARN, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }));
        const seen: string[] = [];
        for await (const ev of sub.EventStream!) {
          seen.push(...(ev.SubscribeToShardEvent?.Records ?? []).map((r) => Buffer.from(r.Data!).toString()));
          if (seen.length > 0) break;
        }
        assert.deepEqual(seen, ['signed']);
        const refused = await fails(kinesis(ALICE, 'wrong').send(new SubscribeToShardCommand({ ConsumerARN: Consumer!.ConsumerARN, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } })));
        assert.equal(refused.name, 'InvalidSignatureException');
      });

      it('wrong secret: InvalidSignatureException; unknown key: UnrecognizedClientException; both 400', async () => {
        const wrong = await fails(kinesis(ALICE, 'wrong').send(new ListStreamsCommand({})));
        assert.equal(wrong.name, 'InvalidSignatureException');
        assert.equal(wrong.status, 400);
        assert.match(wrong.message, /^The request signature we calculated does not match the signature you provided\./);
        const unknown = await fails(kinesis({ ...ALICE, accessKeyId: 'AKIANOBODY0000000000' }).send(new ListStreamsCommand({})));
        assert.deepEqual(unknown, { name: 'UnrecognizedClientException', status: 400, message: 'The security token included in the request is invalid.' });
      });

      it('a clock 6 minutes off is refused: Kinesis allows 5 (InvalidSignatureException "Signature expired")', async () => {
        const c = new KinesisClient({ ...clientConfig(server.url, ALICE), systemClockOffset: -6 * 60_000, ...(transport === 'http1' ? { requestHandler: new NodeHttpHandler() } : {}) });
        clients.push(c);
        const skewed = await fails(c.send(new ListStreamsCommand({})));
        assert.equal(skewed.name, 'InvalidSignatureException');
        assert.match(skewed.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
      });
    });
  }

  describe(`Kinesis requests signed by hand with --credentials [${engine}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startAuthServer(engine);
    });
    after(async () => server.close());

    /** A CBOR request (what the Java SDK and the KCL send) signed by the JS SDK's signer, over HTTP/1.1. */
    async function cbor(key: Key, op: string, body: unknown, secret = key.secretAccessKey) {
      const u = new URL(server.url);
      const signer = new SignatureV4({ service: 'kinesis', region: 'us-east-1', credentials: { ...key, secretAccessKey: secret }, sha256: Sha256 });
      const payload = new Uint8Array(encodeCborValue(body));
      const signed = await signer.sign({
        method: 'POST',
        protocol: 'http:',
        hostname: u.hostname,
        port: Number(u.port),
        path: '/',
        query: {},
        headers: { host: u.host, 'content-type': 'application/x-amz-cbor-1.1', 'x-amz-target': `Kinesis_20131202.${op}` },
        body: payload,
      });
      const res = await fetch(server.url, { method: 'POST', headers: signed.headers, body: payload });
      return { status: res.status, body: decodeCbor(Buffer.from(await res.arrayBuffer())) as any };
    }

    it('a signed CBOR request acts as its key\'s account; a wrong secret gets a CBOR InvalidSignatureException', async () => {
      assert.equal((await cbor(BOB, 'CreateStream', { StreamName: 'cbor-stream', ShardCount: 1 })).status, 200);
      const listed = await cbor(BOB, 'ListStreams', {});
      assert.deepEqual(listed.body.StreamNames, ['cbor-stream']);
      assert.deepEqual((await cbor(ALICE, 'ListStreams', {})).body.StreamNames, []);
      const wrong = await cbor(BOB, 'ListStreams', {}, 'wrong');
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.__type, 'InvalidSignatureException');
    });

    it('over HTTP/2, a signed header sent on two lines verifies (signed as its lines joined by ","), and a changed line does not', async () => {
      const u = new URL(server.url);
      const signer = new SignatureV4({ service: 'kinesis', region: 'us-east-1', credentials: BOB, sha256: Sha256 });
      const body = '{}';
      // @smithy/signature-v4 takes one value per header: it signs the form AWS's canonical request
      // has for repeated lines [SigV4 test suite, get-header-key-duplicate]; the request then sends
      // each value on its own HTTP/2 field line.
      const signed = await signer.sign({
        method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', query: {},
        headers: { host: u.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams', 'x-amz-meta-tag': 'value2,value1' },
        body,
      });
      const send = (lines: string[]) => new Promise<{ status: number; body: any }>((resolve, reject) => {
        const session = http2.connect(server.url);
        session.on('error', reject);
        const { host, ...rest } = signed.headers;
        const req = session.request({ ':method': 'POST', ':path': '/', ':authority': host, ...rest, 'x-amz-meta-tag': lines });
        let text = '';
        let status = 0;
        req.setEncoding('utf8');
        req.on('response', (h) => (status = Number(h[':status'])));
        req.on('data', (d: string) => (text += d));
        req.on('end', () => { session.close(); resolve({ status, body: JSON.parse(text) }); });
        req.on('error', reject);
        req.end(body);
      });
      const ok = await send(['value2', 'value1']);
      assert.equal(ok.status, 200);
      assert.ok(Array.isArray(ok.body.StreamNames));
      const changed = await send(['value1', 'value2']);
      assert.deepEqual([changed.status, changed.body.__type], [400, 'InvalidSignatureException']);
    });
  });
}
