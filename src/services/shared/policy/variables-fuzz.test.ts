import { test } from 'node:test';
import assert from 'node:assert/strict';
import { between, pick, rngFrom, timed } from '../../../../test/helpers/json-fuzz.js';
import { expandVariables } from './variables.js';

/**
 * Policy variables, fuzzed (variables.ts): `${key}` and `${key, 'default'}` in random text expand as
 * the reading IAM documents (the key up to the first comma, trimmed; a quoted default), never throw,
 * and take linear time: a variable holding 2,000 spaces (a session policy may be 2,048 characters)
 * took 4 s to expand, on every request the policy was evaluated for. Seeded (SWITCHYARD_FUZZ_SEED).
 */
const SEED = Number(process.env.SWITCHYARD_FUZZ_SEED ?? 20261128);
const context = new Map<string, string | readonly string[]>([['aws:username', 'alice'], ['aws:principaltag/team', 'ci'], ['multi', ['a', 'b']]]);

/** The reading the original (backtracking) expression gave, for short inputs. */
function reference(text: string): string | undefined {
  if (!text.includes('${')) return text;
  let unresolved = false;
  const out = text.replace(/\$\{([^}]*)\}/g, (_w, inner: string) => {
    if (inner === '*' || inner === '?' || inner === '$') return inner;
    const d = /^\s*([^,]*?)\s*,\s*'([^']*)'\s*$/.exec(inner);
    const value = context.get((d ? d[1]! : inner).trim().toLowerCase());
    if (typeof value === 'string') return value;
    if (d) return d[2]!;
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : out;
}

test('2,000 random short texts with variables expand as the documented reading does', () => {
  const rng = rngFrom(SEED);
  const parts = ['${', '}', ',', "'", ' ', '\t', 'aws:username', 'AWS:UserName', 'aws:PrincipalTag/team', 'multi', 'x', '*', '?', '$', 'arn:aws:sqs:*:*:'];
  for (let i = 0; i < 2000; i++) {
    const text = Array.from({ length: between(rng, 1, 12) }, () => pick(rng, parts)).join('');
    assert.equal(expandVariables(text, context), reference(text), `seed ${SEED} #${i}: ${JSON.stringify(text)}`);
  }
});

test('worst cases take linear time: 2,000 to 100,000 spaces, commas or quotes inside one variable', () => {
  for (const n of [2000, 20_000, 100_000]) {
    for (const inner of [' '.repeat(n), `${' '.repeat(n)}x`, `${' '.repeat(n / 2)},${' '.repeat(n / 2)}`, 'a,'.repeat(n / 2), " ,'".repeat(n / 3), `x,${' '.repeat(n)}'a'${' '.repeat(n)}y`]) {
      const ms = timed(() => expandVariables(`arn:aws:sqs:*:*:\${${inner}}`, context));
      assert.ok(ms < 100, `${n} ${JSON.stringify(inner.slice(0, 12))}: ${ms.toFixed(0)} ms`);
    }
  }
  assert.equal(expandVariables("${aws:PrincipalTag/missing ,   'shared'  }-q", context), 'shared-q');
  assert.equal(expandVariables('${   aws:username   }', context), 'alice');
});
