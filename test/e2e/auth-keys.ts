import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { buildQueryString } from '@smithy/querystring-builder';
import { SignatureV4 } from '@smithy/signature-v4';
import { startTestServer, type EngineName, type TestServer } from '../helpers/server.js';

/**
 * Plumbing of the authentication e2e suites (test/e2e/auth*.test.ts): two access keys of two
 * accounts in a credentials file, a server that requires them, and presigned URLs made by the JS
 * SDK's own signer.
 */
export const ALICE = { accessKeyId: 'AKIAALICEEXAMPLE0001', secretAccessKey: 'alice/secret+Key0001', accountId: '111111111111' };
export const BOB = { accessKeyId: 'AKIABOBEXAMPLE000002', secretAccessKey: 'bob/secret+Key000002', accountId: '222222222222' };
export type Key = typeof ALICE;

/** A server over `engine` that verifies signatures with ALICE's and BOB's keys; close() also removes the file. */
export async function startAuthServer(engine: EngineName, settings: Record<string, string> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-auth-'));
  const file = join(dir, 'credentials.json');
  writeFileSync(file, JSON.stringify({ accessKeys: [ALICE, BOB] }));
  const server = await startTestServer(engine, {}, { credentials: file, kinesisCreateDelayMs: '50', ...settings });
  return {
    ...server,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** SDK v3 client settings signing with `key` (secret overridable), no retries. */
export function clientConfig(url: string, key: Key, secretAccessKey = key.secretAccessKey) {
  return { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: key.accessKeyId, secretAccessKey }, maxAttempts: 1 };
}

/**
 * A presigned GET of `url` with `query`, as @smithy/signature-v4 `presign` makes it (the signer of
 * every JS v3 client): signed at `signedAt`, good for `expiresIn` seconds.
 */
export async function presignedGet(url: string, service: string, key: Key, query: Record<string, string>, expiresIn = 300, signedAt = Date.now()): Promise<string> {
  const u = new URL(url);
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials: key, sha256: Sha256 });
  const req = await signer.presign(
    { method: 'GET', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: '/', query, headers: { host: u.host } },
    { expiresIn, signingDate: new Date(signedAt) },
  );
  return `${u.origin}/?${buildQueryString(req.query as Record<string, string>)}`;
}

/** The `<Code>` and `<Message>` of a query-protocol error body. */
export function xmlError(xml: string): { code?: string; message?: string } {
  return { code: /<Code>([^<]*)<\/Code>/.exec(xml)?.[1], message: /<Message>([^<]*)<\/Message>/.exec(xml)?.[1] };
}
