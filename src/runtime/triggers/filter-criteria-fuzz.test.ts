import { test } from 'node:test';
import assert from 'node:assert/strict';
import { between, pick, randomJson, randomString, rngFrom, setOwn, timed, type Rng } from '../../../test/helpers/json-fuzz.js';
import { compileFilterCriteria, FilterCriteriaError, type FilterSource, type RecordFilter } from './filter-criteria.js';

/**
 * Property tests of Lambda's FilterCriteria (filter-criteria.ts): random patterns compile or are
 * refused with FilterCriteriaError (Lambda's "Invalid filter pattern definition."), never another
 * exception; a compiled filter's `matches` never throws on any record (JSON or not, nested
 * deeply, huge, base64 garbage as a Kinesis record's data) and stays fast on the worst cases.
 * Seeded (SWITCHYARD_FUZZ_SEED).
 */
const SEED = Number(process.env.SWITCHYARD_FUZZ_SEED ?? 20261128);

const KEYS = ['body', 'data', 'a', 'b', 'attributes', 'messageAttributes', 'partitionKey', '$or', '__proto__', 'constructor', '', ' '];
const NUMBERS = ['0', '-0', '1e309', '-1e309', '1e9', '-1e9', '1.5', '5e-324', '9007199254740993', '1E2', '00', '.5', 'NaN'];

/** A random rule list (the values a pattern key takes), well-formed or not. */
function ruleList(rng: Rng): string {
  const rule = (): string =>
    pick(rng, [
      () => JSON.stringify(randomString(rng)),
      () => pick(rng, NUMBERS),
      () => pick(rng, ['true', 'false', 'null', '""']),
      () => `{"prefix":${JSON.stringify(randomString(rng))}}`,
      () => `{"suffix":${JSON.stringify(randomString(rng))}}`,
      () => `{"equals-ignore-case":${JSON.stringify(randomString(rng))}}`,
      () => `{"anything-but":${pick(rng, ['"x"', '["x","y"]', '{"prefix":"a"}', '{"suffix":""}', '[]', '1', 'null', '{}'])}}`,
      () => `{"numeric":[${pick(rng, ['">"', '"<="', '"="', '"!"', '1'])},${pick(rng, NUMBERS)}${rng() < 0.5 ? `,"<",${pick(rng, NUMBERS)}` : ''}]}`,
      () => `{"exists":${pick(rng, ['true', 'false', '"true"', '1', 'null'])}}`,
      () => `{"cidr":${pick(rng, ['"10.0.0.0/8"', '"::1/128"', '"1.2.3.4/99"', '"x"', '1'])}}`,
      () => `{"wildcard":"*a*a*a*b"}`,
      () => '{}',
      () => '[]',
    ])();
  if (rng() < 0.1) return pick(rng, ['[]', '{}', '"x"', '1', 'null', `[${Array.from({ length: 2000 }, () => '1').join(',')}]`]);
  return `[${Array.from({ length: between(rng, 1, 4) }, rule).join(',')}]`;
}

/** A random pattern as JSON text: nested keys, `$or` anywhere, deep nesting, odd scalars. */
function patternText(rng: Rng, depth = 0): string {
  const r = rng();
  if (depth > 4 || r < 0.35) return ruleList(rng);
  if (r < 0.45) return `[${patternText(rng, depth + 1)}]`;
  if (r < 0.5) return '{"a":'.repeat(between(rng, 1, 900)) + '["x"]' + '}'.repeat(between(rng, 0, 900));
  const entries = Array.from({ length: between(rng, 0, 3) }, () => {
    const key = pick(rng, KEYS);
    const value = key === '$or' && rng() < 0.7 ? `[${Array.from({ length: between(rng, 0, 3) }, () => patternText(rng, depth + 1)).join(',')}]` : patternText(rng, depth + 1);
    return `${JSON.stringify(key)}:${value}`;
  });
  return `{${entries.join(',')}}`;
}

/** Rules Lambda takes, with edge values (1e309, -0, unicode, ${…}, empty strings). */
function goodRules(rng: Rng): string {
  const rule = (): string =>
    pick(rng, [
      () => JSON.stringify(randomString(rng)),
      () => pick(rng, ['0', '-0', '1e309', '1.5', '-1e9', '5e-324', 'true', 'false', 'null', '""']),
      () => `{"prefix":${JSON.stringify(randomString(rng))}}`,
      () => `{"suffix":${JSON.stringify(randomString(rng))}}`,
      () => `{"equals-ignore-case":${JSON.stringify(randomString(rng))}}`,
      () => `{"anything-but":${pick(rng, ['"x"', '["x","y"]', '1', '{"prefix":"a"}'])}}`,
      () => `{"numeric":[">",${pick(rng, ['0', '-0', '1e309', '-1e9', '5e-324'])}]}`,
      () => `{"numeric":[">=",0,"<",100]}`,
      () => `{"exists":${rng() < 0.5}}`,
    ])();
  return `[${Array.from({ length: between(rng, 1, 3) }, rule).join(',')}]`;
}

/** A pattern likely to compile: keys of the records, nested, `$or` here and there. */
function goodPattern(rng: Rng, depth = 0): string {
  const entries = Array.from({ length: between(rng, 1, 3) }, () => {
    if (depth < 3 && rng() < 0.2) return `"$or":[${goodPattern(rng, depth + 1)},${goodPattern(rng, depth + 1)}]`;
    return `${JSON.stringify(pick(rng, ['a', 'b', 'c', '0', 'constructor']))}:${depth < 3 && rng() < 0.3 ? goodPattern(rng, depth + 1) : goodRules(rng)}`;
  });
  return `{${entries.join(',')}}`;
}

/** Patterns for `source`: random ones, and ones rooted at its data key, mostly well-formed, so that records get past the first key. */
function patterns(rng: Rng, source: FilterSource): string[] {
  const dataKey = source === 'sqs' ? 'body' : 'data';
  const one = (): string => {
    const r = rng();
    if (r < 0.6) return `{"${dataKey}":${goodPattern(rng)}}`;
    if (r < 0.8) return `{"${dataKey}":${patternText(rng, 1)}}`;
    return patternText(rng);
  };
  return Array.from({ length: between(rng, 0, rng() < 0.9 ? 3 : 6) }, one);
}

/** A record as a trigger builds it: metadata, and the payload (JSON, plain, deep, huge, garbage) under its data key. */
function record(rng: Rng, source: FilterSource): Record<string, unknown> {
  const payload = pick(rng, [
    () => JSON.stringify(randomJson(rng, 4, KEYS)),
    () => randomString(rng),
    () => Buffer.from(Array.from({ length: between(rng, 0, 64) }, () => between(rng, 0, 255))).toString('base64'),
    () => Buffer.from(Array.from({ length: between(rng, 0, 64) }, () => between(rng, 0, 255))).toString('utf8'),
    () => '['.repeat(50_000) + ']'.repeat(50_000),
    () => `{"a":${'['.repeat(50_000)}"x"${']'.repeat(50_000)}}`,
    () => `{"a":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
    () => JSON.stringify({ a: Array.from({ length: 30_000 }, (_, i) => (i % 2 ? 'x' : i)), b: { a: 'x' } }),
    () => randomJson(rng, 3, KEYS), // a value already parsed
  ])();
  const out: Record<string, unknown> = source === 'sqs'
    ? { messageId: 'm', body: payload, attributes: { ApproximateReceiveCount: '1' }, messageAttributes: randomJson(rng, 2, KEYS), eventSource: 'aws:sqs' }
    : { partitionKey: randomString(rng), sequenceNumber: '1', data: payload, kinesisSchemaVersion: '1.0' };
  if (rng() < 0.2) setOwn(out, pick(rng, KEYS), randomJson(rng, 2, KEYS));
  return out;
}

function compiled(list: string[], source: FilterSource, label: string): RecordFilter | undefined {
  try {
    return compileFilterCriteria(list, source);
  } catch (error) {
    if (!(error instanceof FilterCriteriaError)) assert.fail(`${label}: ${(error as Error).constructor.name}: ${(error as Error).message}\n${list.join('\n').slice(0, 800)}`);
    assert.match(error.message, /Invalid filter pattern definition\.|at most/, label);
    return undefined;
  }
}

for (const [source, offset] of [['sqs', 0], ['kinesis', 1]] as const) {
  test(`${source}: 400 random filter criteria compile or are refused with FilterCriteriaError; each compiled one matches 8 random records without throwing, each within 1.5 s (a backtracking blow-up takes seconds to minutes; the deepest records take ~100 ms alone)`, () => {
    const rng = rngFrom(SEED + offset);
    let compiledCount = 0;
    for (let i = 0; i < 400; i++) {
      const label = `seed ${SEED + offset} ${source} #${i}`;
      const list = patterns(rng, source);
      const filter = compiled(list, source, label);
      if (!filter) continue;
      compiledCount++;
      for (let j = 0; j < 8; j++) {
        const r = record(rng, source);
        const ms = timed(() => assert.doesNotThrow(() => filter.matches(r), `${label} record ${j}\n${list.join('\n').slice(0, 800)}`));
        assert.ok(ms < 1500, `${label} record ${j}: ${ms.toFixed(0)} ms`);
      }
    }
    assert.ok(compiledCount > 80, `enough patterns compile to exercise matching (${compiledCount} of 400)`);
  });
}

test('data nested 100,000 deep in arrays (a 200 KB message) is matched without throwing (it threw RangeError: Maximum call stack size exceeded)', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const sqs = compileFilterCriteria(['{"body":{"a":[{"prefix":"x"}]}}', '{"body":{"a":{"b":[{"exists":false}]}}}'], 'sqs');
  const kinesis = compileFilterCriteria(['{"data":{"a":[{"anything-but":"x"}]}}'], 'kinesis');
  for (const data of [deep, `{"a":${deep.slice(0, 100_000)}"x"${deep.slice(100_000)}}`]) {
    assert.equal(typeof sqs.matches({ body: data }), 'boolean');
    assert.equal(typeof kinesis.matches({ data }), 'boolean');
  }
  assert.equal(sqs.matches({ body: `{"a":${'['.repeat(100_000)}"xy"${']'.repeat(100_000)}}` }), true, 'the value inside the nesting is still found');
});

test('worst cases stay fast: five 4,096-character patterns of many rules against a 256 KB body of long arrays and long strings', () => {
  const rules = (op: string): string => {
    const items: string[] = [];
    for (let i = 0; JSON.stringify(items).length < 3900; i++) items.push(`{"${op}":"${'a'.repeat(20)}${i}"}`);
    return `{"body":{"a":[${items.join(',')}]}}`.slice(0, 4096).replace(/,[^,]*$/, ']}}');
  };
  const list = ['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'prefix'].map(rules);
  list.forEach((p) => assert.ok(p.length <= 4096, `${p.length}`));
  const filter = compileFilterCriteria(list, 'sqs');
  const body = JSON.stringify({ a: Array.from({ length: 10_000 }, () => 'a'.repeat(20)) }).slice(0, 256 * 1024);
  const ms = timed(() => filter.matches({ body }));
  assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
});
