/**
 * The request and response as the HTTP listener hands them to the protocol layer and takes them
 * back. The listener has already read the whole body (within its limits) and assigned a request id.
 */
export interface WireRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/` or `/000000000000/q1`. */
  readonly path: string;
  /** Raw query string without the leading `?` (may be empty). */
  readonly query: string;
  /** Lower-cased header names; for HTTP/2 the `:authority` pseudo-header is also present as `host`. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
  readonly requestId: string;
  /** `http` or `https`, as the client connected. */
  readonly scheme: 'http' | 'https';
  readonly httpVersion: '1.1' | '2';
  /** Aborted when the client connection closes before the response is written. */
  readonly signal: AbortSignal;
  /** The peer's IP address, when the transport knows it (resource policies' aws:SourceIp). */
  readonly remoteAddress?: string;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** A complete body, or a stream of chunks (event streams) written as they come. */
  readonly body: Buffer | string | AsyncIterable<Uint8Array>;
  /**
   * Called once the transport is done with a complete body (written out in full, so its memory may
   * be reused: see body-pool.ts); never when writing failed.
   */
  readonly sent?: () => void;
}

export type WireHandler = (req: WireRequest) => Promise<WireResponse>;
