/**
 * Limits the listener enforces before a request reaches the protocol layer.
 *
 * Defaults and why:
 * - maxBodyBytes 16 MiB: the largest legal AWS request here is Kinesis PutRecords at 10 MiB of
 *   record data; base64 in JSON adds a third (13.4 MiB) plus member names. Larger bodies get 413
 *   without the rest being read, and the connection (HTTP/1.1) or stream (HTTP/2) is closed.
 * - maxHeaderBytes 16 KiB: Node's own HTTP/1.1 default; SigV4 requests carry well under 2 KiB.
 *   HTTP/1.1: `maxHeaderSize` (request line + headers, over → 431). HTTP/2: advertised as
 *   SETTINGS_MAX_HEADER_LIST_SIZE and enforced by nghttp2 (over → RST_STREAM ENHANCE_YOUR_CALM)
 *   once the client has acknowledged our SETTINGS; a first request racing them is held to
 *   Node's default (64 KiB) instead.
 * - maxHeaderPairs 128: HTTP/2 `maxHeaderListPairs` (pseudo-headers included), Node's default.
 * - headersTimeoutMs 60 s: HTTP/1.1 only, time to receive a request's headers (slow-loris guard).
 * - requestTimeoutMs 5 min: from a request's headers to the handler handing back its response
 *   (the body upload included). SQS long polls wait at most 20 s; SubscribeToShard handlers return
 *   their event stream at once. Once a response has started, this timeout no longer applies, so a
 *   streamed body (a 5-minute subscription) is never cut by it. Over → 408 while the body is still
 *   arriving, 503 while the handler runs (its AbortSignal fires).
 * - keepAliveTimeoutMs 75 s: an HTTP/1.1 connection with no request in flight is closed after
 *   this (the common load-balancer value; longer than the SDKs' idle reuse).
 * - h2IdleTimeoutMs 75 s: an HTTP/2 session with no stream in flight for this long is closed
 *   with GOAWAY (frames without a stream, such as PINGs, do not keep it open). The JS v3 Kinesis client closes its per-request sessions itself.
 * - h2MaxConcurrentStreams 100: SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 recommends ≥ 100).
 * - closeGraceMs 5 s: on `close()`, how long in-flight responses get to finish before their
 *   connections are destroyed.
 */
export interface HttpLimits {
  maxBodyBytes: number;
  maxHeaderBytes: number;
  maxHeaderPairs: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  h2IdleTimeoutMs: number;
  h2MaxConcurrentStreams: number;
  closeGraceMs: number;
}

export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = Object.freeze({
  maxBodyBytes: 16 * 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
  maxHeaderPairs: 128,
  headersTimeoutMs: 60_000,
  requestTimeoutMs: 300_000,
  keepAliveTimeoutMs: 75_000,
  h2IdleTimeoutMs: 75_000,
  h2MaxConcurrentStreams: 100,
  closeGraceMs: 5_000,
});

/** Defaults overlaid with `partial`; throws a RangeError on a value that cannot work. */
export function resolveLimits(partial: Partial<HttpLimits> | undefined): HttpLimits {
  const l: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...partial };
  for (const key of Object.keys(DEFAULT_HTTP_LIMITS) as (keyof HttpLimits)[]) {
    const v = l[key];
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`http limit ${key} must be a positive integer, got ${v}`);
  }
  if (l.maxHeaderPairs < 4) throw new RangeError('http limit maxHeaderPairs must be at least 4');
  // Node refuses a headers timeout longer than the request timeout.
  if (l.headersTimeoutMs > l.requestTimeoutMs) l.headersTimeoutMs = l.requestTimeoutMs;
  return l;
}
