import { callerIdentity, type CallerIdentity } from '../domain/identity.js';
import { callerSession, type StsOperation } from '../context.js';

/** Who the credentials of the request belong to (never refused: AWS needs no permission for it). */
export const getCallerIdentity: StsOperation<Record<string, never>, CallerIdentity> = async (deps, _input, ctx) =>
  callerIdentity(ctx.accountId, callerSession(deps, ctx));
