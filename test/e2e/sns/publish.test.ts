import { it } from 'node:test';
import assert from 'node:assert/strict';
import { verify } from 'node:crypto';
import {
  CreateTopicCommand,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { DeleteQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { receiveN, snsE2E, snsError } from '../../helpers/sns.js';

snsE2E('SNS publish → SQS', (t) => {
  async function wire(subscription: Record<string, string> = {}, topicAttributes?: Record<string, string>) {
    const { sns } = t();
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name: t().name('topic'), Attributes: topicAttributes }))).TopicArn!;
    const queue = await t().queue();
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn, Attributes: subscription }));
    return { TopicArn, queue, SubscriptionArn: SubscriptionArn! };
  }

  async function rejects(p: Promise<unknown>, name: string, code: string, message?: string | RegExp) {
    const e = await p.then(() => assert.fail('expected an error'), (err) => snsError(err));
    assert.deepEqual([e.name, e.code, e.status], [name, code, 400]);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
  }

  /** Waits until every delivery of the message reached a final state; returns them. */
  async function settled(messageId: string) {
    const store = t().server.engine.sns;
    for (let i = 0; i < 100; i++) {
      const d = await store.deliveriesOf(messageId);
      if (d.length > 0 && d.every((x) => x.state !== 'pending')) return d;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`deliveries of ${messageId} did not settle`);
  }

  it('delivers the JSON envelope exactly as AWS writes it, with a signature that verifies (v1 SHA1, v2 SHA256)', async () => {
    const { sns, sqs, server } = t();
    const { TopicArn, queue, SubscriptionArn } = await wire();
    for (const version of ['1', '2']) {
      await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'SignatureVersion', AttributeValue: version }));
      const message = `héllo "${version}" & <world>\nline`;
      const { MessageId } = await sns.send(new PublishCommand({
        TopicArn, Message: message, Subject: 'Subj',
        MessageAttributes: { s: { DataType: 'String', StringValue: 'v' }, n: { DataType: 'Number', StringValue: '42' }, b: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 255]) } },
      }));
      const [m] = await receiveN(sqs, queue.url, 1);
      const body = m!.Body!;
      const env = JSON.parse(body);
      assert.deepEqual(Object.keys(env), ['Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL', 'MessageAttributes']);
      assert.equal(env.Type, 'Notification');
      assert.equal(env.MessageId, MessageId);
      assert.equal(env.Message, message);
      assert.equal(env.SignatureVersion, version);
      assert.match(env.Timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.match(env.SigningCertURL, /^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-[0-9a-f]{32}\.pem$/);
      assert.equal(env.UnsubscribeURL, `${server.url}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`);
      assert.deepEqual(env.MessageAttributes, { s: { Type: 'String', Value: 'v' }, n: { Type: 'Number', Value: '42' }, b: { Type: 'Binary', Value: 'AAH/' } });
      assert.match(body, /^\{\n {2}"Type" : "Notification",\n {2}"MessageId" : /, 'pretty-printed as AWS does');
      const toSign = `Message\n${env.Message}\nMessageId\n${env.MessageId}\nSubject\n${env.Subject}\nTimestamp\n${env.Timestamp}\nTopicArn\n${env.TopicArn}\nType\n${env.Type}\n`;
      const { publicKeyPem } = await server.engine.sns.signingKey(() => assert.fail('the key exists'));
      assert.ok(verify(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256', Buffer.from(toSign), publicKeyPem, Buffer.from(env.Signature, 'base64')), `v${version} signature`);
    }
  });

  it('raw delivery: the message itself, SNS attributes as SQS attributes (String.Array → String, Binary kept)', async () => {
    const { sns, sqs } = t();
    const { TopicArn, queue } = await wire({ RawMessageDelivery: 'true' });
    await sns.send(new PublishCommand({
      TopicArn, Message: 'raw body',
      MessageAttributes: {
        arr: { DataType: 'String.Array', StringValue: '["a",1]' },
        num: { DataType: 'Number.float', StringValue: '1.5' },
        bin: { DataType: 'Binary', BinaryValue: new Uint8Array([9, 8]) },
      },
    }));
    const [m] = await receiveN(sqs, queue.url, 1);
    assert.equal(m!.Body, 'raw body');
    assert.deepEqual(m!.MessageAttributes!.arr, { DataType: 'String', StringValue: '["a",1]' });
    assert.equal(m!.MessageAttributes!.num!.DataType, 'Number.float');
    assert.deepEqual([...m!.MessageAttributes!.bin!.BinaryValue!], [9, 8]);
  });

  it('MessageStructure=json delivers the sqs entry (else default); it needs a default entry', async () => {
    const { sns, sqs } = t();
    const { TopicArn, queue } = await wire({ RawMessageDelivery: 'true' });
    await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'd', sqs: 'for sqs', email: 'e' }) }));
    await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'only default' }) }));
    const bodies = (await receiveN(sqs, queue.url, 2)).map((m) => m.Body).sort();
    assert.deepEqual(bodies, ['for sqs', 'only default']);
    await rejects(sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ sqs: 'x' }) })),
      'InvalidParameterException', 'InvalidParameter', 'Invalid parameter: Message Structure - No default entry in JSON message body');
    await rejects(sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: 'not json' })),
      'InvalidParameterException', 'InvalidParameter', 'Invalid parameter: Message Structure - JSON message body failed to parse');
  });

  it('refuses bad messages with AWS errors: empty, too long, bad subject, bad attributes, no topic', async () => {
    const { sns } = t();
    const { TopicArn } = await wire();
    await rejects(sns.send(new PublishCommand({ TopicArn, Message: '' })), 'InvalidParameterException', 'InvalidParameter', 'Invalid parameter: Empty message');
    await sns.send(new PublishCommand({ TopicArn, Message: 'x'.repeat(262_144) }));
    await rejects(sns.send(new PublishCommand({ TopicArn, Message: 'x'.repeat(262_145) })), 'InvalidParameterException', 'InvalidParameter', 'Invalid parameter: Message too long');
    await rejects(sns.send(new PublishCommand({ TopicArn, Message: 'x'.repeat(262_140), MessageAttributes: { abc: { DataType: 'String', StringValue: 'v' } } })),
      'InvalidParameterException', 'InvalidParameter', 'Invalid parameter: Message too long');
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'MaximumMessageSize', AttributeValue: '1024' }));
    await rejects(sns.send(new PublishCommand({ TopicArn, Message: 'x'.repeat(1025) })), 'InvalidParameterException', 'InvalidParameter', 'Invalid parameter: Message too long');
    await rejects(sns.send(new PublishCommand({ TopicArn, Message: 'm', Subject: '' })), 'InvalidParameterException', 'InvalidParameter', 'Invalid parameter: Subject');
    await rejects(sns.send(new PublishCommand({ TopicArn, Message: 'm', Subject: 'line\nbreak' })), 'InvalidParameterException', 'InvalidParameter', 'Invalid parameter: Subject');
    await rejects(sns.send(new PublishCommand({ TopicArn, Message: 'm', MessageAttributes: { attr1: { DataType: 'Text', StringValue: 'v' } } })),
      'InvalidParameterValueException', 'ParameterValueInvalid', "The message attribute 'attr1' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
    await rejects(sns.send(new PublishCommand({ TopicArn, Message: 'm', MessageAttributes: { attr1: { DataType: 'Binary', StringValue: 'v' } } })),
      'InvalidParameterValueException', 'ParameterValueInvalid', "The message attribute 'attr1' with type 'Binary' must use field 'Binary'.");
    await rejects(sns.send(new PublishCommand({ TopicArn, Message: 'm', MessageAttributes: { 'a..b': { DataType: 'String', StringValue: 'v' } } })),
      'InvalidParameterValueException', 'ParameterValueInvalid', "Message attribute name can not have successive '.' character.");
    await rejects(sns.send(new PublishCommand({ TopicArn, Message: 'm', MessageDeduplicationId: 'd' })), 'InvalidParameterException', 'InvalidParameter',
      'Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type');
    const e = await sns.send(new PublishCommand({ TopicArn: `${TopicArn}-gone`, Message: 'm' })).then(() => assert.fail(), snsError);
    assert.deepEqual([e.name, e.code, e.status, e.message], ['NotFoundException', 'NotFound', 404, 'Topic does not exist']);
    const t2 = await sns.send(new PublishCommand({ TargetArn: TopicArn, Message: 'via TargetArn' }));
    assert.ok(t2.MessageId);
  });

  it('PublishBatch: per-entry failures for an entry’s own content, whole-request errors for the batch', async () => {
    const { sns, sqs } = t();
    const { TopicArn, queue } = await wire({ RawMessageDelivery: 'true' });
    const out = await sns.send(new PublishBatchCommand({
      TopicArn,
      PublishBatchRequestEntries: [
        { Id: 'ok1', Message: 'one' },
        { Id: 'empty', Message: '' },
        { Id: 'badattr', Message: 'x', MessageAttributes: { a: { DataType: 'Nope', StringValue: 'v' } } },
        { Id: 'ok2', Message: 'two', Subject: 'S' },
      ],
    }));
    assert.deepEqual(out.Successful!.map((s) => s.Id), ['ok1', 'ok2']);
    assert.ok(out.Successful!.every((s) => /^[0-9a-f-]{36}$/.test(s.MessageId!)));
    assert.deepEqual(out.Failed!.map((f) => [f.Id, f.Code, f.SenderFault]), [['empty', 'InvalidParameter', true], ['badattr', 'ParameterValueInvalid', true]]);
    assert.equal(out.Failed![0]!.Message, 'Invalid parameter: Empty message');
    assert.deepEqual((await receiveN(sqs, queue.url, 2)).map((m) => m.Body).sort(), ['one', 'two']);

    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ Id: `e${i}`, Message: 'm' }));
    await rejects(sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: entries(11) })), 'TooManyEntriesInBatchRequestException', 'TooManyEntriesInBatchRequest',
      'The batch request contains more entries than permissible.');
    await rejects(sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: 'a', Message: 'm' }, { Id: 'a', Message: 'n' }] })),
      'BatchEntryIdsNotDistinctException', 'BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
    await rejects(sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: 'message.id', Message: 'm' }] })),
      'InvalidBatchEntryIdException', 'InvalidBatchEntryId', 'The Id of a batch entry in the batch request contains an impermissible character: message.id');
    await rejects(sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: Array.from({ length: 2 }, (_, i) => ({ Id: `b${i}`, Message: 'x'.repeat(200_000) })) })),
      'BatchRequestTooLongException', 'BatchRequestTooLong', 'The length of all the messages put together is more than the limit.');
    await rejects(sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: 'j', Message: '{}', MessageStructure: 'json' }] })),
      'InvalidParameterException', 'InvalidParameter', 'Invalid parameter: Message Structure - No default entry in JSON message body');
  });

  it('a delivery the queue cannot take goes to the RedrivePolicy DLQ as AWS does; without one it is recorded as failed', async () => {
    const { sns, sqs } = t();
    for (const raw of ['true', 'false']) {
      const { TopicArn, queue, SubscriptionArn } = await wire({ RawMessageDelivery: raw });
      const dlq = await t().queue();
      await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'RedrivePolicy', AttributeValue: JSON.stringify({ deadLetterTargetArn: dlq.arn }) }));
      await sqs.send(new DeleteQueueCommand({ QueueUrl: queue.url }));
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'to the dlq', MessageAttributes: { attr1: { DataType: 'Number', StringValue: '111' } } }));
      const [m] = await receiveN(sqs, dlq.url, 1);
      if (raw === 'true') {
        assert.equal(m!.Body, 'to the dlq');
        assert.deepEqual(m!.MessageAttributes, { attr1: { DataType: 'Number', StringValue: '111' } });
      } else {
        assert.equal(JSON.parse(m!.Body!).Message, 'to the dlq');
        assert.equal(m!.MessageAttributes, undefined);
      }
      const [d] = await settled(MessageId!);
      assert.equal(d!.state, 'dead-lettered');
      assert.match(d!.lastError!, /^QueueDoesNotExist/);
    }
    const { TopicArn, queue } = await wire();
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queue.url }));
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'lost' }));
    const [d] = await settled(MessageId!);
    assert.equal(d!.state, 'failed');
    assert.equal(d!.attempts, 1, 'a missing queue is a client error: not retried');
  });

  it('a standard topic delivers to its queues before Publish answers, without outbox rows; failures go to the outbox', async () => {
    const { sns, sqs, server } = t();
    const { TopicArn, queue } = await wire({ RawMessageDelivery: 'true' });
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'already there' }));
    // No wait: the queue's commit came before the answer.
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 0 }));
    assert.deepEqual(r.Messages?.map((m) => m.Body), ['already there']);
    assert.deepEqual(await server.engine.sns.deliveriesOf(MessageId!), [], 'an SQS delivery made at once leaves nothing in the outbox');
    // A queue that cannot take it: the delivery is in the outbox, and the answer came after that.
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queue.url }));
    const failed = await sns.send(new PublishCommand({ TopicArn, Message: 'no queue' }));
    const rows = await server.engine.sns.deliveriesOf(failed.MessageId!);
    assert.equal(rows.length, 1);
  });

  it('fans out to every subscribed queue; one failing subscription does not hold back the others', async () => {
    const { sns, sqs } = t();
    const { TopicArn, queue } = await wire({ RawMessageDelivery: 'true' });
    const others = [await t().queue(), await t().queue()];
    for (const q of others) await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'true' } }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:does-not-exist' }));
    for (let i = 0; i < 20; i++) await sns.send(new PublishCommand({ TopicArn, Message: `m${i}` }));
    for (const q of [queue, ...others]) {
      const bodies = (await receiveN(sqs, q.url, 20)).map((m) => m.Body!).sort();
      assert.deepEqual(bodies, Array.from({ length: 20 }, (_, i) => `m${i}`).sort());
    }
  });
});
