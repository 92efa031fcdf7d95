/**
 * Memory for large response bodies, reused once a body has been written out. A 10,000-record
 * GetRecords answer is ~15 MB; allocated fresh for every answer, those Buffers (memory outside V8's
 * heap) made V8 run a full mark-compact every few answers ("external memory pressure" in
 * --trace-gc), ~18 % of the read path's CPU. Taking the memory of an answer already sent avoids
 * that. A body goes back only after the HTTP layer saw it written in full (WireResponse.sent: the
 * callback of the HTTP/1.1 socket's or the h2 stream's write; the socket is done with it then); a
 * response cut short never gives its memory back (the GC takes it).
 */

/** Smaller bodies are not worth keeping. */
const MIN_POOLED = 1 << 20;
/** At most this much is kept spare, and none of it once unused for IDLE_MS. */
const MAX_SPARE_BYTES = 96 << 20;
const IDLE_MS = 10_000;

const spares: Buffer[] = [];
let spareBytes = 0;
/** The memory this pool handed out (so only that comes back), and what is spare right now. */
const ours = new WeakSet<ArrayBufferLike>();
const spare = new WeakSet<ArrayBufferLike>();
let idleTimer: NodeJS.Timeout | undefined;

/** A Buffer of at least `bytes` (its contents are old data: write before reading). */
export function takeBuffer(bytes: number): Buffer {
  if (bytes < MIN_POOLED) return Buffer.allocUnsafe(bytes);
  let best = -1;
  for (let i = 0; i < spares.length; i++) {
    if (spares[i]!.length >= bytes && (best < 0 || spares[i]!.length < spares[best]!.length)) best = i;
  }
  if (best >= 0) {
    const b = spares.splice(best, 1)[0]!;
    spareBytes -= b.length;
    spare.delete(b.buffer);
    return b;
  }
  // A quarter more, in whole MiB, so that answers of similar sizes fit each other's memory (pages
  // never written are not resident).
  const b = Buffer.allocUnsafeSlow(Math.ceil((bytes * 1.25) / MIN_POOLED) * MIN_POOLED);
  ours.add(b.buffer);
  return b;
}

/** Takes back the memory of a body that has been written out in full (anything else is ignored). */
export function recycleBody(body: Uint8Array): void {
  const memory = body.buffer;
  if (!ours.has(memory) || spare.has(memory) || spareBytes + memory.byteLength > MAX_SPARE_BYTES) return;
  spares.push(Buffer.from(memory));
  spare.add(memory);
  spareBytes += memory.byteLength;
  if (idleTimer) idleTimer.refresh();
  else idleTimer = setTimeout(dropSpares, IDLE_MS).unref();
}

function dropSpares(): void {
  idleTimer = undefined;
  for (const b of spares) spare.delete(b.buffer);
  spares.length = 0;
  spareBytes = 0;
}
