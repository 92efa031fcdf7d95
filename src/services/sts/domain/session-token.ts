import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Ids } from '../../../runtime/ids.js';
import { temporaryAccessKeyId } from './access-key-id.js';

/**
 * Temporary credentials that need no lookup: the session token is the session.
 *
 * Why sealed tokens rather than a sessions table: every SQS/SNS/Kinesis request signed with
 * temporary credentials must find the session's account and secret, synchronously, on whichever
 * node it lands, and after any restart. A table would cost a database read per request (or a
 * cache that other nodes' issues miss); a token that carries the session, encrypted and
 * authenticated under a key kept in the database, costs one AES-GCM open and works everywhere at
 * once. The price: a session cannot be revoked before it expires (AWS cannot either, short of a
 * deny policy on the role), and its contents are fixed when it is issued.
 *
 * Keys: everything derives from the server key the store keeps (the one Kinesis seals iterators
 * with, created once per database; see server.ts), through HMAC with a label per use, so a token
 * opens on every node and after a restart, and never under another purpose's key:
 *   token key  = HMAC(server key, "switchyard/sts/session-token")  → per token HMAC(token key, salt)
 *   secret     = base64(HMAC(HMAC(server key, "switchyard/sts/secret"), access key id))[0..40]
 * The secret access key is not in the token: the server derives it from the access key id the
 * request names, and the token must name that same id.
 *
 * Token layout, base64: 01 | salt (16) | AES-256-GCM(deflate(JSON of the session)) | tag (16). Each
 * token has its own key (from its salt), so the fixed GCM nonce is never reused under one key.
 */
export interface Session {
  readonly accessKeyId: string;
  /** The account the credentials act as: the role's for AssumeRole, the caller's for GetSessionToken. */
  readonly accountId: string;
  readonly issuedAt: number;
  /** Epoch milliseconds; the credentials are refused from then on. */
  readonly expiresAt: number;
  /** AssumeRole sessions: the role (name and path from its ARN) and the session name. */
  readonly role?: { readonly name: string; readonly path: string; readonly sessionName: string };
  /**
   * GetSessionToken asked with an IAM user's key (the credentials file's `user`): the user, whose
   * identity the session is. Absent for account roots, role sessions and tokens issued before.
   */
  readonly user?: { readonly name: string; readonly path: string };
  readonly sourceIdentity?: string;
  /** Kept as given, not evaluated (README: STS). */
  readonly tags?: readonly { readonly Key: string; readonly Value: string }[];
  readonly policy?: string;
  readonly policyArns?: readonly string[];
}

export type NewSession = Omit<Session, 'accessKeyId'>;

export interface IssuedCredentials {
  readonly session: Session;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

const VERSION = 1;
const SALT = 16;
const TAG = 16;
const IV = Buffer.alloc(12);

export class SessionTokens {
  private readonly tokenKey: Buffer;
  private readonly secretKey: Buffer;

  constructor(
    serverKey: Buffer,
    private readonly ids: Ids,
  ) {
    if (serverKey.length < 32) throw new Error('the server key must have at least 32 bytes');
    this.tokenKey = createHmac('sha256', serverKey).update('switchyard/sts/session-token').digest();
    this.secretKey = createHmac('sha256', serverKey).update('switchyard/sts/secret').digest();
  }

  issue(fields: NewSession): IssuedCredentials {
    const session: Session = { accessKeyId: temporaryAccessKeyId(fields.accountId, this.ids.bytes(5)), ...fields };
    const salt = this.ids.bytes(SALT);
    const cipher = createCipheriv('aes-256-gcm', this.keyFor(salt), IV);
    const body = cipher.update(deflateRawSync(JSON.stringify(session)));
    cipher.final();
    const sessionToken = Buffer.concat([Buffer.of(VERSION), salt, body, cipher.getAuthTag()]).toString('base64');
    return { session, secretAccessKey: this.secretFor(session.accessKeyId), sessionToken };
  }

  /**
   * The session a token carries, when it is one this server (any node) issued, unaltered, for
   * `accessKeyId`; undefined otherwise. Expiry is the caller's to check (it names the error).
   */
  open(token: string, accessKeyId: string | undefined): Session | undefined {
    if (accessKeyId === undefined || token.length < 64 || token.length > 16_384) return undefined;
    const raw = Buffer.from(token, 'base64');
    if (raw.length < 1 + SALT + TAG + 1 || raw[0] !== VERSION) return undefined;
    const salt = raw.subarray(1, 1 + SALT);
    const decipher = createDecipheriv('aes-256-gcm', this.keyFor(salt), IV);
    decipher.setAuthTag(raw.subarray(raw.length - TAG));
    let session: Session;
    try {
      const body = decipher.update(raw.subarray(1 + SALT, raw.length - TAG));
      decipher.final();
      session = JSON.parse(inflateRawSync(body).toString('utf8')) as Session;
    } catch {
      return undefined;
    }
    return session.accessKeyId === accessKeyId ? session : undefined;
  }

  /** The secret access key of temporary credentials, derived from their access key id. */
  secretFor(accessKeyId: string): string {
    return createHmac('sha256', this.secretKey).update(accessKeyId).digest('base64').slice(0, 40);
  }

  private keyFor(salt: Buffer): Buffer {
    return createHmac('sha256', this.tokenKey).update(salt).digest();
  }
}
