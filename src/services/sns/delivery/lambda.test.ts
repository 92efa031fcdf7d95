import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { invokeOutcome, invokeRequest, parseFunctionArn } from '../../shared/lambda-invoke.js';

const NOW = Date.UTC(2026, 10, 28, 2, 30, 15);
const KEY = { accessKeyId: 'AKIDLAMBDA', secretAccessKey: 'lambda-secret' };

describe('SNS → Lambda Invoke', () => {
  it('function ARNs: name, region, account and an optional version or alias', () => {
    assert.deepEqual(parseFunctionArn('arn:aws:lambda:eu-west-1:123456789012:function:resize'), { region: 'eu-west-1', account: '123456789012', name: 'resize', qualifier: undefined });
    assert.deepEqual(parseFunctionArn('arn:aws:lambda:us-east-1:000000000000:function:my_fn-2:$LATEST')?.qualifier, '$LATEST');
    assert.equal(parseFunctionArn('arn:aws:lambda:us-east-1:000000000000:function:fn:live')?.qualifier, 'live');
    assert.equal(parseFunctionArn('arn:aws-cn:lambda:cn-north-1:000000000000:function:fn')?.region, 'cn-north-1');
    for (const bad of ['arn:aws:sqs:us-east-1:000000000000:q', 'arn:aws:lambda:us-east-1:000000000000:layer:l', 'arn:aws:lambda:us-east-1:0:function:f', 'fn']) assert.equal(parseFunctionArn(bad), undefined, bad);
  });

  it('the request: POST to the function by name, Qualifier from the ARN, Event, signed as the JS SDK signs it', async () => {
    const fn = parseFunctionArn('arn:aws:lambda:eu-west-1:123456789012:function:resize:$LATEST')!;
    const event = '{"Records":[{"EventSource":"aws:sns"}]}';
    const req = invokeRequest('http://127.0.0.1:3001/', fn, event, 'Event', KEY, NOW);
    assert.equal(req.url.href, 'http://127.0.0.1:3001/2015-03-31/functions/resize/invocations?Qualifier=%24LATEST');
    assert.equal(req.body.toString(), event);
    assert.equal(req.headers['x-amz-invocation-type'], 'Event');
    assert.equal(req.headers['x-amz-date'], '20261128T023015Z');
    assert.match(req.headers.authorization!, /^AWS4-HMAC-SHA256 Credential=AKIDLAMBDA\/20261128\/eu-west-1\/lambda\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-invocation-type, Signature=[0-9a-f]{64}$/);

    const { authorization, ...headers } = req.headers;
    const smithy = new SignatureV4({ service: 'lambda', region: 'eu-west-1', credentials: KEY, sha256: Sha256, applyChecksum: false });
    const signed = await smithy.sign(
      { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 3001, path: req.url.pathname, query: { Qualifier: '$LATEST' }, headers, body: event },
      { signingDate: new Date(NOW) },
    );
    assert.equal(authorization, signed.headers.authorization);
  });

  it('a path on the endpoint is a prefix; no Qualifier without one in the ARN', () => {
    const fn = parseFunctionArn('arn:aws:lambda:us-east-1:000000000000:function:f')!;
    assert.equal(invokeRequest('https://gw.example.com/lambda', fn, '{}', 'RequestResponse', KEY, NOW).url.href, 'https://gw.example.com/lambda/2015-03-31/functions/f/invocations');
  });

  it('answers: 202/200 delivered; client-side errors permanent (AWS dead-letters them); throttling, 5xx and bad signatures retried', () => {
    assert.deepEqual(invokeOutcome(202, undefined, ''), { ok: true });
    assert.deepEqual(invokeOutcome(200, undefined, 'null'), { ok: true });
    const gone = invokeOutcome(404, 'ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awsgirr/', '{"Type":"User","message":"Function not found: arn:aws:lambda:us-east-1:000000000000:function:f"}');
    assert.deepEqual(gone, { ok: false, permanent: true, errorType: 'ResourceNotFoundException', error: 'Lambda answered HTTP 404 ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:000000000000:function:f' });
    for (const [status, type] of [[403, 'AccessDeniedException'], [413, 'RequestTooLargeException'], [400, 'InvalidRequestContentException']] as const) {
      const o = invokeOutcome(status, type, '{}');
      assert.ok(!o.ok && o.permanent, `${status} ${type} is permanent`);
    }
    for (const [status, type] of [[429, 'TooManyRequestsException'], [500, 'ServiceException'], [502, 'EC2ThrottledException'], [503, undefined], [409, 'ResourceConflictException'], [403, 'InvalidSignatureException'], [403, 'UnrecognizedClientException'], [401, undefined]] as const) {
      const o = invokeOutcome(status, type, '');
      assert.ok(!o.ok && !o.permanent, `${status} ${type} is retried`);
    }
    const noHeader = invokeOutcome(429, undefined, '{"__type":"TooManyRequestsException","message":"Rate exceeded"}');
    assert.ok(!noHeader.ok && noHeader.errorType === 'TooManyRequestsException' && noHeader.error.endsWith('Rate exceeded'));
    const text = invokeOutcome(500, undefined, 'Internal Server Error');
    assert.ok(!text.ok && text.error === 'Lambda answered HTTP 500: Internal Server Error');
  });
});
