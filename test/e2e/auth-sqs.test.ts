// SigV4 verification (--credentials) for SQS, through the real clients: the current JS SDK (AWS JSON
// 1.0) and the 3.445.0 query client, on every engine; presigned query GETs; sqs-consumer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Consumer } from 'sqs-consumer';
import { E2E_ENGINES, type TestServer } from '../helpers/server.js';
import { SQS_CLIENTS, errorMessage } from '../helpers/sqs-clients.js';
import { ALICE, BOB, clientConfig, presignedGet, startAuthServer, xmlError, type Key } from './auth-keys.js';

/** The error a client threw: its code (JSON: from x-amzn-query-error; query: <Code>), message, status. */
function failure(e: any): { code: string; message: string; status: number } {
  return { code: e?.Error?.Code ?? e?.Code ?? e?.name, message: errorMessage(e), status: e?.$metadata?.httpStatusCode };
}

async function fails(p: Promise<unknown>): Promise<{ code: string; message: string; status: number }> {
  try {
    await p;
  } catch (e) {
    return failure(e);
  }
  throw new Error('the request succeeded');
}

for (const engine of E2E_ENGINES) {
  for (const kind of SQS_CLIENTS) {
    describe(`SQS with --credentials [${engine}, ${kind.protocol}]`, () => {
      let server: TestServer;
      const clients: { destroy(): void }[] = [];
      const sqs = (key: Key, secret?: string, extra: Record<string, unknown> = {}) => {
        const c = new kind.sdk.SQSClient({ ...clientConfig(server.url, key, secret), ...extra });
        clients.push(c);
        return c;
      };
      before(async () => {
        server = await startAuthServer(engine);
      });
      after(async () => {
        for (const c of clients) c.destroy();
        await server.close();
      });

      it('each key acts as its own account: queues land there and the other account does not see them', async () => {
        const alice = sqs(ALICE);
        const bob = sqs(BOB);
        const { QueueUrl } = await alice.send(new kind.sdk.CreateQueueCommand({ QueueName: `mine-${kind.protocol}` }));
        assert.match(QueueUrl!, new RegExp(`/${ALICE.accountId}/mine-${kind.protocol}$`));
        await alice.send(new kind.sdk.SendMessageCommand({ QueueUrl, MessageBody: 'for alice' }));
        const got = await alice.send(new kind.sdk.ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
        assert.equal(got.Messages?.[0]?.Body, 'for alice');
        const bobs = await bob.send(new kind.sdk.ListQueuesCommand({}));
        assert.deepEqual(bobs.QueueUrls ?? [], []);
        const other = await fails(bob.send(new kind.sdk.GetQueueUrlCommand({ QueueName: `mine-${kind.protocol}` })));
        assert.match(other.code, /QueueDoesNotExist|NonExistentQueue/);
        const { QueueUrl: bobsUrl } = await bob.send(new kind.sdk.CreateQueueCommand({ QueueName: `mine-${kind.protocol}` }));
        assert.match(bobsUrl!, new RegExp(`/${BOB.accountId}/`));
      });

      it('a wrong secret is SignatureDoesNotMatch (403), an unknown key InvalidClientTokenId (403)', async () => {
        const wrong = await fails(sqs(ALICE, 'not-the-secret').send(new kind.sdk.ListQueuesCommand({})));
        assert.equal(wrong.code, 'SignatureDoesNotMatch');
        assert.equal(wrong.status, 403);
        assert.match(wrong.message, /^The request signature we calculated does not match the signature you provided\./);
        const unknown = await fails(sqs({ ...ALICE, accessKeyId: 'AKIAUNKNOWNKEY000000' }).send(new kind.sdk.ListQueuesCommand({})));
        assert.deepEqual(unknown, { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' });
      });

      it('a client clock 20 minutes slow is refused ("Signature expired"); the SDK then corrects its clock from the Date header', async () => {
        const client = sqs(ALICE, undefined, { systemClockOffset: -20 * 60_000 });
        const skewed = await fails(client.send(new kind.sdk.ListQueuesCommand({})));
        assert.equal(skewed.code, 'SignatureDoesNotMatch');
        assert.equal(skewed.status, 403);
        assert.match(skewed.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
        const ahead = await fails(sqs(ALICE, undefined, { systemClockOffset: 20 * 60_000 }).send(new kind.sdk.ListQueuesCommand({})));
        assert.match(ahead.message, /^Signature not yet current: .* \+ 15 min\.\)$/);
        await client.send(new kind.sdk.ListQueuesCommand({}));
      });

      it('an unsigned request is MissingAuthenticationToken (403), in the protocol it was sent in', async () => {
        if (kind.protocol === 'json') {
          const res = await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListQueues' },
            body: '{}',
          });
          assert.equal(res.status, 403);
          assert.equal(res.headers.get('x-amzn-query-error'), 'MissingAuthenticationToken;Sender');
          assert.deepEqual(await res.json(), { __type: 'com.amazon.coral.service#MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' });
        } else {
          const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListQueues&Version=2012-11-05' });
          assert.equal(res.status, 403);
          assert.deepEqual(xmlError(await res.text()), { code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });
        }
      });

      // sqs-consumer 14 builds its commands from the current SDK, which the 3.445.0 client cannot
      // run: it is tested with the JSON client only.
      if (kind.protocol === 'json') it('sqs-consumer receives and deletes with a key; with a wrong secret it reports the error and handles nothing', async () => {
        const alice = sqs(ALICE);
        const { QueueUrl } = await alice.send(new kind.sdk.CreateQueueCommand({ QueueName: `consumed-${kind.protocol}` }));
        await alice.send(new kind.sdk.SendMessageCommand({ QueueUrl, MessageBody: 'consume me' }));
        const handled: string[] = [];
        const c = Consumer.create({ sqs: alice as never, queueUrl: QueueUrl!, waitTimeSeconds: 1, handleMessage: async (m) => void handled.push(m.Body!) });
        c.start();
        for (let i = 0; i < 100 && handled.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
        c.stop({ abort: true });
        assert.deepEqual(handled, ['consume me']);
        const errors: string[] = [];
        const bad = Consumer.create({ sqs: sqs(ALICE, 'wrong') as never, queueUrl: QueueUrl!, waitTimeSeconds: 1, handleMessage: async () => assert.fail('nothing to handle') });
        bad.on('error', (e) => errors.push(String((e as any).code ?? e.name)));
        bad.start();
        for (let i = 0; i < 100 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
        bad.stop({ abort: true });
        assert.ok(errors.length > 0, 'the consumer reported the refusal');
      });
    });
  }

  describe(`SQS presigned query GETs with --credentials [${engine}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startAuthServer(engine);
      const res = await fetch(await presignedGet(server.url, 'sqs', ALICE, { Action: 'CreateQueue', QueueName: 'presigned', Version: '2012-11-05' }));
      assert.equal(res.status, 200, await res.text());
    });
    after(async () => server.close());
    const LIST = { Action: 'ListQueues', Version: '2012-11-05' };

    it('a valid presigned URL works and acts as its key\'s account', async () => {
      const alice = await fetch(await presignedGet(server.url, 'sqs', ALICE, LIST));
      assert.equal(alice.status, 200);
      assert.match(await alice.text(), new RegExp(`<QueueUrl>[^<]*/${ALICE.accountId}/presigned</QueueUrl>`));
      const bob = await fetch(await presignedGet(server.url, 'sqs', BOB, LIST));
      assert.equal(bob.status, 200);
      assert.doesNotMatch(await bob.text(), /<QueueUrl>/);
    });

    it('an expired presigned URL is SignatureDoesNotMatch "Signature expired" (403)', async () => {
      const res = await fetch(await presignedGet(server.url, 'sqs', ALICE, LIST, 60, Date.now() - 120_000));
      assert.equal(res.status, 403);
      const { code, message } = xmlError(await res.text());
      assert.equal(code, 'SignatureDoesNotMatch');
      assert.match(message!, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 60 sec\.\)$/);
    });

    it('a tampered presigned URL (another action, another parameter) is SignatureDoesNotMatch (403)', async () => {
      const url = await presignedGet(server.url, 'sqs', ALICE, LIST);
      for (const changed of [url.replace('Action=ListQueues', 'Action=DeleteQueue&QueueUrl=x'), `${url}&QueueNamePrefix=p`]) {
        const res = await fetch(changed);
        assert.equal(res.status, 403);
        assert.equal(xmlError(await res.text()).code, 'SignatureDoesNotMatch');
      }
      const unknown = await fetch(await presignedGet(server.url, 'sqs', { ...ALICE, accessKeyId: 'AKIANOBODY0000000000' }, LIST));
      assert.equal(unknown.status, 403);
      assert.equal(xmlError(await unknown.text()).code, 'InvalidClientTokenId');
    });
  });
}
