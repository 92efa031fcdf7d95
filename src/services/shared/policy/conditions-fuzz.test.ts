import { test } from 'node:test';
import assert from 'node:assert/strict';
import { between, pick, rngFrom, timed } from '../../../../test/helpers/json-fuzz.js';
import { conditionsMatch } from './conditions.js';

/**
 * Numeric condition operators, fuzzed (conditions.ts): random numeric-looking texts on both sides
 * compare as the documented reading (decimal numbers with an optional sign, fraction and exponent)
 * says, and in linear time: the number check backtracked quadratically, 5 s for a 50,000-digit value
 * that is not a number, on every request the policy was evaluated for. Seeded (SWITCHYARD_FUZZ_SEED).
 */
const SEED = Number(process.env.SWITCHYARD_FUZZ_SEED ?? 20261128);

/** The reading the original (backtracking) expression gave, for short inputs. */
const referenceNumber = (s: string): number | undefined => (/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(s) ? Number(s) : undefined);

const numericEquals = (actual: string, wanted: string): boolean => conditionsMatch({ NumericEquals: { k: [wanted] } }, new Map([['k', actual]]));

test('2,000 random numeric-looking pairs compare as the documented reading does', () => {
  const rng = rngFrom(SEED);
  const parts = ['1', '0', '9', '.', 'e', 'E', '+', '-', ' ', 'x', '12', '1e309'];
  const text = () => Array.from({ length: between(rng, 1, 8) }, () => pick(rng, parts)).join('');
  for (let i = 0; i < 2000; i++) {
    const a = text();
    const w = rng() < 0.3 ? a : text();
    const x = referenceNumber(a);
    const y = referenceNumber(w);
    assert.equal(numericEquals(a, w), x !== undefined && y !== undefined && x === y, `seed ${SEED} #${i}: ${JSON.stringify(a)} = ${JSON.stringify(w)}`);
  }
});

test('worst cases take linear time: 50,000 digits that are no number, on either side', () => {
  for (const odd of [`${'1'.repeat(50_000)}x`, `${'1'.repeat(25_000)}e${'1'.repeat(25_000)}x`, `.${'1'.repeat(50_000)}.`]) {
    const ms = timed(() => {
      assert.equal(numericEquals(odd, '1'), false);
      assert.equal(numericEquals('1', odd), false);
    });
    assert.ok(ms < 100, `${JSON.stringify(odd.slice(0, 8))}: ${ms.toFixed(0)} ms`);
  }
  assert.equal(numericEquals(' +1.50e1 ', '15'), true);
});
