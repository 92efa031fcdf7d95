import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sqsE2E } from '../../helpers/matrix.js';
import { errorMessage, isSqsError } from '../../helpers/sqs-clients.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

/** Client mistakes get AWS's error for them, in both protocols; never a 500, a hang or a crash. */
sqsE2E('SQS bad input', (t) => {
  const CODES: Record<string, string> = { QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue' };
  const expectError = (name: string, status: number, message?: RegExp | string) => (e: any) => {
    assert.ok(isSqsError(e, name, CODES[name] ?? name), `${e.name} (${e.Code}): ${errorMessage(e)}`);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(errorMessage(e), message);
    else if (message) assert.match(errorMessage(e), message);
    return true;
  };
  let url: string;
  before(async () => {
    url = (await t().sqs.send(new (t().sdk.CreateQueueCommand)({ QueueName: 'bad-input' }))).QueueUrl!;
  });

  it('out-of-range receive parameters', async () => {
    const { sqs, sdk } = t();
    await assert.rejects(
      sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })),
      expectError('InvalidParameterValue', 400, 'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.'),
    );
    await assert.rejects(
      sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 21 })),
      expectError('InvalidParameterValue', 400, 'Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.'),
    );
    await assert.rejects(
      sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, AttributeNames: ['Bogus' as any] })),
      expectError('InvalidAttributeName', 400, 'Unknown Attribute Bogus.'),
    );
  });

  it('message body: too long, invalid characters, empty', async () => {
    const { sqs, sdk } = t();
    const small = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: 'bad-small', Attributes: { MaximumMessageSize: '1024' } }))).QueueUrl!;
    await assert.rejects(
      sqs.send(new sdk.SendMessageCommand({ QueueUrl: small, MessageBody: 'x'.repeat(1025) })),
      expectError('InvalidParameterValue', 400, 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.'),
    );
    await assert.rejects(sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'bad \u0000 char' })), expectError('InvalidMessageContents', 400));
    await assert.rejects(sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: '' })), (e: any) => {
      assert.ok(isSqsError(e, 'MissingRequiredParameterException', 'MissingParameter'), e.name);
      assert.equal(e.$metadata.httpStatusCode, 400);
      return true;
    });
  });

  it('message attributes: too many, bad type, empty value, reserved name', async () => {
    const { sqs, sdk } = t();
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]));
    await assert.rejects(sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: many })), expectError('InvalidParameterValue', 400, /exceeds the allowed maximum \[10\]/));
    await assert.rejects(
      sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: { a: { DataType: 'Text', StringValue: 'v' } } })),
      expectError('InvalidParameterValue', 400, /supported type prefixes: Binary, Number, String/),
    );
    await assert.rejects(
      sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: { a: { DataType: 'Number', StringValue: 'abc' } } })),
      expectError('InvalidParameterValue', 400, /to a number/),
    );
    await assert.rejects(
      sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: { 'AWS.x': { DataType: 'String', StringValue: 'v' } } })),
      expectError('InvalidParameterValue', 400),
    );
  });

  it('a message attribute type label with U+0000 is InvalidMessageContents, like the body (a query receive could not carry it)', async () => {
    const { sqs, sdk } = t();
    const q = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name('types') }))).QueueUrl!;
    await assert.rejects(
      sqs.send(new sdk.SendMessageCommand({ QueueUrl: q, MessageBody: 'x', MessageAttributes: { a: { DataType: 'String.a\u0000b', StringValue: 'v' } } })),
      expectError('InvalidMessageContents', 400),
    );
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl: q, MessageBody: 'x', MessageAttributes: { a: { DataType: 'String.é 漢', StringValue: 'v' } } }));
    const got = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: q, MessageAttributeNames: ['All'] }));
    assert.equal(got.Messages?.[0]?.MessageAttributes?.a?.DataType, 'String.é 漢');
  });

  it('batches: empty, too many, duplicate ids, invalid ids', async () => {
    const { sqs, sdk } = t();
    await assert.rejects(sqs.send(new sdk.SendMessageBatchCommand({ QueueUrl: url, Entries: [] })), (e: any) => {
      assert.ok(['EmptyBatchRequest', 'MissingRequiredParameterException'].includes(e.name), e.name);
      return true;
    });
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' }));
    await assert.rejects(
      sqs.send(new sdk.SendMessageBatchCommand({ QueueUrl: url, Entries: eleven })),
      expectError('TooManyEntriesInBatchRequest', 400, 'Maximum number of entries per request are 10. You have sent 11.'),
    );
    await assert.rejects(
      sqs.send(new sdk.SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: '1' }, { Id: 'a', MessageBody: '2' }] })),
      expectError('BatchEntryIdsNotDistinct', 400),
    );
    await assert.rejects(sqs.send(new sdk.SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a b', MessageBody: '1' }] })), expectError('InvalidBatchEntryId', 400));
    const big = 'x'.repeat(200_000);
    await assert.rejects(
      sqs.send(new sdk.SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: 6 }, (_, i) => ({ Id: `b${i}`, MessageBody: big })) })),
      expectError('BatchRequestTooLong', 400, /Batch requests cannot be longer than 1048576 bytes/),
    );
  });

  it('receipt handles: garbage is ReceiptHandleIsInvalid (404)', async () => {
    const { sqs, sdk } = t();
    await assert.rejects(sqs.send(new sdk.DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'garbage' })), expectError('ReceiptHandleIsInvalid', 404, 'The input receipt handle "garbage" is not a valid receipt handle.'));
    await assert.rejects(sqs.send(new sdk.ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: 'AAAA', VisibilityTimeout: 1 })), expectError('ReceiptHandleIsInvalid', 404));
  });

  it('queue names and URLs', async () => {
    const { sqs, sdk } = t();
    await assert.rejects(sqs.send(new sdk.CreateQueueCommand({ QueueName: 'bad name!' })), expectError('InvalidParameterValue', 400));
    await assert.rejects(sqs.send(new sdk.CreateQueueCommand({ QueueName: 'x'.repeat(81) })), expectError('InvalidParameterValue', 400));
    await assert.rejects(sqs.send(new sdk.SendMessageCommand({ QueueUrl: `${t().server.url}/000000000000/missing`, MessageBody: 'x' })), expectError('QueueDoesNotExist', 400));
    await assert.rejects(
      sqs.send(new sdk.CreateQueueCommand({ QueueName: 'attr', Attributes: { MessageRetentionPeriod: '59' } })),
      expectError('InvalidAttributeValue', 400, 'Invalid value for the parameter MessageRetentionPeriod.'),
    );
  });

  // U+0000 and lone surrogates: no name, ARN, handle, tag or attribute can hold them (PostgreSQL's
  // text cannot either: these were 500s there). Each gets AWS's error for its parameter, alike on
  // every engine, and nothing is stored. Lone surrogates go only in JSON: a form cannot encode them.
  it('names, ARNs and handles with U+0000 are "does not exist", without a lookup', async () => {
    const { sqs, sdk, server } = t();
    const noQueue = expectError('QueueDoesNotExist', 400, /^The specified queue does not exist/);
    await assert.rejects(sqs.send(new sdk.GetQueueUrlCommand({ QueueName: 'a\u0000b' })), noQueue);
    await assert.rejects(sqs.send(new sdk.GetQueueUrlCommand({ QueueName: 'bad-input', QueueOwnerAWSAccountId: '\u0000' })), noQueue);
    await assert.rejects(sqs.send(new sdk.SendMessageCommand({ QueueUrl: `${server.url}/000000000000/a\u0000b`, MessageBody: 'x' })), noQueue);
    assert.deepEqual((await sqs.send(new sdk.ListQueuesCommand({ QueueNamePrefix: 'bad\u0000' }))).QueueUrls ?? [], []);
    await assert.rejects(
      sqs.send(new sdk.ListQueuesCommand({ MaxResults: 1, NextToken: Buffer.from('sy1:a\u0000b').toString('base64url') })),
      expectError('InvalidParameterValue', 400, 'Invalid NextToken value.'),
    );
    await assert.rejects(
      sqs.send(new sdk.CancelMessageMoveTaskCommand({ TaskHandle: 'a\u0000b' })),
      expectError('ResourceNotFoundException', 404, 'The task you specified does not exist.'),
    );
    const badArn = 'arn:aws:sqs:us-east-1:000000000000:a\u0000b';
    await assert.rejects(
      sqs.send(new sdk.ListMessageMoveTasksCommand({ SourceArn: badArn })),
      expectError('ResourceNotFoundException', 404, 'The resource that you specified for the SourceArn parameter does not exist.'),
    );
    await assert.rejects(sqs.send(new sdk.StartMessageMoveTaskCommand({ SourceArn: badArn })), expectError('InvalidParameterValue', 400, /parameter SourceArn is invalid\. Reason: Invalid ARN\.$/));
  });

  it('tags: keys outside AWS\'s pattern and values with U+0000 or lone surrogates are InvalidParameterValue', async () => {
    const { sqs, sdk, kind } = t();
    const badKey = expectError('InvalidParameterValue', 400, 'Tag keys may only contain unicode letters, digits, whitespace, or one of these symbols: _ . : / = + - @');
    const badValue = expectError('InvalidParameterValue', 400, 'Tag values may only contain unicode letters, digits, whitespace, or one of these symbols: _ . : / = + - @');
    const q = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name('tags'), tags: { 'é 漢:/=+-@_.': 'v' } }))).QueueUrl!;
    await assert.rejects(sqs.send(new sdk.TagQueueCommand({ QueueUrl: q, Tags: { 'a\u0000b': 'v' } })), badKey);
    await assert.rejects(sqs.send(new sdk.TagQueueCommand({ QueueUrl: q, Tags: { 'a!b': 'v' } })), badKey);
    await assert.rejects(sqs.send(new sdk.TagQueueCommand({ QueueUrl: q, Tags: { k: 'a\u0000b' } })), badValue);
    await assert.rejects(sqs.send(new sdk.UntagQueueCommand({ QueueUrl: q, TagKeys: ['\u0000'] })), badKey);
    await assert.rejects(sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name('tags'), tags: { k: '\u0000' } })), badValue);
    if (kind.protocol === 'json') {
      await assert.rejects(sqs.send(new sdk.TagQueueCommand({ QueueUrl: q, Tags: { k: '\ud800' } })), badValue);
      await assert.rejects(sqs.send(new sdk.TagQueueCommand({ QueueUrl: q, Tags: { '\udc00': 'v' } })), badKey);
    }
    assert.deepEqual((await sqs.send(new sdk.ListQueueTagsCommand({ QueueUrl: q }))).Tags, { 'é 漢:/=+-@_.': 'v' });
  });

  // AWS's "Quotas related to queues" page: the same characters in values as in keys, no `aws:`
  // prefix on either (nor UntagQueue of such a key), lengths in Unicode characters, values may be empty.
  it('tags: the aws: prefix, value characters and lengths in Unicode characters, as AWS documents', async () => {
    const { sqs, sdk } = t();
    const reserved = expectError('InvalidParameterValue', 400, 'Tag keys and values must not begin with the reserved prefix aws:');
    const badValue = expectError('InvalidParameterValue', 400, 'Tag values may only contain unicode letters, digits, whitespace, or one of these symbols: _ . : / = + - @');
    const tooLong = expectError('InvalidParameterValue', 400, /^Tag (key must be between 1 and 128|value must be at most 256) characters/);
    const q = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name('tags-aws') }))).QueueUrl!;
    await assert.rejects(sqs.send(new sdk.TagQueueCommand({ QueueUrl: q, Tags: { 'aws:team': 'v' } })), reserved);
    await assert.rejects(sqs.send(new sdk.TagQueueCommand({ QueueUrl: q, Tags: { team: 'aws:v' } })), reserved);
    await assert.rejects(sqs.send(new sdk.UntagQueueCommand({ QueueUrl: q, TagKeys: ['aws:team'] })), reserved);
    await assert.rejects(sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name('tags-aws'), tags: { 'aws:team': 'v' } })), reserved);
    await assert.rejects(sqs.send(new sdk.TagQueueCommand({ QueueUrl: q, Tags: { team: 'a,b' } })), badValue);
    await assert.rejects(sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name('tags-aws'), tags: { team: 'a(b)' } })), badValue);
    // U+20000 is one letter (two UTF-16 units): 128 of them make a key, 256 a value.
    const astral = '\u{20000}';
    await assert.rejects(sqs.send(new sdk.TagQueueCommand({ QueueUrl: q, Tags: { [astral.repeat(129)]: 'v' } })), tooLong);
    await assert.rejects(sqs.send(new sdk.TagQueueCommand({ QueueUrl: q, Tags: { k: astral.repeat(257) } })), tooLong);
    const ok = { [astral.repeat(128)]: astral.repeat(256), empty: '', 'x-aws:y': 'owner@example.com' };
    await sqs.send(new sdk.TagQueueCommand({ QueueUrl: q, Tags: ok }));
    assert.deepEqual((await sqs.send(new sdk.ListQueueTagsCommand({ QueueUrl: q }))).Tags, ok);
  });

  it('queue attribute text with U+0000 or lone surrogates is InvalidAttributeValue', async () => {
    const { sqs, sdk, kind } = t();
    const q = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name('attrs'), Attributes: { KmsMasterKeyId: 'alias/aws/sqs' } }))).QueueUrl!;
    await assert.rejects(
      sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: q, Attributes: { KmsMasterKeyId: 'a\u0000b' } })),
      expectError('InvalidAttributeValue', 400, 'Invalid value for the parameter KmsMasterKeyId.'),
    );
    await assert.rejects(
      sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name('attrs'), Attributes: { KmsMasterKeyId: '\u0000' } })),
      expectError('InvalidAttributeValue', 400, 'Invalid value for the parameter KmsMasterKeyId.'),
    );
    if (kind.protocol === 'json') {
      // The policy text itself holds the lone surrogate (JSON.stringify would escape it).
      const policy = `{"Version":"2012-10-17","Statement":[{"Sid":"\ud800","Effect":"Allow","Principal":"*","Action":"sqs:*"}]}`;
      await assert.rejects(
        sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: q, Attributes: { Policy: policy } })),
        expectError('InvalidAttributeValue', 400, 'Invalid value for the parameter Policy.'),
      );
    }
    const got = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: q, AttributeNames: ['KmsMasterKeyId', 'Policy'] }));
    assert.deepEqual(got.Attributes, { KmsMasterKeyId: 'alias/aws/sqs' });
  });
});

/** Raw HTTP: what no SDK would send, but curl scripts and broken clients do. */
describe('SQS bad input on the wire', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite');
  });
  after(async () => server.close());
  const post = (headers: Record<string, string>, body: string | Buffer, path = '/') =>
    fetch(server.url + path, { method: 'POST', headers, body: body as BodyInit });
  const json = (target: string, body: string) =>
    post({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target }, body);

  it('malformed JSON → 400 with __type and the query-error header', async () => {
    const r = await json('AmazonSQS.ListQueues', '{"QueueNamePrefix":');
    assert.equal(r.status, 400);
    const body = await r.json();
    assert.match(body.__type, /#/);
    assert.ok(r.headers.get('x-amzn-query-error'));
    assert.ok(r.headers.get('x-amzn-requestid'));
  });

  it('unknown X-Amz-Target and unknown Action → 400, not 500', async () => {
    const r1 = await json('AmazonSQS.FlyToTheMoon', '{}');
    assert.equal(r1.status, 400);
    await r1.text();
    const r2 = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'Action=FlyToTheMoon&Version=2012-11-05');
    assert.ok(r2.status >= 400 && r2.status < 500, String(r2.status));
    assert.match(await r2.text(), /<Error>|UnknownOperation/);
  });

  it('mistyped parameters → 400', async () => {
    const r1 = await json('AmazonSQS.ReceiveMessage', JSON.stringify({ QueueUrl: `${server.url}/000000000000/x`, MaxNumberOfMessages: 'ten' }));
    assert.equal(r1.status, 400);
    await r1.text();
    const r2 = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'Action=ListQueues&Version=2012-11-05&MaxResults=abc');
    assert.equal(r2.status, 400);
    assert.match(await r2.text(), /<ErrorResponse/);
  });

  it('a null list member or map value → InvalidParameterValue, as AWS answers (nothing stored)', async () => {
    const created = await (await json('AmazonSQS.CreateQueue', JSON.stringify({ QueueName: 'null-entries' }))).json();
    const QueueUrl = created.QueueUrl as string;
    // AWS's answer to this TagQueue, recorded against real SQS (floci-io/floci#905).
    const r1 = await json('AmazonSQS.TagQueue', JSON.stringify({ QueueUrl, Tags: { team: 'a', NullTag: null } }));
    assert.equal(r1.status, 400);
    assert.deepEqual(await r1.json(), { __type: 'com.amazon.coral.service#InvalidParameterValueException', message: "the parameter 'value' may not be null" });
    const r2 = await json('AmazonSQS.SendMessageBatch', JSON.stringify({ QueueUrl, Entries: [null] }));
    assert.equal(r2.status, 400);
    assert.deepEqual(await r2.json(), { __type: 'com.amazon.coral.service#InvalidParameterValueException', message: "the parameter 'member' may not be null" });
    const tags = await (await json('AmazonSQS.ListQueueTags', JSON.stringify({ QueueUrl }))).json();
    assert.deepEqual(tags.Tags ?? {}, {});
  });

  it('missing required parameters → MissingParameter', async () => {
    const r = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'Action=SendMessage&Version=2012-11-05&QueueUrl=' + encodeURIComponent(`${server.url}/000000000000/x`));
    assert.equal(r.status, 400);
    assert.match(await r.text(), /<Code>MissingParameter<\/Code>/);
  });

  it('oversized bodies are refused without harm, and the server keeps serving', async () => {
    const huge = Buffer.alloc(20 * 1024 * 1024, 0x61);
    const r = await post({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListQueues' }, huge).catch((e) => e);
    if (!(r instanceof Error)) {
      assert.equal(r.status, 413);
      await r.text();
    }
    const ok = await json('AmazonSQS.ListQueues', '{}');
    assert.equal(ok.status, 200);
    await ok.text();
  });

  it('GET with Action= in the query string works (query API)', async () => {
    const r = await fetch(`${server.url}/?Action=ListQueues&Version=2012-11-05`);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /<ListQueuesResponse/);
  });

  it('requests at the queue URL path without QueueUrl work (old clients)', async () => {
    const create = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'Action=CreateQueue&Version=2012-11-05&QueueName=pathq');
    assert.equal(create.status, 200);
    await create.text();
    const send = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'Action=SendMessage&Version=2012-11-05&MessageBody=hi', '/000000000000/pathq');
    assert.equal(send.status, 200);
    assert.match(await send.text(), /<MD5OfMessageBody>49f68a5c8493ec2c0bf489821c21fc3b<\/MD5OfMessageBody>/);
  });

  it('the health endpoint answers', async () => {
    const r = await fetch(`${server.url}/_switchyard/health`);
    assert.equal(r.status, 200);
    assert.equal((await r.json()).status, 'ok');
  });
});
