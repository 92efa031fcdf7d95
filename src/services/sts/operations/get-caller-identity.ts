import { callerIdentity, type CallerIdentity } from '../domain/identity.js';
import { callerSession, type StsOperation } from '../context.js';
import { iamOf } from '../../shared/policy/index.js';

/**
 * Who the credentials of the request belong to (never refused: AWS needs no permission for it). An
 * IAM user's key (the credentials file's `user`) is `arn:aws:iam::<account>:user/<path><name>`
 * with its `AIDA…` user id, as AWS answers for a user.
 */
export const getCallerIdentity: StsOperation<Record<string, never>, CallerIdentity> = async (deps, _input, ctx) => {
  const session = callerSession(deps, ctx);
  const user = session === undefined ? iamOf(ctx)?.user : undefined;
  if (user !== undefined) return { UserId: user.userId, Account: user.accountId, Arn: user.arn };
  return callerIdentity(ctx.accountId, session);
};
