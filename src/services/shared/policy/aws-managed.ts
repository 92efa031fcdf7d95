import { parsePolicy, type PolicyDocument } from './document.js';

/**
 * AWS managed policies that teams attach for SQS, SNS, Kinesis and STS, as the AWS Managed Policy
 * Reference Guide (docs.aws.amazon.com/aws-managed-policy/latest/reference/<Name>.html) gives their
 * default version's JSON. Each entry names the version it copies; AWS edits these policies now and
 * then (a new action), so a newer version may allow a little more than this one.
 *
 * ReadOnlyAccess is not here: its thousands of actions across every service cannot be copied
 * faithfully in part, and a part would be a different policy under the same name.
 */
const DOCUMENTS: Readonly<Record<string, object>> = {
  // v4 (default), edited 2024-05-24.
  AmazonSQSReadOnlyAccess: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AmazonSQSReadOnlyAccess',
        Effect: 'Allow',
        Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListDeadLetterSourceQueues', 'sqs:ListQueues', 'sqs:ListMessageMoveTasks', 'sqs:ListQueueTags'],
        Resource: '*',
      },
    ],
  },
  // [unverified version: the reference page was not found in the library; the long-standing v1
  // document, `sqs:*` on `*`, which later versions are not known to narrow.]
  AmazonSQSFullAccess: { Version: '2012-10-17', Statement: [{ Action: ['sqs:*'], Effect: 'Allow', Resource: '*' }] },
  // v2 (default), edited 2024-09-24. The SMS statement needs aws:CalledViaLast, which no request
  // here has: it never matches, as on AWS for a direct call.
  AmazonSNSReadOnlyAccess: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'SNSReadOnlyAccess',
        Effect: 'Allow',
        Action: [
          'sns:GetTopicAttributes',
          'sns:List*',
          'sns:CheckIfPhoneNumberIsOptedOut',
          'sns:GetEndpointAttributes',
          'sns:GetDataProtectionPolicy',
          'sns:GetPlatformApplicationAttributes',
          'sns:GetSMSAttributes',
          'sns:GetSMSSandboxAccountStatus',
          'sns:GetSubscriptionAttributes',
        ],
        Resource: '*',
      },
      {
        Sid: 'SMSAccessViaSNS',
        Effect: 'Allow',
        Action: [
          'sms-voice:DescribeVerifiedDestinationNumbers',
          'sms-voice:DescribeAccountAttributes',
          'sms-voice:DescribeSpendLimits',
          'sms-voice:DescribePhoneNumbers',
          'sms-voice:DescribeOptedOutNumbers',
        ],
        Resource: '*',
        Condition: { StringEquals: { 'aws:CalledViaLast': 'sns.amazonaws.com' } },
      },
    ],
  },
  // v2 (default), edited 2024-09-24.
  AmazonSNSFullAccess: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'SNSFullAccess', Effect: 'Allow', Action: 'sns:*', Resource: '*' },
      {
        Sid: 'SMSAccessViaSNS',
        Effect: 'Allow',
        Action: [
          'sms-voice:DescribeVerifiedDestinationNumbers',
          'sms-voice:CreateVerifiedDestinationNumber',
          'sms-voice:SendDestinationNumberVerificationCode',
          'sms-voice:SendTextMessage',
          'sms-voice:DeleteVerifiedDestinationNumber',
          'sms-voice:VerifyDestinationNumber',
          'sms-voice:DescribeAccountAttributes',
          'sms-voice:DescribeSpendLimits',
          'sms-voice:DescribePhoneNumbers',
          'sms-voice:SetTextMessageSpendLimitOverride',
          'sms-voice:DescribeOptedOutNumbers',
          'sms-voice:DeleteOptedOutNumber',
        ],
        Resource: '*',
        Condition: { StringEquals: { 'aws:CalledViaLast': 'sns.amazonaws.com' } },
      },
    ],
  },
  // v1 (default), edited 2015-02-06.
  AmazonKinesisReadOnlyAccess: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['kinesis:Get*', 'kinesis:List*', 'kinesis:Describe*'], Resource: '*' }],
  },
  // v1 (default), edited 2015-02-06.
  AmazonKinesisFullAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kinesis:*', Resource: '*' }] },
  // [unverified version: the reference page was not found in the library; AdministratorAccess is
  // everything on everything, which is what any version of it says.]
  AdministratorAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/** `arn:aws:iam::aws:policy/<Name>` → its document. */
export const AWS_MANAGED_POLICIES: ReadonlyMap<string, PolicyDocument> = new Map(
  Object.entries(DOCUMENTS).map(([name, doc]) => [`arn:aws:iam::aws:policy/${name}`, parsePolicy(JSON.stringify(doc))] as const),
);
