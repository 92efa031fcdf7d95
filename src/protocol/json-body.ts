/**
 * JSON.parse of a request body, without making a large body one string.
 *
 * V8 puts every string over ~128 KiB in its large-object space, in memory mapped for that string
 * alone and unmapped when it dies, so a 700 KB PutRecords body turned into one string touches ~175
 * fresh pages per request. On the VM this was measured on a fresh page costs 11 µs of CPU, and that
 * string was 55 % of the server's page faults while PutRecords came in (BENCHMARKS.md, Kinesis in
 * session 5). A large body is almost always a large array (Records, Entries), so its elements are
 * parsed one by one from their own small strings and the rest of the object around an empty array.
 *
 * Exactness: every byte of the body goes either to JSON.parse (an element, or the object with the
 * arrays emptied) or through the scanner below, which only accepts whitespace, commas and brackets
 * between elements. Anything the scanner does not expect (a backslash anywhere, so that quotes pair
 * up without looking at escapes; a repeated or `__proto__` key; a top level that is not an object)
 * makes it give up, and the caller parses the whole body as before, which also gives the error.
 */

/** Bodies shorter than this are parsed whole: their string stays in V8's ordinary heap. */
export const SPLIT_BODY_BYTES = 128 * 1024;
/** Arrays spanning fewer bytes than this stay in the object that is parsed whole. */
const SPLIT_ARRAY_BYTES = 16 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Parses a request body as JSON.parse(body.toString('utf8')) would, and throws what it throws. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length >= SPLIT_BODY_BYTES) {
    const split = parseSplit(body);
    if (split !== undefined) return split;
  }
  return JSON.parse(body.toString('utf8'));
}

/** A top-level member whose value is a large array: its key, where it starts and ends, and its elements' ranges. */
interface BigArray {
  key: string;
  start: number;
  end: number;
  /** [start, end) of each element, flat. */
  elements: number[];
}

/** @internal exported for tests: the split parse alone, undefined where it gives up. */
export function parseSplit(b: Buffer): Record<string, unknown> | undefined {
  if (b.indexOf(BACKSLASH) !== -1) return undefined;
  let pos = skipWs(b, 0);
  if (b[pos] !== OPEN_BRACE) return undefined;
  pos = skipWs(b, pos + 1);
  const keys = new Set<string>();
  const arrays: BigArray[] = [];
  if (b[pos] !== CLOSE_BRACE) {
    for (;;) {
      if (b[pos] !== QUOTE) return undefined;
      const keyEnd = b.indexOf(QUOTE, pos + 1);
      if (keyEnd === -1) return undefined;
      const key = b.toString('utf8', pos + 1, keyEnd);
      if (keys.has(key) || key === '__proto__') return undefined;
      keys.add(key);
      pos = skipWs(b, keyEnd + 1);
      if (b[pos] !== COLON) return undefined;
      const start = skipWs(b, pos + 1);
      let end: number;
      if (b[start] === OPEN_BRACKET) {
        const elements: number[] = [];
        end = arrayEnd(b, start, elements);
        if (end - start >= SPLIT_ARRAY_BYTES) arrays.push({ key, start, end, elements });
      } else end = valueEnd(b, start);
      if (end < 0) return undefined;
      pos = skipWs(b, end);
      if (b[pos] === COMMA) pos = skipWs(b, pos + 1);
      else if (b[pos] === CLOSE_BRACE) break;
      else return undefined;
    }
  }
  if (skipWs(b, pos + 1) !== b.length || arrays.length === 0) return undefined;

  const parsedArrays: unknown[][] = [];
  try {
    for (const a of arrays) {
      const values: unknown[] = new Array(a.elements.length / 2);
      for (let i = 0; i < a.elements.length; i += 2) values[i / 2] = JSON.parse(b.toString('utf8', a.elements[i], a.elements[i + 1]));
      parsedArrays.push(values);
    }
  } catch {
    return undefined;
  }
  let outer = '';
  let from = 0;
  for (const a of arrays) {
    outer += b.toString('utf8', from, a.start) + '[]';
    from = a.end;
  }
  outer += b.toString('utf8', from);
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(outer) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  arrays.forEach((a, i) => (obj[a.key] = parsedArrays[i]));
  return obj;
}

/**
 * Where the array starting at `start` ends (exclusive), or -1; each element's [start, end) is
 * pushed onto `elements`. Only the separators are checked here: JSON.parse reads each element.
 */
function arrayEnd(b: Buffer, start: number, elements: number[]): number {
  let pos = skipWs(b, start + 1);
  if (b[pos] === CLOSE_BRACKET) return pos + 1;
  for (;;) {
    const end = valueEnd(b, pos);
    if (end < 0) return -1;
    elements.push(pos, end);
    pos = skipWs(b, end);
    if (b[pos] === COMMA) pos = skipWs(b, pos + 1);
    else if (b[pos] === CLOSE_BRACKET) return pos + 1;
    else return -1;
  }
}

/**
 * Where the value starting at `pos` ends (exclusive), or -1. Strings end at the next quote (the body
 * has no backslash); objects and arrays at their matching bracket; anything else (numbers,
 * literals, or garbage JSON.parse will refuse) at the next delimiter.
 */
function valueEnd(b: Buffer, pos: number): number {
  const c = b[pos];
  if (c === QUOTE) {
    const close = b.indexOf(QUOTE, pos + 1);
    return close === -1 ? -1 : close + 1;
  }
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let i = pos; i < b.length; i++) {
      const x = b[i]!;
      if (x === QUOTE) {
        i = b.indexOf(QUOTE, i + 1);
        if (i === -1) return -1;
      } else if (x === OPEN_BRACE || x === OPEN_BRACKET) depth++;
      else if (x === CLOSE_BRACE || x === CLOSE_BRACKET) {
        if (--depth === 0) return i + 1;
      }
    }
    return -1;
  }
  let i = pos;
  while (i < b.length) {
    const x = b[i]!;
    if (x === COMMA || x === CLOSE_BRACE || x === CLOSE_BRACKET || isWs(x)) break;
    i++;
  }
  return i === pos ? -1 : i;
}

const isWs = (x: number): boolean => x === 0x20 || x === 0x0a || x === 0x0d || x === 0x09;

function skipWs(b: Buffer, pos: number): number {
  while (pos < b.length && isWs(b[pos]!)) pos++;
  return pos;
}
