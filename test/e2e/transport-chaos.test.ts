import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import net from 'node:net';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { E2E_ENGINES, startTestServer, type TestServer } from '../helpers/server.js';
import { failOnUnhandled } from '../helpers/unhandled.js';
import { FUZZ_SEED, rngFrom, type Rng } from '../helpers/wire-fuzz.js';

/**
 * Clients that break off at every moment, on the real server: HTTP/2 streams reset as they open
 * (with CANCEL, PROTOCOL_ERROR, INTERNAL_ERROR, NO_ERROR), reset a few ms after their request,
 * sessions destroyed, closed or sent GOAWAY under requests in flight, bodies left unfinished; then
 * HTTP/1.1 requests cut at a random byte and abandoned or finished. Real SQS, SNS and Kinesis calls
 * (a long poll among them). The process must raise nothing uncaught (a stream reset as it opened
 * ended it twice: h2.ts), the server must answer afterwards, and a message stored before must be
 * there. Seeded (SWITCHYARD_FUZZ_SEED); a few seconds; one engine (nothing here reaches the store
 * differently).
 */
failOnUnhandled();

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const auth = (service: string) => ({
  authorization: `AWS4-HMAC-SHA256 Credential=AKIDCHAOS/20261127/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
  'x-amz-date': '20261127T000000Z',
});

describe(`transport chaos [${E2E_ENGINES[0]}]`, () => {
  let server: TestServer;
  let sqs: SQSClient;
  let queueUrl: string;
  before(async () => {
    server = await startTestServer(E2E_ENGINES[0]);
    sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'chaos' }))).QueueUrl!;
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'kept through the chaos' }));
  });
  after(async () => {
    sqs.destroy();
    await server.close();
  });

  it('survives clients that break off at every moment, and answers afterwards', async () => {
    const rng = rngFrom(FUZZ_SEED);
    const calls: readonly [Record<string, string>, string][] = [
      [{ ...auth('sqs'), 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' }, JSON.stringify({ QueueUrl: `${queueUrl}-other`, MessageBody: 'x' })],
      [{ ...auth('sqs'), 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ReceiveMessage' }, JSON.stringify({ QueueUrl: `${queueUrl}-other`, WaitTimeSeconds: 1 })],
      [{ ...auth('sqs'), 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListQueues' }, '{}'],
      [{ ...auth('sns'), 'content-type': 'application/x-www-form-urlencoded' }, 'Action=ListTopics&Version=2010-03-31'],
      [{ ...auth('kinesis'), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' }, '{}'],
      [{ ...auth('kinesis'), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.PutRecord' }, '{"StreamName":"none","PartitionKey":"a","Data":"eA=="}'],
    ];
    await sqs.send(new CreateQueueCommand({ QueueName: 'chaos-other' }));
    const { NGHTTP2_CANCEL, NGHTTP2_PROTOCOL_ERROR, NGHTTP2_INTERNAL_ERROR, NGHTTP2_NO_ERROR } = http2.constants;
    const codes = [NGHTTP2_CANCEL, NGHTTP2_PROTOCOL_ERROR, NGHTTP2_INTERNAL_ERROR, NGHTTP2_NO_ERROR];
    const sessions: http2.ClientHttp2Session[] = [];
    let answered = 0;
    const deadline = Date.now() + 2_500;
    while (Date.now() < deadline) {
      for (let i = sessions.length - 1; i >= 0; i--) if (sessions[i]!.closed || sessions[i]!.destroyed) sessions.splice(i, 1);
      if (sessions.length < 4 || rng() < 0.05) {
        const s = http2.connect(server.url);
        s.on('error', () => undefined);
        sessions.push(s);
      }
      const session = pick(rng, sessions);
      const [headers, body] = pick(rng, calls);
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request({ ':method': 'POST', ':path': '/', ...headers });
      } catch {
        continue; // the session went away meanwhile
      }
      stream.on('error', () => undefined);
      stream.on('response', () => answered++);
      stream.resume();
      const roll = rng();
      const later = (f: () => void) => setTimeout(f, Math.floor(rng() * 30));
      if (roll < 0.3) stream.end(body);
      else if (roll < 0.5) {
        stream.write(body.slice(0, 3));
        stream.close(pick(rng, codes)); // reset as it opens
      } else if (roll < 0.6) {
        stream.end(body);
        later(() => stream.close(pick(rng, codes)));
      } else if (roll < 0.65) {
        stream.end(body);
        later(() => session.destroy());
      } else if (roll < 0.7) {
        stream.end(body);
        later(() => session.destroy(new Error('chaos'), NGHTTP2_PROTOCOL_ERROR));
      } else if (roll < 0.75) {
        stream.end(body);
        later(() => session.close());
      } else if (roll < 0.8) {
        stream.end(body);
        session.goaway(NGHTTP2_NO_ERROR);
      } else stream.write(body); // a body never finished
      if (rng() < 0.3) await sleep(Math.floor(rng() * 5));
    }
    for (const s of sessions) s.destroy();

    // HTTP/1.1: requests cut at a random byte, then abandoned or finished.
    const port = Number(new URL(server.url).port);
    for (let i = 0; i < 150; i++) {
      const [headers, body] = pick(rng, calls);
      const text = `POST / HTTP/1.1\r\nHost: x\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      const cut = Math.floor(rng() * text.length);
      const sock = net.connect(port, '127.0.0.1');
      sock.on('error', () => undefined);
      sock.write(text.slice(0, cut));
      const finish = rng() < 0.5;
      setTimeout(() => (finish ? sock.end(text.slice(cut)) : sock.destroy()), Math.floor(rng() * 10));
    }
    await sleep(1_500);

    assert.ok(answered > 50, `${answered} HTTP/2 answers`);
    // A fresh session and a fresh HTTP/1.1 client are answered; what was stored is there.
    const fresh = http2.connect(server.url);
    fresh.on('error', () => undefined);
    const status = await new Promise<number>((resolve, reject) => {
      const s = fresh.request({ ':method': 'POST', ':path': '/', ...calls[2]![0] });
      s.on('response', (h) => resolve(Number(h[':status'])));
      s.on('error', reject);
      s.end('{}');
    });
    fresh.close();
    assert.equal(status, 200);
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
    assert.equal(got.Messages?.[0]?.Body, 'kept through the chaos');
  });
});
