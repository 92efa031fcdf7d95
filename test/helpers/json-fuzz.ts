/**
 * Random JSON values and mutations of valid ones, for the property tests of configuration checkers
 * and matchers (credentials file, resource file triggers, filter patterns). Seeded with wire-fuzz.ts's
 * rngFrom, so a failure names its seed and case and can be replayed.
 */
import { rngFrom, type Rng } from './wire-fuzz.js';

export { rngFrom, type Rng };

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
export const between = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

/** Strings that have tripped parsers: policy variables, unicode, escapes, prototype names, huge ones. */
export const ODD_STRINGS: readonly string[] = [
  '', ' ', '*', '?', '${', '${aws:username', '${aws:username}', "${a,'b'}", "${aws:PrincipalTag/team, 'x'}", '${*}${?}${$}', '}{',
  'arn:aws:sqs:*:*:${aws:username}-*', 'arn:aws:sqs:us-east-1:111111111111:q', 'arn:', ':::::', 'arn:aws:iam::111111111111:role/r',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'null', 'true', 'NaN', '1e309', '-0', '0x10',
  '\u0000', '\ud800', '😀', 'Ünïcødé', '\u202e', 'a\nb', '"', '\\', '[]', '{}', '{"a":', 'Allow', 'Deny', '2012-10-17',
  'x'.repeat(5000), '*'.repeat(2000), '*a'.repeat(1000),
];

export const ODD_NUMBERS: readonly number[] = [0, -0, 1, -1, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324, 3600, 43_200, 900, 10];

export function randomString(rng: Rng): string {
  if (rng() < 0.6) return pick(rng, ODD_STRINGS);
  let s = '';
  for (let i = between(rng, 0, 12); i > 0; i--) s += String.fromCharCode(between(rng, 0, rng() < 0.8 ? 127 : 0xffff));
  return s;
}

/** Any JSON value, up to `depth` levels; object keys from `keys` (plausible field names) or odd ones. */
export function randomJson(rng: Rng, depth = 3, keys: readonly string[] = []): unknown {
  const r = rng();
  if (depth <= 0 || r < 0.45) {
    const k = rng();
    if (k < 0.1) return null;
    if (k < 0.2) return rng() < 0.5;
    if (k < 0.4) return pick(rng, ODD_NUMBERS);
    return randomString(rng);
  }
  if (r < 0.7) return Array.from({ length: between(rng, 0, 4) }, () => randomJson(rng, depth - 1, keys));
  const out: Record<string, unknown> = {};
  for (let i = between(rng, 0, 4); i > 0; i--) {
    const key = keys.length > 0 && rng() < 0.7 ? pick(rng, keys) : randomString(rng);
    setOwn(out, key, randomJson(rng, depth - 1, keys));
  }
  return out;
}

/** A value nested `levels` deep (arrays or objects), made by JSON.parse as a file's would be. */
export function deeplyNested(levels: number, kind: 'array' | 'object'): unknown {
  return JSON.parse(kind === 'array' ? `${'['.repeat(levels)}"x"${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}"x"${'}'.repeat(levels)}`);
}

type Container = Record<string, unknown> | unknown[];

/** Every place (container and key) inside a JSON value, for mutations. */
function places(value: unknown, out: [Container, string | number][] = [], depth = 0): [Container, string | number][] {
  if (depth > 12) return out; // not into the deeply nested values mutations put there
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), places(v, out, depth + 1)));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) (out.push([value as Container, k]), places(v, out, depth + 1));
  return out;
}

/** Sets an own property, `__proto__` included, as JSON.parse would. */
export function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A deep copy of `value` with one to three changes at random places: a value replaced by a random
 * one (of any type, or deeply nested), a field removed, an unknown field added, a list emptied or
 * made long, a string made huge.
 */
export function mutate(rng: Rng, value: unknown, keys: readonly string[] = []): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as unknown; // valid inputs are shallow; JSON keeps `__proto__` own
  for (let n = between(rng, 1, 3); n > 0; n--) {
    const all = places(copy);
    if (all.length === 0) return randomJson(rng, 3, keys);
    const [container, key] = pick(rng, all);
    const slot = container as Record<string | number, unknown>;
    const how = rng();
    const old = slot[key];
    if (how < 0.45) setOwn(container, key, randomJson(rng, 3, keys));
    else if (how < 0.55) setOwn(container, key, deeplyNested(between(rng, 2, 20_000), rng() < 0.5 ? 'array' : 'object'));
    else if (how < 0.7 && !Array.isArray(container)) delete slot[key];
    else if (how < 0.8 && !Array.isArray(container)) setOwn(container, pick(rng, [...keys, 'Extra', '__proto__']), randomJson(rng, 2, keys));
    else if (how < 0.9) setOwn(container, key, Array.isArray(old) ? (rng() < 0.5 ? [] : Array.from({ length: 2000 }, () => old[0] ?? 'x')) : [old]);
    else setOwn(container, key, typeof old === 'string' ? old.repeat(between(rng, 2, 2000)) : preview(old, 200));
  }
  return copy;
}

/**
 * A trigger's record payload for the filter fuzz suites (pattern `{ <data key>: { keep: [true] } }`):
 * JSON with keep true or false, JSON of any shape, text, bytes as latin1, and JSON nested 100,000 deep
 * with and without keep true.
 */
export function keepPayload(rng: Rng): string {
  return pick(rng, [
    () => JSON.stringify({ keep: rng() < 0.5, n: randomJson(rng, 3) }),
    () => JSON.stringify(randomJson(rng, 4, ['keep', 'a'])),
    () => randomString(rng),
    () => Buffer.from(Array.from({ length: between(rng, 1, 64) }, () => between(rng, 0, 255))).toString('latin1'),
    () => `{"keep":true,"deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    () => `{"keep":${'['.repeat(100_000)}true${']'.repeat(100_000)}}`,
    () => '['.repeat(120_000) + ']'.repeat(120_000),
  ])();
}

/**
 * Whether `text` is JSON in which `key` holds true: the key of an object that is the document
 * itself or an element of a top-level array at any depth (Lambda's filters, like EventBridge's
 * event-ruler, take an array's elements each as a value, objects included: `[{"keep":true}]` has
 * `keep` true), the value true itself or in arrays at any depth. The oracle of the trigger filter
 * fuzz suites for a pattern `{ <data key>: { <key>: [true] } }`. Loops, as the data may nest
 * 100,000 deep.
 */
export function keyHoldsTrue(text: string, key: string): boolean {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return false;
  }
  const holders: unknown[] = [v];
  const values: unknown[] = [];
  while (holders.length > 0) {
    const x = holders.pop();
    if (Array.isArray(x)) holders.push(...x);
    else if (x !== null && typeof x === 'object' && Object.hasOwn(x, key)) values.push((x as Record<string, unknown>)[key]);
  }
  while (values.length > 0) {
    const x = values.pop();
    if (x === true) return true;
    if (Array.isArray(x)) values.push(...x);
  }
  return false;
}

/** The start of a value as JSON, for a failure's message (one nested too deeply to encode says so). */
export function preview(value: unknown, length = 800): string {
  try {
    return String(JSON.stringify(value)).slice(0, length);
  } catch {
    return '(too deep to print)';
  }
}

/** How long `f` takes, in milliseconds. */
export function timed(f: () => void): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}
