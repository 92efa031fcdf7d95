import type Database from 'better-sqlite3';

/**
 * A prepared statement under a name the package's .d.ts files can write: better-sqlite3's typings
 * return a `Statement` from a namespace they do not export, so the statement tables' inferred types
 * (sqs-, sns-, kinesis-statements.ts) could not be declared. Nothing else differs.
 */
export interface PreparedStatement extends Database.Statement {}

/** What the statement tables need of a database (a `Database.Database` is one). */
export interface Preparer {
  prepare(source: string): PreparedStatement;
}
