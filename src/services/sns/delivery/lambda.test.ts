import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invokeOutcome, parseFunctionArn } from '../../shared/lambda.js';

describe('SNS → Lambda Invoke', () => {
  it('function ARNs: name, region, account and an optional version or alias', () => {
    assert.deepEqual(parseFunctionArn('arn:aws:lambda:eu-west-1:123456789012:function:resize'), { region: 'eu-west-1', account: '123456789012', name: 'resize', qualifier: undefined });
    assert.deepEqual(parseFunctionArn('arn:aws:lambda:us-east-1:000000000000:function:my_fn-2:$LATEST')?.qualifier, '$LATEST');
    assert.equal(parseFunctionArn('arn:aws:lambda:us-east-1:000000000000:function:fn:live')?.qualifier, 'live');
    assert.equal(parseFunctionArn('arn:aws-cn:lambda:cn-north-1:000000000000:function:fn')?.region, 'cn-north-1');
    for (const bad of ['arn:aws:sqs:us-east-1:000000000000:q', 'arn:aws:lambda:us-east-1:000000000000:layer:l', 'arn:aws:lambda:us-east-1:0:function:f', 'fn']) assert.equal(parseFunctionArn(bad), undefined, bad);
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
