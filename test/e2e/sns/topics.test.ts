import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetDataProtectionPolicyCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PutDataProtectionPolicyCommand,
  RemovePermissionCommand,
  SetTopicAttributesCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { snsE2E, snsError } from '../../helpers/sns.js';

const ACCOUNT = '000000000000';

snsE2E('SNS topics', (t) => {
  async function rejects(p: Promise<unknown>, expected: { name: string; code: string; status: number; message?: string | RegExp }) {
    const e = await p.then(
      () => assert.fail('expected an error'),
      (err) => snsError(err),
    );
    assert.equal(e.name, expected.name);
    assert.equal(e.code, expected.code);
    assert.equal(e.status, expected.status);
    if (typeof expected.message === 'string') assert.equal(e.message, expected.message);
    else if (expected.message) assert.match(e.message, expected.message);
  }

  it('creates a topic with AWS defaults; CreateTopic is idempotent and refuses different attributes or tags', async () => {
    const { sns } = t();
    const name = t().name('topic');
    const a = await sns.send(new CreateTopicCommand({ Name: name, Attributes: { DisplayName: 'Shown' }, Tags: [{ Key: 'team', Value: 'pay' }] }));
    assert.equal(a.TopicArn, `arn:aws:sns:us-east-1:${ACCOUNT}:${name}`);
    const again = await sns.send(new CreateTopicCommand({ Name: name, Attributes: { DisplayName: 'Shown' } }));
    assert.equal(again.TopicArn, a.TopicArn);
    await rejects(sns.send(new CreateTopicCommand({ Name: name, Attributes: { DisplayName: 'Other' } })), {
      name: 'InvalidParameterException', code: 'InvalidParameter', status: 400,
      message: 'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
    });
    await rejects(sns.send(new CreateTopicCommand({ Name: name, Tags: [{ Key: 'team', Value: 'other' }] })), {
      name: 'InvalidParameterException', code: 'InvalidParameter', status: 400,
      message: 'Invalid parameter: Tags Reason: Topic already exists with different tags',
    });
    const attrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn: a.TopicArn }))).Attributes!;
    assert.equal(attrs.DisplayName, 'Shown');
    assert.equal(attrs.Owner, ACCOUNT);
    assert.equal(attrs.TopicArn, a.TopicArn);
    assert.deepEqual([attrs.SubscriptionsConfirmed, attrs.SubscriptionsPending, attrs.SubscriptionsDeleted], ['0', '0', '0']);
    const policy = JSON.parse(attrs.Policy!);
    assert.equal(policy.Id, '__default_policy_ID');
    assert.equal(policy.Statement[0].Resource, a.TopicArn);
    assert.deepEqual(policy.Statement[0].Condition, { StringEquals: { 'AWS:SourceOwner': ACCOUNT } });
    assert.equal(JSON.parse(attrs.EffectiveDeliveryPolicy!).http.defaultHealthyRetryPolicy.numRetries, 3);
    assert.equal(attrs.FifoTopic, undefined);
  });

  it('validates names: .fifo needs FifoTopic=true, and FIFO topics show their FIFO attributes', async () => {
    const { sns } = t();
    for (const Name of ['bad name', 'x'.repeat(257), 'plain.fifo', '']) {
      await rejects(sns.send(new CreateTopicCommand({ Name })), { name: 'InvalidParameterException', code: 'InvalidParameter', status: 400, message: 'Invalid parameter: Topic Name' });
    }
    const fifo = await sns.send(new CreateTopicCommand({ Name: `${t().name('f')}.fifo`, Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } }));
    const attrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn: fifo.TopicArn }))).Attributes!;
    assert.equal(attrs.FifoTopic, 'true');
    assert.equal(attrs.ContentBasedDeduplication, 'true');
    await rejects(sns.send(new SetTopicAttributesCommand({ TopicArn: fifo.TopicArn, AttributeName: 'FifoTopic', AttributeValue: 'false' })), {
      name: 'InvalidParameterException', code: 'InvalidParameter', status: 400, message: 'Invalid parameter: AttributeName',
    });
  });

  it('sets attributes (DisplayName, SignatureVersion, DeliveryPolicy, TracingConfig, KmsMasterKeyId) and rejects bad ones', async () => {
    const { sns } = t();
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: t().name() }));
    const set = (AttributeName: string, AttributeValue: string) => sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName, AttributeValue }));
    await set('DisplayName', 'Payments');
    await set('SignatureVersion', '2');
    await set('TracingConfig', 'Active');
    await set('KmsMasterKeyId', 'alias/aws/sns');
    await set('DeliveryPolicy', JSON.stringify({ http: { defaultRequestPolicy: { headerContentType: 'application/json' } } }));
    const a = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    assert.equal(a.DisplayName, 'Payments');
    assert.equal(a.SignatureVersion, '2');
    assert.equal(a.TracingConfig, 'Active');
    assert.equal(a.KmsMasterKeyId, 'alias/aws/sns');
    const effective = JSON.parse(a.EffectiveDeliveryPolicy!).http;
    assert.equal(effective.defaultRequestPolicy.headerContentType, 'application/json');
    assert.equal(effective.defaultHealthyRetryPolicy.minDelayTarget, 20);
    await rejects(set('NoSuchAttribute', 'x'), { name: 'InvalidParameterException', code: 'InvalidParameter', status: 400, message: 'Invalid parameter: AttributeName' });
    await rejects(set('SignatureVersion', '3'), { name: 'InvalidParameterException', code: 'InvalidParameter', status: 400 });
    await rejects(set('ContentBasedDeduplication', 'true'), { name: 'InvalidParameterException', code: 'InvalidParameter', status: 400 });
  });

  it('answers NotFound (404) for a missing topic and InvalidParameter for a malformed ARN', async () => {
    const { sns } = t();
    await rejects(sns.send(new GetTopicAttributesCommand({ TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:nope` })), {
      name: 'NotFoundException', code: 'NotFound', status: 404, message: 'Topic does not exist',
    });
    await rejects(sns.send(new GetTopicAttributesCommand({ TopicArn: 'nope' })), {
      name: 'InvalidParameterException', code: 'InvalidParameter', status: 400,
      message: 'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1',
    });
    await rejects(sns.send(new GetTopicAttributesCommand({ TopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:nope` })), {
      name: 'InvalidParameterException', code: 'InvalidParameter', status: 400, message: 'Invalid parameter: TopicArn',
    });
  });

  it('lists topics in pages of 100 and deletes (idempotently)', async () => {
    const { sns } = t();
    const made = new Set<string>();
    for (let i = 0; i < 105; i++) made.add((await sns.send(new CreateTopicCommand({ Name: t().name('many') }))).TopicArn!);
    const first = await sns.send(new ListTopicsCommand({}));
    assert.equal(first.Topics!.length, 100);
    assert.ok(first.NextToken);
    const second = await sns.send(new ListTopicsCommand({ NextToken: first.NextToken }));
    const listed = new Set([...first.Topics!, ...second.Topics!].map((x) => x.TopicArn!));
    for (const arn of made) assert.ok(listed.has(arn), arn);
    assert.equal(second.NextToken, undefined);
    const victim = [...made][0]!;
    await sns.send(new DeleteTopicCommand({ TopicArn: victim }));
    await sns.send(new DeleteTopicCommand({ TopicArn: victim }));
    await rejects(sns.send(new GetTopicAttributesCommand({ TopicArn: victim })), { name: 'NotFoundException', code: 'NotFound', status: 404 });
  });

  it('tags, untags and lists tags; a missing topic is ResourceNotFound; duplicate keys are refused', async () => {
    const { sns } = t();
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: t().name() }));
    await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['a'] }));
    const tags = await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }));
    assert.deepEqual(tags.Tags, [{ Key: 'b', Value: '2' }]);
    await rejects(sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'x', Value: '1' }, { Key: 'x', Value: '2' }] })), {
      name: 'InvalidParameterException', code: 'InvalidParameter', status: 400, message: 'Invalid parameter: Duplicated keys are not allowed.',
    });
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await rejects(sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: many })), { name: 'TagLimitExceededException', code: 'TagLimitExceeded', status: 400 });
    await rejects(sns.send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:sns:us-east-1:${ACCOUNT}:nope` })), {
      name: 'ResourceNotFoundException', code: 'ResourceNotFound', status: 404,
    });
  });

  it('adds and removes permissions in the topic policy, as AWS writes them', async () => {
    const { sns } = t();
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: t().name() }));
    await sns.send(new AddPermissionCommand({ TopicArn, Label: 'pub', AWSAccountId: ['111122223333'], ActionName: ['Publish'] }));
    let policy = JSON.parse((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.Policy!);
    assert.deepEqual(policy.Statement[1], { Sid: 'pub', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'SNS:Publish', Resource: TopicArn });
    await rejects(sns.send(new AddPermissionCommand({ TopicArn, Label: 'pub', AWSAccountId: ['1'], ActionName: ['Publish'] })), {
      name: 'InvalidParameterException', code: 'InvalidParameter', status: 400, message: 'Invalid parameter: Statement already exists',
    });
    await rejects(sns.send(new AddPermissionCommand({ TopicArn, Label: 'x', AWSAccountId: ['1'], ActionName: ['Fly'] })), {
      name: 'InvalidParameterException', code: 'InvalidParameter', status: 400, message: 'Invalid parameter: Policy statement action out of service scope!',
    });
    await sns.send(new RemovePermissionCommand({ TopicArn, Label: 'pub' }));
    policy = JSON.parse((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.Policy!);
    assert.equal(policy.Statement.length, 1);
  });

  it('stores the data protection policy', async () => {
    const { sns } = t();
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: t().name() }));
    assert.equal((await sns.send(new GetDataProtectionPolicyCommand({ ResourceArn: TopicArn }))).DataProtectionPolicy, undefined);
    const doc = JSON.stringify({ Name: 'p', Version: '2021-06-01', Statement: [] });
    await sns.send(new PutDataProtectionPolicyCommand({ ResourceArn: TopicArn, DataProtectionPolicy: doc }));
    assert.equal((await sns.send(new GetDataProtectionPolicyCommand({ ResourceArn: TopicArn }))).DataProtectionPolicy, doc);
  });

  it('refuses tag keys and values with characters no tag can have, and CreateTopic a DataProtectionPolicy that is not JSON', async () => {
    const { sns } = t();
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: t().name() }));
    const tagChars = 'Tag keys and values may not contain control characters';
    for (const tag of [{ Key: 'a\u0000b', Value: 'v' }, { Key: 'k', Value: '\u0000' }, { Key: 'k', Value: 'bell\u0007' }]) {
      await rejects(sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [tag] })), {
        name: 'InvalidParameterException', code: 'InvalidParameter', status: 400, message: `Invalid parameter: Tags Reason: ${tagChars}`,
      });
      await rejects(sns.send(new CreateTopicCommand({ Name: t().name(), Tags: [tag] })), {
        name: 'InvalidParameterException', code: 'InvalidParameter', status: 400, message: `Invalid parameter: Tags Reason: ${tagChars}`,
      });
    }
    await rejects(sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['a\u0000b'] })), {
      name: 'InvalidParameterException', code: 'InvalidParameter', status: 400, message: `Invalid parameter: TagKeys Reason: ${tagChars}`,
    });
    // Any other text: SNS documents no pattern for tags.
    await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'équipe 漢 _.:/=+-@#🙂', Value: '' }] }));
    assert.deepEqual((await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags, [{ Key: 'équipe 漢 _.:/=+-@#🙂', Value: '' }]);
    for (const DataProtectionPolicy of ['{', 'a\u0000b', '\u0000']) {
      await rejects(sns.send(new CreateTopicCommand({ Name: t().name(), DataProtectionPolicy })), {
        name: 'InvalidParameterException', code: 'InvalidParameter', status: 400, message: /^Invalid parameter: DataProtectionPolicy: failed to parse JSON\. /,
      });
    }
  });

  it('stores attribute values and data protection policies with NUL characters exactly, on every engine', async () => {
    const { sns } = t();
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: t().name(), Attributes: { DisplayName: 'a\u0000b' } }));
    assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.DisplayName, 'a\u0000b');
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: '\u0000x\u0000' }));
    assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.DisplayName, '\u0000x\u0000');
    // Jackson reads the policy's JSON and ignores what follows it, NUL included.
    const doc = `${JSON.stringify({ Name: 'p', Version: '2021-06-01', Statement: [] })} \u0000 tail`;
    await sns.send(new PutDataProtectionPolicyCommand({ ResourceArn: TopicArn, DataProtectionPolicy: doc }));
    assert.equal((await sns.send(new GetDataProtectionPolicyCommand({ ResourceArn: TopicArn }))).DataProtectionPolicy, doc);
    const created = await sns.send(new CreateTopicCommand({ Name: t().name(), DataProtectionPolicy: doc }));
    assert.equal((await sns.send(new GetDataProtectionPolicyCommand({ ResourceArn: created.TopicArn }))).DataProtectionPolicy, doc);
  });
});
