import type { SeqCounter } from './sqs-seq.js';
import type { Statements } from './sqs-statements.js';

/** Candidates read per page. */
const PAGE = 100;

/**
 * moveMessages on SQLite, inside one write op: walks the unexpired messages of `fromQueueId` oldest
 * visibleAt first (the visibility index, no sort) and moves each — new seq, visible at once, as
 * never received, no dead-letter source — into `toQueueId` or, when null, into the queue its
 * dead_letter_source_arn resolves to. A message whose source does not resolve to an existing queue
 * (other than the dead-letter queue itself) stays and counts as failed; failed ones do not count
 * towards `limit`, so a call moves `limit` messages if the queue has that many movable ones.
 * Returns the queues that received messages (to wake them).
 */
export function moveMessages(
  s: Statements,
  seqs: SeqCounter,
  fromQueueId: number,
  toQueueId: number | null,
  sourceQueueIdOf: (sourceArn: string) => number | undefined,
  limit: number,
  now: number,
  retentionMs: number,
): { moved: number; failed: number; targets: Set<number> } {
  const targets = new Set<number>();
  let moved = 0;
  let failed = 0;
  if (toQueueId !== null) {
    if (toQueueId === fromQueueId) throw new Error('cannot move messages of a queue into itself');
    if (s.queueExists.get(toQueueId) === undefined) throw new Error(`SQS queue ${toQueueId} does not exist`);
  }
  const resolved = new Map<string, number | undefined>();
  const resolve = (arn: string | null): number | undefined => {
    if (arn === null) return undefined;
    if (resolved.has(arn)) return resolved.get(arn);
    let id = sourceQueueIdOf(arn);
    if (id !== undefined && (id === fromQueueId || s.queueExists.get(id) === undefined)) id = undefined;
    resolved.set(arn, id);
    return id;
  };

  const cutoff = now - retentionMs;
  let afterVisibleAt = Number.MIN_SAFE_INTEGER;
  let afterSeq = 0;
  while (moved < limit) {
    const rows = s.moveCandidates.all(fromQueueId, afterVisibleAt, afterSeq, cutoff, PAGE) as [number, number, string | null][];
    for (const [seq, visibleAt, sourceArn] of rows) {
      afterVisibleAt = visibleAt;
      afterSeq = seq;
      const target = toQueueId ?? resolve(sourceArn);
      if (target === undefined) {
        failed++;
        continue;
      }
      s.move.run(seqs.take(), target, now, seq);
      targets.add(target);
      if (++moved === limit) break;
    }
    if (rows.length < PAGE) break;
  }
  if (moved > 0) seqs.seal();
  return { moved, failed, targets };
}
