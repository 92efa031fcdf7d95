import { callerSession, checkConstraints, type StsOperation } from '../context.js';
import { stsErrors } from '../errors.js';
import { shapes } from '../model-shapes.js';
import { iamOf } from '../../shared/policy/index.js';
import { credentialsOutput, expiry, type CredentialsOutput } from './credentials-output.js';

interface Input {
  DurationSeconds?: number;
  SerialNumber?: string;
  TokenCode?: string;
}

/**
 * AWS: 900–129,600 s accepted. An account's root credentials get at most an hour, and an hour by
 * default ("If the duration is longer than one hour, the session for AWS account owners defaults
 * to one hour"); IAM users up to 36 hours, 12 by default.
 */
const ROOT_MAX_SECONDS = 3600;
const USER_DEFAULT_SECONDS = 43_200;
const USER_MAX_SECONDS = 129_600;

/**
 * Temporary credentials of the caller: its account's root, or the IAM user whose key asked (the
 * credentials file's `user`), which the session stays (its policies apply to the session's calls,
 * as on AWS). MFA (SerialNumber, TokenCode) is not checked.
 */
export const getSessionToken: StsOperation<Input, { Credentials: CredentialsOutput }> = async (deps, input, ctx) => {
  checkConstraints(shapes.getSessionTokenRequest, input as Record<string, unknown>);
  if (callerSession(deps, ctx) !== undefined) throw stsErrors.sessionCredentialsForGetSessionToken();
  const user = iamOf(ctx)?.user;
  const seconds = user === undefined ? Math.min(input.DurationSeconds ?? ROOT_MAX_SECONDS, ROOT_MAX_SECONDS) : Math.min(input.DurationSeconds ?? USER_DEFAULT_SECONDS, USER_MAX_SECONDS);
  const now = deps.clock.now();
  const issued = deps.tokens.issue({ accountId: ctx.accountId, issuedAt: now, expiresAt: expiry(now, seconds), ...(user && { user: { name: user.name, path: user.path } }) });
  return { Credentials: credentialsOutput(issued) };
};
