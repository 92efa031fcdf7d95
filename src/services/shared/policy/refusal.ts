import type { Refusal } from './evaluate.js';
import type { Principal } from './request.js';

/**
 * AWS's words for a refused request, the same in every service that evaluates resource policies
 * [AWS-recorded in public issues, e.g. microsoft/aspire#3333 (SQS), aws-ia/terraform-aws-control_tower_account_factory#151 (SNS)]:
 * "User: <principal ARN> is not authorized to perform: <action> on resource: <ARN> because no
 * resource-based policy allows the <action> action", or "… with an explicit deny in a
 * resource-based policy". `action` is spelled as the service spells it (SQS: `sqs:sendmessage`,
 * SNS: `SNS:Publish`, Kinesis: `kinesis:PutRecord`).
 */
export function refusalMessage(who: Principal, action: string, resource: string, refusal: Refusal): string {
  const user = who.kind === 'account' ? who.arn : who.service;
  const why = refusal === 'explicit' ? 'with an explicit deny in a resource-based policy' : `because no resource-based policy allows the ${action} action`;
  return `User: ${user} is not authorized to perform: ${action} on resource: ${resource} ${why}`;
}
