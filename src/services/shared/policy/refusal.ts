import type { Refusal } from './evaluate.js';
import type { Principal } from './request.js';

/**
 * AWS's words for a refused request, the same in every service that evaluates resource policies
 * [AWS-recorded in public issues, e.g. microsoft/aspire#3333 (SQS), aws-ia/terraform-aws-control_tower_account_factory#151 (SNS)]:
 * "User: <principal ARN> is not authorized to perform: <action> on resource: <ARN> because no
 * resource-based policy allows the <action> action", or "… with an explicit deny in a
 * resource-based policy". For identity policies, "because no identity-based policy allows the
 * <action> action" [AWS-recorded: aws-ia/terraform-aws-control_tower_account_factory#151 (SNS),
 * awslabs/amazon-kinesis-connector-flink#65 (Kinesis), CLI output quoted for sqs:createqueue and
 * sqs:listqueues] and "with an explicit deny in an identity-based policy" [AWS-recorded for other
 * services; AWS appends ": <policy ARN>" for a managed policy, and inline policies are all there is
 * here]; "because no session policy allows the <action> action" and "with an explicit deny in a
 * session policy" [AWS-recorded for S3, DynamoDB, KMS in public logs and tests]. `action` is spelled
 * as the service spells it (SQS: `sqs:sendmessage`, SNS: `SNS:Publish`, Kinesis: `kinesis:PutRecord`).
 */
export function refusalMessage(who: Principal, action: string, resource: string, refusal: Refusal): string {
  const user = who.kind === 'account' ? who.arn : who.service;
  return `User: ${user} is not authorized to perform: ${action} on resource: ${resource} ${REASONS[refusal](action)}`;
}

const REASONS: Readonly<Record<Refusal, (action: string) => string>> = {
  implicit: (action) => `because no resource-based policy allows the ${action} action`,
  explicit: () => 'with an explicit deny in a resource-based policy',
  identity: (action) => `because no identity-based policy allows the ${action} action`,
  'identity-explicit': () => 'with an explicit deny in an identity-based policy',
  session: (action) => `because no session policy allows the ${action} action`,
  'session-explicit': () => 'with an explicit deny in a session policy',
};
