import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonBody, parseSplit, SPLIT_BODY_BYTES } from './json-body.js';

/** A small seeded PRNG (mulberry32): failures name their seed and case. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters JSON writes as they are; with `"`, `\\` and controls, JSON.stringify writes escapes. */
const PLAIN = [...'abcXYZ019+/= _-:,{}[]é€😀'];
const ESCAPED = [...PLAIN, '"', '\u0001', '\n', '\\'];
let alphabet = PLAIN;

function randomString(r: () => number, max: number): string {
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)]!;
  return s;
}

function randomValue(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 2 ? 4 : 6));
  if (k === 0) return randomString(r, 40);
  if (k === 1) return Math.round((r() - 0.5) * 1e6) / (r() < 0.5 ? 1 : 1000);
  if (k === 2) return [true, false, null][Math.floor(r() * 3)];
  if (k === 3) return 'x'.repeat(Math.floor(r() * 2000));
  if (k === 4) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`k${i}${randomString(r, 3)}`, randomValue(r, depth + 1)]));
}

/** A body shaped like PutRecords / SendMessageBatch: one or two big arrays among other members. */
function randomBody(r: () => number, plain: boolean): string {
  alphabet = plain ? PLAIN : ESCAPED;
  const records = [];
  let size = 0;
  while (size < SPLIT_BODY_BYTES * (1 + r())) {
    const rec = { Data: Buffer.alloc(Math.floor(r() * 1500)).fill(Math.floor(r() * 256)).toString('base64'), PartitionKey: randomString(r, 30), Extra: randomValue(r, 1) };
    size += JSON.stringify(rec).length;
    records.push(rec);
  }
  const body: Record<string, unknown> = { StreamName: randomString(r, 20), Records: records };
  if (r() < 0.3) body.More = records.slice(0, 20);
  if (r() < 0.3) body.Count = 7;
  const space = r() < 0.3 ? Math.floor(r() * 3) : 0;
  return JSON.stringify(body, null, space);
}

function outcome(f: () => unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

test('large bodies: the split parse gives exactly what JSON.parse gives, and is taken for plain bodies', () => {
  let split = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const r = rng(seed);
    const text = randomBody(r, seed % 2 === 0);
    const buf = Buffer.from(text);
    assert.ok(buf.length >= SPLIT_BODY_BYTES);
    const expected = JSON.parse(text) as unknown;
    assert.deepEqual(parseJsonBody(buf), expected, `seed ${seed}`);
    const direct = parseSplit(buf);
    if (direct !== undefined) {
      split++;
      assert.deepEqual(direct, expected, `seed ${seed} (split)`);
    }
    if (!text.includes('\\')) assert.notEqual(direct, undefined, `seed ${seed}: a plain body takes the split path`);
  }
  assert.ok(split >= 20, `${split} of 40 bodies took the split path`);
});

test('broken large bodies: the same error as JSON.parse, or the same value', () => {
  const base = randomBody(rng(99), true);
  const r = rng(7);
  const edits: ((s: string) => string)[] = [
    (s) => s.slice(0, Math.floor(r() * s.length)),
    (s) => {
      const i = Math.floor(r() * s.length);
      return s.slice(0, i) + s.slice(i + 1);
    },
    (s) => {
      const i = Math.floor(r() * s.length);
      return s.slice(0, i) + '{}[],:"\u0001 x1'[Math.floor(r() * 12)] + s.slice(i);
    },
    (s) => s.replace('"Records"', '"StreamName"'),
    (s) => s.replace('"Records"', '"__proto__"'),
    (s) => s.replace('},{', '},,{'),
    (s) => s.replace('},{', '}{'),
    (s) => s.replace('"Data":"', '"Data":"\u0001'),
    (s) => s.replace(/]\s*}\s*$/, '}'),
    (s) => s + ' x',
    (s) => '\ufeff' + s,
  ];
  for (let i = 0; i < 300; i++) {
    const text = edits[i % edits.length]!(base);
    const got = outcome(() => parseJsonBody(Buffer.from(text)));
    const want = outcome(() => JSON.parse(text));
    assert.deepEqual(got, want, `edit ${i % edits.length}, case ${i}`);
  }
});

test('small bodies are parsed whole; a non-object top level and repeated keys fall back', () => {
  assert.deepEqual(parseJsonBody(Buffer.from('{"a":[1,2]}')), { a: [1, 2] });
  const big = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ i })));
  assert.equal(parseSplit(Buffer.from(big)), undefined);
  assert.deepEqual(parseJsonBody(Buffer.from(big)), JSON.parse(big));
  const twice = `{"A":${big},"A":[1]}`;
  assert.equal(parseSplit(Buffer.from(twice)), undefined);
  assert.deepEqual(parseJsonBody(Buffer.from(twice)), { A: [1] });
  const proto = `{"__proto__":${big}}`;
  const parsed = parseJsonBody(Buffer.from(proto)) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  assert.equal((Object.getOwnPropertyDescriptor(parsed, '__proto__')!.value as unknown[]).length, 20_000);
});
