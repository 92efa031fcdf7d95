/**
 * CBOR codec cost for a Kinesis PutRecords request of 500 × 1 KiB records (the Java SDK / KCL
 * shape), with the JSON 1.1 path for comparison, and the whole protocol handler (detect, decode,
 * a handler returning a canned 500-entry result, encode) in both.
 *
 *   node --import tsx bench/protocol-cbor.ts
 */
import { CBOR_CONTENT_TYPE, decodeCbor, decodeCborStruct, encodeCbor } from '../src/protocol/cbor.js';
import { fakeInputErrors, wireRequest } from '../src/protocol/fixtures.test.js';
import { createProtocolHandler } from '../src/protocol/index.js';
import { decodeJsonStruct, encodeJson } from '../src/protocol/json.js';
import { planStructure } from '../src/protocol/plan.js';
import type { ServiceModel, Shape, StructureShape } from '../src/services/shared/shapes.js';

const string: Shape = { type: 'string' };
const struct = (name: string, members: StructureShape['members']): StructureShape => ({ type: 'structure', name, members });
const inputShape = struct('PutRecordsInput', {
  Records: {
    shape: {
      type: 'list',
      member: struct('PutRecordsRequestEntry', {
        Data: { shape: { type: 'blob' }, required: true },
        ExplicitHashKey: { shape: string },
        PartitionKey: { shape: string, required: true },
      }),
    },
    required: true,
  },
  StreamName: { shape: string },
  StreamARN: { shape: string },
});
const outputShape = struct('PutRecordsOutput', {
  FailedRecordCount: { shape: { type: 'integer' } },
  Records: {
    shape: {
      type: 'list',
      member: struct('PutRecordsResultEntry', {
        SequenceNumber: { shape: string },
        ShardId: { shape: string },
        ErrorCode: { shape: string },
        ErrorMessage: { shape: string },
      }),
    },
    required: true,
  },
  EncryptionType: { shape: string },
});
const input = planStructure(inputShape);
const output = planStructure(outputShape);

const request = {
  StreamName: 'bench-stream',
  Records: Array.from({ length: 500 }, (_, i) => ({ Data: Buffer.alloc(1024, i & 0xff), PartitionKey: `partition-key-${i}` })),
};
const response = {
  FailedRecordCount: 0,
  Records: Array.from({ length: 500 }, (_, i) => ({
    SequenceNumber: `4954698668313554428650745793632162567570019247115678${String(i).padStart(4, '0')}`,
    ShardId: `shardId-00000000000${i % 4}`,
  })),
};
const cborBody = encodeCbor(input, request);
const jsonBody = Buffer.from(encodeJson(input, request));

const model: ServiceModel = {
  service: 'kinesis',
  apiVersion: '2013-12-02',
  protocols: ['json', 'cbor'],
  targetPrefix: 'Kinesis_20131202',
  jsonVersion: '1.1',
  operations: { PutRecords: { name: 'PutRecords', input: inputShape, output: outputShape, errors: [] } },
  errors: {},
};
const handler = createProtocolHandler({
  services: [{ model, inputErrors: fakeInputErrors, handlers: { PutRecords: async () => response } }],
  defaultRegion: 'us-east-1',
  defaultAccountId: '000000000000',
});
const target = 'Kinesis_20131202.PutRecords';
const cborRequest = wireRequest({ headers: { 'content-type': CBOR_CONTENT_TYPE, 'x-amz-target': target }, body: cborBody });
const jsonRequest = wireRequest({ headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }, body: jsonBody });
// Decoding works in place on a fresh parse, so the same request can be handled again.
if ((await handler(cborRequest)).status !== 200 || (await handler(jsonRequest)).status !== 200) throw new Error('handler failed');

async function bench(name: string, fn: () => unknown, iterations: number): Promise<void> {
  for (let i = 0; i < 200; i++) await fn(); // warm up
  const samples: number[] = [];
  for (let round = 0; round < 7; round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / iterations);
  }
  samples.sort((a, b) => a - b);
  console.log(`${name.padEnd(48)} median ${samples[3]!.toFixed(0).padStart(5)} µs   min ${samples[0]!.toFixed(0).padStart(5)} µs`);
}

console.log(`PutRecords, 500 × 1 KiB: CBOR body ${cborBody.length} bytes, JSON body ${jsonBody.length} bytes`);
await bench('CBOR decode request (bytes → checked input)', () => decodeCborStruct(input, decodeCbor(cborBody)), 1000);
await bench('CBOR encode request (input → bytes)', () => encodeCbor(input, request), 1000);
await bench('CBOR encode response (500 result entries)', () => encodeCbor(output, response), 1000);
await bench('CBOR whole handler (detect, decode, encode)', () => handler(cborRequest), 1000);
await bench('JSON decode request (parse + base64)', () => decodeJsonStruct(input, JSON.parse(jsonBody.toString('utf8'))), 300);
await bench('JSON encode request', () => encodeJson(input, request), 300);
await bench('JSON encode response (500 result entries)', () => encodeJson(output, response), 1000);
await bench('JSON whole handler (detect, decode, encode)', () => handler(jsonRequest), 300);
