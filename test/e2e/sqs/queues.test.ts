import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sqsE2E } from '../../helpers/matrix.js';
import { errorMessage, isSqsError } from '../../helpers/sqs-clients.js';

sqsE2E('SQS queues', (t) => {
  it('creates a queue with attributes and tags; the URL is built from the request host', async () => {
    const { sqs, sdk, server } = t();
    const name = t().name('attrs');
    const created = await sqs.send(
      new sdk.CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '45', DelaySeconds: '5' }, tags: { team: 'buying' } }),
    );
    assert.equal(created.QueueUrl, `${server.url}/000000000000/${name}`);
    const attrs = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: created.QueueUrl, AttributeNames: ['All'] }));
    const a = attrs.Attributes!;
    assert.equal(a.VisibilityTimeout, '45');
    assert.equal(a.DelaySeconds, '5');
    assert.equal(a.MaximumMessageSize, '1048576');
    assert.equal(a.MessageRetentionPeriod, '345600');
    assert.equal(a.ReceiveMessageWaitTimeSeconds, '0');
    assert.equal(a.SqsManagedSseEnabled, 'true');
    assert.equal(a.QueueArn, `arn:aws:sqs:us-east-1:000000000000:${name}`);
    assert.match(a.CreatedTimestamp!, /^\d{10}$/);
    assert.match(a.LastModifiedTimestamp!, /^\d{10}$/);
    assert.equal(a.ApproximateNumberOfMessages, '0');
    const one = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: created.QueueUrl, AttributeNames: ['VisibilityTimeout'] }));
    assert.deepEqual(one.Attributes, { VisibilityTimeout: '45' });
    const tags = await sqs.send(new sdk.ListQueueTagsCommand({ QueueUrl: created.QueueUrl }));
    assert.deepEqual(tags.Tags, { team: 'buying' });
  });

  it('CreateQueue is idempotent with identical attributes and fails with QueueAlreadyExists otherwise', async () => {
    const { sqs, sdk } = t();
    const name = t().name('idem');
    const first = await sqs.send(new sdk.CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: '2' } }));
    const again = await sqs.send(new sdk.CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: '2' } }));
    assert.equal(again.QueueUrl, first.QueueUrl);
    await assert.rejects(sqs.send(new sdk.CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: '3' } })), (e: any) => {
      assert.equal(e.name, 'QueueNameExists');
      assert.equal(e.$metadata.httpStatusCode, 400);
      assert.match(errorMessage(e), /different value for attribute DelaySeconds/);
      if (t().kind.protocol === 'json') assert.equal(e.Code, 'QueueAlreadyExists');
      return true;
    });
  });

  it('GetQueueUrl finds a queue by name and owner account; unknown names are QueueDoesNotExist', async () => {
    const { sqs, sdk } = t();
    const name = t().name('url');
    const { QueueUrl } = await sqs.send(new sdk.CreateQueueCommand({ QueueName: name }));
    assert.equal((await sqs.send(new sdk.GetQueueUrlCommand({ QueueName: name }))).QueueUrl, QueueUrl);
    assert.equal((await sqs.send(new sdk.GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: '000000000000' }))).QueueUrl, QueueUrl);
    await assert.rejects(sqs.send(new sdk.GetQueueUrlCommand({ QueueName: 'nope-' + name })), (e: any) => {
      assert.equal(e.name, 'QueueDoesNotExist');
      assert.equal(e.$metadata.httpStatusCode, 400);
      if (t().kind.protocol === 'json') {
        assert.equal(e.Code, 'AWS.SimpleQueueService.NonExistentQueue');
        assert.equal(errorMessage(e), 'The specified queue does not exist.');
      } else {
        assert.equal(errorMessage(e), 'The specified queue does not exist for this wsdl version.');
      }
      return true;
    });
  });

  it('ListQueues filters by prefix and pages with MaxResults and NextToken', async () => {
    const { sqs, sdk } = t();
    const prefix = `list-${t().kind.protocol}-`;
    for (let i = 0; i < 5; i++) await sqs.send(new sdk.CreateQueueCommand({ QueueName: `${prefix}${i}` }));
    const all = await sqs.send(new sdk.ListQueuesCommand({ QueueNamePrefix: prefix }));
    assert.equal(all.QueueUrls?.length, 5);
    assert.equal(all.NextToken, undefined);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await sqs.send(new sdk.ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2, NextToken: token }));
      assert.ok(page.QueueUrls!.length <= 2);
      seen.push(...page.QueueUrls!);
      token = page.NextToken;
    } while (token);
    assert.deepEqual(seen, all.QueueUrls);
    const none = await sqs.send(new sdk.ListQueuesCommand({ QueueNamePrefix: 'zz-no-such-' }));
    assert.equal(none.QueueUrls?.length ?? 0, 0);
  });

  it('SetQueueAttributes changes attributes; unknown attributes and bad values are rejected', async () => {
    const { sqs, sdk } = t();
    const { QueueUrl } = await sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name('set') }));
    await sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '99', ReceiveMessageWaitTimeSeconds: '20' } }));
    const a = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['VisibilityTimeout', 'ReceiveMessageWaitTimeSeconds'] }));
    assert.deepEqual(a.Attributes, { VisibilityTimeout: '99', ReceiveMessageWaitTimeSeconds: '20' });
    await assert.rejects(sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl, Attributes: { Bogus: '1' } as never })), (e: any) => {
      assert.equal(e.name, 'InvalidAttributeName');
      assert.equal(errorMessage(e), 'Unknown Attribute Bogus.');
      return true;
    });
    await assert.rejects(sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '43201' } })), (e: any) => {
      assert.equal(e.name, 'InvalidAttributeValue');
      assert.equal(errorMessage(e), 'Invalid value for the parameter VisibilityTimeout.');
      return true;
    });
    await assert.rejects(sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['FifoQueue'] })), (e: any) => e.name === 'InvalidAttributeName');
  });

  it('TagQueue, UntagQueue and ListQueueTags', async () => {
    const { sqs, sdk } = t();
    const { QueueUrl } = await sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name('tags') }));
    await sqs.send(new sdk.TagQueueCommand({ QueueUrl, Tags: { a: '1', b: '2' } }));
    await sqs.send(new sdk.TagQueueCommand({ QueueUrl, Tags: { b: '3' } }));
    assert.deepEqual((await sqs.send(new sdk.ListQueueTagsCommand({ QueueUrl }))).Tags, { a: '1', b: '3' });
    await sqs.send(new sdk.UntagQueueCommand({ QueueUrl, TagKeys: ['a'] }));
    assert.deepEqual((await sqs.send(new sdk.ListQueueTagsCommand({ QueueUrl }))).Tags, { b: '3' });
  });

  it('DeleteQueue removes the queue and its messages', async () => {
    const { sqs, sdk } = t();
    const { QueueUrl } = await sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name('del') }));
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
    await sqs.send(new sdk.DeleteQueueCommand({ QueueUrl }));
    await assert.rejects(sqs.send(new sdk.SendMessageCommand({ QueueUrl, MessageBody: 'y' })), (e: any) => isSqsError(e, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'));
    await assert.rejects(sqs.send(new sdk.DeleteQueueCommand({ QueueUrl })), (e: any) => isSqsError(e, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'));
  });

  it('a queue is found by account and name whatever host its URL names', async () => {
    const { sqs, sdk, server } = t();
    const name = t().name('host');
    await sqs.send(new sdk.CreateQueueCommand({ QueueName: name }));
    // Another name for this machine (clients behind proxies and Docker rewrite hosts).
    const foreign = `http://localhost:${server.port}/000000000000/${name}`;
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl: foreign, MessageBody: 'via another host' }));
    const got = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: foreign }));
    assert.equal(got.Messages?.[0]?.Body, 'via another host');
  });

  it('accounts are isolated: a 12-digit access key id is the caller account', async () => {
    const { server, kind, sdk } = t();
    const other = kind.client(server.url, { accessKeyId: '111111111111' });
    try {
      const name = t().name('acct');
      const { QueueUrl } = await other.send(new sdk.CreateQueueCommand({ QueueName: name }));
      assert.match(QueueUrl!, /\/111111111111\//);
      await assert.rejects(t().sqs.send(new sdk.GetQueueUrlCommand({ QueueName: name })), (e: any) => isSqsError(e, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'));
      const url = await t().sqs.send(new sdk.GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: '111111111111' }));
      assert.equal(url.QueueUrl, QueueUrl);
    } finally {
      other.destroy();
    }
  });
});
