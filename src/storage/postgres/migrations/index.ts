import m0001 from './0001-sqs.js';

/**
 * A forward-only schema change. `sql` runs in one transaction with search_path set to the
 * engine's schema, so it names tables unqualified. Never edit a migration that has shipped:
 * add the next number instead.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration, in order; versions are 1, 2, 3 … without gaps. */
export const migrations: readonly Migration[] = [m0001];
