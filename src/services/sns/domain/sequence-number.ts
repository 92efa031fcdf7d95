/**
 * SequenceNumber of FIFO topics: a 20-digit decimal string that grows with every message of the
 * topic (AWS shows numbers like 10000000000000003000), derived from the outbox's never-reused seq.
 */
export function sequenceNumber(seq: number): string {
  return (10_000_000_000_000_000_000n + BigInt(seq)).toString();
}
