import { createHash, createPrivateKey, generateKeyPair, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Clock } from '../../runtime/clock.js';
import { selfSignedCertificate } from './certificate.js';
import type { SigningKeyRecord, SnsStore } from './store.js';
import type { SignatureFields } from './domain/envelope.js';

const generateRsaKeyPair = promisify(generateKeyPair);

/**
 * Message signatures (AWS-WIRE §2.3): base64 of RSA PKCS#1 v1.5 over the UTF-8 string to sign,
 * hashed with SHA1 for SignatureVersion 1 and SHA256 for 2.
 *
 * The key is this server's, kept in the database (one RSA-2048 pair per deployment, so every node
 * of a PostgreSQL cluster signs alike and a restart keeps the certificate URL stable). It is made
 * off the event loop when the first subscription is created (`warm`; an RSA-2048 key takes 0.1–1 s
 * of CPU, which a Publish would otherwise wait for), not at start (most servers, e.g. in tests,
 * never sign anything). SigningCertURL is
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
      .signingKey(async () => {
        const pair = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
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

  /** Loads (or makes) the key and parses it now, so that the first message does not wait for it. */
  warm(): Promise<void> {
    return this.parsedKey().then(() => undefined);
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

  private parsedKey(): Promise<{ privateKey: KeyObject; certId: string }> {
    this.parsed ??= this.loadKey().then(
      (key) => ({ privateKey: createPrivateKey(key.privateKeyPem), certId: createHash('md5').update(key.publicKeyPem).digest('hex') }),
      (e: unknown) => {
        this.parsed = undefined;
        throw e;
      },
    );
    return this.parsed;
  }

  async sign(stringToSign: string, version: '1' | '2', region: string): Promise<SignatureFields> {
    const { privateKey, certId } = await this.parsedKey();
    // On the event loop, not in libuv's thread pool: an RSA-2048 signature costs ~0.27 ms of CPU, and
    // going through the pool cost a publish about as much again (the hand-off alone, thread and
    // loop wake-ups, was 70–160 µs in session 4). Measured (BENCHMARKS.md, session 7): −16 to −22 %
    // server CPU per publish and more publishes a second, for ~0.3 ms of event loop per signature.
    const signature = sign(version === '2' ? 'RSA-SHA256' : 'RSA-SHA1', Buffer.from(stringToSign, 'utf8'), privateKey).toString('base64');
    return {
      SignatureVersion: version,
      Signature: signature,
      SigningCertURL: `${this.certBaseUrl(region)}/SimpleNotificationService-${certId}.pem`,
    };
  }
}
