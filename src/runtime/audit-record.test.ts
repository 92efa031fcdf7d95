/** Audit records: CloudTrail's classification of the operations and the record each call makes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError, type AuditCaller, type ServiceDefinition, type ServiceModel, type WireRequest } from '../protocol/index.js';
import { sqsModel } from '../services/sqs/model.js';
import { snsModel } from '../services/sns/model.js';
import { kinesisModel } from '../services/kinesis/model.js';
import { eventCategory, HIDDEN, isReadOnly, maskUrlPassword, namedResource } from './audit-events.js';
import { createAuditor, type AuditRecordSettings } from './audit-record.js';

const service = (model: ServiceModel): ServiceDefinition => ({ model, handlers: {}, inputErrors: {} as ServiceDefinition['inputErrors'] });
const SQS = service(sqsModel);
const SNS = service(snsModel);
const KINESIS = service(kinesisModel);
const ME: AuditCaller = { accountId: '111122223333', region: 'eu-west-1', accessKeyId: 'AKIDEXAMPLE' };
const T0 = Date.UTC(2026, 10, 28, 1, 2, 3, 456);

function request(headers: Record<string, string> = { 'user-agent': 'aws-sdk-js/3.0' }): WireRequest {
  return { method: 'POST', path: '/', query: '', headers, body: Buffer.alloc(0), requestId: 'req-1', scheme: 'http', httpVersion: '1.1', signal: new AbortController().signal, remoteAddress: '::ffff:10.1.2.3' };
}

/** An auditor writing into an array; `verifies`: as with --credentials. */
function recorder(overrides: Partial<AuditRecordSettings> = {}, console = false) {
  const lines: Record<string, unknown>[] = [];
  const settings: AuditRecordSettings = { dataEvents: false, verifiesSignatures: true, now: () => T0, uuid: () => 'event-1', ...overrides };
  return { lines, audit: createAuditor(settings, (line) => lines.push(JSON.parse(line) as Record<string, unknown>), console) };
}

describe('classification (CloudTrail: management vs data events, read-only)', () => {
  it('SQS message operations, SNS publishes and Kinesis record reads and writes are data events', () => {
    for (const op of ['SendMessage', 'SendMessageBatch', 'ReceiveMessage', 'DeleteMessage', 'DeleteMessageBatch', 'ChangeMessageVisibility', 'ChangeMessageVisibilityBatch']) assert.equal(eventCategory('sqs', op), 'Data', op);
    for (const op of ['Publish', 'PublishBatch']) assert.equal(eventCategory('sns', op), 'Data', op);
    for (const op of ['PutRecord', 'PutRecords', 'GetRecords', 'GetShardIterator', 'SubscribeToShard']) assert.equal(eventCategory('kinesis', op), 'Data', op);
  });

  it('everything else is a management event, List/Get/Describe ones read-only', () => {
    for (const [svc, op] of [['sqs', 'CreateQueue'], ['sqs', 'PurgeQueue'], ['sqs', 'GetQueueAttributes'], ['sns', 'Subscribe'], ['sns', 'ListTopics'], ['kinesis', 'SplitShard'], ['kinesis', 'DescribeStreamSummary']] as const) {
      assert.equal(eventCategory(svc, op), 'Management', op);
    }
    assert.equal(isReadOnly('ListQueues'), true);
    assert.equal(isReadOnly('GetTopicAttributes'), true);
    assert.equal(isReadOnly('DescribeStream'), true);
    assert.equal(isReadOnly('ReceiveMessage'), true);
    assert.equal(isReadOnly('SubscribeToShard'), true);
    assert.equal(isReadOnly('CreateQueue'), false);
    assert.equal(isReadOnly('SendMessage'), false);
    assert.equal(isReadOnly('DeleteStream'), false);
  });

  it('names the resource: a queue URL, a topic ARN, a stream by name or ARN, owned by the account in it', () => {
    assert.deepEqual(namedResource('sqs', { QueueUrl: 'http://localhost:4566/444455556666/orders' }, 'eu-west-1', ME.accountId), {
      ARN: 'arn:aws:sqs:eu-west-1:444455556666:orders',
      accountId: '444455556666',
      type: 'AWS::SQS::Queue',
    });
    assert.equal(namedResource('sqs', { QueueName: 'q' }, 'eu-west-1', '111122223333')?.ARN, 'arn:aws:sqs:eu-west-1:111122223333:q');
    assert.equal(namedResource('sns', { TopicArn: 'arn:aws:sns:eu-west-1:111122223333:t' }, 'eu-west-1', ME.accountId)?.type, 'AWS::SNS::Topic');
    assert.equal(namedResource('kinesis', { StreamName: 's' }, 'eu-west-1', '111122223333')?.ARN, 'arn:aws:kinesis:eu-west-1:111122223333:stream/s');
    assert.equal(namedResource('sqs', {}, 'eu-west-1', ME.accountId), undefined);
  });

  it('masks the password of a URL with credentials, nothing else', () => {
    assert.equal(maskUrlPassword('https://user:s3cret@hooks.example.com/x'), 'https://user:****@hooks.example.com/x');
    assert.equal(maskUrlPassword('mailto:someone@example.com'), 'mailto:someone@example.com');
    assert.equal(maskUrlPassword('someone@example.com'), 'someone@example.com');
  });
});

describe('audit records', () => {
  it('a management call: CloudTrail fields, lower-camel request parameters, the created URL as response elements', () => {
    const { lines, audit } = recorder();
    audit(request(), SQS, 'CreateQueue', ME, { QueueName: 'orders', Attributes: { VisibilityTimeout: '30' }, tags: { team: 'a' } }, { QueueUrl: 'http://localhost:4566/111122223333/orders' }, undefined);
    assert.deepEqual(lines, [
      {
        eventVersion: '1.09',
        userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333', accessKeyId: 'AKIDEXAMPLE' },
        eventTime: '2026-11-28T01:02:03Z',
        eventSource: 'sqs.amazonaws.com',
        eventName: 'CreateQueue',
        awsRegion: 'eu-west-1',
        sourceIPAddress: '10.1.2.3',
        userAgent: 'aws-sdk-js/3.0',
        requestParameters: { queueName: 'orders', attributes: { VisibilityTimeout: '30' }, tags: { team: 'a' } },
        responseElements: { queueUrl: 'http://localhost:4566/111122223333/orders' },
        requestID: 'req-1',
        eventID: 'event-1',
        readOnly: false,
        resources: [{ ARN: 'arn:aws:sqs:eu-west-1:111122223333:orders', accountId: '111122223333', type: 'AWS::SQS::Queue' }],
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: '111122223333',
        eventCategory: 'Management',
      },
    ]);
  });

  it('responseElements is null for what creates nothing; read-only calls are recorded as such', () => {
    const { lines, audit } = recorder();
    audit(request(), SQS, 'ListQueues', ME, { QueueNamePrefix: 'o' }, { QueueUrls: ['u'] }, undefined);
    audit(request(), KINESIS, 'CreateStream', ME, { StreamName: 's', ShardCount: 2 }, {}, undefined);
    assert.equal(lines[0]!.readOnly, true);
    assert.equal(lines[0]!.responseElements, null);
    assert.deepEqual(lines[1]!.requestParameters, { streamName: 's', shardCount: 2 });
    assert.equal(lines[1]!.responseElements, null);
    assert.equal(lines[1]!.eventSource, 'kinesis.amazonaws.com');
  });

  it('a refusal: errorCode as the client was told it (the query code where the service has one), errorMessage, no response', () => {
    const { lines, audit } = recorder();
    audit(request(), SQS, 'DeleteQueue', ME, { QueueUrl: 'http://h/111122223333/gone' }, undefined, new ServiceError('QueueDoesNotExist', 'The specified queue does not exist.'));
    audit(request(), KINESIS, 'DeleteStream', ME, { StreamName: 'gone' }, undefined, new ServiceError('ResourceNotFoundException', 'Stream gone under account 111122223333 not found.'));
    audit(request(), SQS, 'PurgeQueue', ME, { QueueUrl: 'http://h/111122223333/q' }, undefined, new Error('disk on fire'));
    assert.equal(lines[0]!.errorCode, 'AWS.SimpleQueueService.NonExistentQueue');
    assert.equal(lines[0]!.errorMessage, 'The specified queue does not exist.');
    assert.equal(lines[0]!.responseElements, null);
    assert.equal(lines[1]!.errorCode, 'ResourceNotFoundException');
    // An internal failure's own text is not shown to clients, nor written here.
    assert.equal(lines[2]!.errorCode, 'InternalFailure');
    assert.equal(lines[2]!.errorMessage, 'We encountered an internal error. Please try again.');
  });

  it('data events only when asked for; message bodies, attributes and record data never written', () => {
    const off = recorder();
    off.audit(request(), SQS, 'SendMessage', ME, { QueueUrl: 'http://h/111122223333/q', MessageBody: 'secret' }, { MessageId: 'm' }, undefined);
    off.audit(request(), SNS, 'Publish', ME, { TopicArn: 'arn:aws:sns:eu-west-1:111122223333:t', Message: 'secret' }, { MessageId: 'm' }, undefined);
    assert.deepEqual(off.lines, []);

    const on = recorder({ dataEvents: true });
    on.audit(request(), SQS, 'SendMessage', ME, { QueueUrl: 'http://h/111122223333/q', MessageBody: 'secret', MessageAttributes: { a: { DataType: 'String', StringValue: 'secret' } }, DelaySeconds: 5 }, { MessageId: 'm' }, undefined);
    on.audit(request(), SNS, 'PublishBatch', ME, { TopicArn: 'arn:aws:sns:eu-west-1:111122223333:t', PublishBatchRequestEntries: [{ Id: '1', Message: 'secret', Subject: 'secret' }] }, {}, undefined);
    on.audit(request(), KINESIS, 'PutRecords', ME, { StreamName: 's', Records: [{ Data: Buffer.from('secret'), PartitionKey: 'pk' }] }, {}, undefined);
    assert.deepEqual(on.lines[0]!.requestParameters, { queueUrl: 'http://h/111122223333/q', messageBody: HIDDEN, messageAttributes: HIDDEN, delaySeconds: 5 });
    assert.equal(on.lines[0]!.eventCategory, 'Data');
    assert.equal(on.lines[0]!.managementEvent, false);
    assert.equal(on.lines[0]!.readOnly, false);
    assert.deepEqual(on.lines[1]!.requestParameters, { topicArn: 'arn:aws:sns:eu-west-1:111122223333:t', publishBatchRequestEntries: [{ id: '1', message: HIDDEN, subject: HIDDEN }] });
    assert.deepEqual(on.lines[2]!.requestParameters, { streamName: 's', records: [{ data: HIDDEN, partitionKey: 'pk' }] });
    for (const line of on.lines) assert.ok(!JSON.stringify(line).includes('secret'));
  });

  it('secrets in parameters are hidden: push credentials, tokens, a password in an endpoint URL', () => {
    const { lines, audit } = recorder();
    audit(request(), SNS, 'CreatePlatformApplication', ME, { Name: 'app', Platform: 'GCM', Attributes: { PlatformCredential: 'key', PlatformPrincipal: 'cert' } }, { PlatformApplicationArn: 'arn:aws:sns:eu-west-1:111122223333:app/GCM/app' }, undefined);
    audit(request(), SNS, 'Subscribe', ME, { TopicArn: 'arn:aws:sns:eu-west-1:111122223333:t', Protocol: 'https', Endpoint: 'https://u:pw@example.com/hook' }, { SubscriptionArn: 'pending confirmation' }, undefined);
    audit(request(), SNS, 'ConfirmSubscription', ME, { TopicArn: 'arn:aws:sns:eu-west-1:111122223333:t', Token: 'tok' }, { SubscriptionArn: 'arn:aws:sns:eu-west-1:111122223333:t:1' }, undefined);
    assert.deepEqual(lines[0]!.requestParameters, { name: 'app', platform: 'GCM', attributes: { PlatformCredential: HIDDEN, PlatformPrincipal: HIDDEN } });
    assert.deepEqual(lines[0]!.responseElements, { platformApplicationArn: 'arn:aws:sns:eu-west-1:111122223333:app/GCM/app' });
    assert.equal((lines[1]!.requestParameters as Record<string, unknown>).endpoint, 'https://u:****@example.com/hook');
    assert.deepEqual(lines[1]!.responseElements, { subscriptionArn: 'pending confirmation' });
    assert.equal((lines[2]!.requestParameters as Record<string, unknown>).token, HIDDEN);
  });

  it('who: Root in its own account, AWSAccount in another, Unknown when the signature was refused; the key only when signatures are verified', () => {
    const { lines, audit } = recorder();
    audit(request(), SQS, 'SetQueueAttributes', ME, { QueueUrl: 'http://h/444455556666/theirs', Attributes: {} }, {}, undefined);
    audit(request(), SQS, 'CreateQueue', { accountId: '000000000000', region: 'eu-west-1', accessKeyId: 'AKIDFORGED', unverified: true }, { QueueName: 'q' }, undefined, new ServiceError('InvalidClientTokenId', 'bad'));
    assert.deepEqual(lines[0]!.userIdentity, { type: 'AWSAccount', principalId: '111122223333', accountId: '111122223333', accessKeyId: 'AKIDEXAMPLE' });
    assert.equal(lines[0]!.recipientAccountId, '444455556666');
    assert.deepEqual(lines[1]!.userIdentity, { type: 'Unknown' });

    const unverified = recorder({ verifiesSignatures: false });
    unverified.audit(request(), SQS, 'DeleteQueue', { ...ME, accessKeyId: 'test' }, { QueueUrl: 'http://h/111122223333/q' }, {}, undefined);
    assert.equal((unverified.lines[0]!.userIdentity as Record<string, unknown>).accessKeyId, undefined);
  });

  it('temporary credentials as CloudTrail writes them: AssumedRole with its role as sessionIssuer; a GetSessionToken session as Root; AWSAccount elsewhere', () => {
    const { lines, audit } = recorder();
    const issuedAt = Date.UTC(2026, 10, 28, 0, 30, 0);
    const role = { roleArn: 'arn:aws:iam::111122223333:role/ops/reader', sessionArn: 'arn:aws:sts::111122223333:assumed-role/reader/alice', userId: 'AROAEXAMPLE0000000001:alice' };
    const asRole: AuditCaller = { ...ME, accessKeyId: 'ASIAEXAMPLE', session: { accountId: ME.accountId, issuedAt, role, sourceIdentity: 'alice@example.com' } };
    audit(request(), SQS, 'CreateQueue', asRole, { QueueName: 'q' }, { QueueUrl: 'http://h/111122223333/q' }, undefined);
    audit(request(), SQS, 'CreateQueue', { ...ME, session: { accountId: ME.accountId, issuedAt } }, { QueueName: 'q' }, { QueueUrl: 'http://h/111122223333/q' }, undefined);
    audit(request(), SQS, 'PurgeQueue', asRole, { QueueUrl: 'http://h/444455556666/theirs' }, {}, undefined);
    const attributes = { creationDate: '2026-11-28T00:30:00Z', mfaAuthenticated: 'false' };
    assert.deepEqual(lines[0]!.userIdentity, {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE0000000001:alice',
      arn: 'arn:aws:sts::111122223333:assumed-role/reader/alice',
      accountId: '111122223333',
      accessKeyId: 'ASIAEXAMPLE',
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE0000000001', arn: 'arn:aws:iam::111122223333:role/ops/reader', accountId: '111122223333', userName: 'reader' },
        attributes,
        sourceIdentity: 'alice@example.com',
      },
    });
    assert.deepEqual(lines[1]!.userIdentity, { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333', accessKeyId: 'AKIDEXAMPLE', sessionContext: { attributes } });
    assert.deepEqual(lines[2]!.userIdentity, { type: 'AWSAccount', principalId: 'AROAEXAMPLE0000000001:alice', accountId: '111122223333', accessKeyId: 'ASIAEXAMPLE' });
  });

  it('unsigned SNS ConfirmSubscription and Unsubscribe are not recorded (CloudTrail leaves them out); signed ones are', () => {
    const { lines, audit } = recorder();
    const anonymous: AuditCaller = { accountId: '111122223333', region: 'eu-west-1' };
    audit(request(), SNS, 'Unsubscribe', anonymous, { SubscriptionArn: 'arn:aws:sns:eu-west-1:111122223333:t:1' }, {}, undefined);
    audit(request(), SNS, 'ConfirmSubscription', anonymous, { TopicArn: 'arn:aws:sns:eu-west-1:111122223333:t', Token: 't' }, {}, undefined);
    audit(request(), SNS, 'Unsubscribe', ME, { SubscriptionArn: 'arn:aws:sns:eu-west-1:111122223333:t:1' }, {}, undefined);
    assert.deepEqual(lines.map((l) => l.eventName), ['Unsubscribe']);
  });

  it("the console's calls: only those that change something, marked as console calls, with the key the browser signed in with", () => {
    const { lines, audit } = recorder({}, true);
    const browser = request({ 'user-agent': 'Mozilla/5.0', authorization: `Basic ${Buffer.from('AKIDCONSOLE:secret').toString('base64')}` });
    const inner: AuditCaller = { accountId: '111122223333', region: 'eu-west-1' };
    audit(browser, SQS, 'ListQueues', inner, {}, { QueueUrls: [] }, undefined);
    audit(browser, SQS, 'PurgeQueue', inner, { QueueUrl: 'http://h/111122223333/q' }, {}, undefined);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.eventName, 'PurgeQueue');
    assert.equal(lines[0]!.sessionCredentialFromConsole, 'true');
    assert.equal(lines[0]!.userAgent, 'Mozilla/5.0');
    assert.equal((lines[0]!.userIdentity as Record<string, unknown>).accessKeyId, 'AKIDCONSOLE');
    // A console call refused before its (inner, unsigned) request was decoded: still the signed-in key.
    audit(browser, SQS, 'CreateQueue', { ...inner, unverified: true }, undefined, undefined, new ServiceError('MissingParameter', 'The request must contain the parameter QueueName.'));
    assert.deepEqual(lines[1]!.userIdentity, { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333', accessKeyId: 'AKIDCONSOLE' });
    assert.equal(lines[1]!.errorCode, 'MissingParameter');
  });

  it('a request that named no operation this server knows is not recorded', () => {
    const { lines, audit } = recorder();
    audit(request(), undefined, undefined, ME, undefined, undefined, new ServiceError('InvalidAction', 'x'));
    audit(request(), SQS, undefined, ME, undefined, undefined, new ServiceError('InvalidAction', 'x'));
    assert.deepEqual(lines, []);
  });
});
