import { sqsErrors } from '../errors.js';

/**
 * AddPermission / RemovePermission edit the queue's `Policy` attribute, one statement per label,
 * in the form AWS writes (Version 2008-10-17, Sid = label, principals as account root ARNs, actions
 * as `SQS:<Action>`) [AWS-recorded].
 * The policy is stored and returned; it is not enforced yet (README).
 */
interface Statement {
  Sid: string;
  Effect: 'Allow';
  Principal: { AWS: string | string[] };
  Action: string | string[];
  Resource: string;
}
interface Policy {
  Version: string;
  Id: string;
  Statement: Statement[];
}

const LABEL = /^[A-Za-z0-9_-]{1,80}$/;
const ACCOUNT = /^\d{12}$/;
/** Actions AddPermission accepts (AWS: any SQS action, or `*`). */
const ACTIONS = new Set([
  '*', 'SendMessage', 'ReceiveMessage', 'DeleteMessage', 'ChangeMessageVisibility', 'GetQueueAttributes', 'GetQueueUrl',
  'ListDeadLetterSourceQueues', 'PurgeQueue', 'ListQueueTags', 'StartMessageMoveTask', 'CancelMessageMoveTask', 'ListMessageMoveTasks',
]);

export function addPermission(current: string | undefined, queueArn: string, label: string, accounts: readonly string[], actions: readonly string[]): string {
  if (!LABEL.test(label)) throw sqsErrors.invalidParameter('Label', label, 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.');
  if (accounts.length === 0) throw sqsErrors.missingParameter('AWSAccountIds');
  if (actions.length === 0) throw sqsErrors.missingParameter('Actions');
  for (const a of accounts) if (!ACCOUNT.test(a)) throw sqsErrors.invalidParameter('AWSAccountIds', a, 'Invalid account ID.');
  for (const a of actions) if (!ACTIONS.has(a)) throw sqsErrors.invalidParameter('Actions', a, 'Please refer to the appropriate WSDL for a list of valid actions.');
  const policy = parse(current, queueArn);
  if (policy.Statement.some((s) => s.Sid === label)) throw sqsErrors.invalidParameter('Label', label, 'Already exists.');
  const principals = accounts.map((a) => `arn:aws:iam::${a}:root`);
  const sqsActions = actions.map((a) => `SQS:${a}`);
  policy.Statement.push({
    Sid: label,
    Effect: 'Allow',
    Principal: { AWS: principals.length === 1 ? principals[0]! : principals },
    Action: sqsActions.length === 1 ? sqsActions[0]! : sqsActions,
    Resource: queueArn,
  });
  return JSON.stringify(policy);
}

/** Returns the policy without the label's statement ("" once no statement is left). */
export function removePermission(current: string | undefined, queueArn: string, label: string): string {
  // AWS words it differently with and without a policy on the queue [AWS-recorded].
  if (!current) throw sqsErrors.invalidParameter('Label', label, "can't find label.");
  const policy = parse(current, queueArn);
  const kept = policy.Statement.filter((s) => s.Sid !== label);
  if (kept.length === policy.Statement.length) throw sqsErrors.invalidParameter('Label', label, "can't find label on existing policy.");
  return kept.length === 0 ? '' : JSON.stringify({ ...policy, Statement: kept });
}

function parse(current: string | undefined, queueArn: string): Policy {
  if (!current) return { Version: '2008-10-17', Id: `${queueArn}/SQSDefaultPolicy`, Statement: [] };
  const p = JSON.parse(current) as Partial<Policy>;
  const statements = Array.isArray(p.Statement) ? p.Statement : p.Statement ? [p.Statement as Statement] : [];
  return { Version: p.Version ?? '2008-10-17', Id: p.Id ?? `${queueArn}/SQSDefaultPolicy`, Statement: statements };
}
