import type Database from 'better-sqlite3';
import type { ChannelConfiguration, ChannelRecord, ChannelUpdateOutcome, NewChannel } from '../../services/kinesis/channel-store.js';
import type { GroupCommit } from './group-commit.js';

/**
 * The SQLite Kinesis store's channels (schema: migrations/0009-kinesis-channels.ts). The resource
 * only: nothing is delivered to S3. Writes run in the group-commit writer, so each
 * check-then-write is atomic; reads see committed data only.
 */

const COLS =
  'id, account_id AS accountId, region, name, channel_id AS channelId, created_at AS createdAt, active_at AS activeAt, ' +
  'updating_until AS updatingUntil, configuration, tags';

interface Row extends Omit<ChannelRecord, 'configuration' | 'tags'> {
  configuration: string;
  tags: string;
}

const toChannel = (r: Row): ChannelRecord => ({
  ...r,
  configuration: JSON.parse(r.configuration) as ChannelConfiguration,
  tags: JSON.parse(r.tags) as Record<string, string>,
});

export class SqliteKinesisChannels {
  private readonly s;

  constructor(
    db: Database.Database,
    private readonly writer: GroupCommit,
  ) {
    this.s = {
      byName: db.prepare(`SELECT ${COLS} FROM kinesis_channels WHERE account_id = ? AND region = ? AND name = ?`),
      list: db.prepare(`SELECT ${COLS} FROM kinesis_channels WHERE account_id = ? AND region = ? ORDER BY name`),
      state: db.prepare('SELECT active_at AS activeAt, updating_until AS updatingUntil FROM kinesis_channels WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO kinesis_channels (account_id, region, name, channel_id, created_at, active_at, configuration, tags)
         VALUES (@accountId, @region, @name, @channelId, @createdAt, @activeAt, @configuration, @tags)`,
      ),
      update: db.prepare('UPDATE kinesis_channels SET configuration = ?, updating_until = ? WHERE id = ?'),
      delete: db.prepare('DELETE FROM kinesis_channels WHERE id = ?'),
      tags: db.prepare('SELECT tags FROM kinesis_channels WHERE id = ?').pluck(),
      setTags: db.prepare('UPDATE kinesis_channels SET tags = ? WHERE id = ?'),
    };
  }

  createChannel(c: NewChannel): Promise<{ created: boolean; channel: ChannelRecord }> {
    return this.writer.submit(() => {
      const existing = this.s.byName.get(c.accountId, c.region, c.name) as Row | undefined;
      if (existing) return { created: false, channel: toChannel(existing) };
      this.s.insert.run({ ...c, configuration: JSON.stringify(c.configuration), tags: JSON.stringify(c.tags) });
      return { created: true, channel: toChannel(this.s.byName.get(c.accountId, c.region, c.name) as Row) };
    });
  }

  getChannel(accountId: string, region: string, name: string): Promise<ChannelRecord | undefined> {
    const row = this.s.byName.get(accountId, region, name) as Row | undefined;
    return Promise.resolve(row && toChannel(row));
  }

  listChannels(accountId: string, region: string): Promise<ChannelRecord[]> {
    return Promise.resolve((this.s.list.all(accountId, region) as Row[]).map(toChannel));
  }

  updateChannel(id: number, configuration: ChannelConfiguration, updatingUntil: number, now: number): Promise<ChannelUpdateOutcome> {
    return this.writer.submit((): ChannelUpdateOutcome => {
      const st = this.s.state.get(id) as { activeAt: number; updatingUntil: number } | undefined;
      if (!st) return 'gone';
      if (st.activeAt > now || st.updatingUntil > now) return 'busy';
      this.s.update.run(JSON.stringify(configuration), updatingUntil, id);
      return 'ok';
    });
  }

  deleteChannel(id: number): Promise<boolean> {
    return this.writer.submit(() => this.s.delete.run(id).changes === 1);
  }

  tagChannel(id: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<'ok' | 'too-many' | 'gone'> {
    return this.writer.submit(() => {
      const row = this.s.tags.get(id) as string | undefined;
      if (row === undefined) return 'gone';
      const merged = { ...(JSON.parse(row) as Record<string, string>), ...tags };
      if (Object.keys(merged).length > maxTags) return 'too-many';
      this.s.setTags.run(JSON.stringify(merged), id);
      return 'ok';
    });
  }

  untagChannel(id: number, keys: readonly string[]): Promise<boolean> {
    return this.writer.submit(() => {
      const row = this.s.tags.get(id) as string | undefined;
      if (row === undefined) return false;
      const tags = JSON.parse(row) as Record<string, string>;
      for (const k of keys) delete tags[k];
      this.s.setTags.run(JSON.stringify(tags), id);
      return true;
    });
  }
}
