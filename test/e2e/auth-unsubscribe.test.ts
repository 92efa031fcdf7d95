// AuthenticateOnUnsubscribe through @aws-sdk/client-sns with --credentials, on every engine: a
// subscription confirmed by a signed ConfirmSubscription with AuthenticateOnUnsubscribe=true can no
// longer be deleted by the unsigned GET of its UnsubscribeURL, nor by another account; its owner
// and the topic's owner still can. Without the flag (or with it on the unsigned SubscribeURL GET,
// where AWS ignores it) the UnsubscribeURL works.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { E2E_ENGINES, type TestServer } from '../helpers/server.js';
import { snsError } from '../helpers/sns.js';
import { startSubscriber, type Subscriber } from '../helpers/sns-http.js';
import { ALICE, BOB, clientConfig, startAuthServer, xmlError } from './auth-keys.js';
import { ONLY_OWNERS } from '../../src/services/sns/domain/unsubscribe-authentication.js';

for (const engine of E2E_ENGINES) {
  describe(`SNS AuthenticateOnUnsubscribe with --credentials [${engine}]`, () => {
    let server: TestServer;
    let hook: Subscriber;
    let alice: SNSClient;
    let bob: SNSClient;
    let topicArn: string;
    before(async () => {
      server = await startAuthServer(engine);
      hook = await startSubscriber();
      alice = new SNSClient(clientConfig(server.url, ALICE));
      bob = new SNSClient(clientConfig(server.url, BOB));
      topicArn = (await alice.send(new CreateTopicCommand({ Name: 'alerts' }))).TopicArn!;
    });
    after(async () => {
      alice.destroy();
      bob.destroy();
      await hook.close();
      await server.close();
    });

    /** Subscribes `path` (by `who`) and answers the SubscriptionConfirmation it receives. */
    const subscribe = async (who: SNSClient, path: string) => {
      await who.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: `${hook.url}${path}` }));
      const [confirmation] = await hook.waitFor(path, 1);
      return confirmation!.json as { Token: string; SubscribeURL: string };
    };
    /** The UnsubscribeURL of the next notification `path` receives. */
    const unsubscribeUrl = async (path: string, received: number) => {
      await alice.send(new PublishCommand({ TopicArn: topicArn, Message: `to ${path}` }));
      const notes = await hook.waitFor(path, received);
      return notes[received - 1]!.json.UnsubscribeURL as string;
    };
    const exists = (arn: string) =>
      alice.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn })).then(
        () => true,
        (e: unknown) => (snsError(e).code === 'NotFound' ? false : Promise.reject(e)),
      );

    it('after a signed confirmation with the flag: the unsigned UnsubscribeURL and another account are refused (AuthorizationError 403); the topic owner unsubscribes', async () => {
      const { Token } = await subscribe(alice, '/guarded');
      const arn = (await alice.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token, AuthenticateOnUnsubscribe: 'true' }))).SubscriptionArn!;
      const url = await unsubscribeUrl('/guarded', 2);
      const res = await fetch(url);
      assert.equal(res.status, 403);
      assert.deepEqual(xmlError(await res.text()), {
        code: 'AuthorizationError',
        message: `User: anonymous is not authorized to perform: SNS:Unsubscribe on resource: ${topicArn} because the subscription requires an authenticated unsubscribe`,
      });
      const e = snsError(await bob.send(new UnsubscribeCommand({ SubscriptionArn: arn })).then(() => assert.fail('accepted'), (x: unknown) => x));
      assert.deepEqual(e, {
        name: 'AuthorizationErrorException',
        code: 'AuthorizationError',
        status: 403,
        message: `User: arn:aws:iam::${BOB.accountId}:root is not authorized to perform: SNS:Unsubscribe on resource: ${topicArn} ${ONLY_OWNERS}`,
      });
      assert.equal(await exists(arn), true);
      const attrs = (await alice.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))).Attributes!;
      assert.equal(attrs.AuthenticateOnUnsubscribe, undefined, 'kept inside, not one of AWS’s attributes');
      const lift = new SetSubscriptionAttributesCommand({ SubscriptionArn: arn, AttributeName: 'AuthenticateOnUnsubscribe', AttributeValue: 'false' });
      const notSettable = snsError(await alice.send(lift).then(() => assert.fail('accepted'), (x: unknown) => x));
      assert.deepEqual([notSettable.code, notSettable.message], ['InvalidParameter', 'Invalid parameter: AttributeName']);
      await alice.send(new UnsubscribeCommand({ SubscriptionArn: arn }));
      assert.equal(await exists(arn), false);
    });

    it('without the flag, and with it on the unsigned SubscribeURL GET (no signature: no effect), the UnsubscribeURL works', async () => {
      const plain = await subscribe(alice, '/plain');
      const arn = (await alice.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: plain.Token }))).SubscriptionArn!;
      assert.equal((await fetch(await unsubscribeUrl('/plain', 2))).status, 200);
      assert.equal(await exists(arn), false);

      const viaGet = await subscribe(alice, '/via-get');
      const confirmed = await fetch(`${viaGet.SubscribeURL}&AuthenticateOnUnsubscribe=true`);
      assert.equal(confirmed.status, 200);
      const arn2 = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(await confirmed.text())![1]!;
      assert.equal((await fetch(await unsubscribeUrl('/via-get', 2))).status, 200);
      assert.equal(await exists(arn2), false);
    });

    it("the subscription's owner in another account (not the topic's) unsubscribes it, signed; the unsigned UnsubscribeURL is refused", async () => {
      const { Token } = await subscribe(bob, '/bobs');
      const arn = (await bob.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token, AuthenticateOnUnsubscribe: 'TRUE' }))).SubscriptionArn!;
      assert.equal((await fetch(await unsubscribeUrl('/bobs', 2))).status, 403);
      await bob.send(new UnsubscribeCommand({ SubscriptionArn: arn }));
      assert.equal(await exists(arn), false);
    });
  });
}
