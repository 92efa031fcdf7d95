import type { IssuedCredentials } from '../domain/session-token.js';

/** When credentials issued at `now` for `seconds` expire: AWS's Expiration is whole seconds. */
export function expiry(now: number, seconds: number): number {
  return Math.floor(now / 1000) * 1000 + seconds * 1000;
}

export interface CredentialsOutput {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken: string;
  readonly Expiration: Date;
}

/** The `Credentials` member of AssumeRole and GetSessionToken. */
export function credentialsOutput(issued: IssuedCredentials): CredentialsOutput {
  return {
    AccessKeyId: issued.session.accessKeyId,
    SecretAccessKey: issued.secretAccessKey,
    SessionToken: issued.sessionToken,
    Expiration: new Date(issued.session.expiresAt),
  };
}
