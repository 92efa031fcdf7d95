import type { Kind, Value } from './values.js';

/**
 * What `switchyard copy` copies: every table of every service, as one list in dependency order
 * (parents before the rows that reference them: PostgreSQL has foreign keys, SQLite has none).
 *
 * A table is named by its SQLite name; its columns are listed in transit order with how each
 * engine holds them (values.ts). Where the engines' tables differ, the side that differs says how
 * to read (a SELECT giving the transit columns) or write (target columns, the SQL expression of
 * each and an ON CONFLICT tail) it. The differences, from the two engines' migrations:
 *
 * - sqs_deleted_queues: SQLite appends a row per deletion (rowid key); PostgreSQL keeps one per
 *   (account, name) with the latest time. Only "deleted at or after t" is ever asked, so the
 *   latest per name is all there is to carry.
 * - FIFO deduplication: SQLite's sqs_fifo_dedup keys every row by the message group and keeps the
 *   acceptance time; PostgreSQL's sqs_dedup keys it by the queue's DeduplicationScope (the group,
 *   or '' for the whole queue) and keeps the expiry (acceptance + the 5-minute window).
 * - sqs_receive_attempts: SQLite holds the claim time and the receipts as JSON [seq, count, …];
 *   PostgreSQL the expiry and two arrays.
 * - engine_counters (SQLite) / the sequences (PostgreSQL): carried by SEQUENCES below, not as rows.
 * - kinesis_chunks: SQLite keys a chunk by one integer, shard id << 40 | seq; PostgreSQL by
 *   (shard_id, seq).
 * - sns_throttle (PostgreSQL 0013 only): when a throttled subscription's next HTTP attempt may
 *   start, a few seconds ahead at most; SQLite keeps it in memory. Not copied: it is void once the
 *   nodes are stopped.
 */

/** The 5-minute window of SQS FIFO deduplication and ReceiveRequestAttemptId (services/sqs/domain/fifo.ts). */
export const SQS_DEDUP_WINDOW_MS = 5 * 60_000;

export interface CopyContext {
  /** DeduplicationScope of each copied queue, by id: PostgreSQL's dedup key depends on it. */
  readonly dedupScopes: Map<bigint, 'queue' | 'messageGroup'>;
}

export interface EngineSql {
  /** The table on this engine, when its name differs. */
  readonly table?: string;
  /** A SELECT giving the transit columns in order; default: the columns themselves. */
  readonly select?: string;
  /** How to write: target columns, the SQL of each value (`?` = the parameter), a tail. */
  readonly insert?: { readonly columns: readonly string[]; readonly values?: readonly string[]; readonly tail?: string };
  /** A raw row of `select` to transit form (default: each column by its kind). */
  readonly read?: (raw: unknown[]) => Value[];
  /** A transit row to the parameters of `insert` (default: each column by its kind). */
  readonly write?: (row: readonly Value[], ctx: CopyContext) => unknown[];
  /** Columns of this engine's table the engine fills itself (a rowid). */
  readonly generated?: readonly string[];
}

export interface TableMap {
  readonly name: string;
  readonly columns: readonly (readonly [string, Kind])[];
  /** ORDER BY of the default select (the primary key: writes go in key order). */
  readonly order: string;
  /** Rows whose parent is gone are left out (PostgreSQL would refuse them; nothing reads them). */
  readonly parent?: { readonly column: string; readonly table: string };
  /** Rows per fetch: small for tables whose rows may be megabytes (message bodies, record chunks). */
  readonly pageRows?: number;
  /** Made by a server at its first start (keys): replaced if the target has them, never merged. */
  readonly serverMade?: boolean;
  /** Why the target may end with fewer rows than were read (rows merged on its key). */
  readonly merges?: string;
  /** Why the source's select may give fewer rows than the table holds. */
  readonly leavesOut?: string;
  readonly sqlite?: EngineSql;
  readonly postgres?: EngineSql;
  /** Sees every copied row (transit form) before it is written. */
  readonly observe?: (row: readonly Value[], ctx: CopyContext) => void;
  /** Columns left to their default on the target, and why. */
  readonly notCopied?: Readonly<Record<string, string>>;
}

/**
 * Tables of either engine that are not copied, and why. coverage() refuses a schema with a table
 * or column that is neither copied nor listed here: a migration that adds one must say what
 * becomes of it in a copy.
 */
export const NOT_COPIED: Readonly<Record<string, string>> = {
  schema_migrations: 'each store records its own migrations',
  schema_nodes: 'PostgreSQL only: the nodes running against the store, for rolling upgrades; void once the nodes are stopped',
  engine_counters: 'SQLite keeps its message seq counter here: carried by SEQUENCES',
  sns_throttle: 'PostgreSQL only: when a throttled HTTP subscription may be tried next, seconds ahead at most; void once the nodes are stopped',
  account_rate_buckets: 'PostgreSQL only: the nodes\' shared per-account request buckets, throughput-mode windows and Kinesis read pacing (0016, 0018), a second or so of state; void once the nodes are stopped',
};

const ORPHANS = 'rows of a parent that no longer exists';

export const TABLES: readonly TableMap[] = [
  // ---- SQS ----
  {
    name: 'sqs_queues',
    columns: [['id', 'int'], ['account_id', 'text'], ['name', 'text'], ['attributes', 'json'], ['tags', 'json'], ['created_at', 'int'], ['modified_at', 'int'], ['last_purge_at', 'int']],
    order: 'id',
    observe: (row, ctx) => {
      const attributes = JSON.parse(row[3] as string) as Record<string, unknown>;
      ctx.dedupScopes.set(row[0] as bigint, attributes.DeduplicationScope === 'messageGroup' ? 'messageGroup' : 'queue');
    },
  },
  {
    name: 'sqs_deleted_queues',
    columns: [['account_id', 'text'], ['name', 'text'], ['deleted_at', 'int']],
    order: 'account_id, name',
    leavesOut: 'earlier deletions of a name (only the latest counts)',
    sqlite: { generated: ['id'], select: 'SELECT account_id, name, max(deleted_at) FROM sqs_deleted_queues GROUP BY account_id, name ORDER BY account_id, name' },
  },
  {
    name: 'sqs_messages',
    columns: [
      ['seq', 'int'], ['queue_id', 'int'], ['visible_at', 'int'], ['receive_count', 'int'], ['sent_at', 'int'], ['first_receive_at', 'int'],
      ['message_id', 'text'], ['md5_of_body', 'text'], ['sender_id', 'text'], ['group_id', 'text'], ['dedup_id', 'text'],
      ['md5_of_message_attributes', 'text'], ['system_attributes', 'text'], ['message_attributes', 'text'], ['dead_letter_source_arn', 'text'], ['body', 'text'],
    ],
    order: 'seq',
    parent: { column: 'queue_id', table: 'sqs_queues' },
    leavesOut: ORPHANS,
    pageRows: 256,
  },
  {
    // Transit: (queue_id, dedup_id, group_id, expires_at, seq, message_id); group_id '' when unknown.
    name: 'sqs_fifo_dedup',
    columns: [['queue_id', 'int'], ['dedup_id', 'text'], ['group_id', 'text'], ['expires_at', 'int'], ['seq', 'int'], ['message_id', 'text']],
    order: '',
    leavesOut: ORPHANS,
    merges: 'a queue-wide DeduplicationScope keeps one row per deduplication id (the earliest)',
    sqlite: {
      select: `SELECT queue_id, dedup_id, group_key, accepted_at + ${SQS_DEDUP_WINDOW_MS}, seq, message_id FROM sqs_fifo_dedup
               WHERE queue_id IN (SELECT id FROM sqs_queues) ORDER BY queue_id, dedup_id, group_key`,
      insert: {
        columns: ['queue_id', 'dedup_id', 'group_key', 'accepted_at', 'seq', 'message_id'],
        values: ['?', '?', '?', `? - ${SQS_DEDUP_WINDOW_MS}`, '?', '?'],
        tail: `ON CONFLICT (queue_id, dedup_id, group_key) DO UPDATE SET accepted_at = excluded.accepted_at, seq = excluded.seq, message_id = excluded.message_id
               WHERE excluded.accepted_at > sqs_fifo_dedup.accepted_at`,
      },
    },
    postgres: {
      table: 'sqs_dedup',
      // A queue-wide row ('' scope) does not say its group: the message's, while it is still there.
      select: `SELECT d.queue_id, d.dedup_id, CASE WHEN d.scope_key <> '' THEN d.scope_key ELSE coalesce(m.group_id, '') END, d.expires_at, d.seq, d.message_id
               FROM sqs_dedup d LEFT JOIN sqs_messages m ON m.seq = d.seq ORDER BY d.queue_id, d.scope_key, d.dedup_id`,
      insert: {
        columns: ['queue_id', 'scope_key', 'dedup_id', 'expires_at', 'seq', 'message_id'],
        tail: `ON CONFLICT (queue_id, scope_key, dedup_id) DO UPDATE SET expires_at = excluded.expires_at, seq = excluded.seq, message_id = excluded.message_id
               WHERE excluded.expires_at < sqs_dedup.expires_at`,
      },
      write: ([queueId, dedupId, groupId, expiresAt, seq, messageId], ctx) => [
        queueId, ctx.dedupScopes.get(queueId as bigint) === 'messageGroup' ? groupId : '', dedupId, expiresAt, seq, messageId,
      ],
    },
  },
  {
    // Transit: (queue_id, attempt_id, expires_at, receipts as SQLite's JSON [seq, receiveCount, …]).
    name: 'sqs_receive_attempts',
    columns: [['queue_id', 'int'], ['attempt_id', 'text'], ['expires_at', 'int'], ['receipts', 'text']],
    order: '',
    leavesOut: ORPHANS,
    sqlite: {
      select: `SELECT queue_id, attempt_id, claimed_at + ${SQS_DEDUP_WINDOW_MS}, receipts FROM sqs_receive_attempts
               WHERE queue_id IN (SELECT id FROM sqs_queues) ORDER BY queue_id, attempt_id`,
      insert: { columns: ['queue_id', 'attempt_id', 'claimed_at', 'receipts'], values: ['?', '?', `? - ${SQS_DEDUP_WINDOW_MS}`, '?'] },
    },
    postgres: {
      select: `SELECT queue_id, attempt_id, expires_at, array_to_json(seqs)::text, array_to_json(receive_counts)::text
               FROM sqs_receive_attempts ORDER BY queue_id, attempt_id`,
      read: ([queueId, attemptId, expiresAt, seqs, counts]) => {
        const s = JSON.parse(seqs as string) as number[];
        const c = JSON.parse(counts as string) as number[];
        return [BigInt(queueId as string), attemptId as string, BigInt(expiresAt as string), JSON.stringify(s.flatMap((seq, i) => [seq, c[i]]))];
      },
      insert: { columns: ['queue_id', 'attempt_id', 'expires_at', 'seqs', 'receive_counts'] },
      write: ([queueId, attemptId, expiresAt, receipts]) => {
        const r = JSON.parse(receipts as string) as number[];
        return [queueId, attemptId, expiresAt, r.filter((_, i) => i % 2 === 0), r.filter((_, i) => i % 2 === 1)];
      },
    },
  },
  {
    name: 'sqs_move_tasks',
    columns: [
      ['ord', 'int'], ['task_handle', 'text'], ['source_arn', 'text'], ['source_queue_id', 'int'], ['destination_arn', 'text'], ['max_per_second', 'int'],
      ['status', 'text'], ['moved', 'int'], ['to_move', 'int'], ['failure_reason', 'text'], ['started_at', 'int'], ['updated_at', 'int'],
    ],
    order: 'ord',
    notCopied: { step_after: "a running node's lease on the task's next step (0: it may start at once)" },
  },
  // ---- SNS ----
  {
    name: 'sns_topics',
    columns: [
      ['id', 'int'], ['arn', 'text'], ['account_id', 'text'], ['region', 'text'], ['name', 'text'], ['attributes', 'jsonbMap'], ['tags', 'jsonbMap'],
      ['data_protection_policy', 'markedText'], ['subscriptions_deleted', 'int'], ['created_at', 'int'],
    ],
    order: 'id',
  },
  {
    name: 'sns_subscriptions',
    columns: [
      ['id', 'int'], ['arn', 'text'], ['topic_id', 'int'], ['topic_arn', 'text'], ['owner', 'text'], ['region', 'text'], ['protocol', 'text'],
      ['endpoint', 'text'], ['attributes', 'jsonbMap'], ['pending', 'bool'], ['authenticated', 'bool'], ['token', 'text'], ['created_at', 'int'],
    ],
    order: 'id',
  },
  { name: 'sns_messages', columns: [['seq', 'int'], ['topic_id', 'int'], ['message_id', 'text'], ['payload', 'text']], order: 'seq', pageRows: 256 },
  {
    name: 'sns_deliveries',
    columns: [
      ['id', 'int'], ['message_seq', 'int'], ['message_id', 'text'], ['subscription_arn', 'text'], ['target', 'text'], ['group_key', 'text'], ['state', 'int'],
      ['attempts', 'int'], ['next_attempt_at', 'int'], ['lease_until', 'int'], ['last_error', 'text'], ['finished_at', 'int'], ['replay_gen', 'int'],
    ],
    order: 'id',
  },
  { name: 'sns_dedup', columns: [['topic_id', 'int'], ['dedup_key', 'text'], ['message_id', 'text'], ['seq', 'int'], ['expires_at', 'int']], order: 'topic_id, dedup_key' },
  {
    name: 'sns_signing_keys',
    columns: [['id', 'int'], ['private_key', 'text'], ['public_key', 'text'], ['created_at', 'int']],
    order: 'id',
    serverMade: true,
  },
  {
    name: 'sns_recorded',
    columns: [
      ['id', 'int'], ['delivery_key', 'text'], ['protocol', 'text'], ['endpoint', 'text'], ['message_id', 'text'], ['subscription_arn', 'text'],
      ['topic_arn', 'text'], ['payload', 'text'], ['recorded_at', 'int'],
    ],
    order: 'id',
    pageRows: 256,
  },
  {
    name: 'sns_documents',
    columns: [['id', 'int'], ['kind', 'text'], ['account_id', 'text'], ['region', 'text'], ['key', 'text'], ['parent', 'text'], ['data', 'text'], ['created_at', 'int']],
    order: 'id',
  },
  {
    name: 'sns_archive',
    columns: [['topic_id', 'int'], ['seq', 'int'], ['message_id', 'text'], ['published_at', 'int'], ['expires_at', 'int'], ['payload', 'text']],
    order: 'topic_id, seq',
    pageRows: 256,
  },
  { name: 'sns_replays', columns: [['subscription_arn', 'text'], ['gen', 'int'], ['failed', 'bool']], order: 'subscription_arn' },
  // ---- Kinesis ----
  {
    name: 'kinesis_streams',
    columns: [
      ['id', 'int'], ['account_id', 'text'], ['region', 'text'], ['name', 'text'], ['stream_id', 'text'], ['created_at', 'int'], ['active_at', 'int'],
      ['mode', 'text'], ['retention_hours', 'int'], ['max_record_size_kib', 'int'], ['tags', 'json'], ['settings', 'json'], ['deleted_at', 'int'], ['updating_until', 'int'],
    ],
    order: 'id',
  },
  {
    name: 'kinesis_shards',
    columns: [
      ['id', 'int'], ['stream_id', 'int'], ['shard_index', 'int'], ['starting_hash_key', 'text'], ['ending_hash_key', 'text'], ['created_at', 'int'],
      ['parent_index', 'int'], ['adjacent_parent_index', 'int'], ['closed_at', 'int'], ['ending_seq', 'int'], ['next_seq', 'int'], ['last_arrival', 'int'],
    ],
    order: 'id',
    parent: { column: 'stream_id', table: 'kinesis_streams' },
    leavesOut: ORPHANS,
  },
  {
    // Transit: (shard_id, seq, …) as PostgreSQL has it. A chunk holds up to one PutRecords call's
    // records for a shard (5 MiB at most): few per page.
    name: 'kinesis_chunks',
    columns: [['shard_id', 'int'], ['seq', 'int'], ['last_seq', 'int'], ['arrival_ms', 'int'], ['sizes', 'text'], ['keys', 'markedText'], ['data', 'blob']],
    order: 'shard_id, seq',
    pageRows: 16,
    sqlite: {
      select: 'SELECT key >> 40, key & 1099511627775, last_seq, arrival_ms, sizes, keys, data FROM kinesis_chunks ORDER BY key',
      insert: { columns: ['key', 'last_seq', 'arrival_ms', 'sizes', 'keys', 'data'], values: ['(? << 40) | ?', '?', '?', '?', '?', '?'] },
    },
  },
  { name: 'kinesis_secrets', columns: [['name', 'text'], ['value', 'blob']], order: 'name', serverMade: true },
  {
    name: 'kinesis_consumers',
    columns: [['id', 'int'], ['stream_id', 'int'], ['name', 'text'], ['created_at', 'int'], ['active_at', 'int'], ['tags', 'json'], ['deleting_until', 'int']],
    order: 'id',
    parent: { column: 'stream_id', table: 'kinesis_streams' },
    leavesOut: ORPHANS,
  },
  {
    name: 'kinesis_subscriptions',
    columns: [['consumer_id', 'int'], ['shard_index', 'int'], ['owner', 'text'], ['started_at', 'int']],
    order: 'consumer_id, shard_index',
    parent: { column: 'consumer_id', table: 'kinesis_consumers' },
    leavesOut: ORPHANS,
  },
  {
    name: 'kinesis_subscribe_calls',
    columns: [['consumer_id', 'int'], ['shard_index', 'int'], ['called_at', 'int']],
    order: 'consumer_id, shard_index',
    parent: { column: 'consumer_id', table: 'kinesis_consumers' },
    leavesOut: ORPHANS,
  },
  {
    name: 'kinesis_trigger_checkpoints',
    columns: [['mapping_id', 'text'], ['shard_id', 'text'], ['sequence_number', 'text'], ['start_ms', 'int'], ['finished', 'bool']],
    order: 'mapping_id, shard_id',
    notCopied: { lease_owner: "the node working the shard when the copy was taken: void once the nodes are stopped", lease_until: "that node's lease (0: any node may take the shard)" },
  },
  { name: 'kinesis_resource_policies', columns: [['arn', 'text'], ['policy', 'text']], order: 'arn' },
  { name: 'kinesis_account_settings', columns: [['account_id', 'text'], ['region', 'text'], ['settings', 'json']], order: 'account_id, region' },
  {
    name: 'kinesis_channels',
    columns: [
      ['id', 'int'], ['account_id', 'text'], ['region', 'text'], ['name', 'text'], ['channel_id', 'text'], ['created_at', 'int'], ['active_at', 'int'],
      ['updating_until', 'int'], ['configuration', 'markedJson'], ['tags', 'json'],
    ],
    order: 'id',
  },
];

/**
 * Counters that hand out ids, carried so that the target never hands out an id the source already
 * did (a deleted queue's, stream's or message's): iterators, receipts and ARNs name things by id.
 * On SQLite: AUTOINCREMENT tables keep theirs in sqlite_sequence; message seqs in engine_counters.
 * On PostgreSQL: the identity or serial sequence of the column.
 */
export interface SequenceMap {
  readonly table: string;
  readonly column: string;
  /** SQLite: where the high-water mark lives ('rowid': nowhere, max + 1 is the next). */
  readonly sqlite: 'autoincrement' | 'engine_counters' | 'rowid';
}

export const SEQUENCES: readonly SequenceMap[] = [
  { table: 'sqs_queues', column: 'id', sqlite: 'autoincrement' },
  { table: 'sqs_messages', column: 'seq', sqlite: 'engine_counters' },
  { table: 'sqs_move_tasks', column: 'ord', sqlite: 'rowid' },
  { table: 'sns_topics', column: 'id', sqlite: 'autoincrement' },
  { table: 'sns_subscriptions', column: 'id', sqlite: 'autoincrement' },
  { table: 'sns_messages', column: 'seq', sqlite: 'autoincrement' },
  { table: 'sns_deliveries', column: 'id', sqlite: 'autoincrement' },
  { table: 'sns_recorded', column: 'id', sqlite: 'autoincrement' },
  { table: 'sns_documents', column: 'id', sqlite: 'autoincrement' },
  { table: 'kinesis_streams', column: 'id', sqlite: 'autoincrement' },
  { table: 'kinesis_shards', column: 'id', sqlite: 'autoincrement' },
  { table: 'kinesis_consumers', column: 'id', sqlite: 'autoincrement' },
  { table: 'kinesis_channels', column: 'id', sqlite: 'autoincrement' },
];

/**
 * What a schema holds that the copy does not know (`table` or `table.column`), given its tables and
 * their columns: nothing, unless a migration added something TABLES does not map yet.
 */
export function uncovered(schema: ReadonlyMap<string, readonly string[]>, engine: 'sqlite' | 'postgres'): string[] {
  const out: string[] = [];
  for (const [table, columns] of schema) {
    if (NOT_COPIED[table] !== undefined) continue;
    const t = TABLES.find((x) => tableOn(x, engine) === table);
    if (t === undefined) {
      out.push(table);
      continue;
    }
    const known = new Set([...(t[engine]?.insert?.columns ?? t.columns.map(([c]) => c)), ...(t[engine]?.generated ?? []), ...Object.keys(t.notCopied ?? {})]);
    for (const c of columns) if (!known.has(c)) out.push(`${table}.${c}`);
  }
  return out;
}

/** The table's name on an engine. */
export function tableOn(t: TableMap, engine: 'sqlite' | 'postgres'): string {
  return t[engine]?.table ?? t.name;
}

/** The default SELECT of a table's transit columns (orphans left out, in key order). */
export function defaultSelect(t: TableMap): string {
  const where = t.parent === undefined ? '' : ` WHERE ${t.parent.column} IN (SELECT id FROM ${t.parent.table})`;
  return `SELECT ${t.columns.map(([c]) => c).join(', ')} FROM ${t.name}${where} ORDER BY ${t.order}`;
}
