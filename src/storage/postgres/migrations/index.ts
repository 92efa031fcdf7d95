import m0001 from './0001-sqs.js';
import m0002 from './0002-sqs-fifo.js';
import m0003 from './0003-sqs-move-tasks.js';
import m0004 from './0004-sns.js';
import m0005 from './0005-kinesis.js';
import m0006 from './0006-sns-recorded.js';
import m0007 from './0007-kinesis-reshard.js';
import m0008 from './0008-kinesis-consumer-tags.js';
import m0009 from './0009-kinesis-channels.js';
import m0010 from './0010-kinesis-fan-out.js';
import m0011 from './0011-sns-archive.js';
import m0012 from './0012-kinesis-chunks.js';
import m0013 from './0013-sns-throttle.js';
import m0014 from './0014-sqs-move-steps.js';
import m0016 from './0016-account-rate-buckets.js';
import m0017 from './0017-kinesis-trigger-checkpoints.js';
import m0018 from './0018-rate-windows.js';
import type { OlderNodes } from '../../schema-compat.js';

/**
 * A forward-only schema change. `sql` runs in one transaction with search_path set to the
 * engine's schema, so it names tables unqualified. Never edit a migration that has shipped:
 * add the next number instead.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /**
   * Whether nodes of the previous versions can keep running once this is applied (rolling
   * upgrades, schema-compat.ts has the rule), with a comment saying why. Recorded with the
   * migration in `schema_migrations.older_nodes`: older nodes read it there.
   */
  readonly olderNodes: OlderNodes;
}

/**
 * Every migration, in version order. Versions are unique; a gap (a number still to land from another
 * branch) is allowed: migrate.ts applies every version not yet recorded, in version order.
 */
export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0016, m0017, m0018];
