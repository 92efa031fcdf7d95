// SigV4 verification (--credentials) for SNS through @aws-sdk/client-sns, on every engine: accounts
// per key, AWS's query errors, and what stays unsigned as on AWS (SubscribeURL, UnsubscribeURL, the
// signing certificate) and open (/metrics, health).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateTopicCommand, ListTopicsCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { E2E_ENGINES, type TestServer } from '../helpers/server.js';
import { snsError } from '../helpers/sns.js';
import { startSubscriber, type Subscriber } from '../helpers/sns-http.js';
import { ALICE, BOB, clientConfig, presignedGet, startAuthServer, xmlError, type Key } from './auth-keys.js';

for (const engine of E2E_ENGINES) {
  describe(`SNS with --credentials [${engine}]`, () => {
    let server: TestServer;
    let hook: Subscriber;
    const clients: SNSClient[] = [];
    const sns = (key: Key, secret?: string) => {
      const c = new SNSClient(clientConfig(server.url, key, secret));
      clients.push(c);
      return c;
    };
    before(async () => {
      server = await startAuthServer(engine);
      hook = await startSubscriber();
    });
    after(async () => {
      for (const c of clients) c.destroy();
      await hook.close();
      await server.close();
    });

    it('each key acts as its own account: topics land there and the other account does not list them', async () => {
      const { TopicArn } = await sns(ALICE).send(new CreateTopicCommand({ Name: 'news' }));
      assert.equal(TopicArn, `arn:aws:sns:us-east-1:${ALICE.accountId}:news`);
      const bobs = await sns(BOB).send(new ListTopicsCommand({}));
      assert.deepEqual(bobs.Topics ?? [], []);
      const presigned = await fetch(await presignedGet(server.url, 'sns', ALICE, { Action: 'ListTopics', Version: '2010-03-31' }));
      assert.equal(presigned.status, 200);
      assert.match(await presigned.text(), new RegExp(`<TopicArn>arn:aws:sns:us-east-1:${ALICE.accountId}:news</TopicArn>`));
    });

    it('wrong secret: SignatureDoesNotMatch 403; unknown key: InvalidClientTokenId 403; unsigned: MissingAuthenticationToken 403', async () => {
      const wrong = await sns(ALICE, 'wrong').send(new ListTopicsCommand({})).then(() => assert.fail('accepted'), snsError);
      assert.equal(wrong.status, 403);
      assert.equal(wrong.code ?? wrong.name, 'SignatureDoesNotMatch');
      assert.match(wrong.message, /^The request signature we calculated does not match/);
      const unknown = await sns({ ...BOB, accessKeyId: 'AKIANOBODY0000000000' }).send(new ListTopicsCommand({})).then(() => assert.fail('accepted'), snsError);
      assert.equal(unknown.status, 403);
      assert.equal(unknown.code ?? unknown.name, 'InvalidClientTokenId');
      assert.equal(unknown.message, 'The security token included in the request is invalid.');
      const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=Publish&TopicArn=x&Message=m' });
      assert.equal(res.status, 403);
      assert.deepEqual(xmlError(await res.text()), { code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });
    });

    it('the SubscribeURL and UnsubscribeURL GETs and the signing certificate need no signature, as on AWS', async () => {
      const alice = sns(ALICE);
      const { TopicArn } = await alice.send(new CreateTopicCommand({ Name: 'hooked' }));
      await alice.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${hook.url}/in` }));
      const [confirmation] = await hook.waitFor('/in', 1);
      const confirmed = await fetch(confirmation!.json.SubscribeURL);
      assert.equal(confirmed.status, 200);
      assert.match(await confirmed.text(), new RegExp(`<SubscriptionArn>arn:aws:sns:us-east-1:${ALICE.accountId}:hooked:`));
      await alice.send(new PublishCommand({ TopicArn, Message: 'hello' }));
      const [, note] = await hook.waitFor('/in', 2);
      const cert = await fetch(`${server.url}${new URL(note!.json.SigningCertURL).pathname}`);
      assert.equal(cert.status, 200);
      assert.match(await cert.text(), /^-----BEGIN CERTIFICATE-----/);
      const unsubscribed = await fetch(note!.json.UnsubscribeURL);
      assert.equal(unsubscribed.status, 200);
      assert.equal((await fetch(`${server.url}/metrics`)).status, 200);
      assert.equal((await fetch(`${server.url}/_switchyard/health`)).status, 200);
    });
  });
}
