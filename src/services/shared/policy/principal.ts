import type { PrincipalBlock } from './document.js';
import { rootArn, type Principal } from './request.js';

/**
 * Whether a `Principal` block names the principal (IAM's rules for resource policies):
 * - `"*"` or `{"AWS": "*"}`: everyone, AWS services included (the classic SNS → SQS queue policy
 *   is `{"AWS": "*"}` with an aws:SourceArn condition);
 * - `{"AWS": "123456789012"}` or `{"AWS": "arn:aws:iam::123456789012:root"}`: any identity of that
 *   account;
 * - `{"AWS": "arn:aws:iam::123456789012:user/x"}` (or a role …): that identity only;
 * - `{"Service": "sns.amazonaws.com"}`: that service acting for a resource.
 * Other principal types (Federated, CanonicalUser) never name a Switchyard caller. Wildcards are
 * not patterns in principals: only a lone `*` means everyone.
 */
export function principalMatches(block: PrincipalBlock, who: Principal): boolean {
  if (block === '*') return true;
  for (const [type, values] of Object.entries(block)) {
    if (type === 'AWS') {
      for (const v of values) if (v === '*' || (who.kind === 'account' && namesAccountIdentity(v, who.accountId, who.arn))) return true;
    } else if (type === 'Service') {
      if (who.kind === 'service' && values.some((v) => v === '*' || v.toLowerCase() === who.service.toLowerCase())) return true;
    }
  }
  return false;
}

function namesAccountIdentity(value: string, accountId: string, arn: string): boolean {
  if (value === accountId || value === rootArn(accountId)) return true;
  return value === arn;
}
