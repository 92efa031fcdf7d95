import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { parseFunctionArn } from '../services/shared/lambda.js';
import { invokeRequest, lambdaClient } from './lambda-client.js';
import { startFakeLambda } from '../../test/helpers/lambda-invoke-server.js';

const NOW = Date.UTC(2026, 10, 28, 2, 30, 15);
const KEY = { accessKeyId: 'AKIDLAMBDA', secretAccessKey: 'lambda-secret' };

describe('the Lambda Invoke client', () => {
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

  it("the answer: status, X-Amz-Function-Error, X-Amz-Executed-Version and the function's result", async () => {
    const fake = await startFakeLambda(KEY);
    try {
      fake.respond('f', () => ({ status: 200, functionError: 'Unhandled', executedVersion: '12', result: { errorMessage: 'boom' } }));
      const answer = await lambdaClient(fake.url, KEY).invoke(parseFunctionArn('arn:aws:lambda:us-east-1:000000000000:function:f:live')!, '{}', 'RequestResponse', { timeoutMs: 5_000 });
      assert.deepEqual(answer, { status: 200, errorType: undefined, functionError: 'Unhandled', executedVersion: '12', body: '{"errorMessage":"boom"}' });
    } finally {
      await fake.close();
    }
  });

});
