import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreatePlatformApplicationCommand,
  CreatePlatformEndpointCommand,
  CreateSMSSandboxPhoneNumberCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  PublishCommand,
  SubscribeCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { snsModel } from '../../../src/services/sns/model.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';
import { snsClient, sqsClient } from '../../helpers/sns.js';
import { fuzzService, OutcomesByEngine, report, type Rng } from '../../helpers/wire-fuzz.js';

/**
 * Every SNS operation (query protocol) fed broken inputs (test/helpers/wire-fuzz.ts): each answer is
 * an AWS-style error or a success, never a 500, a dropped connection or a hang. Each operation gets
 * resources of its own (standard and FIFO topics, SQS queues subscribed to them, a pending HTTP
 * subscription with its confirmation token, a platform application and endpoint, a sandbox phone
 * number), so hints reach past the lookups. Afterwards the resources still answer, whatever the fuzz
 * published arrived in the queues as well-formed notifications, and a known message arrives intact.
 */

const ACCOUNT = '000000000000';
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

interface Seeded {
  readonly topic: string;
  readonly fifoTopic: string;
  readonly queue: { url: string; arn: string };
  readonly fifoQueue: { url: string; arn: string };
  readonly subscriptions: string[];
  readonly app: string;
  readonly endpoint: string;
  readonly tokens: string[];
}

/** An HTTP endpoint that collects the confirmation tokens SNS sends it. */
async function startHook(): Promise<{ url: string; tokens: Map<string, string[]>; close(): Promise<void> }> {
  const tokens = new Map<string, string[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const m = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
        if (m.Type === 'SubscriptionConfirmation') tokens.set(m.TopicArn!, [...(tokens.get(m.TopicArn!) ?? []), m.Token!]);
      } catch {
        // A notification with a raw body: not a token.
      }
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokens,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const outcomes = new OutcomesByEngine();
for (const engine of E2E_ENGINES) {
  describe(`SNS wire fuzz [${engine}]`, () => {
    let server: TestServer;
    let sns: SNSClient;
    let sqs: SQSClient;
    let hook: Awaited<ReturnType<typeof startHook>>;
    const seeded = new Map<string, Seeded>();
    let current: Seeded;
    let op = '';

    before(async () => {
      server = await startTestServer(engine);
      sns = snsClient(server.url);
      sqs = sqsClient(server.url);
      hook = await startHook();
    });
    after(async () => {
      sns.destroy();
      sqs.destroy();
      await server.close();
      await hook.close();
    });

    const queue = async (name: string, attributes?: Record<string, string>) => {
      const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
      const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
      return { url, arn };
    };

    // Resources of its own for each operation: Delete*/Unsubscribe/Set* change what they touch.
    const seed = async (operation: string): Promise<void> => {
      op = operation;
      const base = `fz-${operation}`;
      const topic = (await sns.send(new CreateTopicCommand({ Name: base, Tags: [{ Key: 'team', Value: 'fuzz' }] }))).TopicArn!;
      const fifoTopic = (await sns.send(new CreateTopicCommand({ Name: `${base}.fifo`, Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } }))).TopicArn!;
      const q = await queue(base);
      const fq = await queue(`${base}.fifo`, { FifoQueue: 'true' });
      const raw = await queue(`${base}-raw`);
      const subscriptions = [
        (await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: q.arn }))).SubscriptionArn!,
        (await sns.send(new SubscribeCommand({ TopicArn: fifoTopic, Protocol: 'sqs', Endpoint: fq.arn }))).SubscriptionArn!,
        (await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'http', Endpoint: `${hook.url}/${base}`, ReturnSubscriptionArn: true }))).SubscriptionArn!,
        (await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: raw.arn, Attributes: { RawMessageDelivery: 'true' } }))).SubscriptionArn!,
      ];
      // A filter policy keyed by an Object.prototype member's name, so that every Publish with
      // attributes is matched against it (a lookup by such a key found the prototype's member: 500).
      const filtered = await queue(`${base}-filtered`);
      await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: filtered.arn, Attributes: { FilterPolicy: '{"toString":["x"],"constructor":[{"exists":false}]}' } }));
      const app = (await sns.send(new CreatePlatformApplicationCommand({ Name: base, Platform: 'GCM', Attributes: { PlatformCredential: 'server-key' } }))).PlatformApplicationArn!;
      const endpoint = (await sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: app, Token: `device-${base}` }))).EndpointArn!;
      await sns.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: '+15550100001' }));
      const deadline = Date.now() + 5_000;
      while (!hook.tokens.get(topic) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      current = { topic, fifoTopic, queue: q, fifoQueue: fq, subscriptions, app, endpoint, tokens: hook.tokens.get(topic) ?? [] };
      seeded.set(operation, current);
    };

    const filterPolicies = ['{"a":["x"]}', '{"n":[{"numeric":[">",1,"<=",5]}]}', '{"a":[{"prefix":"p"}],"b":[{"anything-but":["z"]}]}', '{"a":[{"exists":true}]}', '{"a":["x"', '{"a":"x"}', '{"a":[[[["x"]]]]}', '[]', '{}', 'null', '{"a":[{"numeric":["<"]}]}', '{"a":[{"cidr":"10.0.0.0/33"}]}', '{"a":[{"wildcard":"*x*"}]}', '{"a":[{"suffix":1}]}', '{"a":["x"]} \u0000', '5x', '{"a":["x\\u0000"]}', '{"toString":["x"]}', '{"__proto__":{"a":["x"]}}', '{"constructor":[{"exists":false}]}'];
    const deliveryPolicies = [
      '{"healthyRetryPolicy":{"numRetries":3,"minDelayTarget":1,"maxDelayTarget":5}}',
      '{"http":{"defaultHealthyRetryPolicy":{"numRetries":3,"minDelayTarget":20,"maxDelayTarget":20,"numMinDelayRetries":0,"numMaxDelayRetries":0,"numNoDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false}}',
      '{"http":{"defaultHealthyRetryPolicy":{"numRetries":-1}}}',
      '{"healthyRetryPolicy":{"backoffFunction":"cubic"}}',
      '{"healthyRetryPolicy":"x"}',
      '{"http":',
      '{"throttlePolicy":{"maxReceivesPerSecond":0}}',
      '{"requestPolicy":{"headerContentType":"application/json"}}',
      '{"healthyRetryPolicy":{"numRetries":2}} \u0000',
      '2026-13-45T25:61:61Z',
    ];
    const redrivePolicies = () => [`{"deadLetterTargetArn":"${current.queue.arn}"}`, `{"deadLetterTargetArn":"${current.fifoQueue.arn}"}`, '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:missing"}', '{"deadLetterTargetArn":5}', '{"x":1}', '{', '{"deadLetterTargetArn":"not-an-arn"}', `{"deadLetterTargetArn":"${current.queue.arn}"} \u0000`, '2026-13-45T25:61:61Z'];
    const archivePolicies = ['{"MessageRetentionPeriod":"30"}', '{"MessageRetentionPeriod":30}', '{"MessageRetentionPeriod":"0"}', '{"MessageRetentionPeriod":"366"}', '{}', '{"MessageRetentionPeriod":"x"}', '{"Other":1}', '[', '{"MessageRetentionPeriod":"30"} \u0000'];
    const topicPolicy = () => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 's', Effect: 'Allow', Principal: '*', Action: 'SNS:Publish', Resource: current.topic }] });
    const dataProtection = () => JSON.stringify({ Name: 'p', Description: '', Version: '2021-06-01', Statement: [{ Sid: 's', DataDirection: 'Inbound', Principal: ['*'], DataIdentifier: ['arn:aws:dataprotection::aws:data-identifier/EmailAddress'], Operation: { Deny: {} } }] });

    const topicAttribute = (rng: Rng): [string, string] => {
      const name = pick(rng, ['DisplayName', 'Policy', 'DeliveryPolicy', 'ArchivePolicy', 'SignatureVersion', 'TracingConfig', 'KmsMasterKeyId', 'MaximumMessageSize', 'ContentBasedDeduplication', 'FifoThroughputScope', 'HTTPSuccessFeedbackSampleRate', 'SQSFailureFeedbackRoleArn', 'FifoTopic', 'Owner']);
      const value: Record<string, () => string> = {
        DisplayName: () => pick(rng, ['Shown', 'x'.repeat(101), '', 'a\u0000b']),
        Policy: () => pick(rng, [topicPolicy(), '{"Statement":', '{}', '[]', `${topicPolicy()} \u0000`]),
        DeliveryPolicy: () => pick(rng, deliveryPolicies),
        ArchivePolicy: () => pick(rng, archivePolicies),
        SignatureVersion: () => pick(rng, ['1', '2', '3']),
        TracingConfig: () => pick(rng, ['Active', 'PassThrough', 'x']),
        KmsMasterKeyId: () => pick(rng, ['alias/aws/sns', '']),
        MaximumMessageSize: () => pick(rng, ['1024', '262144', '1048576', '1048577', '1023', 'x']),
        ContentBasedDeduplication: () => pick(rng, ['true', 'false', 'TRUE']),
        FifoThroughputScope: () => pick(rng, ['Topic', 'MessageGroup', 'x']),
        HTTPSuccessFeedbackSampleRate: () => pick(rng, ['0', '100', '101', '-1']),
      };
      return [name, (value[name] ?? (() => 'arn:aws:iam::000000000000:role/r'))()];
    };
    const subscriptionAttribute = (rng: Rng): [string, string] => {
      const name = pick(rng, ['FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery', 'RedrivePolicy', 'DeliveryPolicy', 'SubscriptionRoleArn', 'ReplayPolicy', 'Protocol']);
      const value: Record<string, () => string> = {
        FilterPolicy: () => pick(rng, filterPolicies),
        FilterPolicyScope: () => pick(rng, ['MessageAttributes', 'MessageBody', 'x']),
        RawMessageDelivery: () => pick(rng, ['true', 'false', 'True', 'yes']),
        RedrivePolicy: () => pick(rng, redrivePolicies()),
        DeliveryPolicy: () => pick(rng, deliveryPolicies),
        SubscriptionRoleArn: () => 'arn:aws:iam::000000000000:role/r',
        ReplayPolicy: () => pick(rng, [`{"PointType":"Timestamp","StartingPoint":"${new Date(Date.now() - 60_000).toISOString()}"}`, '{"PointType":"x"}', '{', '{"PointType":"Timestamp"} \u0000']),
      };
      return [name, (value[name] ?? (() => 'sqs'))()];
    };
    let attributeName = '';
    let attributeValue = '';
    let protocol = 'sqs';

    const phone = (rng: Rng) => pick(rng, ['+15550100001', '+447700900123', `+1555010${String(Math.floor(rng() * 10_000)).padStart(4, '0')}`, '15550100001', '+1']);
    const missingTopic = `arn:aws:sns:us-east-1:${ACCOUNT}:fz-missing`;
    const hints: Record<string, (rng: Rng) => unknown> = {
      TopicArn: (rng) => (rng() < 0.9 ? pick(rng, [current.topic, current.fifoTopic]) : pick(rng, [missingTopic, 'arn:aws:sns', 'fz'])),
      TargetArn: (rng) => pick(rng, [current.topic, current.fifoTopic, current.endpoint, missingTopic]),
      ResourceArn: (rng) => (rng() < 0.9 ? pick(rng, [current.topic, current.fifoTopic]) : pick(rng, [missingTopic, current.app])),
      SubscriptionArn: (rng) => (rng() < 0.9 ? pick(rng, current.subscriptions) : `${current.topic}:00000000-0000-0000-0000-000000000000`),
      PlatformApplicationArn: (rng) => (rng() < 0.9 ? current.app : `arn:aws:sns:us-east-1:${ACCOUNT}:app/GCM/missing`),
      EndpointArn: (rng) => (rng() < 0.9 ? current.endpoint : `arn:aws:sns:us-east-1:${ACCOUNT}:endpoint/GCM/missing/x`),
      PhoneNumber: phone,
      phoneNumber: phone,
      Token: (rng) => (op === 'ConfirmSubscription' && current.tokens.length > 0 && rng() < 0.8 ? pick(rng, current.tokens) : `device-${Math.floor(rng() * 100)}`),
      Name: (rng) =>
        op === 'CreatePlatformApplication' ? `fz-app-${Math.floor(rng() * 10)}` : pick(rng, [`fz-${op}`, `fz-new-${Math.floor(rng() * 10)}`, `fz-new-${Math.floor(rng() * 10)}.fifo`]),
      Platform: (rng) => pick(rng, ['GCM', 'APNS', 'APNS_SANDBOX', 'ADM', 'Baidu', 'MPNS', 'WNS']),
      Protocol: (rng) => (protocol = pick(rng, ['sqs', 'sqs', 'http', 'https', 'email', 'email-json', 'sms', 'application', 'lambda', 'firehose'])),
      Endpoint: (rng) => {
        switch (protocol) {
          case 'sqs':
            return pick(rng, [current.queue.arn, current.fifoQueue.arn, `arn:aws:sqs:us-east-1:${ACCOUNT}:fz-nowhere`]);
          case 'http':
          case 'https':
            return `${protocol}://127.0.0.1:${new URL(hook.url).port}/${op}`;
          case 'sms':
            return phone(rng);
          case 'application':
            return current.endpoint;
          case 'lambda':
            return `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`;
          case 'firehose':
            return `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/d`;
          default:
            return 'fuzz@example.com';
        }
      },
      Attributes: (rng) => {
        switch (op) {
          case 'CreateTopic': {
            const out: Record<string, string> = {};
            for (let i = Math.floor(rng() * 3); i > 0; i--) {
              const [k, v] = topicAttribute(rng);
              out[k] = v;
            }
            if (rng() < 0.4) out.FifoTopic = 'true';
            return out;
          }
          case 'Subscribe': {
            const out: Record<string, string> = {};
            for (let i = Math.floor(rng() * 3); i > 0; i--) {
              const [k, v] = subscriptionAttribute(rng);
              out[k] = v;
            }
            return out;
          }
          case 'CreatePlatformApplication':
          case 'SetPlatformApplicationAttributes':
            return pick(rng, [{ PlatformCredential: 'key' }, { PlatformPrincipal: 'cert', PlatformCredential: 'key' }, { SuccessFeedbackSampleRate: '50' }, { EventEndpointCreated: current.topic }]);
          default:
            return pick(rng, [{ Enabled: 'false' }, { Enabled: 'true', CustomUserData: 'u' }, { Token: 'device-x' }, { Enabled: 'maybe' }]);
        }
      },
      attributes: (rng) =>
        op === 'GetSMSAttributes'
          ? ['DefaultSMSType', 'MonthlySpendLimit']
          : pick(rng, [{ DefaultSMSType: 'Transactional' }, { MonthlySpendLimit: '1', DefaultSenderID: 'Fuzz' }, { DeliveryStatusSuccessSamplingRate: '10' }, { UsageReportS3Bucket: 'b' }]),
      AttributeName: (rng) => {
        [attributeName, attributeValue] = op === 'SetTopicAttributes' ? topicAttribute(rng) : subscriptionAttribute(rng);
        return attributeName;
      },
      AttributeValue: () => attributeValue,
      Message: (rng) => pick(rng, ['fuzz message', '{"default":"d","sqs":"q"}', '{"sqs":"no default"}', '{"default":', 'é漢🙂', 'a\u0000b', '{"default":"d"} \u0000']),
      MessageStructure: (rng) => pick(rng, ['json', 'json', 'xml']),
      MessageAttributes: (rng) =>
        pick(rng, [
          { s: { DataType: 'String', StringValue: 'v' } },
          { n: { DataType: 'Number', StringValue: '12.5' }, b: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]) } },
          { a: { DataType: 'String.Array', StringValue: '["x",1,true]' }, c: { DataType: 'String.custom', StringValue: 'c' } },
          { 'AWS.SNS.MOBILE.APNS.TTL': { DataType: 'String', StringValue: '60' } },
        ]),
      Tags: (rng) => [{ Key: pick(rng, ['team', 'env', 'k', 'é 漢']), Value: pick(rng, ['fuzz', 'prod', '', 'a\u0000b']) }],
      TagKeys: (rng) => [pick(rng, ['team', 'env', 'nope'])],
      Label: (rng) => pick(rng, ['s1', 's2', 'bad label']),
      AWSAccountId: () => [ACCOUNT, '111122223333'],
      ActionName: (rng) => [pick(rng, ['Publish', 'Subscribe', 'GetTopicAttributes', 'CreateTopic'])],
      DataProtectionPolicy: (rng) => (rng() < 0.7 ? dataProtection() : pick(rng, ['{', '{}', '[]', `${dataProtection()} \u0000`])),
      OneTimePassword: (rng) => pick(rng, ['123456', '12345678']),
      MessageGroupId: (rng) => pick(rng, ['g1', 'g2']),
      MessageDeduplicationId: (rng) => `d-${Math.floor(rng() * 1e6)}`,
      AuthenticateOnUnsubscribe: (rng) => pick(rng, ['true', 'false']),
    };

    it('answers every broken request the AWS way', async () => {
      const failures = await fuzzService({ model: snsModel, baseUrl: server.url, protocols: ['query'], hints, beforeOperation: seed, outcome: outcomes.recorder(engine) });
      assert.equal(failures.length, 0, report(failures, 400));
    });

    it('keeps the fuzzed resources readable; what was published arrived well-formed; a known message arrives intact', async () => {
      // The hints reached past the lookups: ConfirmSubscription had real tokens to try.
      assert.ok(seeded.get('ConfirmSubscription')!.tokens.length > 0, 'no SubscriptionConfirmation reached the test endpoint');
      for (const [operation, s] of seeded) {
        // Deleted topics answer NotFound (fine); any other failure is not.
        for (const TopicArn of [s.topic, s.fifoTopic]) {
          try {
            const attrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
            assert.equal(attrs.TopicArn, TopicArn, operation);
            await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
            await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }));
          } catch (e) {
            assert.equal((e as { name?: string }).name, operation === 'DeleteTopic' ? 'NotFoundException' : 'none', `${operation} ${TopicArn}: ${(e as Error).message}`);
          }
        }
        for (const SubscriptionArn of s.subscriptions) {
          try {
            const attrs = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!;
            assert.equal(attrs.SubscriptionArn, SubscriptionArn);
            if (attrs.FilterPolicy) JSON.parse(attrs.FilterPolicy);
            if (attrs.RedrivePolicy) JSON.parse(attrs.RedrivePolicy);
            if (attrs.DeliveryPolicy) JSON.parse(attrs.DeliveryPolicy);
          } catch (e) {
            assert.ok(['Unsubscribe', 'DeleteTopic'].includes(operation) && (e as { name?: string }).name === 'NotFoundException', `${operation} ${SubscriptionArn}: ${(e as Error).message}`);
          }
        }
      }
      // Everything Publish and PublishBatch delivered is a well-formed notification of their topics.
      for (const operation of ['Publish', 'PublishBatch']) {
        const s = seeded.get(operation)!;
        for (const q of [s.queue, s.fifoQueue]) {
          for (;;) {
            const got = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10, VisibilityTimeout: 300, WaitTimeSeconds: 1 }))).Messages ?? [];
            if (got.length === 0) break;
            for (const m of got) {
              const body = JSON.parse(m.Body!) as Record<string, unknown>;
              assert.equal(body.Type, 'Notification', m.Body);
              assert.ok(body.TopicArn === s.topic || body.TopicArn === s.fifoTopic, m.Body);
              assert.equal(typeof body.Message, 'string', m.Body);
            }
          }
        }
      }
      // A fresh subscription of the topic the fuzz published to gets a known message intact.
      const s = seeded.get('Publish')!;
      const q = await queue('fz-check');
      await sns.send(new SubscribeCommand({ TopicArn: s.topic, Protocol: 'sqs', Endpoint: q.arn }));
      const text = 'after the fuzz: é漢🙂 <&>';
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn: s.topic, Message: text, Subject: 'check', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }));
      let body: Record<string, any> | undefined;
      for (let i = 0; i < 10 && !body; i++) {
        const got = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, WaitTimeSeconds: 1 }))).Messages ?? [];
        if (got[0]) body = JSON.parse(got[0].Body!);
      }
      assert.ok(body, 'the known message did not arrive');
      assert.equal(body.MessageId, MessageId);
      assert.equal(body.Message, text);
      assert.equal(body.Subject, 'check');
      assert.deepEqual(body.MessageAttributes, { k: { Type: 'String', Value: 'v' } });
    });
  });
}

describe('SNS wire fuzz: the engines answer alike', { skip: E2E_ENGINES.length < 2 }, () => {
  it('every request got the same status and error code on every engine', () => {
    assert.deepEqual(outcomes.differences(), []);
  });
});
