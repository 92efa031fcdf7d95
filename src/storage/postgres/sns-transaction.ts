import type pg from 'pg';

/**
 * Runs `fn` on one pooled connection inside BEGIN … COMMIT. It rolls back instead when `fn`
 * throws (and rethrows) or returns null (nothing to keep: the SNS store's "no such subscription").
 */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      const result = await fn(client);
      await client.query(result === null ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  } finally {
    client.release();
  }
}
