import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL database tests use (`.ci/run` makes sure it is up). */
export function postgresTestUrl(): string {
  return process.env.SWITCHYARD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** A schema name no other test run uses. */
export function uniqueSchema(prefix = 'sy_test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresTestUrl() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
