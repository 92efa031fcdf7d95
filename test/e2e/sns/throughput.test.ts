import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTopicCommand,
  GetSMSAttributesCommand,
  ListTopicsCommand,
  PublishBatchCommand,
  PublishCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { ManualClock } from '../../../src/runtime/clock.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';

/**
 * The throughput mode's SNS quotas (src/services/sns/throughput.ts) through @aws-sdk/client-sns,
 * in Canada (Central), one of AWS's "All other supported Regions": 300 messages a second to
 * standard topics, 30 CreateTopic a second, so the refusals are cheap to reach. The server's clock
 * is a ManualClock only the test moves: every call happens at the same instant until `advance`.
 */
const REGION = 'ca-central-1';
const client = (endpoint: string) =>
  new SNSClient({ endpoint, region: REGION, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });

function refused(name: string, status: number) {
  return (e: any) => {
    assert.equal(e?.name, name, String(e));
    assert.equal(e.$metadata?.httpStatusCode, status);
    assert.equal(e.message, 'Rate exceeded');
    return true;
  };
}
const rateExceeded = refused('Throttling', 400);

for (const engine of E2E_ENGINES) {
  describe(`SNS throughput mode [${engine}]`, () => {
    const clock = new ManualClock(Date.now());
    let server: TestServer;
    let sns: SNSClient;
    before(async () => {
      server = await startTestServer(engine, { clock }, { throughputLimits: 'true' });
      sns = client(server.url);
    });
    after(async () => {
      sns.destroy();
      await server.close();
    });
    const topic = async (name: string, attributes?: Record<string, string>) => (await sns.send(new CreateTopicCommand({ Name: name, Attributes: attributes }))).TopicArn!;
    const publish = (arn: string, i: number, group?: string) =>
      sns.send(new PublishCommand({ TopicArn: arn, Message: `m${i}`, MessageGroupId: group, MessageDeduplicationId: group && `d${i}` }));
    const batch = (arn: string, tag: string) =>
      sns.send(new PublishBatchCommand({ TopicArn: arn, PublishBatchRequestEntries: Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, Message: `${tag}-${i}` })) }));

    it('standard topics: 300 messages a second per account in the region; the 301st Publish is refused (Throttling, 400, "Rate exceeded"); a second later it passes', async () => {
      const a = await topic('tp-a');
      const b = await topic('tp-b');
      for (let i = 0; i < 200; i++) await publish(a, i);
      for (let i = 0; i < 100; i++) await publish(b, i);
      await assert.rejects(publish(a, 300), rateExceeded);
      await assert.rejects(publish(b, 300), rateExceeded, 'per account, not per topic');
      clock.advance(1000);
      await publish(a, 301);
    });

    it('a PublishBatch counts its messages: 29 batches of ten and nine Publish fill the second; a batch of ten is refused, one more message is not', async () => {
      clock.advance(1000);
      const arn = await topic('tp-batch');
      for (let i = 0; i < 29; i++) assert.equal((await batch(arn, `b${i}`)).Successful?.length, 10);
      for (let i = 0; i < 9; i++) await publish(arn, i);
      await assert.rejects(batch(arn, 'over'), rateExceeded);
      await publish(arn, 9);
      await assert.rejects(publish(arn, 10), rateExceeded);
    });

    it('FIFO topics with FifoThroughputScope=MessageGroup: 300 messages a second per message group; the topic\'s other groups pass', async () => {
      clock.advance(1000);
      const arn = await topic('tp-groups.fifo', { FifoTopic: 'true', FifoThroughputScope: 'MessageGroup' });
      for (let i = 0; i < 300; i++) await publish(arn, i, 'g1');
      await assert.rejects(publish(arn, 300, 'g1'), rateExceeded);
      await publish(arn, 301, 'g2');
      // FIFO topics have their own account column (3,000 here): standard topics still take 300.
      const standard = await topic('tp-standard-too');
      for (let i = 0; i < 300; i++) await publish(standard, i);
    });

    it('other operations: ListTopics 30 a second, CreateTopic 30 a second in this region; GetSMSAttributes 20, refused with its modelled Throttled (429)', async () => {
      clock.advance(1000);
      for (let i = 0; i < 30; i++) await sns.send(new ListTopicsCommand({}));
      await assert.rejects(sns.send(new ListTopicsCommand({})), rateExceeded);
      for (let i = 0; i < 30; i++) await topic(`tp-create-${i}`);
      await assert.rejects(topic('tp-create-30'), rateExceeded);
      for (let i = 0; i < 20; i++) await sns.send(new GetSMSAttributesCommand({}));
      await assert.rejects(sns.send(new GetSMSAttributesCommand({})), refused('ThrottledException', 429));
      clock.advance(1000);
      await sns.send(new ListTopicsCommand({}));
    });
  });

  describe(`SNS throughput mode off [${engine}]`, () => {
    let server: TestServer;
    let sns: SNSClient;
    before(async () => {
      server = await startTestServer(engine, { clock: new ManualClock(Date.now()) });
      sns = client(server.url);
    });
    after(async () => {
      sns.destroy();
      await server.close();
    });

    it('publishes and calls past the quotas in one instant all pass', async () => {
      const arn = (await sns.send(new CreateTopicCommand({ Name: 'off' }))).TopicArn!;
      for (let i = 0; i < 320; i++) await sns.send(new PublishCommand({ TopicArn: arn, Message: `m${i}` }));
      for (let i = 0; i < 40; i++) await sns.send(new ListTopicsCommand({}));
    });
  });
}
