import { randomBytes, randomUUID } from 'node:crypto';

/** Id generation as an injected dependency (tests make ids predictable). */
export interface Ids {
  /** A random RFC 4122 v4 UUID (message ids, request ids). */
  uuid(): string;
  /** `n` random bytes (receipt-handle nonces, tokens). */
  bytes(n: number): Buffer;
}

export const randomIds: Ids = {
  uuid: () => randomUUID(),
  bytes: (n) => randomBytes(n),
};

/** Deterministic ids for tests: uuids count up, bytes are a repeating counter. */
export function sequentialIds(prefix = '00000000-0000-4000-8000-'): Ids {
  let n = 0;
  return {
    uuid: () => prefix + String(++n).padStart(12, '0'),
    bytes: (len) => Buffer.alloc(len, ++n & 0xff),
  };
}
