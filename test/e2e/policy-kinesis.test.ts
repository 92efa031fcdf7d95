// --enforce-policies for Kinesis through the real client (h2 and HTTP/1.1, SQLite and PostgreSQL):
// another account reaches a stream by its ARN only once the stream's resource policy
// (PutResourcePolicy) allows the action; an explicit Deny stops the owner too; resource policy
// operations stay the owner's; a consumer's own policy governs SubscribeToShard-side calls on it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteResourcePolicyCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordCommand,
  PutResourcePolicyCommand,
  RegisterStreamConsumerCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { isKinesisError, kinesisE2E } from '../helpers/kinesis.js';

const OWNER = '000000000000';
const OTHER = '222222222222';

const refused = (action: string, arn: string, why: 'implicit' | 'explicit', caller = OTHER) => (e: unknown) =>
  isKinesisError(
    e,
    'AccessDeniedException',
    `User: arn:aws:iam::${caller}:root is not authorized to perform: ${action} on resource: ${arn} ` +
      (why === 'explicit' ? 'with an explicit deny in a resource-based policy' : `because no resource-based policy allows the ${action} action`),
  );

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

kinesisE2E(
  'Kinesis resource policies, enforced',
  (t) => {
    const other = () =>
      new KinesisClient({
        endpoint: t().server.url,
        region: 'us-east-1',
        credentials: { accessKeyId: OTHER, secretAccessKey: 'secret' },
        maxAttempts: 1,
        ...(t().kind.transport === 'http1' ? { requestHandler: new NodeHttpHandler() } : {}),
      });
    const put = (client: KinesisClient, arn: string) => client.send(new PutRecordCommand({ StreamARN: arn, PartitionKey: 'k', Data: Buffer.from('x') }));

    it('another account PutRecords by StreamARN only once PutResourcePolicy allows it', async () => {
      const name = await t().activeStream({ ShardCount: 1 });
      const arn = `arn:aws:kinesis:us-east-1:${OWNER}:stream/${name}`;
      const client = other();
      try {
        await put(t().kinesis, arn);
        await assert.rejects(put(client, arn), refused('kinesis:PutRecord', arn, 'implicit'));
        await t().kinesis.send(new PutResourcePolicyCommand({
          ResourceARN: arn,
          Policy: policy({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:DescribeStreamSummary'], Resource: arn }),
        }));
        const r = await put(client, arn);
        assert.equal(r.ShardId, 'shardId-000000000000');
        await client.send(new DescribeStreamSummaryCommand({ StreamARN: arn }));
        await assert.rejects(client.send(new ListShardsCommand({ StreamARN: arn })), refused('kinesis:ListShards', arn, 'implicit'));
        // Resource policy operations are the owner's alone, whatever the policy says.
        await t().kinesis.send(new PutResourcePolicyCommand({ ResourceARN: arn, Policy: policy({ Effect: 'Allow', Principal: '*', Action: 'kinesis:*', Resource: arn }) }));
        await client.send(new ListShardsCommand({ StreamARN: arn }));
        await assert.rejects(client.send(new DeleteResourcePolicyCommand({ ResourceARN: arn })), refused('kinesis:DeleteResourcePolicy', arn, 'implicit'));
        // A stream named by StreamName is the caller's own: there is none in the other account.
        await assert.rejects(client.send(new DescribeStreamSummaryCommand({ StreamName: name })), (e) => isKinesisError(e, 'ResourceNotFoundException'));
      } finally {
        client.destroy();
      }
    });

    it('an explicit Deny stops the owner too, by StreamName as by StreamARN', async () => {
      const name = await t().activeStream({ ShardCount: 1 });
      const arn = `arn:aws:kinesis:us-east-1:${OWNER}:stream/${name}`;
      await t().kinesis.send(new PutResourcePolicyCommand({ ResourceARN: arn, Policy: policy({ Effect: 'Deny', Principal: '*', Action: 'kinesis:Put*', Resource: arn }) }));
      await assert.rejects(put(t().kinesis, arn), refused('kinesis:PutRecord', arn, 'explicit', OWNER));
      await assert.rejects(
        t().kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('x') })),
        refused('kinesis:PutRecord', arn, 'explicit', OWNER),
      );
      // The Deny names Put* actions: the owner can still take the policy off.
      await t().kinesis.send(new DeleteResourcePolicyCommand({ ResourceARN: arn }));
      await put(t().kinesis, arn);
    });

    it("a registered consumer's own policy governs calls naming it by ConsumerARN", async () => {
      const name = await t().activeStream({ ShardCount: 1 });
      const arn = `arn:aws:kinesis:us-east-1:${OWNER}:stream/${name}`;
      const consumer = (await t().kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'reader' }))).Consumer!.ConsumerARN!;
      const client = other();
      try {
        await assert.rejects(client.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumer })), refused('kinesis:DescribeStreamConsumer', consumer, 'implicit'));
        await t().kinesis.send(new PutResourcePolicyCommand({
          ResourceARN: consumer,
          Policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'], Resource: consumer }),
        }));
        const d = await client.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumer }));
        assert.equal(d.ConsumerDescription?.ConsumerName, 'reader');
        // The consumer's policy says nothing about the stream itself.
        await assert.rejects(put(client, arn), refused('kinesis:PutRecord', arn, 'implicit'));
      } finally {
        client.destroy();
      }
    });
  },
  { settings: { enforcePolicies: 'true' } },
);

kinesisE2E('Kinesis resource policies, not enforced (the default)', (t) => {
  it('another account puts by StreamARN with no policy at all', async () => {
    const name = await t().activeStream({ ShardCount: 1 });
    const client = new KinesisClient({ endpoint: t().server.url, region: 'us-east-1', credentials: { accessKeyId: OTHER, secretAccessKey: 'secret' }, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
    try {
      const r = await client.send(new PutRecordCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${OWNER}:stream/${name}`, PartitionKey: 'k', Data: Buffer.from('x') }));
      assert.equal(r.ShardId, 'shardId-000000000000');
    } finally {
      client.destroy();
    }
  });
}, { engines: ['sqlite'] });
