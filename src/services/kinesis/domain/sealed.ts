import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import type { Ids } from '../../../runtime/ids.js';

/**
 * Sealed tokens: what a shard iterator or a NextToken carries, encrypted and authenticated with
 * the server key (kept in the database, so every node and every restart can open them; the store
 * creates it once, see KinesisStore.serverKey). A client can neither read nor forge one; anything
 * that does not open is garbage to the caller.
 *
 * Layout, base64: 00 00 00 00 00 00 00 01 | salt (16) | AES-256-GCM ciphertext | tag (16).
 * The leading 8 bytes copy what real iterators start with ("AAAAAAAAAAE…", AWS-WIRE §3.3). Each
 * token is encrypted under its own key, HMAC-SHA256(server key, purpose ‖ salt), so the GCM
 * nonce (fixed) is never reused under one key and the usual 2^32-messages-per-key limit of
 * random GCM nonces does not apply; the purpose byte keeps one kind of token from being accepted
 * as another.
 */

const PREFIX = Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]);
const SALT = 16;
const TAG = 16;
const IV = Buffer.alloc(12);

export const TokenPurpose = { ShardIterator: 1, ListShards: 2, ListStreams: 3, ListConsumers: 4, ListChannels: 5 } as const;
export type TokenPurpose = (typeof TokenPurpose)[keyof typeof TokenPurpose];

export class Sealer {
  constructor(
    private readonly serverKey: Buffer,
    private readonly ids: Ids,
  ) {
    if (serverKey.length < 32) throw new Error('the server key must have at least 32 bytes');
  }

  seal(purpose: TokenPurpose, plaintext: Buffer): string {
    const salt = this.ids.bytes(SALT);
    const cipher = createCipheriv('aes-256-gcm', this.keyFor(purpose, salt), IV);
    const body = cipher.update(plaintext);
    cipher.final();
    return Buffer.concat([PREFIX, salt, body, cipher.getAuthTag()]).toString('base64');
  }

  /** The plaintext, or undefined when the token is not one of ours for this purpose (or was altered). */
  open(purpose: TokenPurpose, token: string): Buffer | undefined {
    const raw = Buffer.from(token, 'base64');
    if (raw.length < PREFIX.length + SALT + TAG + 1 || !raw.subarray(0, PREFIX.length).equals(PREFIX)) return undefined;
    if (raw.toString('base64') !== token) return undefined; // not canonical base64: not ours
    const salt = raw.subarray(PREFIX.length, PREFIX.length + SALT);
    const decipher = createDecipheriv('aes-256-gcm', this.keyFor(purpose, salt), IV);
    decipher.setAuthTag(raw.subarray(raw.length - TAG));
    try {
      const body = decipher.update(raw.subarray(PREFIX.length + SALT, raw.length - TAG));
      decipher.final();
      return body;
    } catch {
      return undefined;
    }
  }

  private keyFor(purpose: TokenPurpose, salt: Buffer): Buffer {
    return createHmac('sha256', this.serverKey).update(Buffer.of(purpose)).update(salt).digest();
  }
}

/** Writes fields into a plaintext buffer; all numbers are non-negative integers below 2^53. */
export class TokenWriter {
  private readonly parts: Buffer[] = [];
  num(n: number): this {
    const b = Buffer.allocUnsafe(8);
    b.writeDoubleBE(n);
    this.parts.push(b);
    return this;
  }
  str(s: string): this {
    const text = Buffer.from(s, 'utf8');
    const len = Buffer.allocUnsafe(2);
    len.writeUInt16BE(text.length);
    this.parts.push(len, text);
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Reads what TokenWriter wrote; throws RangeError on a short buffer (callers treat that as garbage). */
export class TokenReader {
  private at = 0;
  constructor(private readonly b: Buffer) {}
  num(): number {
    const v = this.b.readDoubleBE(this.at);
    this.at += 8;
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError('not a token number');
    return v;
  }
  str(): string {
    const len = this.b.readUInt16BE(this.at);
    this.at += 2;
    if (this.at + len > this.b.length) throw new RangeError('short token');
    const s = this.b.toString('utf8', this.at, this.at + len);
    this.at += len;
    return s;
  }
  end(): void {
    if (this.at !== this.b.length) throw new RangeError('trailing bytes in token');
  }
}
