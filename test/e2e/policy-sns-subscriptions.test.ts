// --enforce-policies for SNS's subscription operations through @aws-sdk/client-sns (SQLite and
// PostgreSQL): Unsubscribe, GetSubscriptionAttributes and SetSubscriptionAttributes are authorized
// on the subscription's topic ARN (as AWS's refusals name it); another account is refused until the
// topic policy allows the action, the account that subscribed may always manage its own
// subscription (an explicit Deny still wins), and ConfirmSubscription is authorized by its token.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand,
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { E2E_ENGINES, startTestServer, type TestServer } from '../helpers/server.js';
import { snsClient, snsError } from '../helpers/sns.js';
import { startSubscriber, type Subscriber } from '../helpers/sns-http.js';
import { ONLY_OWNERS } from '../../src/services/sns/domain/unsubscribe-authentication.js';

const OWNER = '000000000000';
const OTHER = '222222222222';
const THIRD = '333333333333';

const accountClient = (endpoint: string, account: string) =>
  new SNSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: account, secretAccessKey: 'secret' }, maxAttempts: 1 });

const refused = (account: string, action: string, topicArn: string, why = `because no resource-based policy allows the SNS:${action} action`) => ({
  name: 'AuthorizationErrorException',
  code: 'AuthorizationError',
  status: 403,
  message: `User: arn:aws:iam::${account}:root is not authorized to perform: SNS:${action} on resource: ${topicArn} ${why}`,
});

/** A topic policy: the default owner statement plus one statement for `account` on `actions`. */
const policyFor = (topicArn: string, effect: 'Allow' | 'Deny', account: string, actions: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:root` }, Action: 'SNS:*', Resource: topicArn },
      { Sid: 'other', Effect: effect, Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: actions, Resource: topicArn },
    ],
  });

for (const engine of E2E_ENGINES) {
  describe(`SNS subscription operations under resource policies [${engine}]`, () => {
    let server: TestServer;
    let hook: Subscriber;
    let owner: SNSClient;
    let other: SNSClient;
    let third: SNSClient;
    let counter = 0;
    before(async () => {
      server = await startTestServer(engine, {}, { enforcePolicies: 'true' });
      hook = await startSubscriber();
      owner = snsClient(server.url);
      other = accountClient(server.url, OTHER);
      third = accountClient(server.url, THIRD);
    });
    after(async () => {
      for (const c of [owner, other, third]) c.destroy();
      await hook.close();
      await server.close();
    });
    const topic = async () => (await owner.send(new CreateTopicCommand({ Name: `subs-${++counter}` }))).TopicArn!;
    const ownerQueueSubscription = async (topicArn: string) =>
      (await owner.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${OWNER}:q${counter}` }))).SubscriptionArn!;
    const fail = (p: Promise<unknown>) => p.then(() => assert.fail('accepted'), snsError);
    const get = (c: SNSClient, arn: string) => c.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }));
    const set = (c: SNSClient, arn: string) => c.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: arn, AttributeName: 'RawMessageDelivery', AttributeValue: 'true' }));
    const unsubscribe = (c: SNSClient, arn: string) => c.send(new UnsubscribeCommand({ SubscriptionArn: arn }));

    it("another account is refused the owner's subscriptions (on the topic ARN, AWS's words); the owner is not", async () => {
      const topicArn = await topic();
      const arn = await ownerQueueSubscription(topicArn);
      assert.deepEqual(await fail(get(other, arn)), refused(OTHER, 'GetSubscriptionAttributes', topicArn));
      assert.deepEqual(await fail(set(other, arn)), refused(OTHER, 'SetSubscriptionAttributes', topicArn));
      assert.deepEqual(await fail(unsubscribe(other, arn)), refused(OTHER, 'Unsubscribe', topicArn));
      assert.deepEqual(await fail(other.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))), refused(OTHER, 'ListSubscriptionsByTopic', topicArn));
      await set(owner, arn);
      assert.equal((await get(owner, arn)).Attributes!.RawMessageDelivery, 'true', 'the refused Set changed nothing, the owner’s did');
      await unsubscribe(owner, arn);
      assert.equal((await fail(get(owner, arn))).code, 'NotFound');
    });

    it('a topic policy allowing the actions lets the other account in; the actions it does not name stay refused', async () => {
      const topicArn = await topic();
      const arn = await ownerQueueSubscription(topicArn);
      const allowed = ['sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes'];
      await owner.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: 'Policy', AttributeValue: policyFor(topicArn, 'Allow', OTHER, allowed) }));
      await set(other, arn);
      assert.equal((await get(other, arn)).Attributes!.RawMessageDelivery, 'true');
      assert.deepEqual(await fail(unsubscribe(other, arn)), refused(OTHER, 'Unsubscribe', topicArn));
      assert.deepEqual(await fail(get(third, arn)), refused(THIRD, 'GetSubscriptionAttributes', topicArn));
      // An SQS subscription is deleted only by its owner or the topic's, whatever the policy allows
      // (AWS: "Amazon SQS queue subscriptions require authentication for deletion. Only the owner…").
      await owner.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: 'Policy', AttributeValue: policyFor(topicArn, 'Allow', OTHER, [...allowed, 'sns:Unsubscribe']) }));
      assert.deepEqual(await fail(unsubscribe(other, arn)), refused(OTHER, 'Unsubscribe', topicArn, ONLY_OWNERS));
      await unsubscribe(owner, arn);
      assert.equal((await fail(get(owner, arn))).code, 'NotFound');
    });

    it('the account that subscribed manages its own subscription without a policy for it; a third account cannot; an explicit Deny wins', async () => {
      const topicArn = await topic();
      await owner.send(new AddPermissionCommand({ TopicArn: topicArn, Label: 'other-subscribes', AWSAccountId: [OTHER], ActionName: ['Subscribe'] }));
      const { SubscriptionArn } = await other.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${OTHER}:mine` }));
      const arn = SubscriptionArn!;
      assert.equal((await get(other, arn)).Attributes!.Owner, OTHER);
      await set(other, arn);
      assert.deepEqual(await fail(unsubscribe(third, arn)), refused(THIRD, 'Unsubscribe', topicArn));
      await owner.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: 'Policy', AttributeValue: policyFor(topicArn, 'Deny', OTHER, ['sns:Unsubscribe']) }));
      assert.deepEqual(await fail(unsubscribe(other, arn)), refused(OTHER, 'Unsubscribe', topicArn, 'with an explicit deny in a resource-based policy'));
      await get(other, arn);
      await unsubscribe(owner, arn);
      assert.equal((await fail(get(owner, arn))).code, 'NotFound');
    });

    it('ConfirmSubscription needs no policy: the token sent to the endpoint authorizes it, whoever calls', async () => {
      const topicArn = await topic();
      await owner.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: `${hook.url}/confirm-${counter}` }));
      const [confirmation] = await hook.waitFor(`/confirm-${counter}`, 1);
      const confirmed = await other.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: confirmation!.json.Token }));
      assert.match(confirmed.SubscriptionArn!, new RegExp(`^${topicArn}:`));
      assert.equal((await get(owner, confirmed.SubscriptionArn!)).Attributes!.PendingConfirmation, 'false');
    });
  });
}
