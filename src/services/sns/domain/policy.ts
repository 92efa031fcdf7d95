import { snsErrors } from '../errors.js';

/**
 * Topic access policies. Switchyard does not enforce them (like its SQS), but stores and returns
 * them exactly as AWS writes them, and AddPermission / RemovePermission edit them as AWS does.
 */

/** AWS's default topic policy, compact JSON with AWS's key order [AWS-recorded]. */
export function defaultTopicPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}

/** The actions AddPermission accepts (without the `SNS:` prefix). */
const ACTIONS = new Set(['GetTopicAttributes', 'SetTopicAttributes', 'AddPermission', 'RemovePermission', 'DeleteTopic', 'Subscribe', 'ListSubscriptionsByTopic', 'Publish', 'Receive']);

interface Policy {
  Version?: string;
  Id?: string;
  Statement?: { Sid?: string }[] | { Sid?: string };
  [k: string]: unknown;
}

function parse(policy: string, topicArn: string, accountId: string): Policy {
  try {
    const p = JSON.parse(policy) as Policy;
    if (p && typeof p === 'object') return p;
  } catch {
    // an unparsable stored policy cannot be edited: start from the default, as a fresh topic would
  }
  return JSON.parse(defaultTopicPolicy(topicArn, accountId)) as Policy;
}

function statements(p: Policy): { Sid?: string }[] {
  if (Array.isArray(p.Statement)) return p.Statement;
  return p.Statement ? [p.Statement] : [];
}

/** AddPermission: appends an Allow statement with Sid = label (one principal/action unwrapped, as AWS). */
export function addPermission(policy: string, topicArn: string, accountId: string, label: string, accounts: readonly string[], actions: readonly string[]): string {
  const p = parse(policy, topicArn, accountId);
  const list = statements(p);
  if (list.some((s) => s.Sid === label)) throw snsErrors.statementExists();
  if (actions.some((a) => !ACTIONS.has(a))) throw snsErrors.actionOutOfScope();
  const principals = accounts.map((a) => `arn:aws:iam::${a}:root`);
  const qualified = actions.map((a) => `SNS:${a}`);
  list.push({
    Sid: label,
    Effect: 'Allow',
    Principal: { AWS: principals.length === 1 ? principals[0] : principals },
    Action: qualified.length === 1 ? qualified[0] : qualified,
    Resource: topicArn,
  } as { Sid: string });
  p.Statement = list;
  return JSON.stringify(p);
}

/** RemovePermission: drops the statements with Sid = label (a missing label is not an error). */
export function removePermission(policy: string, topicArn: string, accountId: string, label: string): string {
  const p = parse(policy, topicArn, accountId);
  p.Statement = statements(p).filter((s) => s.Sid !== label);
  return JSON.stringify(p);
}
