// SubscribeToShard on the wire without an SDK: CBOR (what the Java SDK and the KCL send), over
// HTTP/1.1 chunked: initial-response first, then SubscribeToShardEvent frames whose payloads are
// CBOR (blobs as byte strings, timestamps as tag-1 milliseconds), and ResourceInUseException as
// an ordinary CBOR error before the stream starts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCbor, encodeCborValue } from '../../../src/protocol/cbor.js';
import { decodeFrames } from '../../../src/protocol/event-stream.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';

const CBOR = 'application/x-amz-cbor-1.1';

for (const engine of E2E_ENGINES) {
  describe(`Kinesis SubscribeToShard wire (CBOR) [${engine}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine, {}, { kinesisCreateDelayMs: '0', kinesisSubscriptionMs: '3000' });
    });
    after(() => server?.close());

    const post = (op: string, body: unknown, signal?: AbortSignal) =>
      fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': CBOR, 'x-amz-target': `Kinesis_20131202.${op}` },
        body: new Uint8Array(encodeCborValue(body)),
        signal,
      });
    const call = async (op: string, body: unknown) => {
      const res = await post(op, body);
      const bytes = Buffer.from(await res.arrayBuffer());
      return { status: res.status, body: (bytes.length ? decodeCbor(bytes) : undefined) as any };
    };

    it('CBOR event stream: initial-response, then records as CBOR payloads; a second subscriber is refused with a CBOR error', async () => {
      assert.equal((await call('CreateStream', { StreamName: 'w', ShardCount: 1 })).status, 200);
      const arn = 'arn:aws:kinesis:us-east-1:000000000000:stream/w';
      const consumer = (await call('RegisterStreamConsumer', { StreamARN: arn, ConsumerName: 'kcl' })).body.Consumer.ConsumerARN as string;
      assert.equal((await call('PutRecord', { StreamName: 'w', PartitionKey: 'pk', Data: Buffer.from([9, 8, 7]) })).status, 200);
      const abort = new AbortController();
      const res = await post('SubscribeToShard', { ConsumerARN: consumer, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }, abort.signal);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/vnd.amazon.eventstream');
      await new Promise((r) => setTimeout(r, 1_000)); // AWS allows one SubscribeToShard call a second per consumer and shard
      const second = await call('SubscribeToShard', { ConsumerARN: consumer, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } });
      assert.deepEqual([second.status, second.body.__type], [400, 'ResourceInUseException']);
      let buf = Buffer.alloc(0);
      let frames: ReturnType<typeof decodeFrames> = [];
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf = Buffer.concat([buf, chunk]);
        try {
          frames = decodeFrames(buf);
        } catch {
          continue; // a frame split across chunks
        }
        if (frames.length >= 2) break;
      }
      abort.abort();
      assert.ok(frames.length >= 2, 'no event arrived');
      {
        assert.equal(frames[0]!.headers[':event-type'], 'initial-response');
        const ev = frames[1]!;
        assert.equal(ev.headers[':event-type'], 'SubscribeToShardEvent');
        assert.equal(ev.headers[':content-type'], CBOR);
        const payload = decodeCbor(ev.payload) as any;
        const [r] = payload.Records;
        assert.ok(Buffer.isBuffer(r.Data) && r.Data.equals(Buffer.from([9, 8, 7])));
        assert.ok(r.ApproximateArrivalTimestamp instanceof Date);
        assert.match(payload.ContinuationSequenceNumber, /^\d{56}$/);
        assert.equal(payload.MillisBehindLatest, 0);
      }
    });
  });
}
