/**
 * Kinesis channels end to end: CreateChannel, DescribeChannel, ListChannels, UpdateChannel and
 * DeleteChannel through the JS SDK. Switchyard keeps the channel resource only and delivers
 * nothing to S3, so these tests check the resource (configuration, status, ARNs, errors), not delivery.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateChannelCommand,
  DeleteChannelCommand,
  DeleteStreamCommand,
  DescribeChannelCommand,
  DescribeStreamSummaryCommand,
  ListChannelsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateChannelCommand,
  type CreateChannelCommandInput,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { E2E_CREATE_DELAY_MS, isKinesisError, kinesisE2E } from '../../helpers/kinesis.js';

const ACCOUNT = '000000000000';
const STREAM_ARN = (name: string) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
const CHANNEL_ARN = (name: string) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:channel/${name}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/kinesis-delivery`;
const BUCKET = 'arn:aws:s3:::delivery-bucket';

const s3Channel = (name: string, stream: string, over: Partial<CreateChannelCommandInput> = {}): CreateChannelCommandInput => ({
  ChannelName: name,
  ServiceExecutionRoleARN: ROLE,
  StreamConfigurationList: [{ StreamARN: STREAM_ARN(stream), RecordConfiguration: { RecordFormatType: 'JSON' } }],
  S3DestinationConfiguration: {
    StorageConfiguration: { BucketARN: BUCKET, ExpectedBucketOwner: ACCOUNT, CompressionType: 'GZIP', OutputKeyTemplate: 'data/' },
  },
  ...over,
});

async function waitChannel(kinesis: KinesisClient, arn: string, status: string): Promise<void> {
  const until = Date.now() + 10_000;
  for (;;) {
    const d = await kinesis.send(new DescribeChannelCommand({ ChannelARN: arn }));
    if (d.ChannelDescription?.ChannelStatus === status) return;
    if (Date.now() > until) throw new Error(`channel ${arn} not ${status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const rejects = (p: Promise<unknown>, name: string, message?: string | RegExp) => assert.rejects(p, (e) => isKinesisError(e, name, message));

kinesisE2E('Kinesis channels', (t) => {
  it('CreateChannel: CREATING with its configuration and defaults, then ACTIVE; DescribeChannel reports the same', async () => {
    const { kinesis } = t();
    const stream = await t().activeStream({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    const streamCreated = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary!.StreamCreationTimestamp!;
    const name = t().name('ch');
    const before = Date.now();
    const out = await kinesis.send(
      new CreateChannelCommand(
        s3Channel(name, stream, {
          EncryptionConfiguration: { EncryptionType: 'KMS', KeyId: 'alias/delivery' },
          Tags: { team: 'data' },
        }),
      ),
    );
    const d = out.ChannelDescription!;
    assert.equal(d.ChannelName, name);
    assert.equal(d.ChannelARN, CHANNEL_ARN(name));
    assert.match(d.ChannelId!, /^[0-9a-f-]{36}$/);
    assert.equal(d.ChannelStatus, 'CREATING');
    assert.ok(Math.abs(d.ChannelCreationTimestamp!.getTime() - before) < 5_000);
    assert.equal(d.ServiceExecutionRoleARN, ROLE);
    assert.deepEqual(d.StreamConfigurationList, [
      { StreamARN: STREAM_ARN(stream), StreamCreationTimestamp: streamCreated, RecordConfiguration: { RecordFormatType: 'JSON' } },
    ]);
    assert.deepEqual(d.S3DestinationConfiguration, {
      DataFreshnessInSeconds: 300,
      DeadLetterQueueS3Configuration: { BucketARN: BUCKET, ExpectedBucketOwner: ACCOUNT },
      StorageConfiguration: { BucketARN: BUCKET, ExpectedBucketOwner: ACCOUNT, CompressionType: 'GZIP', OutputKeyTemplate: 'data/' },
    });
    assert.equal(d.S3TablesDestinationConfiguration, undefined);
    assert.deepEqual(d.EncryptionConfiguration, { EncryptionType: 'KMS', KeyId: 'alias/delivery' });
    assert.deepEqual(d.LoggingConfiguration, { CloudWatchLogs: { Enabled: false } });

    await waitChannel(kinesis, CHANNEL_ARN(name), 'ACTIVE');
    const described = (await kinesis.send(new DescribeChannelCommand({ ChannelARN: CHANNEL_ARN(name) }))).ChannelDescription!;
    assert.deepEqual({ ...described, ChannelStatus: 'CREATING' }, d);
  });

  it('an S3 Tables channel; UpdateChannel: UPDATING, then ACTIVE with the new freshness and logging', async () => {
    const { kinesis } = t();
    const stream = await t().activeStream({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    const name = t().name('tables');
    const arn = CHANNEL_ARN(name);
    const dlq = { BucketARN: BUCKET, ExpectedBucketOwner: ACCOUNT, ErrorOutputPrefix: 'errors/' };
    const table = {
      TableBucketARN: `arn:aws:s3tables:us-east-1:${ACCOUNT}:bucket/tables`,
      Namespace: 'ns',
      TableName: 'events',
      CompressionType: 'ZSTD' as const,
      PartitionSpec: { PartitionFields: [{ Transform: 'TIME_HOUR' as const, SourceName: 'ts' }] },
    };
    const created = await kinesis.send(
      new CreateChannelCommand({
        ...s3Channel(name, stream),
        S3DestinationConfiguration: undefined,
        S3TablesDestinationConfiguration: { DataFreshnessInSeconds: 60, DeadLetterQueueS3Configuration: dlq, S3TablesConfigurationList: [table] },
        LoggingConfiguration: { CloudWatchLogs: { Enabled: true, LogGroupName: 'g' } },
      }),
    );
    assert.deepEqual(created.ChannelDescription!.S3TablesDestinationConfiguration, {
      DataFreshnessInSeconds: 60,
      DeadLetterQueueS3Configuration: dlq,
      S3TablesConfigurationList: [table],
    });
    // Not ACTIVE yet: no update (only checked while the create delay surely lasts).
    const t0 = Date.now();
    try {
      await kinesis.send(new UpdateChannelCommand({ ChannelARN: arn, S3TablesDestinationConfiguration: { DataFreshnessInSeconds: 120 } }));
      assert.ok(Date.now() - t0 >= E2E_CREATE_DELAY_MS / 2, 'an update of a CREATING channel succeeded');
    } catch (e) {
      isKinesisError(e, 'ResourceInUseException', `Channel ${name} under account ${ACCOUNT} not ACTIVE, instead in state CREATING`);
    }
    await waitChannel(kinesis, arn, 'ACTIVE');

    await rejects(
      kinesis.send(new UpdateChannelCommand({ ChannelARN: arn, S3DestinationConfiguration: { DataFreshnessInSeconds: 120 } })),
      'InvalidArgumentException',
    );
    await rejects(kinesis.send(new UpdateChannelCommand({ ChannelARN: arn })), 'InvalidArgumentException');
    const updated = await kinesis.send(
      new UpdateChannelCommand({
        ChannelARN: arn,
        S3TablesDestinationConfiguration: { DataFreshnessInSeconds: 120 },
        LoggingConfiguration: { CloudWatchLogs: { Enabled: false } },
      }),
    );
    assert.equal(updated.ChannelDescription!.ChannelStatus, 'UPDATING');
    assert.equal(updated.ChannelDescription!.S3TablesDestinationConfiguration!.DataFreshnessInSeconds, 120);
    assert.deepEqual(updated.ChannelDescription!.LoggingConfiguration, { CloudWatchLogs: { Enabled: false } });
    await waitChannel(kinesis, arn, 'ACTIVE');
    const d = (await kinesis.send(new DescribeChannelCommand({ ChannelARN: arn }))).ChannelDescription!;
    assert.equal(d.S3TablesDestinationConfiguration!.DataFreshnessInSeconds, 120);
    assert.deepEqual(d.S3TablesDestinationConfiguration!.S3TablesConfigurationList, [table]);
    assert.deepEqual(d.LoggingConfiguration, { CloudWatchLogs: { Enabled: false } });
  });

  it('ListChannels: by name, paged with NextToken, at most 100 a page, filtered by source stream', async () => {
    const { kinesis } = t();
    const s1 = await t().activeStream({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    const s2 = await t().activeStream({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    const prefix = t().name('list');
    const names = [`${prefix}-c`, `${prefix}-a`, `${prefix}-b`];
    await kinesis.send(new CreateChannelCommand(s3Channel(names[0]!, s1)));
    await kinesis.send(new CreateChannelCommand(s3Channel(names[1]!, s2)));
    await kinesis.send(new CreateChannelCommand(s3Channel(names[2]!, s1)));

    const mine = (xs: { ChannelName?: string }[] = []) => xs.map((c) => c.ChannelName!).filter((n) => n.startsWith(prefix));
    const all = await kinesis.send(new ListChannelsCommand({}));
    assert.deepEqual(mine(all.ChannelSummaries), [...names].sort());
    const a = all.ChannelSummaries!.find((c) => c.ChannelName === `${prefix}-a`)!;
    assert.deepEqual(Object.keys(a).sort(), ['ChannelARN', 'ChannelCreationTimestamp', 'ChannelDestinationType', 'ChannelId', 'ChannelName', 'ChannelStatus', 'Streams']);
    assert.equal(a.ChannelARN, CHANNEL_ARN(`${prefix}-a`));
    assert.equal(a.ChannelDestinationType, 'S3');
    assert.equal(a.Streams![0]!.StreamARN, STREAM_ARN(s2));

    const filtered = await kinesis.send(new ListChannelsCommand({ StreamFilter: [{ StreamARN: STREAM_ARN(s1) }] }));
    assert.deepEqual(mine(filtered.ChannelSummaries), [`${prefix}-b`, `${prefix}-c`]);
    const created = a.Streams![0]!.StreamCreationTimestamp!;
    const byTime = await kinesis.send(new ListChannelsCommand({ StreamFilter: [{ StreamARN: STREAM_ARN(s2), StreamCreationTimestamp: created }] }));
    assert.deepEqual(mine(byTime.ChannelSummaries), [`${prefix}-a`]);
    const wrongTime = await kinesis.send(
      new ListChannelsCommand({ StreamFilter: [{ StreamARN: STREAM_ARN(s2), StreamCreationTimestamp: new Date(created.getTime() - 60_000) }] }),
    );
    assert.deepEqual(wrongTime.ChannelSummaries, []);

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await kinesis.send(new ListChannelsCommand({ StreamFilter: [{ StreamARN: STREAM_ARN(s1) }], MaxResults: 1, NextToken: token }));
      assert.ok(page.ChannelSummaries!.length <= 1);
      seen.push(...page.ChannelSummaries!.map((c) => c.ChannelName!));
      token = page.NextToken;
      pages++;
    } while (token !== undefined && pages < 10);
    assert.deepEqual(seen, [`${prefix}-b`, `${prefix}-c`]);
    await rejects(kinesis.send(new ListChannelsCommand({ NextToken: 'not-a-token' })), 'InvalidArgumentException');
  });

  it('ListChannels: MaxResults below 1 or above 10000, and an empty StreamFilter, are ValidationException (the API reference ranges; was a 500 with channels)', async () => {
    const { kinesis } = t();
    const stream = await t().activeStream({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    await kinesis.send(new CreateChannelCommand(s3Channel(t().name('range'), stream)));
    for (const max of [0, -1]) {
      await rejects(
        kinesis.send(new ListChannelsCommand({ MaxResults: max })),
        'ValidationException',
        `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1`,
      );
    }
    await rejects(
      kinesis.send(new ListChannelsCommand({ MaxResults: 10_001 })),
      'ValidationException',
      "1 validation error detected: Value '10001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10000",
    );
    await rejects(kinesis.send(new ListChannelsCommand({ StreamFilter: [] })), 'ValidationException', /at 'streamFilter' failed to satisfy constraint: Member must have length greater than or equal to 1/);
    assert.ok((await kinesis.send(new ListChannelsCommand({ MaxResults: 10_000 }))).ChannelSummaries!.length >= 1);
  });

  it('CreateChannel / UpdateChannel: members outside the API reference patterns (NUL among them) are ValidationException on every engine; a KeyId no KMS key has is KMSNotFoundException', async () => {
    const { kinesis } = t();
    const stream = await t().activeStream({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    const name = t().name('pattern');
    const storage = { BucketARN: BUCKET, ExpectedBucketOwner: ACCOUNT, CompressionType: 'GZIP' as const };
    const cases: [Partial<CreateChannelCommandInput>, string][] = [
      [
        { S3DestinationConfiguration: { StorageConfiguration: { ...storage, BucketARN: 'arn:aws:s3:::a\u0000b' } } },
        "Value 'arn:aws:s3:::a\u0000b' at 's3DestinationConfiguration.storageConfiguration.bucketARN' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws[-a-z0-9]*:s3:::[a-z0-9._-]{3,63}",
      ],
      [
        { S3DestinationConfiguration: { StorageConfiguration: { ...storage, ExpectedBucketOwner: '00000000000\u0000' } } },
        "Value '00000000000\u0000' at 's3DestinationConfiguration.storageConfiguration.expectedBucketOwner' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d{12}",
      ],
      [
        { S3DestinationConfiguration: { StorageConfiguration: { ...storage, OutputKeyTemplate: 'a b' } } },
        "Value 'a b' at 's3DestinationConfiguration.storageConfiguration.outputKeyTemplate' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9A-Za-z!\\-_'.*()\\/=:{}]+",
      ],
      [
        { LoggingConfiguration: { CloudWatchLogs: { Enabled: true, LogGroupName: 'g\u0000' } } },
        "Value 'g\u0000' at 'loggingConfiguration.cloudWatchLogs.logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
      ],
    ];
    for (const [over, clause] of cases) {
      await rejects(kinesis.send(new CreateChannelCommand(s3Channel(name, stream, over))), 'ValidationException', `1 validation error detected: ${clause}`);
    }
    await rejects(
      kinesis.send(new CreateChannelCommand(s3Channel(name, stream, { ServiceExecutionRoleARN: 'role\u0000' }))),
      'ValidationException',
      /^1 validation error detected: Value 'role\u0000' at 'serviceExecutionRoleARN' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
    );
    await rejects(
      kinesis.send(new CreateChannelCommand(s3Channel(name, stream, { EncryptionConfiguration: { EncryptionType: 'KMS', KeyId: 'alias/\u0000' } }))),
      'KMSNotFoundException',
      'Invalid keyId alias/\u0000',
    );
    const arn = (await kinesis.send(new CreateChannelCommand(s3Channel(name, stream)))).ChannelDescription!.ChannelARN!;
    await rejects(
      kinesis.send(new UpdateChannelCommand({ ChannelARN: arn, LoggingConfiguration: { CloudWatchLogs: { Enabled: true, LogGroupName: 'a:b' } } })),
      'ValidationException',
      "1 validation error detected: Value 'a:b' at 'loggingConfiguration.cloudWatchLogs.logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
    );
    const d = (await kinesis.send(new DescribeChannelCommand({ ChannelARN: arn }))).ChannelDescription!;
    assert.equal(d.S3DestinationConfiguration!.StorageConfiguration!.BucketARN, BUCKET);
  });

  it('a LogStreamName with U+0000 or lone surrogates (its pattern [^:*]* allows them) is kept exactly: CreateChannel, DescribeChannel, UpdateChannel', async () => {
    const { kinesis } = t();
    const stream = await t().activeStream({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    const name = t().name('nul');
    const arn = CHANNEL_ARN(name);
    // A leading U+FDD0 is what the PostgreSQL store marks encoded text with: it must not confuse it.
    const logging = (LogStreamName: string) => ({ CloudWatchLogs: { Enabled: true, LogGroupName: 'g', LogStreamName } });
    const first = 'a\u0000b\ud800';
    const created = await kinesis.send(new CreateChannelCommand(s3Channel(name, stream, { LoggingConfiguration: logging(first) })));
    assert.deepEqual(created.ChannelDescription!.LoggingConfiguration, logging(first));
    const described = async () => (await kinesis.send(new DescribeChannelCommand({ ChannelARN: arn }))).ChannelDescription!;
    assert.deepEqual((await described()).LoggingConfiguration, logging(first));
    for (const next of ['\u0000', '\udc00x\u0000', '\ufdd0"a\\u0000"', '\ufdd0']) {
      await waitChannel(kinesis, arn, 'ACTIVE');
      const updated = await kinesis.send(new UpdateChannelCommand({ ChannelARN: arn, LoggingConfiguration: logging(next) }));
      assert.deepEqual(updated.ChannelDescription!.LoggingConfiguration, logging(next));
      assert.deepEqual((await described()).LoggingConfiguration, logging(next), JSON.stringify(next));
    }
  });

  it('errors: unknown stream, provisioned stream, duplicate name, destination rules, unknown channel', async () => {
    const { kinesis } = t();
    const stream = await t().activeStream({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    const provisioned = await t().activeStream({ ShardCount: 1 });
    const name = t().name('err');
    await rejects(
      kinesis.send(new CreateChannelCommand(s3Channel(name, 'no-such-stream'))),
      'ResourceNotFoundException',
      `Stream no-such-stream under account ${ACCOUNT} not found.`,
    );
    await rejects(kinesis.send(new CreateChannelCommand(s3Channel(name, provisioned))), 'ValidationException');
    await rejects(
      kinesis.send(
        new CreateChannelCommand(
          s3Channel(name, stream, {
            S3TablesDestinationConfiguration: {
              DeadLetterQueueS3Configuration: { BucketARN: BUCKET, ExpectedBucketOwner: ACCOUNT },
              S3TablesConfigurationList: [],
            },
          }),
        ),
      ),
      'InvalidArgumentException',
    );
    await rejects(kinesis.send(new CreateChannelCommand(s3Channel(name, stream, { S3DestinationConfiguration: undefined }))), 'InvalidArgumentException');
    await rejects(kinesis.send(new CreateChannelCommand(s3Channel(name, stream, { StreamConfigurationList: [] }))), 'InvalidArgumentException');
    await rejects(kinesis.send(new CreateChannelCommand(s3Channel('bad/name', stream))), 'ValidationException');
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await rejects(kinesis.send(new CreateChannelCommand(s3Channel(name, stream, { Tags: tags }))), 'InvalidArgumentException');

    await kinesis.send(new CreateChannelCommand(s3Channel(name, stream)));
    await rejects(
      kinesis.send(new CreateChannelCommand(s3Channel(name, stream))),
      'ResourceInUseException',
      `Channel ${name} under account ${ACCOUNT} already exists.`,
    );
    const missing = CHANNEL_ARN('no-such-channel');
    const notFound = `Channel no-such-channel under account ${ACCOUNT} not found.`;
    await rejects(kinesis.send(new DescribeChannelCommand({ ChannelARN: missing })), 'ResourceNotFoundException', notFound);
    await rejects(kinesis.send(new DeleteChannelCommand({ ChannelARN: missing })), 'ResourceNotFoundException', notFound);
    await rejects(
      kinesis.send(new UpdateChannelCommand({ ChannelARN: missing, LoggingConfiguration: { CloudWatchLogs: { Enabled: true } } })),
      'ResourceNotFoundException',
      notFound,
    );
    await rejects(kinesis.send(new DescribeChannelCommand({ ChannelARN: STREAM_ARN(stream) })), 'ResourceNotFoundException');
  });

  it('DeleteChannel: gone at once, the name free again; a stream with a channel cannot be deleted until the channel is', async () => {
    const { kinesis } = t();
    const stream = await t().activeStream({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    const name = t().name('del');
    await kinesis.send(new CreateChannelCommand(s3Channel(name, stream)));
    await rejects(kinesis.send(new DeleteStreamCommand({ StreamName: stream })), 'ResourceInUseException', /has channels/);

    await kinesis.send(new DeleteChannelCommand({ ChannelARN: CHANNEL_ARN(name) }));
    await rejects(kinesis.send(new DescribeChannelCommand({ ChannelARN: CHANNEL_ARN(name) })), 'ResourceNotFoundException');
    const listed = await kinesis.send(new ListChannelsCommand({ StreamFilter: [{ StreamARN: STREAM_ARN(stream) }] }));
    assert.deepEqual(listed.ChannelSummaries, []);
    const again = await kinesis.send(new CreateChannelCommand(s3Channel(name, stream)));
    assert.equal(again.ChannelDescription!.ChannelStatus, 'CREATING');
    await kinesis.send(new DeleteChannelCommand({ ChannelARN: CHANNEL_ARN(name) }));
    await kinesis.send(new DeleteStreamCommand({ StreamName: stream }));
  });

  it('TagResource / UntagResource / ListTagsForResource by channel ARN: CreateChannel tags, added, overwritten, removed, 50 at most', async () => {
    const { kinesis } = t();
    const stream = await t().activeStream({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    const name = t().name('tags');
    const arn = CHANNEL_ARN(name);
    await kinesis.send(new CreateChannelCommand(s3Channel(name, stream, { Tags: { team: 'data' } })));
    const tags = async () => (await kinesis.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags;
    assert.deepEqual(await tags(), [{ Key: 'team', Value: 'data' }]);
    await kinesis.send(new TagResourceCommand({ ResourceARN: arn, Tags: { team: 'ops', env: 'test' } }));
    assert.deepEqual(await tags(), [
      { Key: 'env', Value: 'test' },
      { Key: 'team', Value: 'ops' },
    ]);
    await kinesis.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['team', 'absent'] }));
    assert.deepEqual(await tags(), [{ Key: 'env', Value: 'test' }]);
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    await rejects(kinesis.send(new TagResourceCommand({ ResourceARN: arn, Tags: fifty })), 'InvalidArgumentException', /cannot have more than 50 tags/);
    assert.deepEqual(await tags(), [{ Key: 'env', Value: 'test' }], 'a refused TagResource changes nothing');
    await rejects(kinesis.send(new TagResourceCommand({ ResourceARN: arn, Tags: { 'bad#': 'v' } })), 'InvalidArgumentException');
    // The stream's tags are its own.
    assert.deepEqual((await kinesis.send(new ListTagsForResourceCommand({ ResourceARN: STREAM_ARN(stream) }))).Tags, []);
    await kinesis.send(new DeleteChannelCommand({ ChannelARN: arn }));
    await rejects(kinesis.send(new ListTagsForResourceCommand({ ResourceARN: arn })), 'ResourceNotFoundException', `Channel ${name} under account ${ACCOUNT} not found.`);
    await rejects(kinesis.send(new TagResourceCommand({ ResourceARN: arn, Tags: { a: 'b' } })), 'ResourceNotFoundException');
    await rejects(kinesis.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['a'] })), 'ResourceNotFoundException');
  });

  it('channels are kept per region: another client of the region sees it, one of another region does not', async () => {
    const { kinesis, server, kind } = t();
    const stream = await t().activeStream({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    const name = t().name('seen');
    await kinesis.send(new CreateChannelCommand(s3Channel(name, stream, { Tags: { a: 'b' } })));
    const other = kind.client(server.url);
    try {
      const d = await other.send(new DescribeChannelCommand({ ChannelARN: CHANNEL_ARN(name) }));
      assert.equal(d.ChannelDescription!.ChannelName, name);
      const foreign = kind.client(server.url, { region: 'eu-west-1' });
      try {
        const l = await foreign.send(new ListChannelsCommand({}));
        assert.ok(!l.ChannelSummaries!.some((c) => c.ChannelName === name));
      } finally {
        foreign.destroy();
      }
    } finally {
      other.destroy();
    }
  });
});

