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
import { sql as kinesis0017 } from './0017-kinesis-trigger-checkpoints.js';
import type { OlderNodes } from '../../schema-compat.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /**
   * Whether an older build may still open the file once this is applied (schema-compat.ts). One
   * process serves a SQLite file, so this only matters when going back to the previous version
   * after an upgrade. Each value is the one of PostgreSQL's migration of the same number, whose
   * comment says why (the same features, the same older code); judged for nodes running side by
   * side, it errs on the safe side for one process (0014's overwritten count needs two at once).
   */
  readonly olderNodes: OlderNodes;
}

/**
 * Forward-only, applied in order, each in its own transaction, recorded in `schema_migrations`.
 * Never edit a released migration: add the next number. (TS modules, not .sql files, so that tsc
 * ships them in dist/.) PostgreSQL keeps the same numbering in storage/postgres/migrations.
 */
export const migrations: readonly Migration[] = [
  { version: 1, name: '0001-sqs', sql: sqs0001, olderNodes: 'incompatible' },
  { version: 2, name: '0002-sqs-fifo', sql: sqs0002, olderNodes: 'incompatible' },
  { version: 3, name: '0003-sqs-move-tasks', sql: sqs0003, olderNodes: 'compatible' },
  { version: 4, name: '0004-sns', sql: sns0004, olderNodes: 'compatible' },
  { version: 5, name: '0005-kinesis', sql: kinesis0005, olderNodes: 'compatible' },
  { version: 6, name: '0006-sns-recorded', sql: sns0006, olderNodes: 'incompatible' },
  { version: 7, name: '0007-kinesis-reshard', sql: kinesis0007, olderNodes: 'incompatible' },
  { version: 8, name: '0008-kinesis-consumer-tags', sql: kinesis0008, olderNodes: 'compatible' },
  { version: 9, name: '0009-kinesis-channels', sql: kinesis0009, olderNodes: 'incompatible' },
  { version: 10, name: '0010-kinesis-fan-out', sql: kinesis0010, olderNodes: 'incompatible' },
  { version: 11, name: '0011-sns-archive', sql: sns0011, olderNodes: 'incompatible' },
  { version: 12, name: '0012-kinesis-chunks', sql: kinesis0012, olderNodes: 'incompatible' },
  // 13 is PostgreSQL's alone (sns-throttle: SQLite keeps that in memory)
  { version: 14, name: '0014-sqs-move-steps', sql: sqs0014, olderNodes: 'incompatible' },
  // 16 is PostgreSQL's alone (shared request buckets; SQLite keeps them in memory); 15 is not taken
  { version: 17, name: '0017-kinesis-trigger-checkpoints', sql: kinesis0017, olderNodes: 'compatible' },
];
