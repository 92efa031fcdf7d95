import { resolve } from 'node:path';
import { isPostgresUrl } from '../open.js';
import { openPostgresSide } from './postgres-side.js';
import { openSqliteSide } from './sqlite-side.js';
import type { CopySide } from './side.js';
import { SEQUENCES, TABLES, uncovered, type CopyContext } from './tables.js';

/** A store to copy from or to: a SQLite data directory, or a PostgreSQL URL with a schema. */
export interface StoreAddress {
  /** `postgres://…` or a SQLite data directory. */
  readonly location: string;
  /** PostgreSQL schema (default `switchyard`, as the server's). */
  readonly schema?: string;
  /** SQLite: the store's encryption key file (sqlite/encryption.ts); a new target given one is made encrypted. */
  readonly encryptionKeyFile?: string;
}

export interface TableReport {
  readonly table: string;
  /** Rows the source's table holds. */
  readonly held: number;
  /** Rows read and written. */
  readonly copied: number;
  /** Rows the target's table holds after the copy. */
  readonly target: number;
  /** What explains held ≠ copied or copied ≠ target, when they differ. */
  readonly note?: string;
}

export interface CopyReport {
  readonly from: string;
  readonly to: string;
  readonly tables: readonly TableReport[];
  readonly sequences: readonly { readonly counter: string; readonly value: string }[];
  readonly ms: number;
}

/** Refused before anything was written: the target holds data, or an end is in use. */
export class CopyRefused extends Error {}

/**
 * `switchyard copy`: every row of every service's tables (tables.ts) from one stopped store to
 * another, across engines. The source is read in one snapshot, a page at a time; the target is
 * written in ONE transaction that commits only if every table's rows arrived (counted on the
 * target inside the transaction): a failed copy leaves the target as empty as it was.
 */
export async function copyStore(from: StoreAddress, to: StoreAddress, progress: (line: string) => void = () => {}): Promise<CopyReport> {
  if (sameStore(from, to)) throw new CopyRefused('source and target are the same store');
  const started = Date.now();
  const source = await openSide(from, 'source');
  let target: CopySide | undefined;
  try {
    target = await openSide(to, 'target');
    for (const side of [source, target]) {
      const unknown = uncovered(await side.schema(), side.engine);
      if (unknown.length > 0) {
        throw new CopyRefused(`${side.label} holds ${unknown.join(', ')}, which this build's copy does not map (storage/copy/tables.ts is behind the migrations): nothing was copied`);
      }
    }
    const occupied = await target.occupied(TABLES);
    if (occupied.length > 0) {
      throw new CopyRefused(`the target ${target.label} is not empty (${occupied.join(', ')} hold rows): copy into a new data directory or schema`);
    }
    const ctx: CopyContext = { dedupScopes: new Map() };
    const tables: TableReport[] = [];
    for (const t of TABLES) {
      const { held, selected } = await source.countSource(t);
      if (t.serverMade) await target.clear(t);
      let copied = 0;
      try {
        for await (const rows of source.read(t)) {
          if (t.observe) for (const row of rows) t.observe(row, ctx);
          await target.write(t, rows, ctx);
          copied += rows.length;
        }
      } catch (e) {
        // Which table, and how far: a value the target cannot hold (PostgreSQL refuses some text
        // SQLite keeps) names its table here rather than in a bare driver message.
        throw new Error(`${t.name}, after ${copied} rows: ${(e as Error).message}; nothing was committed to the target`, { cause: e });
      }
      const landed = await target.count(t);
      if (copied !== selected) throw new Error(`${t.name}: read ${copied} rows, the source's count says ${selected}`);
      if (landed > copied || (landed < copied && t.merges === undefined)) {
        throw new Error(`${t.name}: ${copied} rows written, the target holds ${landed}`);
      }
      const notes = [held !== copied ? `${held - copied} left out: ${t.leavesOut ?? '?'}` : '', landed !== copied ? `${copied - landed} merged: ${t.merges}` : ''];
      const note = notes.filter(Boolean).join('; ');
      tables.push({ table: t.name, held, copied, target: landed, ...(note ? { note } : {}) });
      progress(`${t.name}: ${landed}${note ? ` (${note})` : ''}`);
    }
    const sequences = [];
    for (const s of SEQUENCES) {
      const value = await source.highWater(s);
      await target.raiseHighWater(s, value);
      const now = await target.highWater(s);
      if (now < value) throw new Error(`${s.table}.${s.column}: the target's counter is at ${now}, the source's at ${value}`);
      sequences.push({ counter: `${s.table}.${s.column}`, value: String(value) });
    }
    await target.commit();
    return { from: source.label, to: target.label, tables, sequences, ms: Date.now() - started };
  } finally {
    await target?.close();
    await source.close();
  }
}

async function openSide(address: StoreAddress, role: 'source' | 'target'): Promise<CopySide> {
  try {
    return isPostgresUrl(address.location)
      ? await openPostgresSide(address.location, address.schema ?? 'switchyard', role)
      : openSqliteSide(address.location, role, address.encryptionKeyFile);
  } catch (e) {
    throw new CopyRefused(`cannot open the ${role}: ${(e as Error).message}`, { cause: e });
  }
}

function sameStore(a: StoreAddress, b: StoreAddress): boolean {
  if (isPostgresUrl(a.location) !== isPostgresUrl(b.location)) return false;
  if (isPostgresUrl(a.location)) return a.location === b.location && (a.schema ?? 'switchyard') === (b.schema ?? 'switchyard');
  return resolve(a.location) === resolve(b.location);
}

/** The report as the lines `switchyard copy` prints. */
export function formatCopyReport(r: CopyReport): string {
  const width = Math.max(...r.tables.map((t) => t.table.length));
  const lines = [`Copied ${r.from} -> ${r.to} in ${(r.ms / 1000).toFixed(1)} s`, ''];
  lines.push(`${'table'.padEnd(width)}  ${'source'.padStart(10)}  ${'target'.padStart(10)}`);
  for (const t of r.tables) {
    lines.push(`${t.table.padEnd(width)}  ${String(t.held).padStart(10)}  ${String(t.target).padStart(10)}${t.note ? `  (${t.note})` : ''}`);
  }
  lines.push('', 'id counters carried: ' + r.sequences.map((s) => `${s.counter}=${s.value}`).join(', '));
  return lines.join('\n') + '\n';
}
