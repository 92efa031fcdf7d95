import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { GroupCommit } from './group-commit.js';

function setup() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const values = () => (db.prepare('SELECT v FROM t ORDER BY id').pluck().all() as string[]);
  return { db, insert, values, writer: new GroupCommit(db) };
}

describe('GroupCommit', () => {
  it('runs the ops of one event-loop turn in one transaction, in submission order', async () => {
    const { db, insert, values, writer } = setup();
    const seen: boolean[] = [];
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((v) =>
        writer.submit(() => {
          seen.push(db.inTransaction);
          insert.run(v);
          return v.toUpperCase();
        }),
      ),
    );
    assert.deepEqual(results, ['A', 'B', 'C', 'D']);
    assert.deepEqual(seen, [true, true, true, true]);
    assert.equal(writer.stats.commits, 1);
    assert.deepEqual(values(), ['a', 'b', 'c', 'd']);
    await writer.submit(() => insert.run('e'));
    assert.equal(writer.stats.commits, 2);
  });

  it('a throwing op is rolled back alone; the others commit', async () => {
    const { insert, values, writer } = setup();
    const results = await Promise.allSettled([
      writer.submit(() => insert.run('ok1')),
      writer.submit(() => {
        insert.run('half-done');
        throw new Error('boom');
      }),
      writer.submit(() => insert.run(null)), // NOT NULL violation
      writer.submit(() => insert.run('ok2')),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    assert.match(String((results[1] as PromiseRejectedResult).reason), /boom/);
    assert.deepEqual(values(), ['ok1', 'ok2']);
    assert.equal(writer.stats.commits, 1);
  });

  it('a single throwing op rolls back and the next batch works', async () => {
    const { insert, values, writer } = setup();
    await assert.rejects(
      writer.submit(() => {
        insert.run('x');
        throw new Error('nope');
      }),
      /nope/,
    );
    await writer.submit(() => insert.run('y'));
    assert.deepEqual(values(), ['y']);
  });

  it('when the transaction itself fails, every op of the batch rejects and nothing is kept', async () => {
    const { db, insert, values, writer } = setup();
    const rollback = db.prepare('ROLLBACK');
    for (const size of [1, 3]) {
      const ops = Array.from({ length: size }, (_, i) =>
        writer.submit(() => {
          insert.run(`v${i}`);
          if (i === size - 1) rollback.run(); // stands in for an I/O error that aborts the transaction
        }),
      );
      const results = await Promise.allSettled(ops);
      assert.deepEqual(results.map((r) => r.status), Array(size).fill('rejected'));
      assert.equal(db.inTransaction, false);
    }
    assert.deepEqual(values(), []);
    await writer.submit(() => insert.run('after'));
    assert.deepEqual(values(), ['after']);
  });

  it('after-commit hooks run after the commit, only for ops that committed; a throwing hook harms no one', async () => {
    const { db, insert, writer } = setup();
    const log: string[] = [];
    await Promise.allSettled([
      writer.submit(() => {
        insert.run('a');
        writer.afterCommit(() => log.push(`a committed=${!db.inTransaction}`));
      }),
      writer.submit(() => {
        writer.afterCommit(() => log.push('failed op hook'));
        throw new Error('x');
      }),
      writer.submit(() => {
        writer.afterCommit(() => {
          throw new Error('bad hook');
        });
        writer.afterCommit(() => log.push('c'));
      }),
    ]);
    assert.deepEqual(log, ['a committed=true', 'c']);
  });

  it('ops submitted by a hook go to the next batch', async () => {
    const { insert, values, writer } = setup();
    let inner: Promise<unknown> | undefined;
    await writer.submit(() => {
      insert.run('outer');
      writer.afterCommit(() => {
        inner = writer.submit(() => insert.run('inner'));
      });
    });
    await inner;
    assert.deepEqual(values(), ['outer', 'inner']);
    assert.equal(writer.stats.commits, 2);
  });

  it('close flushes pending ops, then refuses new ones', async () => {
    const { insert, values, writer } = setup();
    const pending = writer.submit(() => insert.run('late'));
    await writer.close();
    await pending;
    assert.deepEqual(values(), ['late']);
    await assert.rejects(writer.submit(() => insert.run('too late')), /closed/);
  });
});
