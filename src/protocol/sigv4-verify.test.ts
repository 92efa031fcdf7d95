import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { ServiceError } from '../services/shared/errors.js';
import type { ServiceDefinition } from '../services/shared/service.js';
import { createSigV4Verifier, type AccessKey } from './sigv4-verify.js';
import { uriEncode } from './sigv4.js';
import { parseHead } from '../http/h1-head.js';
import { wireRequest } from './fixtures.test.js';
import type { WireRequest } from './wire.js';

/**
 * The verifier against requests signed by the JS v3 SDK's own signer (@smithy/signature-v4): what
 * passes, and for each way of failing the error AWS gives (shape names; each service's table turns
 * them into its codes and statuses, see the e2e suite test/e2e/auth*).
 */
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const KEYS: AccessKey[] = [
  { accessKeyId: 'AKIAALICE', secretAccessKey: 'alice-secret', accountId: '111111111111' },
  { accessKeyId: 'AKIABOB', secretAccessKey: 'bob-secret', accountId: '222222222222' },
];
let now = NOW;
const verify = createSigV4Verifier({ keys: new Map(KEYS.map((k) => [k.accessKeyId, k])), now: () => now });
const svc = (service: string) => ({ model: { service } }) as unknown as ServiceDefinition;
const SQS = svc('sqs');
const UNSIGNED = { presigned: false };

interface Parts {
  method?: string;
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}
interface SignOptions {
  key?: string;
  secret?: string;
  service?: string;
  at?: number;
}

function signer(o: SignOptions): SignatureV4 {
  const key = KEYS[0]!;
  return new SignatureV4({
    service: o.service ?? 'sqs',
    region: 'eu-west-1',
    credentials: { accessKeyId: o.key ?? key.accessKeyId, secretAccessKey: o.secret ?? key.secretAccessKey },
    sha256: Sha256,
  });
}

function smithyRequest(p: Parts) {
  return {
    method: p.method ?? 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    port: 4566,
    path: p.path ?? '/',
    query: p.query ?? {},
    headers: { host: 'localhost:4566', 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListQueues', ...p.headers },
    body: p.body ?? '{}',
  };
}

function toWire(r: { method: string; path: string; query?: Record<string, unknown>; headers: Record<string, string>; body?: unknown }): WireRequest {
  const query = Object.entries(r.query ?? {})
    .map(([k, v]) => `${uriEncode(k)}=${uriEncode(String(v))}`)
    .join('&');
  return wireRequest({ method: r.method, path: r.path, query, headers: r.headers, body: String(r.body ?? '') });
}

async function signed(p: Parts = {}, o: SignOptions = {}): Promise<WireRequest> {
  return toWire((await signer(o).sign(smithyRequest(p), { signingDate: new Date(o.at ?? NOW) })) as never);
}

async function presigned(p: Parts, expiresIn: number, o: SignOptions = {}): Promise<WireRequest> {
  return toWire((await signer(o).presign(smithyRequest({ method: 'GET', body: '', ...p }), { expiresIn, signingDate: new Date(o.at ?? NOW) })) as never);
}

function rejects(req: WireRequest, shape: string, message?: RegExp | string, service = SQS, operation = 'ListQueues'): void {
  assert.throws(
    () => verify(req, UNSIGNED, service, operation),
    (e: unknown) => {
      assert.ok(e instanceof ServiceError, String(e));
      assert.equal(e.shape, shape);
      if (typeof message === 'string') assert.equal(e.message, message);
      else if (message) assert.match(e.message, message);
      return true;
    },
  );
}

test('a request signed by a known key acts as that key\'s account; two keys, two accounts', async () => {
  now = NOW;
  assert.equal(verify(await signed(), UNSIGNED, SQS, 'ListQueues'), '111111111111');
  assert.equal(verify(await signed({}, { key: 'AKIABOB', secret: 'bob-secret' }), UNSIGNED, SQS, 'ListQueues'), '222222222222');
  const body = JSON.stringify({ QueueUrl: 'http://localhost:4566/111111111111/q', MessageBody: 'héllo' });
  assert.equal(verify(await signed({ body, headers: { 'x-amz-target': 'AmazonSQS.SendMessage' } }), UNSIGNED, SQS, 'SendMessage'), '111111111111');
});

test('a header sent on several lines verifies: signed as its lines trimmed and joined by ",", not as the ", " everyone else sees', async () => {
  now = NOW;
  // @smithy/signature-v4 takes one value per header, so it signs the joined value AWS's canonical
  // form has for repeated lines [AWS SigV4 test suite, get-header-key-duplicate: value2,value2,value1];
  // the request then goes out with each value on its own line, spaced as a client might.
  const req = await signer({}).sign(smithyRequest({ headers: { 'x-amz-meta-tag': 'value2,value2,value1  x' } }), { signingDate: new Date(NOW) });
  const lines = Object.entries(req.headers as Record<string, string>).flatMap(([name, value]) =>
    name === 'x-amz-meta-tag' ? ['X-Amz-Meta-Tag: value2 ', 'x-amz-meta-tag:value2', 'X-AMZ-META-TAG:\tvalue1   x'] : [`${name}: ${value}`],
  );
  const head = parseHead(['POST / HTTP/1.1', ...lines].join('\r\n'));
  // The parsed headers object itself, as the listener hands it on (its repeated lines ride on it).
  const wire = { ...toWire(req as never), headers: head.headers };
  assert.equal(verify(wire, UNSIGNED, SQS, 'ListQueues'), '111111111111');
  // One line carrying a list is signed as it is, space after the comma included.
  const oneLine = await signed({ headers: { 'x-amz-meta-tag': 'value2, value1' } });
  assert.equal(verify(oneLine, UNSIGNED, SQS, 'ListQueues'), '111111111111');
  // Everyone else still sees the lines joined with ", " (as node:http joins them).
  assert.equal(head.headers['x-amz-meta-tag'], 'value2, value2, value1   x');
  // A copy of the headers (spread) loses the lines, and with them the signed form.
  rejects({ ...wire, headers: { ...wire.headers } }, 'InvalidSignatureException', /does not match/);
});

test('paths are signed encoded twice (non-S3 rule): a %-escape in the path verifies', async () => {
  now = NOW;
  assert.equal(verify(await signed({ path: '/111111111111/a%20b', method: 'POST', body: 'Action=GetQueueAttributes' }), UNSIGNED, SQS, 'GetQueueAttributes'), '111111111111');
});

test('wrong secret or changed body: SignatureDoesNotMatch, with the canonical request AWS expected', async () => {
  now = NOW;
  rejects(await signed({}, { secret: 'wrong' }), 'InvalidSignatureException', /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'POST\n\/\n\n/);
  const req = await signed({ body: '{"QueueNamePrefix":"a"}' });
  rejects({ ...req, body: Buffer.from('{"QueueNamePrefix":"b"}') }, 'InvalidSignatureException', /does not match/);
  rejects({ ...req, headers: { ...req.headers, 'x-amz-target': 'AmazonSQS.DeleteQueue' } }, 'InvalidSignatureException', /does not match/);
});

test('unknown access key, or any session token: UnrecognizedClientException', async () => {
  now = NOW;
  rejects(await signed({}, { key: 'AKIAMALLORY' }), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  const withToken = await signed({ headers: { 'x-amz-security-token': 'FwoGZXIvYXdzE' } });
  rejects(withToken, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
});

test('unsigned: MissingAuthenticationToken, except the SubscribeURL and UnsubscribeURL GETs of SNS', () => {
  const bare = wireRequest({ method: 'POST', body: 'Action=Publish' });
  rejects(bare, 'MissingAuthenticationTokenException', 'Request is missing Authentication Token');
  rejects(bare, 'MissingAuthenticationTokenException', undefined, svc('sns'), 'Publish');
  rejects(wireRequest({ headers: { authorization: 'AWS AKIAALICE:c2lnbmF0dXJl' } }), 'MissingAuthenticationTokenException');
  const get = wireRequest({ method: 'GET', query: 'Action=ConfirmSubscription&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A111111111111%3At&Token=abc' });
  assert.equal(verify(get, UNSIGNED, svc('sns'), 'ConfirmSubscription'), undefined);
  assert.equal(verify(get, UNSIGNED, svc('sns'), 'Unsubscribe'), undefined);
});

test('clock skew: 15 minutes for SQS and SNS, 5 for Kinesis, both ways, in AWS\'s words', async () => {
  now = NOW;
  const at = (min: number) => NOW + min * 60_000;
  assert.equal(verify(await signed({}, { at: at(-14) }), UNSIGNED, SQS, 'ListQueues'), '111111111111');
  rejects(await signed({}, { at: at(-16) }), 'InvalidSignatureException', 'Signature expired: 20261127T114400Z is now earlier than 20261127T114500Z (20261127T120000Z - 15 min.)');
  rejects(await signed({}, { at: at(16) }), 'InvalidSignatureException', 'Signature not yet current: 20261127T121600Z is still later than 20261127T121500Z (20261127T120000Z + 15 min.)');
  const kinesis = { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' } };
  assert.equal(verify(await signed(kinesis, { service: 'kinesis', at: at(-4) }), UNSIGNED, svc('kinesis'), 'ListStreams'), '111111111111');
  rejects(await signed(kinesis, { service: 'kinesis', at: at(-6) }), 'InvalidSignatureException', /\(20261127T120000Z - 5 min\.\)$/, svc('kinesis'), 'ListStreams');
});

test('the credential scope must name this service and the request\'s date', async () => {
  now = NOW;
  rejects(await signed({}, { service: 'sns' }), 'InvalidSignatureException', "Credential should be scoped to correct service: 'sqs'.");
  const req = await signed();
  const auth = req.headers.authorization!.replace('/20261127/', '/20261126/');
  rejects({ ...req, headers: { ...req.headers, authorization: auth } }, 'InvalidSignatureException', "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261126' != '20261127', from '20261127T120000Z'.");
});

test('malformed Authorization headers: IncompleteSignature naming what is missing', async () => {
  now = NOW;
  rejects(wireRequest({ headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIAALICE/20261127/eu-west-1/sqs/aws4_request' } }), 'IncompleteSignatureException',
    "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=AKIAALICE/20261127/eu-west-1/sqs/aws4_request");
  rejects(wireRequest({ headers: { authorization: 'AWS4-HMAC-SHA512 Credential=a' } }), 'IncompleteSignatureException', "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ");
  const req = await signed();
  rejects({ ...req, headers: { ...req.headers, 'x-amz-date': '2026-11-27' } }, 'IncompleteSignatureException', "Date must be in ISO-8601 'basic format'. Got '2026-11-27'. See http://en.wikipedia.org/wiki/ISO_8601");
  rejects({ ...req, headers: { ...req.headers, authorization: req.headers.authorization!.replace('/aws4_request', '') } }, 'IncompleteSignatureException', /^Credential must have exactly 5 slash-delimited elements/);
});

test('presigned URLs: good until X-Amz-Expires, refused once expired or changed', async () => {
  now = NOW;
  const list = { query: { Action: 'ListQueues', Version: '2012-11-05' } };
  const url = await presigned(list, 300);
  assert.equal(verify(url, UNSIGNED, SQS, 'ListQueues'), '111111111111');
  now = NOW + 299_000;
  assert.equal(verify(url, UNSIGNED, SQS, 'ListQueues'), '111111111111');
  now = NOW + 301_000;
  rejects(url, 'InvalidSignatureException', 'Signature expired: 20261127T120000Z is now earlier than 20261127T120001Z (20261127T120501Z - 300 sec.)');
  now = NOW;
  rejects({ ...url, query: url.query.replace('ListQueues', 'DeleteQueue') }, 'InvalidSignatureException', /does not match/);
  rejects({ ...url, query: url.query.replace('X-Amz-Expires=300', 'X-Amz-Expires=604801') }, 'IncompleteSignatureException', /must be less than 604800 seconds$/);
  rejects({ ...url, query: url.query.replace(/&?X-Amz-Signature=[0-9a-f]+/, '') }, 'IncompleteSignatureException', "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.");
  rejects({ ...url, headers: { ...url.headers, authorization: 'AWS4-HMAC-SHA256 Credential=x' } }, 'InvalidSignatureException', "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  const sns = await presigned(list, 300, { key: 'AKIABOB', secret: 'bob-secret', service: 'sns' });
  assert.equal(verify(sns, UNSIGNED, svc('sns'), 'ListTopics'), '222222222222');
});
