import { fromJsonbMap, fromStoredJson, fromStoredText, jsonbMap, storableJson, storableText, type JsonbMap } from '../postgres/unstorable-text.js';

/**
 * How a column is held by each engine. A copied row travels in the SQLite form (the canonical
 * one: integers as bigint, booleans as booleans, JSON as compact text, text as given); each side
 * converts to and from it.
 *
 * - int:        SQLite INTEGER / PostgreSQL integer or bigint (bigint in transit: a Kinesis chunk
 *               key or a sequence counter may pass 2^53).
 * - bool:       SQLite 0/1 / PostgreSQL boolean.
 * - text:       text on both, stored as given.
 * - markedText: PostgreSQL stores it through storableText (U+0000 cannot be in a text column).
 * - json:       SQLite JSON text / PostgreSQL jsonb with nothing marked.
 * - jsonbMap:   SNS attribute and tag maps (PostgreSQL keeps a value with U+0000 as its pieces).
 * - markedJson: a document PostgreSQL stores through storableJson (a channel's configuration).
 * - blob:       SQLite BLOB / PostgreSQL bytea.
 */
export type Kind = 'int' | 'bool' | 'text' | 'markedText' | 'json' | 'jsonbMap' | 'markedJson' | 'blob';

export type Value = bigint | boolean | string | Buffer | null;

/** A value as better-sqlite3 (safeIntegers on) returns it, in transit form. */
export function fromSqlite(kind: Kind, v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (kind === 'int') return typeof v === 'bigint' ? v : BigInt(v as number);
  if (kind === 'bool') return Number(v) !== 0;
  return v as string | Buffer;
}

/** A transit value as better-sqlite3 binds it. */
export function toSqlite(kind: Kind, v: Value): unknown {
  if (v === null) return null;
  if (kind === 'bool') return v ? 1 : 0;
  return v;
}

/** A value as node-postgres returns it (int8 as bigint, json and jsonb as their text), in transit form. */
export function fromPostgres(kind: Kind, v: unknown): Value {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'int':
      return typeof v === 'bigint' ? v : BigInt(v as number | string);
    case 'bool':
      return v === true;
    case 'markedText':
      return fromStoredText(v as string);
    case 'json':
      return JSON.stringify(JSON.parse(v as string));
    case 'jsonbMap':
      return JSON.stringify(fromJsonbMap(JSON.parse(v as string) as JsonbMap));
    case 'markedJson':
      return JSON.stringify(fromStoredJson(JSON.parse(v as string)));
    default:
      return v as string | Buffer;
  }
}

/** A transit value as a node-postgres parameter (a bigint goes as its decimal text). */
export function toPostgres(kind: Kind, v: Value): unknown {
  if (v === null) return null;
  switch (kind) {
    case 'markedText':
      return storableText(v as string);
    case 'jsonbMap':
      return jsonbMap(JSON.parse(v as string) as Record<string, string>);
    case 'markedJson':
      return storableJson(JSON.parse(v as string));
    default:
      return v;
  }
}
