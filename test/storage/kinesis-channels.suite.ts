/**
 * Conformance suite for the channel part of the Kinesis store port
 * (src/services/kinesis/channel-store.ts). Every engine runs it (kinesis-store.sqlite.test.ts,
 * kinesis-store.postgres.test.ts). Engine-neutral; each test works in its own random account.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import type { ChannelConfiguration, NewChannel } from '../../src/services/kinesis/channel-store.js';
import type { OpenedKinesisStore } from './kinesis-store.suite.js';

const T0 = 1_700_000_000_000;
const REGION = 'us-east-1';
const account = (): string => String(randomInt(100_000_000_000, 999_999_999_999));

const configuration = (acct: string, over: Partial<ChannelConfiguration> = {}): ChannelConfiguration => ({
  serviceExecutionRoleArn: `arn:aws:iam::${acct}:role/deliver`,
  streams: [{ streamArn: `arn:aws:kinesis:${REGION}:${acct}:stream/src`, streamCreatedAt: T0 - 1_000, recordConfiguration: { RecordFormatType: 'JSON' } }],
  destinationType: 'S3',
  destination: {
    DataFreshnessInSeconds: 300,
    DeadLetterQueueS3Configuration: { BucketARN: 'arn:aws:s3:::b', ExpectedBucketOwner: acct },
    StorageConfiguration: { BucketARN: 'arn:aws:s3:::b', ExpectedBucketOwner: acct, CompressionType: 'GZIP', StorageClass: 'STANDARD' },
  },
  encryption: { EncryptionType: 'KMS', KeyId: 'alias/k' },
  logging: { CloudWatchLogs: { Enabled: true, LogGroupName: 'g', LogStreamName: 'ü s' } },
  ...over,
});

const newChannel = (acct: string, name: string, over: Partial<NewChannel> = {}): NewChannel => ({
  accountId: acct,
  region: REGION,
  name,
  channelId: `id-${name}`,
  createdAt: T0,
  activeAt: T0 + 500,
  configuration: configuration(acct),
  tags: { team: 'a', 'x.y': '' },
  ...over,
});

export function kinesisChannelsSuite(name: string, open: () => Promise<OpenedKinesisStore>): void {
  describe(`KinesisStore channels conformance: ${name}`, () => {
    let opened: OpenedKinesisStore;
    before(async () => {
      opened = await open();
    });
    after(async () => opened?.close());

    it('creates a channel and reads it back exactly (configuration, tags, times); a name is unique per account and region', async () => {
      const { store } = opened;
      const acct = account();
      const input = newChannel(acct, 'ch');
      const r = await store.createChannel(input);
      assert.equal(r.created, true);
      assert.ok(Number.isSafeInteger(r.channel.id));
      assert.deepEqual(r.channel, { ...input, id: r.channel.id, updatingUntil: 0 });
      assert.deepEqual(await store.getChannel(acct, REGION, 'ch'), r.channel);

      const again = await store.createChannel(newChannel(acct, 'ch', { channelId: 'other' }));
      assert.equal(again.created, false);
      assert.equal(again.channel.channelId, 'id-ch');
      // Same name elsewhere: another account, another region.
      assert.equal((await store.createChannel(newChannel(account(), 'ch'))).created, true);
      assert.equal((await store.createChannel(newChannel(acct, 'ch', { region: 'eu-west-1' }))).created, true);
      assert.equal(await store.getChannel(acct, REGION, 'nope'), undefined);
    });

    it('lists the account and region channels by name in binary order', async () => {
      const { store } = opened;
      const acct = account();
      for (const n of ['b', 'a', 'B', 'a-1']) await store.createChannel(newChannel(acct, n));
      await store.createChannel(newChannel(acct, 'z', { region: 'eu-west-1' }));
      assert.deepEqual((await store.listChannels(acct, REGION)).map((c) => c.name), ['B', 'a', 'a-1', 'b']);
      assert.deepEqual(await store.listChannels(account(), REGION), []);
    });

    it('updates the configuration and UPDATING time only when neither CREATING nor UPDATING', async () => {
      const { store } = opened;
      const acct = account();
      const { channel } = await store.createChannel(newChannel(acct, 'up'));
      const changed = configuration(acct, { logging: { CloudWatchLogs: { Enabled: false } } });
      assert.equal(await store.updateChannel(channel.id, changed, T0 + 1_000, T0 + 100), 'busy'); // CREATING
      assert.equal(await store.updateChannel(channel.id, changed, T0 + 1_600, T0 + 500), 'ok');
      const got = await store.getChannel(acct, REGION, 'up');
      assert.deepEqual(got, { ...channel, configuration: changed, updatingUntil: T0 + 1_600 });
      assert.equal(await store.updateChannel(channel.id, configuration(acct), T0 + 2_000, T0 + 1_599), 'busy'); // UPDATING
      assert.equal(await store.updateChannel(channel.id, configuration(acct), T0 + 2_700, T0 + 1_600), 'ok');
      assert.deepEqual((await store.getChannel(acct, REGION, 'up'))?.configuration, configuration(acct));
    });

    it('deletes at once: gone for readers, the name free again, a second delete and an update say gone', async () => {
      const { store } = opened;
      const acct = account();
      const { channel } = await store.createChannel(newChannel(acct, 'del'));
      assert.equal(await store.deleteChannel(channel.id), true);
      assert.equal(await store.getChannel(acct, REGION, 'del'), undefined);
      assert.deepEqual(await store.listChannels(acct, REGION), []);
      assert.equal(await store.deleteChannel(channel.id), false);
      assert.equal(await store.updateChannel(channel.id, configuration(acct), T0 + 9_000, T0 + 8_000), 'gone');
      const again = await store.createChannel(newChannel(acct, 'del'));
      assert.equal(again.created, true);
      assert.notEqual(again.channel.id, channel.id);
    });

    it('tags: added and overwritten up to the limit (refused past it, unchanged), removed; gone once deleted', async () => {
      const { store } = opened;
      const acct = account();
      const { channel } = await store.createChannel(newChannel(acct, 'tagged'));
      assert.equal(await store.tagChannel(channel.id, { team: 'b', c: '1' }, 3), 'ok');
      assert.equal(await store.tagChannel(channel.id, { d: '2' }, 3), 'too-many');
      assert.deepEqual((await store.getChannel(acct, REGION, 'tagged'))!.tags, { team: 'b', 'x.y': '', c: '1' });
      assert.equal(await store.untagChannel(channel.id, ['x.y', 'absent']), true);
      assert.deepEqual((await store.getChannel(acct, REGION, 'tagged'))!.tags, { team: 'b', c: '1' });
      await store.deleteChannel(channel.id);
      assert.equal(await store.tagChannel(channel.id, { e: '3' }, 50), 'gone');
      assert.equal(await store.untagChannel(channel.id, ['team']), false);
    });

    it('configuration text with U+0000, lone surrogates or a leading U+FDD0 comes back exactly (create, get, list, update)', async () => {
      const { store } = opened;
      const acct = account();
      const odd = ['a\u0000b', '\ud800', 'x\udc00y', 'z\udbff', '\ufdd0"a\\u0000b"', '\ufdd0', '\u0000\ud83d\ude00\ud83d'];
      const withText = (text: string[]): ChannelConfiguration =>
        configuration(acct, {
          logging: { CloudWatchLogs: { Enabled: true, LogGroupName: 'g', LogStreamName: text[0] } },
          encryption: { EncryptionType: 'KMS', KeyId: text[1] },
          streams: [{ streamArn: `arn:aws:kinesis:${REGION}:${acct}:stream/src`, streamCreatedAt: T0, recordConfiguration: { RecordFormatType: 'JSON', Extra: text.slice(2) } }],
        });
      const input = newChannel(acct, 'odd', { configuration: withText(odd) });
      const { created, channel } = await store.createChannel(input);
      assert.equal(created, true);
      assert.deepEqual(channel.configuration, input.configuration);
      assert.deepEqual((await store.getChannel(acct, REGION, 'odd'))!.configuration, input.configuration);
      assert.deepEqual((await store.listChannels(acct, REGION))[0]!.configuration, input.configuration);
      const changed = withText([...odd].reverse());
      assert.equal(await store.updateChannel(channel.id, changed, T0 + 1_000, T0 + 500), 'ok');
      assert.deepEqual((await store.getChannel(acct, REGION, 'odd'))!.configuration, changed);
    });

    it('concurrent creates of one name: exactly one wins', async () => {
      const { store } = opened;
      const acct = account();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.createChannel(newChannel(acct, 'race', { channelId: `c${i}` }))));
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal((await store.listChannels(acct, REGION)).length, 1);
    });
  });
}
