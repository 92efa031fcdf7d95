import { createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Clock } from '../../runtime/clock.js';
import { selfSignedCertificate } from './certificate.js';
import type { SigningKeyRecord, SnsStore } from './store.js';
import type { SignatureFields } from './domain/envelope.js';

/**
 * Message signatures (AWS-WIRE §2.3): base64 of RSA PKCS#1 v1.5 over the UTF-8 string to sign,
 * hashed with SHA1 for SignatureVersion 1 and SHA256 for 2.
 *
 * The key is this server's, kept in the database (one RSA-2048 pair per deployment, so every node
 * of a PostgreSQL cluster signs alike and a restart keeps the certificate URL stable). It is made
 * on first use, not at start (generating one takes tens of milliseconds). SigningCertURL is
 * `<base>/SimpleNotificationService-<md5 of the public key, hex>.pem`, the shape AWS uses; the
 * base is configurable (default `https://sns.<region>.amazonaws.com`); the server serves the
 * certificate at `/SimpleNotificationService-<id>.pem` (runtime/admin-routes.ts).
 */
export class Signer {
  private key: Promise<SigningKeyRecord> | undefined;
  private cert: Promise<string> | undefined;
  /**
   * The parsed private key and certificate id, made once: signing from the PEM string re-parses the
   * key on every call (~800 µs per RSA-2048 signature here, against ~240 µs from a KeyObject).
   */
  private parsed: Promise<{ privateKey: KeyObject; certId: string }> | undefined;

  constructor(
    private readonly store: SnsStore,
    private readonly clock: Clock,
    private readonly certBaseUrl: (region: string) => string,
  ) {}

  private loadKey(): Promise<SigningKeyRecord> {
    this.key ??= this.store
      .signingKey(() => {
        const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return {
          privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          createdAt: this.clock.now(),
        };
      })
      .catch((e) => {
        this.key = undefined; // try again on the next delivery
        throw e;
      });
    return this.key;
  }

  /** The public key in PEM, e.g. for a test that verifies signatures or for the certificate. */
  async publicKeyPem(): Promise<string> {
    return (await this.loadKey()).publicKeyPem;
  }

  /** The key's id in SigningCertURL: the MD5 of its public key PEM, in hex (32 characters, as AWS's). */
  async certificateId(): Promise<string> {
    return createHash('md5').update((await this.loadKey()).publicKeyPem).digest('hex');
  }

  /** The PEM certificate served at SigningCertURL (see certificate.ts). */
  async certificatePem(): Promise<string> {
    this.cert ??= this.loadKey().then((key) =>
      selfSignedCertificate(key.privateKeyPem, key.publicKeyPem, key.createdAt, createHash('md5').update(key.publicKeyPem).digest('hex')),
    );
    return this.cert;
  }

  async sign(stringToSign: string, version: '1' | '2', region: string): Promise<SignatureFields> {
    this.parsed ??= this.loadKey().then((key) => ({
      privateKey: createPrivateKey(key.privateKeyPem),
      certId: createHash('md5').update(key.publicKeyPem).digest('hex'),
    }));
    const { privateKey, certId } = await this.parsed.catch((e) => {
      this.parsed = undefined;
      throw e;
    });
    const signature = sign(version === '2' ? 'RSA-SHA256' : 'RSA-SHA1', Buffer.from(stringToSign, 'utf8'), privateKey).toString('base64');
    return {
      SignatureVersion: version,
      Signature: signature,
      SigningCertURL: `${this.certBaseUrl(region)}/SimpleNotificationService-${certId}.pem`,
    };
  }
}
