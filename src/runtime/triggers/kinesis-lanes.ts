/**
 * parallelizationFactor: up to N batches of one shard at a time [Lambda developer guide, "Using
 * Lambda with Kinesis Data Streams", concurrent batches per shard: "Lambda still ensures in-order
 * processing at the partition-key level"]. A shard's records are dealt to N lanes by their
 * partition key (laneOf), each lane makes its batches from its own records in sequence order and
 * has one batch at a time in flight; the lanes run side by side. So a partition key's records reach
 * the function in order, one batch after the other, while other keys' batches overlap.
 *
 * The checkpoint stays one per shard, as on AWS: ShardProgress moves it only over records every
 * lane has finished with (processed, or discarded after their retries), so the checkpoint is always
 * a sequence number up to which nothing is pending. A restart resumes there: records a lane had
 * finished beyond it are invoked again (at least once, as on AWS), none is lost.
 */

/** The lane (0 … factor-1) of a partition key: FNV-1a, so that keys of one shard (one hash-key range) still spread. */
export function laneOf(partitionKey: string, factor: number): number {
  if (factor <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < partitionKey.length; i++) {
    hash ^= partitionKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % factor;
}

/** The records of a shard read and not yet behind its checkpoint, in sequence order, and which of them are finished. */
export class ShardProgress {
  private order: string[] = [];
  private head = 0;
  private readonly finished = new Set<string>();

  /** Records read from the shard (in sequence order). */
  read(sequenceNumbers: readonly string[]): void {
    this.order.push(...sequenceNumbers);
  }

  /**
   * Marks records finished; returns the new checkpoint (the last record of the finished run from
   * the oldest pending one) when it moved, else undefined.
   */
  finish(sequenceNumbers: readonly string[]): string | undefined {
    for (const s of sequenceNumbers) this.finished.add(s);
    let moved: string | undefined;
    while (this.head < this.order.length && this.finished.has(this.order[this.head]!)) {
      moved = this.order[this.head]!;
      this.finished.delete(moved);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    return moved;
  }

  /** How many records read are not yet behind the checkpoint. */
  get pending(): number {
    return this.order.length - this.head;
  }
}
