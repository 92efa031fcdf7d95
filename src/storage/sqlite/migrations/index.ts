import { sql as sqs0001 } from './0001-sqs.js';
import { sql as sqs0002 } from './0002-sqs-fifo.js';
import { sql as sqs0003 } from './0003-sqs-move-tasks.js';
import { sql as sns0004 } from './0004-sns.js';
import { sql as kinesis0005 } from './0005-kinesis.js';
import { sql as sns0006 } from './0006-sns-recorded.js';
import { sql as kinesis0007 } from './0007-kinesis-reshard.js';
import { sql as kinesis0008 } from './0008-kinesis-consumer-tags.js';
import { sql as kinesis0009 } from './0009-kinesis-channels.js';
import { sql as kinesis0010 } from './0010-kinesis-fan-out.js';
import { sql as sns0011 } from './0011-sns-archive.js';
import { sql as kinesis0012 } from './0012-kinesis-chunks.js';
import { sql as sqs0014 } from './0014-sqs-move-steps.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Forward-only, applied in order, each in its own transaction, recorded in `schema_migrations`.
 * Never edit a released migration: add the next number. (TS modules, not .sql files, so that tsc
 * ships them in dist/.) PostgreSQL keeps the same numbering in storage/postgres/migrations.
 */
export const migrations: readonly Migration[] = [
  { version: 1, name: '0001-sqs', sql: sqs0001 },
  { version: 2, name: '0002-sqs-fifo', sql: sqs0002 },
  { version: 3, name: '0003-sqs-move-tasks', sql: sqs0003 },
  { version: 4, name: '0004-sns', sql: sns0004 },
  { version: 5, name: '0005-kinesis', sql: kinesis0005 },
  { version: 6, name: '0006-sns-recorded', sql: sns0006 },
  { version: 7, name: '0007-kinesis-reshard', sql: kinesis0007 },
  { version: 8, name: '0008-kinesis-consumer-tags', sql: kinesis0008 },
  { version: 9, name: '0009-kinesis-channels', sql: kinesis0009 },
  { version: 10, name: '0010-kinesis-fan-out', sql: kinesis0010 },
  { version: 11, name: '0011-sns-archive', sql: sns0011 },
  { version: 12, name: '0012-kinesis-chunks', sql: kinesis0012 },
  // 13 is PostgreSQL's alone (sns-throttle: SQLite keeps that in memory)
  { version: 14, name: '0014-sqs-move-steps', sql: sqs0014 },
];
