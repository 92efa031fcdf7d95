/** The rule behind rolling upgrades (storage/schema-compat.ts), on hand-made `schema_migrations` rows. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compatibleFrom, judgeStore, needs, ruleText, type AppliedMigration } from '../../src/storage/schema-compat.js';

const row = (version: number, olderNodes: string | null): AppliedMigration => ({ version, name: `m${version}`, olderNodes });
const STORE = [row(1, 'incompatible'), row(2, 'compatible'), row(4, 'incompatible'), row(5, 'compatible'), row(7, 'compatible')];

describe('compatible_from and what a node makes of a store', () => {
  it('compatible_from is the newest applied migration not declared compatible; gaps and order do not matter', () => {
    assert.equal(compatibleFrom([]), 0);
    assert.equal(compatibleFrom(STORE), 4);
    assert.equal(compatibleFrom([...STORE].reverse()), 4);
    assert.equal(compatibleFrom([...STORE, row(3, 'incompatible')]), 4, 'a gap filled later below it changes nothing');
    assert.equal(compatibleFrom([...STORE, row(6, null)]), 6, 'a row without a rule counts as incompatible');
  });

  it('a store not newer than the code: nothing to judge (the caller migrates it)', () => {
    assert.deepEqual(judgeStore(STORE, [1, 2, 3, 4, 5, 7, 8], 'S'), { storeVersion: 7, knownVersion: 8, compatibleFrom: 4 });
    assert.deepEqual(judgeStore([], [1, 2], 'S'), { storeVersion: 0, knownVersion: 2, compatibleFrom: 0 });
  });

  it('a newer store: runs from compatible_from on, refuses below it naming both versions and the newest blocking migration', () => {
    assert.equal(judgeStore(STORE, [1, 2, 4, 5], 'S').refusal, undefined);
    assert.equal(judgeStore(STORE, [1, 2, 4], 'S').refusal, undefined, 'the code knows up to 4: 5 and 7 are compatible');
    assert.equal(
      judgeStore(STORE, [1, 2], 'S').refusal,
      'S is at migration 7, newer than this Switchyard knows (2), and migration 4 (m4) is marked incompatible with older nodes: this version cannot run against it (it needs 4 or newer); upgrade Switchyard (migrations are forward-only)',
    );
    assert.match(judgeStore([...STORE, row(9, null)], [1, 2, 4, 5, 7], 'S').refusal!, /migration 9 \(m9\) is recorded without a compatibility rule: .*needs 9 or newer/);
  });

  it('a newer store lacking a migration the code knows is refused: an older node migrates nothing', () => {
    assert.match(judgeStore(STORE, [1, 2, 3, 4, 5], 'S').refusal!, /^S is at migration 7, newer than this Switchyard knows \(5\), but lacks its migration 3: /);
  });

  it('expand/contract: a migration compatible from N lets code from N on run, older code not', () => {
    assert.equal(ruleText({ from: 5 }), 'from 5');
    assert.equal(ruleText('compatible'), 'compatible');
    assert.equal(ruleText(undefined), null);
    assert.equal(needs(row(9, 'from 5')), 5);
    assert.equal(needs(row(9, 'from 12')), 9, 'never more than the migration itself');
    assert.equal(needs(row(9, 'from x')), 9, 'a rule this code cannot read counts as incompatible');
    const store = [...STORE, row(8, 'compatible'), row(9, 'from 5')];
    assert.equal(compatibleFrom(store), 5);
    assert.equal(judgeStore(store, [1, 2, 4, 5], 'S').refusal, undefined);
    assert.match(judgeStore(store, [1, 2, 4], 'S').refusal!, /^S is at migration 9, newer than this Switchyard knows \(4\), and migration 9 \(m9\) is marked compatible only with nodes from 5 on: this version cannot run against it \(it needs 5 or newer\)/);
  });
});
