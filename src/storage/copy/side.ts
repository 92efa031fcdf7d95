import type { CopyContext, SequenceMap, TableMap } from './tables.js';
import type { Value } from './values.js';

/**
 * One end of a copy: a store opened for it alone (a SQLite file under its exclusive lock, or a
 * PostgreSQL schema no node is using). A source reads in one consistent snapshot; a target
 * writes in one transaction, committed only after the counts check out.
 */
export interface CopySide {
  readonly engine: 'sqlite' | 'postgres';
  /** Where, for messages (no password). */
  readonly label: string;
  /** Every table of the schema with its columns. */
  schema(): Promise<Map<string, string[]>>;
  /** Source: rows the table holds, and rows its select gives (fewer where it leaves some out). */
  countSource(t: TableMap): Promise<{ held: number; selected: number }>;
  /** Source: the table's rows in transit form, a page at a time. */
  read(t: TableMap): AsyncIterable<Value[][]>;
  /** Target: tables that hold rows (server-made ones aside). */
  occupied(tables: readonly TableMap[]): Promise<string[]>;
  /** Target: removes a server-made table's rows (the source's replace them). */
  clear(t: TableMap): Promise<void>;
  write(t: TableMap, rows: readonly Value[][], ctx: CopyContext): Promise<void>;
  /** Rows the table holds now. */
  count(t: TableMap): Promise<number>;
  /** The highest id the counter has handed out (or that a row holds). */
  highWater(s: SequenceMap): Promise<bigint>;
  /** Target: makes the counter hand out ids above `value`. */
  raiseHighWater(s: SequenceMap, value: bigint): Promise<void>;
  commit(): Promise<void>;
  /** Ends the snapshot or undoes the writes, and closes. Idempotent. */
  close(): Promise<void>;
}
