/**
 * Text the AWS services accept that PostgreSQL cannot hold as it is, stored reversibly so that the
 * PostgreSQL engine returns what the SQLite engine returns (SQLite holds any text). Ordinary text
 * is stored unchanged and costs one check, so nothing stored before needs migrating.
 *
 * - A `text` column cannot hold U+0000: the server refuses the whole statement ("invalid byte
 *   sequence for encoding UTF8: 0x00"). A lone surrogate it gets as U+FFFD (node-postgres sends
 *   parameters as UTF-8), as SQLite does (better-sqlite3 too), so the engines agree on those.
 * - `jsonb` refuses U+0000 even as the escape `\u0000`, and the escape of a lone surrogate
 *   (`\ud800` with no low surrogate after it), which is how JSON.stringify writes one; SQLite keeps
 *   such JSON as text, where both escapes come back as they went in.
 *
 * The way out for single strings: U+FDD0 (a noncharacter) followed by the JSON string of the text,
 * which escapes U+0000 and lone surrogates as six ASCII characters each. Text that itself begins
 * with U+FDD0 is stored that way too, so that reading back is never ambiguous.
 */
const MARK = '\ufdd0';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const JSONB_UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function marked(text: string): string {
  return MARK + JSON.stringify(text);
}

function unmarked(stored: string): string {
  return stored.startsWith(MARK) ? (JSON.parse(stored.slice(1)) as string) : stored;
}

/** Text for a `text` column: with U+0000 (or a leading U+FDD0) marked; lone surrogates U+FFFD, as the column would make them. */
export function storableText(text: string): string;
export function storableText(text: string | null): string | null;
export function storableText(text: string | null): string | null {
  return text !== null && (text.includes('\u0000') || text.startsWith(MARK)) ? marked(text.replace(LONE_SURROGATE, '\ufffd')) : text;
}

/** What storableText stored, as it was given. */
export function fromStoredText(stored: string): string;
export function fromStoredText(stored: string | null): string | null;
export function fromStoredText(stored: string | null): string | null {
  return stored === null ? null : unmarked(stored);
}

/**
 * JSON text for a `jsonb` parameter: every string value jsonb cannot hold (U+0000, a lone
 * surrogate) or that begins with U+FDD0 is marked, exactly as it is. Object keys are left as they
 * are: only documents whose keys are fixed member names may go this way.
 */
export function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && (JSONB_UNSTORABLE.test(v) || v.startsWith(MARK)) ? marked(v) : v));
}

/** A document storableJson stored, as node-postgres parses it, with its strings as they were given. */
export function fromStoredJson<T>(value: T): T {
  if (typeof value === 'string') return unmarked(value) as T;
  if (Array.isArray(value)) return value.map(fromStoredJson) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromStoredJson(v);
    return out as T;
  }
  return value;
}

/**
 * SNS's attribute and tag maps in jsonb (a value with U+0000: a DisplayName, text after a policy's
 * JSON): a value with NULs is stored as the JSON array of its NUL-separated pieces. Values stored
 * before were always strings, so the two never mix up and nothing needs migrating.
 */
export type JsonbMap = Record<string, string | string[]>;

export function jsonbMap(map: Readonly<Record<string, string>>): string {
  return JSON.stringify(map, (_key, v: unknown) => (typeof v === 'string' && v.includes('\u0000') ? v.split('\u0000') : v));
}

export function fromJsonbMap(map: JsonbMap): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) {
    // A key `__proto__` (a tag key AWS accepts) stays an entry: an assignment would replace the
    // object's prototype and drop it (the SQLite engine returns it).
    if (k === '__proto__') Object.defineProperty(out, k, { value: fromJsonbValue(v), enumerable: true, writable: true, configurable: true });
    else out[k] = fromJsonbValue(v);
  }
  return Object.freeze(out);
}

/** One value of such a map, read with `->` (a string, or the pieces of one with NULs). */
export function fromJsonbValue(v: string | string[]): string {
  return Array.isArray(v) ? v.join('\u0000') : v;
}
