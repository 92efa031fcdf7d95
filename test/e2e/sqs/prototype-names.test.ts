import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sqsE2E } from '../../helpers/matrix.js';
import { errorMessage, isSqsError } from '../../helpers/sqs-clients.js';

/**
 * Names of Object.prototype's members as a client's names, in both protocols (wire fuzz
 * PROTOTYPE_NAMES, test/helpers/wire-fuzz.ts):
 * - as queue attribute names they are unknown attributes, as AWS answers any unknown name; they
 *   were accepted (the rule table's lookup found the prototype's members) and answered 200;
 * - `__proto__` is a valid message attribute name (letters, digits, `_ - .`): it was dropped when
 *   the message was stored (the assignment replaced the object's prototype) while the digest
 *   answered at send covered it, so a receive answered a digest the SDK could not match.
 */
sqsE2E('SQS: names of Object.prototype members', (t) => {
  const unknown = (name: string) => (e: any) => {
    assert.ok(isSqsError(e, 'InvalidAttributeName', 'InvalidAttributeName'), `${e.name}: ${errorMessage(e)}`);
    assert.equal(errorMessage(e), `Unknown Attribute ${name}.`);
    return true;
  };

  it('are unknown queue attributes to CreateQueue and SetQueueAttributes', async () => {
    const { sqs, sdk, name } = t();
    for (const attribute of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      await assert.rejects(sqs.send(new sdk.CreateQueueCommand({ QueueName: name(), Attributes: { [attribute]: '1' } as never })), unknown(attribute));
    }
    const url = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: name() }))).QueueUrl!;
    for (const attribute of ['constructor', 'toString', '__defineGetter__']) {
      await assert.rejects(sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: url, Attributes: { [attribute]: '1' } as never })), unknown(attribute));
    }
    const got = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    assert.deepEqual(Object.keys(got.Attributes!).filter((k) => !/^[A-Z]/.test(k)), []);
  });

  it('message attributes named constructor and toString round-trip through the SDK', async () => {
    const { sqs, sdk, name } = t();
    const url = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: name() }))).QueueUrl!;
    const attributes = { constructor: { DataType: 'Number', StringValue: '1' }, toString: { DataType: 'Binary', BinaryValue: Buffer.from([0, 255]) } };
    const sent = await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'one', MessageAttributes: attributes }));
    await sqs.send(new sdk.SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'b', MessageBody: 'two', MessageAttributes: attributes }] }));
    const got = (await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }))).Messages ?? [];
    assert.equal(got.length, 2);
    for (const m of got) {
      assert.equal(m.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
      assert.deepEqual(Object.keys(m.MessageAttributes!).sort(), ['constructor', 'toString']);
    }
  });

  // Raw requests: the SDKs' own response parsers assign map entries, so they drop `__proto__` themselves.
  it('a message attribute named __proto__ is stored, returned and digested like any other', async () => {
    const { sqs, sdk, name, kind, server } = t();
    const url = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: name() }))).QueueUrl!;
    const call = async (action: string, json: Record<string, unknown>, form: string): Promise<string> => {
      const headers: Record<string, string> = {
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
        'x-amz-date': '20261127T000000Z',
      };
      const body =
        kind.protocol === 'json'
          ? JSON.stringify(json).replace('"proto"', '"__proto__"')
          : `Action=${action}&Version=2012-11-05&QueueUrl=${encodeURIComponent(url)}&${form}`;
      if (kind.protocol === 'json') Object.assign(headers, { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${action}` });
      else headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await fetch(server.url, { method: 'POST', headers, body });
      const text = await res.text();
      assert.equal(res.status, 200, text);
      return text;
    };
    const sent = await call(
      'SendMessage',
      { QueueUrl: url, MessageBody: 'one', MessageAttributes: { proto: { DataType: 'String', StringValue: 'p' }, a: { DataType: 'String', StringValue: 'q' } } },
      'MessageBody=one&MessageAttribute.1.Name=__proto__&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=p&MessageAttribute.2.Name=a&MessageAttribute.2.Value.DataType=String&MessageAttribute.2.Value.StringValue=q',
    );
    const got = await call('ReceiveMessage', { QueueUrl: url, MessageAttributeNames: ['All'] }, 'MessageAttributeName.1=All');
    const digest = (text: string) => /"MD5OfMessageAttributes":"(\w+)"|<MD5OfMessageAttributes>(\w+)</.exec(text)?.slice(1).find(Boolean);
    assert.ok(digest(sent));
    assert.equal(digest(got), digest(sent), got);
    if (kind.protocol === 'json') {
      const attrs = (JSON.parse(got) as { Messages: { MessageAttributes: Record<string, { StringValue: string }> }[] }).Messages[0]!.MessageAttributes;
      assert.deepEqual(Object.keys(attrs), ['__proto__', 'a']);
      assert.equal(Object.getOwnPropertyDescriptor(attrs, '__proto__')?.value.StringValue, 'p');
    } else {
      assert.match(got, /<MessageAttribute><Name>__proto__<\/Name><Value><DataType>String<\/DataType><StringValue>p<\/StringValue><\/Value><\/MessageAttribute>/);
    }
  });
});
