// Kinesis on the wire, without an SDK in between: AWS JSON 1.1 over HTTP/1.1 (fetch) and h2c
// (node:http2 with prior knowledge, what the JS v3 client does), a CBOR round trip, the three
// timestamp forms clients send (integer, fraction, exponent: AWS-WIRE §3.1), and the decode
// errors with their bare `__type`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { decodeCbor, encodeCborValue } from '../../../src/protocol/cbor.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';

const JSON11 = 'application/x-amz-json-1.1';

for (const engine of E2E_ENGINES) {
  describe(`Kinesis wire [${engine}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine, {}, { kinesisCreateDelayMs: '0' });
    });
    after(() => server?.close());

    const call = async (op: string, body: unknown, contentType = JSON11) => {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': contentType, 'x-amz-target': `Kinesis_20131202.${op}` },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, type: res.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
    };

    it('JSON 1.1 over HTTP/1.1: an empty 200 for CreateStream, numbers for timestamps, base64 for data', async () => {
      const created = await call('CreateStream', { StreamName: 'w1', ShardCount: 1 });
      assert.deepEqual([created.status, created.type], [200, JSON11]);
      const put = await call('PutRecord', { StreamName: 'w1', PartitionKey: 'pk', Data: Buffer.from('hello').toString('base64') });
      assert.equal(put.status, 200);
      assert.match(put.body.SequenceNumber, /^\d{56}$/);
      const it = await call('GetShardIterator', { StreamName: 'w1', ShardId: put.body.ShardId, ShardIteratorType: 'TRIM_HORIZON' });
      const got = await call('GetRecords', { ShardIterator: it.body.ShardIterator });
      const [r] = got.body.Records;
      assert.equal(r.Data, 'aGVsbG8=');
      assert.equal(typeof r.ApproximateArrivalTimestamp, 'number');
      assert.ok(Math.abs(r.ApproximateArrivalTimestamp * 1000 - Date.now()) < 60_000);
      const d = await call('DescribeStreamSummary', { StreamName: 'w1' });
      assert.equal(typeof d.body.StreamDescriptionSummary.StreamCreationTimestamp, 'number');
    });

    it('timestamps arrive as integer, fraction or exponent epoch seconds', async () => {
      await call('CreateStream', { StreamName: 'w2', ShardCount: 1 });
      await call('PutRecord', { StreamName: 'w2', PartitionKey: 'pk', Data: 'AA==' });
      const past = Math.floor(Date.now() / 1000) - 60;
      for (const ts of [String(past), `${past}.125`, `${(past / 1e9).toFixed(9)}E9`]) {
        const body = `{"StreamName":"w2","ShardId":"shardId-000000000000","ShardIteratorType":"AT_TIMESTAMP","Timestamp":${ts}}`;
        const it = await call('GetShardIterator', body);
        assert.equal(it.status, 200, `${ts}: ${JSON.stringify(it.body)}`);
        assert.equal((await call('GetRecords', { ShardIterator: it.body.ShardIterator })).body.Records.length, 1, ts);
      }
      const shards = await call('ListShards', `{"StreamName":"w2","ShardFilter":{"Type":"AT_TIMESTAMP","Timestamp":${past}E0}}`);
      assert.equal(shards.body.Shards.length, 1);
    });

    it('decode errors: bare __type, HTTP 400, coral messages', async () => {
      const expectError = async (r: Awaited<ReturnType<typeof call>>, type: string, message?: string) => {
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.type, JSON11);
        assert.equal(r.body.__type, type);
        if (message !== undefined) assert.equal(r.body.message, message);
      };
      await expectError(await call('CreateStream', '{"StreamName":'), 'SerializationException');
      await expectError(
        await call('CreateStream', { StreamName: 5, ShardCount: 1 }),
        'SerializationException',
        'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String',
      );
      await expectError(
        await call('CreateStream', { ShardCount: 1 }),
        'ValidationException',
        "1 validation error detected: Value null at 'streamName' failed to satisfy constraint: Member must not be null",
      );
      await expectError(
        await call('CreateStream', { StreamName: 'bad name', ShardCount: 0 }),
        'ValidationException',
        "2 validation errors detected: Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
          "Value 'bad name' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
      );
      // A null list member or map value: the constraint text of an absent member, at its path [unverified].
      await expectError(
        await call('PutRecords', { StreamName: 'w1', Records: [{ PartitionKey: 'k', Data: 'AA==' }, null] }),
        'ValidationException',
        "1 validation error detected: Value null at 'records.2.member' failed to satisfy constraint: Member must not be null",
      );
      await expectError(
        await call('AddTagsToStream', { StreamName: 'w1', Tags: { a: null } }),
        'ValidationException',
        "1 validation error detected: Value null at 'tags.a' failed to satisfy constraint: Member must not be null",
      );
      await expectError(await call('NoSuchThing', {}), 'UnknownOperationException');
      // a split point not above the shard's StartingHashKey + 1
      await expectError(await call('SplitShard', { StreamName: 'w1', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1' }), 'InvalidArgumentException');
      await expectError(await call('DescribeStream', {}), 'InvalidArgumentException');
      await expectError(await call('PutRecord', { StreamName: 'w1', PartitionKey: 'k', Data: 'AA==', DryRun: true }), 'DryRunOperationException');
    });

    it('h2c with prior knowledge (the JS v3 transport) answers JSON 1.1', async () => {
      const session = http2.connect(server.url);
      try {
        const body = JSON.stringify({ StreamName: 'h2', ShardCount: 1 });
        const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
          const req = session.request({ ':method': 'POST', ':path': '/', 'content-type': JSON11, 'x-amz-target': 'Kinesis_20131202.CreateStream' });
          let status = 0;
          let text = '';
          req.on('response', (h) => (status = Number(h[':status'])));
          req.setEncoding('utf8');
          req.on('data', (c: string) => (text += c));
          req.on('end', () => resolve({ status, text }));
          req.on('error', reject);
          req.end(body);
        });
        assert.equal(status, 200, text);
        assert.equal((await call('DescribeStreamSummary', { StreamName: 'h2' })).body.StreamDescriptionSummary.StreamStatus, 'ACTIVE');
      } finally {
        session.close();
      }
    });

    it('CBOR: blobs as byte strings, timestamps as tag-1 milliseconds', async () => {
      const cbor = async (op: string, body: unknown) => {
        const res = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-cbor-1.1', 'x-amz-target': `Kinesis_20131202.${op}` },
          body: new Uint8Array(encodeCborValue(body)),
        });
        return { status: res.status, body: decodeCbor(Buffer.from(await res.arrayBuffer())) as any };
      };
      await call('CreateStream', { StreamName: 'cbor', ShardCount: 1 });
      const put = await cbor('PutRecord', { StreamName: 'cbor', PartitionKey: 'pk', Data: Buffer.from([0, 1, 2]) });
      assert.equal(put.status, 200);
      assert.match(put.body.SequenceNumber, /^\d{56}$/);
      const it = await cbor('GetShardIterator', { StreamName: 'cbor', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(Date.now() - 60_000) });
      const got = await cbor('GetRecords', { ShardIterator: it.body.ShardIterator });
      const [r] = got.body.Records;
      assert.ok(Buffer.isBuffer(r.Data) && r.Data.equals(Buffer.from([0, 1, 2])));
      assert.ok(r.ApproximateArrivalTimestamp instanceof Date);
      const missing = await cbor('DescribeStream', { StreamName: 'nope' });
      assert.deepEqual([missing.status, missing.body.__type], [400, 'ResourceNotFoundException']);
    });
  });
}
