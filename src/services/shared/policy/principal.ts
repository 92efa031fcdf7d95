import type { PrincipalBlock } from './document.js';
import { rootArn, type AccountPrincipal, type Principal } from './request.js';

/**
 * Whether a `Principal` block names the principal (IAM's rules for resource policies):
 * - `"*"` or `{"AWS": "*"}`: everyone, AWS services included (the classic SNS → SQS queue policy
 *   is `{"AWS": "*"}` with an aws:SourceArn condition);
 * - `{"AWS": "123456789012"}` or `{"AWS": "arn:aws:iam::123456789012:root"}`: any identity of that
 *   account, its role sessions included (on AWS the account's IAM policies must also allow a role;
 *   with no IAM here, the account's grant is enough);
 * - `{"AWS": "arn:aws:iam::123456789012:role/path/name"}`: every session of that role (AWS
 *   compares a session's role, not the session, with a role principal);
 * - `{"AWS": "arn:aws:sts::123456789012:assumed-role/name/session"}`: that one session;
 * - `{"Service": "sns.amazonaws.com"}`: that service acting for a resource.
 * Other principal types (Federated, CanonicalUser) never name a Switchyard caller. Wildcards are
 * not patterns in principals: only a lone `*` means everyone.
 */
export function principalMatches(block: PrincipalBlock, who: Principal): boolean {
  return principalMatch(block, who) !== undefined;
}

/**
 * How a `Principal` block names the principal, which matters once identities have policies of
 * their own (IAM User Guide, "AWS JSON policy elements: Principal", AWS account principals: naming
 * an account "delegates authority to the account", whose identities then need an identity-based
 * Allow too, even in the same account; naming the user, role or session grants it directly):
 * - `account`: by its account id or root ARN;
 * - `identity`: by `*`, its user or role ARN, or a service;
 * - `session`: by its assumed-role session ARN (such a grant is not narrowed by a session policy).
 * Undefined when the block does not name it.
 */
export type PrincipalMatch = 'account' | 'identity' | 'session';

export function principalMatch(block: PrincipalBlock, who: Principal): PrincipalMatch | undefined {
  if (block === '*') return 'identity';
  let found: PrincipalMatch | undefined;
  for (const [type, values] of Object.entries(block)) {
    if (type === 'AWS') {
      for (const v of values) {
        const match = v === '*' ? 'identity' : who.kind === 'account' ? namesAccountIdentity(v, who) : undefined;
        if (match !== undefined && (found === undefined || found === 'account')) found = match;
      }
    } else if (type === 'Service') {
      if (who.kind === 'service' && values.some((v) => v === '*' || v.toLowerCase() === who.service.toLowerCase())) return 'identity';
    }
  }
  return found;
}

function namesAccountIdentity(value: string, who: AccountPrincipal): PrincipalMatch | undefined {
  if (value === who.arn) return who.roleArn !== undefined ? 'session' : value === rootArn(who.accountId) ? 'account' : 'identity';
  if (value === who.accountId || value === rootArn(who.accountId)) return 'account';
  return who.roleArn !== undefined && value === who.roleArn ? 'identity' : undefined;
}
