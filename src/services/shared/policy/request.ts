import type { IdentityPolicies } from './identity.js';

/**
 * What a policy is evaluated against: who asks (an account's identity, or an AWS service acting
 * for a resource, as SNS does when it delivers to a queue), the action (`sqs:SendMessage`), the
 * resource ARN and the request's condition keys.
 */

/**
 * An identity of an account: the account itself (an access key, or GetSessionToken credentials: its
 * ARN is the account root), an IAM user declared in the credentials file (its key), or a role
 * session (AssumeRole).
 */
export interface AccountPrincipal {
  readonly kind: 'account';
  readonly accountId: string;
  /** `arn:aws:iam::<account>:root`, a user's `arn:aws:iam::<account>:user/<path><name>`, or a session's `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  readonly arn: string;
  /** A role session's role, `arn:aws:iam::<account>:role/<path><name>`: role principals name it. */
  readonly roleArn?: string;
  /**
   * The identity policies of an IAM user or of a session of a declared role (identity.ts). Absent
   * for account roots and sessions of undeclared roles: their account allows them everything.
   */
  readonly identity?: IdentityPolicies;
}

/** An AWS service acting on a resource's behalf (`sns.amazonaws.com`). */
export interface ServicePrincipal {
  readonly kind: 'service';
  readonly service: string;
}

export type Principal = AccountPrincipal | ServicePrincipal;

/**
 * Condition key values as the request has them, keyed by the lower-cased key name (IAM key names
 * are case-insensitive). Multi-valued keys are arrays; everything else is a string, as AWS
 * compares it (booleans as `true`/`false`, times as ISO 8601, numbers as decimal text).
 */
export type ConditionContext = ReadonlyMap<string, string | readonly string[]>;

export interface AuthorizationRequest {
  readonly principal: Principal;
  /** `<service>:<Action>` as IAM names it, e.g. `sqs:SendMessage` (matched case-insensitively). */
  readonly action: string;
  readonly resource: string;
  readonly context: ConditionContext;
}

export const rootArn = (accountId: string): string => `arn:aws:iam::${accountId}:root`;
