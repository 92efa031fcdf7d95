// Resource policies are checked when they are set, as AWS does (shared/policy/validate.ts), through the
// real clients: SQS SetQueueAttributes/CreateQueue `Policy` (JSON and query protocol), SNS
// SetTopicAttributes/CreateTopic `Policy`, Kinesis PutResourcePolicy. Each class of structurally broken
// policy gets the service's recorded error; valid but unusual policies are taken and read back as set.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, GetTopicAttributesCommand, RemovePermissionCommand, SetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { GetResourcePolicyCommand, PutResourcePolicyCommand } from '@aws-sdk/client-kinesis';
import { sqsE2E } from '../helpers/matrix.js';
import { errorMessage, isSqsError } from '../helpers/sqs-clients.js';
import { snsE2E, snsError } from '../helpers/sns.js';
import { isKinesisError, kinesisE2E } from '../helpers/kinesis.js';

const ACCOUNT = '000000000000';
type Statement = Record<string, unknown>;

/** A policy with the given statements (Version 2012-10-17). */
const doc = (...statements: Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** One class of broken policy each, built around a statement that is valid for the resource. */
function broken(ok: Statement, withResource: boolean): [string, string][] {
  const cases: [string, string][] = [
    ['an empty object', '{}'],
    ['no Statement', JSON.stringify({ Version: '2012-10-17' })],
    ['an empty Statement list', doc()],
    ['a Statement that is a string', JSON.stringify({ Version: '2012-10-17', Statement: 'x' })],
    ['an unknown Version', JSON.stringify({ Version: '2020-01-01', Statement: [ok] })],
    ['an Effect other than Allow or Deny', doc({ ...ok, Effect: 'Permit' })],
    ['no Effect', doc({ ...ok, Effect: undefined })],
    ['no Principal', doc({ ...ok, Principal: undefined })],
    ['a misspelled Principal', doc({ ...ok, Principal: undefined, Principle: '*' })],
    ['a Principal that is a bare name', doc({ ...ok, Principal: 'bob' })],
    ['an empty principal list', doc({ ...ok, Principal: { AWS: [] } })],
    ['an unknown principal type', doc({ ...ok, Principal: { User: 'bob' } })],
    ['no Action', doc({ ...ok, Action: undefined })],
    ['Action and NotAction', doc({ ...ok, NotAction: ok.Action })],
    ['an Action that is an object', doc({ ...ok, Action: [{ sns: 'Publish' }] })],
    ['a Condition operator that is not an object', doc({ ...ok, Condition: { StringEquals: 'x' } })],
    ['a Condition value that is an object', doc({ ...ok, Condition: { StringEquals: { 'aws:SourceAccount': { a: 1 } } } })],
    ['a duplicate Sid', doc({ ...ok, Sid: 'same' }, { ...ok, Sid: 'same' })],
  ];
  if (withResource) cases.push(['no Resource', doc({ ...ok, Resource: undefined })]);
  return cases;
}

/** Valid policies that look unusual; `extra` are ones only some services are known to take. */
function unusual(ok: Statement, extra: [string, string][] = []): [string, string][] {
  return [
    ['Principal "*"', doc({ ...ok, Principal: '*' })],
    ['{"AWS": "*"}', doc({ ...ok, Principal: { AWS: '*' } })],
    ['an account id and a root ARN', doc({ ...ok, Principal: { AWS: ['123456789012', 'arn:aws:iam::210987654321:root'] } })],
    ['a service principal', doc({ ...ok, Principal: { Service: 'sns.amazonaws.com' } })],
    ['a condition with a list', doc({ ...ok, Condition: { ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::a', 'arn:aws:s3:::b'] }, StringEquals: { 'aws:SourceAccount': ACCOUNT } } })],
    ['no Version', JSON.stringify({ Statement: [ok] })],
    ['Version 2008-10-17 and an Id', JSON.stringify({ Version: '2008-10-17', Id: 'p', Statement: [ok] })],
    ['a single statement object', JSON.stringify({ Version: '2012-10-17', Statement: ok })],
    ['two statements with empty Sids', doc({ ...ok, Sid: '' }, { ...ok, Sid: '', Effect: 'Deny' })],
    ...extra,
  ];
}

sqsE2E('SQS Policy validation', (t) => {
  const arn = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;
  const refused = (what: string) => (e: any) => {
    assert.ok(isSqsError(e, 'InvalidAttributeValue', 'InvalidAttributeValue'), `${what}: ${e.name} (${e.Code}): ${errorMessage(e)}`);
    assert.equal(e.$metadata?.httpStatusCode, 400, what);
    assert.equal(errorMessage(e), 'Invalid value for the parameter Policy.', what);
    return true;
  };

  it('SetQueueAttributes and CreateQueue refuse each class of broken policy with "Invalid value for the parameter Policy."', async () => {
    const { sqs, sdk } = t();
    const name = t().name('pv');
    const QueueUrl = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: name }))).QueueUrl!;
    const ok = { Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: arn(name) };
    for (const [what, Policy] of broken(ok, true)) {
      await assert.rejects(sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy } })), refused(what));
    }
    const attrs = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }));
    assert.equal(attrs.Attributes?.Policy, undefined, 'nothing was stored');
    const fresh = t().name('pv');
    await assert.rejects(sqs.send(new sdk.CreateQueueCommand({ QueueName: fresh, Attributes: { Policy: doc({ ...ok, Effect: 'Permit' }) } })), refused('CreateQueue'));
    await assert.rejects(sqs.send(new sdk.GetQueueUrlCommand({ QueueName: fresh })), (e: any) => isSqsError(e, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'));
  });

  it('takes valid but unusual policies and answers them as set', async () => {
    const { sqs, sdk } = t();
    const name = t().name('pv');
    const QueueUrl = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: name }))).QueueUrl!;
    const ok = { Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: arn(name) };
    const extra: [string, string][] = [
      ['wildcard actions and resources', doc({ ...ok, Action: ['sqs:*', 'SQS:Send*'], Resource: ['*', 'arn:aws:sqs:*:*:*'] })],
      ['NotAction', doc({ ...ok, Action: undefined, NotAction: 'sqs:DeleteQueue' })],
      ['NotPrincipal with Deny', doc({ ...ok, Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })],
    ];
    for (const [what, Policy] of unusual(ok, extra)) {
      await sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy } }));
      const attrs = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }));
      assert.equal(attrs.Attributes?.Policy, Policy, what);
    }
    // CreateQueue takes one too.
    const other = t().name('pv');
    const Policy = doc({ ...ok, Resource: arn(other), Principal: { Service: 'sns.amazonaws.com' } });
    const url = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: other, Attributes: { Policy } }))).QueueUrl!;
    assert.equal((await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Policy'] }))).Attributes?.Policy, Policy);
  });
});

snsE2E('SNS Policy validation', (t) => {
  const arnOf = (name: string) => `arn:aws:sns:us-east-1:${ACCOUNT}:${name}`;
  const refused = (what: string, message: string) => (e: any) => {
    assert.deepEqual(snsError(e), { name: 'InvalidParameterException', code: 'InvalidParameter', status: 400, message }, what);
    return true;
  };

  it('SetTopicAttributes refuses each class of broken policy with "Invalid parameter: Policy Error: null", CreateTopic too', async () => {
    const { sns } = t();
    const Name = t().name('pv');
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name }))).TopicArn!;
    const before = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.Policy;
    const ok = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Publish', Resource: TopicArn };
    // An empty Statement list is taken (topic-attributes.ts: RemovePermission leaves one; below).
    for (const [what, AttributeValue] of broken(ok, true).filter(([what]) => what !== 'an empty Statement list')) {
      await assert.rejects(
        sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue })),
        refused(what, 'Invalid parameter: Policy Error: null'),
      );
    }
    assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.Policy, before, 'the default policy stays');
    const other = t().name('pv');
    await assert.rejects(
      sns.send(new CreateTopicCommand({ Name: other, Attributes: { Policy: doc({ ...ok, Resource: arnOf(other), Principal: undefined }) } })),
      refused('CreateTopic', 'Invalid parameter: Attributes Reason: Policy Error: null'),
    );
  });

  it('takes valid but unusual policies, and its own default policy, and answers them as set', async () => {
    const { sns } = t();
    const Name = t().name('pv');
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name }))).TopicArn!;
    const defaultPolicy = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.Policy!;
    const ok = { Effect: 'Allow', Principal: { AWS: '*' }, Action: ['SNS:Publish', 'SNS:Subscribe'], Resource: TopicArn };
    for (const [what, AttributeValue] of [...unusual(ok), ['the default policy', defaultPolicy] as [string, string]]) {
      await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue }));
      assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.Policy, AttributeValue, what);
    }
    const other = t().name('pv');
    const Policy = doc({ ...ok, Resource: arnOf(other), Principal: { Service: 's3.amazonaws.com' }, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:*:*:bucket' } } });
    const created = (await sns.send(new CreateTopicCommand({ Name: other, Attributes: { Policy } }))).TopicArn!;
    assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn: created }))).Attributes!.Policy, Policy);
    // Read-modify-write after RemovePermission of the last statement: the empty policy it leaves is set back.
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: defaultPolicy }));
    await sns.send(new RemovePermissionCommand({ TopicArn, Label: '__default_statement_ID' }));
    const emptied = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.Policy!;
    assert.deepEqual(JSON.parse(emptied).Statement, []);
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: emptied }));
  });
});

kinesisE2E('Kinesis PutResourcePolicy validation', (t) => {
  it('refuses each class of broken policy with InvalidArgumentException, and stores nothing', async () => {
    const name = await t().activeStream({ ShardCount: 1 });
    const ResourceARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
    const ok = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kinesis:PutRecord', Resource: ResourceARN };
    // An empty Statement list is the one class Kinesis keeps taking (resource-policy.ts).
    for (const [what, Policy] of broken(ok, false).filter(([what]) => what !== 'an empty Statement list')) {
      await assert.rejects(t().kinesis.send(new PutResourcePolicyCommand({ ResourceARN, Policy })), (e) => {
        assert.ok(isKinesisError(e, 'InvalidArgumentException', /^Invalid policy document: /), what);
        return true;
      });
    }
    assert.equal((await t().kinesis.send(new GetResourcePolicyCommand({ ResourceARN }))).Policy, '{}');
  });

  it('takes valid but unusual policies and answers them as set', async () => {
    const name = await t().activeStream({ ShardCount: 1 });
    const ResourceARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
    const ok = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kinesis:PutRecord', Resource: ResourceARN };
    const extra: [string, string][] = [
      ['wildcard actions and resources', doc({ ...ok, Action: ['kinesis:*', 'kinesis:Get*'], Resource: '*' })],
      ['NotAction', doc({ ...ok, Action: undefined, NotAction: 'kinesis:DeleteStream' })],
    ];
    for (const [what, Policy] of unusual(ok, extra)) {
      await t().kinesis.send(new PutResourcePolicyCommand({ ResourceARN, Policy }));
      assert.equal((await t().kinesis.send(new GetResourcePolicyCommand({ ResourceARN }))).Policy, Policy, what);
    }
  });
});
