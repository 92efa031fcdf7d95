import { callerSession, checkConstraints, type StsOperation } from '../context.js';
import { stsErrors } from '../errors.js';
import { shapes } from '../model-shapes.js';
import { credentialsOutput, expiry, type CredentialsOutput } from './credentials-output.js';

interface Input {
  DurationSeconds?: number;
  SerialNumber?: string;
  TokenCode?: string;
}

/**
 * AWS: an account's root credentials get at most an hour, and an hour by default ("If the duration
 * is longer than one hour, the session for AWS account owners defaults to one hour"); IAM users up
 * to 36 hours. Every Switchyard key is an account's, so: 900–129600 accepted, at most 3600 given.
 */
const ROOT_MAX_SECONDS = 3600;

/** Temporary credentials of the caller's own account. MFA (SerialNumber, TokenCode) is not checked. */
export const getSessionToken: StsOperation<Input, { Credentials: CredentialsOutput }> = async (deps, input, ctx) => {
  checkConstraints(shapes.getSessionTokenRequest, input as Record<string, unknown>);
  if (callerSession(deps, ctx) !== undefined) throw stsErrors.sessionCredentialsForGetSessionToken();
  const seconds = Math.min(input.DurationSeconds ?? ROOT_MAX_SECONDS, ROOT_MAX_SECONDS);
  const now = deps.clock.now();
  const issued = deps.tokens.issue({ accountId: ctx.accountId, issuedAt: now, expiresAt: expiry(now, seconds) });
  return { Credentials: credentialsOutput(issued) };
};
