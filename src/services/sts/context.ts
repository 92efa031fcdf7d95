import type { RequestContext } from '../shared/service.js';
import type { Clock } from '../../runtime/clock.js';
import { coralViolations } from '../shared/coral-validation.js';
import type { StructureShape } from '../shared/shapes.js';
import { stsErrors } from './errors.js';
import type { Session, SessionTokens } from './domain/session-token.js';

/** Everything an STS operation may use; built once per server by `createStsService`. */
export interface StsDeps {
  readonly tokens: SessionTokens;
  readonly clock: Clock;
  /**
   * --enforce-policies: AssumeRole of a role the credentials file declares is decided by its trust
   * policy (operations/assume-role.ts); of any other role, cross-account calls and session
   * policies are refused (README: STS, Identity policies).
   */
  readonly enforcePolicies: boolean;
  /** The account of a key listed in the credentials file (GetAccessKeyInfo), if any. */
  readonly listedKeyAccount: (accessKeyId: string) => string | undefined;
  readonly defaultAccountId: string;
}

export type StsOperation<I, O> = (deps: StsDeps, input: I, ctx: RequestContext) => Promise<O>;

/**
 * The session the request was signed with, when its token is one this server issued (the
 * verifier has already refused an expired one); undefined for an account's own key or, without
 * --credentials, anyone else's token.
 */
export function callerSession(deps: StsDeps, ctx: RequestContext): Session | undefined {
  return ctx.sessionToken === undefined ? undefined : deps.tokens.open(ctx.sessionToken, ctx.accessKeyId);
}

/** The model's constraints, worded as AWS words them: ValidationError "1 validation error detected: …". */
export function checkConstraints(shape: StructureShape, input: Record<string, unknown>): void {
  const clauses = coralViolations(shape, input, { javaPackage: 'com.amazonaws.sts' });
  if (clauses.length > 0) throw stsErrors.validation(clauses);
}
