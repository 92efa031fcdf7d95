/**
 * Microbenchmark of the protocol layer alone: one SendMessageBatch of 10 × 1 KiB bodies (each with
 * two message attributes) through createProtocolHandler — detect, SigV4 scope parse, decode, a
 * handler returning a canned 10-entry result, encode — in AWS JSON 1.0 and in the query protocol.
 * Also times decode and encode on their own.
 *
 *   node --import tsx bench/protocol-micro.ts
 */
import { miniSqsModel, md5, wireRequest, fakeInputErrors } from '../src/protocol/fixtures.test.js';
import { createProtocolHandler } from '../src/protocol/index.js';
import { decodeJsonStruct, encodeJson } from '../src/protocol/json.js';
import { planStructure } from '../src/protocol/plan.js';
import { buildTree, decodeQueryStruct, readQueryParams } from '../src/protocol/query.js';
import { encodeXml, xmlEnvelope } from '../src/protocol/xml.js';
import type { ServiceModel } from '../src/services/shared/shapes.js';

let model: ServiceModel = miniSqsModel;
try {
  model = ((await import('../src/services/sqs/model.js')) as { sqsModel: ServiceModel }).sqsModel;
} catch {
  /* the mini model has the same SendMessageBatch wire names */
}

const QUEUE = 'http://127.0.0.1:4566/000000000000/bench';
const entries = Array.from({ length: 10 }, (_, i) => ({
  Id: `e${i}`,
  MessageBody: `${i}`.padEnd(1024, 'x'),
  MessageAttributes: { s: { DataType: 'String', StringValue: 'v' }, n: { DataType: 'Number', StringValue: '42' } },
}));
const output = {
  Successful: entries.map((e) => ({ Id: e.Id, MessageId: '5fea7756-0ea4-451a-a703-a558b933e274', MD5OfMessageBody: md5(e.MessageBody), MD5OfMessageAttributes: 'd41d8cd98f00b204e9800998ecf8427e' })),
  Failed: [],
};
const handler = createProtocolHandler({
  services: [{ model, inputErrors: fakeInputErrors, handlers: { SendMessageBatch: async () => output } }],
  defaultRegion: 'us-east-1',
  defaultAccountId: '000000000000',
});

const auth = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=52a7ff00';
const jsonBody = JSON.stringify({ QueueUrl: QUEUE, Entries: entries });
const form = new URLSearchParams({ Action: 'SendMessageBatch', Version: '2012-11-05', QueueUrl: QUEUE });
entries.forEach((e, i) => {
  const p = `SendMessageBatchRequestEntry.${i + 1}`;
  form.set(`${p}.Id`, e.Id);
  form.set(`${p}.MessageBody`, e.MessageBody);
  form.set(`${p}.MessageAttribute.1.Name`, 's');
  form.set(`${p}.MessageAttribute.1.Value.DataType`, 'String');
  form.set(`${p}.MessageAttribute.1.Value.StringValue`, 'v');
  form.set(`${p}.MessageAttribute.2.Name`, 'n');
  form.set(`${p}.MessageAttribute.2.Value.DataType`, 'Number');
  form.set(`${p}.MessageAttribute.2.Value.StringValue`, '42');
});
const formBody = form.toString();

const jsonReq = wireRequest({ headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessageBatch', authorization: auth }, body: jsonBody });
const queryReq = wireRequest({ headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth }, body: formBody });

const op = model.operations.SendMessageBatch!;
const inPlan = planStructure(op.input);
const outPlan = planStructure(op.output!);
const env = xmlEnvelope('SendMessageBatch', model.xmlNamespace!, true);

/** Best of 7 rounds of n calls (the minimum is the least noisy estimate on a shared machine), and the median. */
async function time(name: string, fn: () => unknown, n = 5_000): Promise<void> {
  for (let i = 0; i < n; i++) await fn(); // warm-up
  const rounds: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn();
    rounds.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  }
  rounds.sort((a, b) => a - b);
  console.log(`${name.padEnd(44)} best ${rounds[0]!.toFixed(2).padStart(7)} µs/op   median ${rounds[3]!.toFixed(2).padStart(7)} µs/op`);
}

console.log(`SendMessageBatch, 10 × 1 KiB (json body ${jsonBody.length} B, form body ${formBody.length} B), model: ${model === miniSqsModel ? 'mini' : 'real SQS'}`);
const check = await handler(jsonReq);
if (check.status !== 200) throw new Error(String(check.body));
const checkQ = await handler(queryReq);
if (checkQ.status !== 200) throw new Error(String(checkQ.body));
await time('JSON  full request (handler)', () => handler(jsonReq));
await time('query full request (handler)', () => handler(queryReq));
await time('JSON  decode (parse + walk)', () => decodeJsonStruct(inPlan, JSON.parse(jsonReq.body.toString('utf8'))));
await time('query decode (params + tree + walk)', () => decodeQueryStruct(inPlan, buildTree(readQueryParams('', queryReq.body.toString('utf8')))));
await time('JSON  encode output', () => encodeJson(outPlan, output));
await time('XML   encode output', () => encodeXml(env, outPlan, output, 'req-1'));
await time('baseline: JSON.parse + JSON.stringify only', () => JSON.stringify(JSON.parse(jsonReq.body.toString('utf8'))));
