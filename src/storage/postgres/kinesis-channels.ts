import type pg from 'pg';
import type { ChannelConfiguration, ChannelRecord, ChannelUpdateOutcome, NewChannel } from '../../services/kinesis/channel-store.js';
import { fromStoredJson, storableJson } from './unstorable-text.js';

/**
 * The PostgreSQL Kinesis store's channels (schema: migrations/0009-kinesis-channels.ts). The
 * resource only: nothing is delivered to S3. Every method is one statement, so each is atomic
 * across nodes (the unique name constraint settles concurrent creates; the update's WHERE carries
 * its status check). The configuration is jsonb, which cannot hold some text AWS takes in it
 * (U+0000 or a lone surrogate in a LogStreamName, whose pattern is `[^:*]*`): such strings are
 * stored marked (unstorable-text.ts) and come back as they were given, as from SQLite.
 */

const COLS =
  `id::float8 AS id, account_id AS "accountId", region, name, channel_id AS "channelId", created_at::float8 AS "createdAt", ` +
  `active_at::float8 AS "activeAt", updating_until::float8 AS "updatingUntil", configuration, tags`;

export class PostgresKinesisChannels {
  constructor(private readonly pool: pg.Pool) {}

  async createChannel(c: NewChannel): Promise<{ created: boolean; channel: ChannelRecord }> {
    const r = await this.pool.query<ChannelRecord>(
      `INSERT INTO kinesis_channels (account_id, region, name, channel_id, created_at, active_at, configuration, tags)
       VALUES ($1, $2, $3, $4, $5::bigint, $6::bigint, $7::jsonb, $8::jsonb)
       ON CONFLICT ON CONSTRAINT kinesis_channels_by_name DO NOTHING RETURNING ${COLS}`,
      [c.accountId, c.region, c.name, c.channelId, c.createdAt, c.activeAt, storableJson(c.configuration), JSON.stringify(c.tags)],
    );
    if (r.rows[0]) return { created: true, channel: fromRow(r.rows[0]) };
    const existing = await this.getChannel(c.accountId, c.region, c.name);
    // Deleted again between the two statements: report the conflict all the same.
    return { created: false, channel: existing ?? { ...c, id: 0, updatingUntil: 0 } };
  }

  async getChannel(accountId: string, region: string, name: string): Promise<ChannelRecord | undefined> {
    const r = await this.pool.query<ChannelRecord>(`SELECT ${COLS} FROM kinesis_channels WHERE account_id = $1 AND region = $2 AND name = $3`, [
      accountId,
      region,
      name,
    ]);
    return r.rows[0] && fromRow(r.rows[0]);
  }

  async listChannels(accountId: string, region: string): Promise<ChannelRecord[]> {
    return (await this.pool.query<ChannelRecord>(`SELECT ${COLS} FROM kinesis_channels WHERE account_id = $1 AND region = $2 ORDER BY name`, [accountId, region]))
      .rows.map(fromRow);
  }

  async updateChannel(id: number, configuration: ChannelConfiguration, updatingUntil: number, now: number): Promise<ChannelUpdateOutcome> {
    const r = await this.pool.query(
      `UPDATE kinesis_channels SET configuration = $2::jsonb, updating_until = $3::bigint
       WHERE id = $1 AND active_at <= $4::bigint AND updating_until <= $4::bigint`,
      [id, storableJson(configuration), updatingUntil, now],
    );
    if (r.rowCount === 1) return 'ok';
    return (await this.pool.query('SELECT 1 FROM kinesis_channels WHERE id = $1', [id])).rowCount === 1 ? 'busy' : 'gone';
  }

  async deleteChannel(id: number): Promise<boolean> {
    return (await this.pool.query('DELETE FROM kinesis_channels WHERE id = $1', [id])).rowCount === 1;
  }

  /** The count check sits in the UPDATE's WHERE, against the merged tags (as kinesis-sql.ts TAG_STREAM). */
  async tagChannel(id: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<'ok' | 'too-many' | 'gone'> {
    const r = await this.pool.query(
      'UPDATE kinesis_channels SET tags = tags || $2::jsonb WHERE id = $1 AND (SELECT count(*) FROM jsonb_object_keys(tags || $2::jsonb)) <= $3',
      [id, JSON.stringify(tags), maxTags],
    );
    if (r.rowCount === 1) return 'ok';
    return (await this.pool.query('SELECT 1 FROM kinesis_channels WHERE id = $1', [id])).rowCount === 1 ? 'too-many' : 'gone';
  }

  async untagChannel(id: number, keys: readonly string[]): Promise<boolean> {
    return (await this.pool.query('UPDATE kinesis_channels SET tags = tags - $2::text[] WHERE id = $1', [id, [...keys]])).rowCount === 1;
  }
}

function fromRow(row: ChannelRecord): ChannelRecord {
  return { ...row, configuration: fromStoredJson(row.configuration) };
}
