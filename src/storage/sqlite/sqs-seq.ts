import type Database from 'better-sqlite3';
import type { GroupCommit } from './group-commit.js';

/** How many seqs one write of the high-water mark reserves. */
const SEQ_BLOCK = 4096;

/**
 * Hands out message seqs, valid because this process alone has the file open (the engine holds an
 * exclusive lock on it).
 *
 * `next` is the next seq, and `committedMark` the seq high-water mark known to be committed in
 * `engine_counters`. An op that goes past the mark raises it by SEQ_BLOCK in the same transaction
 * (`seal`), so every stored seq is <= the committed mark; a restart continues above the mark (and
 * above max(seq)), so a seq is never handed out twice, not even after the newest message was
 * deleted or moved. Reserving in blocks keeps the counter page out of most commits; a restart skips
 * at most one block. (Rolled-back ops and restarts leave gaps; gaps are harmless.)
 */
export class SeqCounter {
  /** The next seq to hand out. Ops take seqs by incrementing it, then call `seal()`. */
  next: number;
  private committedMark: number;
  private readonly setMark: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly writer: GroupCommit,
  ) {
    this.setMark = db.prepare('UPDATE engine_counters SET value = ? WHERE id = 1');
    const maxSeq = (db.prepare('SELECT max(seq) FROM sqs_messages').pluck().get() as number | null) ?? 0;
    const mark = (db.prepare('SELECT value FROM engine_counters WHERE id = 1').pluck().get() as number | undefined) ?? 0;
    this.committedMark = mark;
    this.next = Math.max(maxSeq, mark) + 1;
  }

  take(): number {
    return this.next++;
  }

  /** Called by a write op, before it returns, after taking seqs: raises the mark in its transaction if needed. */
  seal(): void {
    const last = this.next - 1;
    if (last <= this.committedMark) return;
    const mark = last + SEQ_BLOCK;
    this.setMark.run(mark);
    this.writer.afterCommit(() => {
      if (mark > this.committedMark) this.committedMark = mark;
    });
  }
}
