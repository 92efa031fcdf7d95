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
  if (block === '*') return true;
  for (const [type, values] of Object.entries(block)) {
    if (type === 'AWS') {
      for (const v of values) if (v === '*' || (who.kind === 'account' && namesAccountIdentity(v, who))) return true;
    } else if (type === 'Service') {
      if (who.kind === 'service' && values.some((v) => v === '*' || v.toLowerCase() === who.service.toLowerCase())) return true;
    }
  }
  return false;
}

function namesAccountIdentity(value: string, who: AccountPrincipal): boolean {
  if (value === who.accountId || value === rootArn(who.accountId)) return true;
  return value === who.arn || (who.roleArn !== undefined && value === who.roleArn);
}
