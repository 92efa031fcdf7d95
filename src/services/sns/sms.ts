import { ServiceError } from '../shared/errors.js';
import type { RequestContext } from '../shared/service.js';
import { snsErrors } from './errors.js';
import type { DocumentAddress } from './records-store.js';

/**
 * SMS settings kept as store documents, per account and region: the account's SMS attributes
 * (kind `sms-attributes`, one document), opted-out numbers (kind `sms-opted-out`, keyed by number)
 * and sandbox destination numbers (kind `sms-sandbox`, keyed by number, with their status and
 * one-time password). No text is sent: what would be (a publish to a number, a sandbox
 * verification code) is recorded, readable at GET /_switchyard/sns/recorded?protocol=sms.
 * Messages marked [unverified] are in AWS's style where no recording was found.
 */
export const SMS_ATTRIBUTES_KIND = 'sms-attributes';
export const OPTED_OUT = 'sms-opted-out';
export const SANDBOX = 'sms-sandbox';

/** SetSMSAttributes names [AWS API reference]. */
export const SMS_ATTRIBUTE_NAMES = new Set([
  'MonthlySpendLimit', 'DeliveryStatusIAMRole', 'DeliveryStatusSuccessSamplingRate', 'DefaultSenderID', 'DefaultSMSType', 'UsageReportS3Bucket',
]);

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * A phone number parameter in E.164 (`+` and up to 15 digits). [AWS-recorded for OptInPhoneNumber,
 * whose member is `phoneNumber`: "invalid" → "Invalid parameter: PhoneNumber Reason: input
 * incorrectly formatted" (localstack/localstack tests/aws/services/sns/test_sns.snapshot.json,
 * test_opt_in_invalid_number); for the other operations unverified]
 */
export function checkPhoneNumber(phone: string | undefined, parameter = 'PhoneNumber'): string {
  const p = phone ?? '';
  if (!E164.test(p)) throw snsErrors.invalidParameter(`${parameter} Reason: input incorrectly formatted`);
  return p;
}

/** Publish's PhoneNumber: the same rule, in Publish's words (errors.ts notValidToPublishTo, AWS-recorded). */
export function checkPublishPhoneNumber(phone: string | undefined): string {
  const p = phone ?? '';
  if (!E164.test(p)) throw snsErrors.notValidToPublishTo(p);
  return p;
}

export function smsAttributesAddress(ctx: RequestContext): DocumentAddress {
  return { kind: SMS_ATTRIBUTES_KIND, accountId: ctx.accountId, region: ctx.region, key: '' };
}

export function numberAddress(kind: string, ctx: RequestContext, phone: string): DocumentAddress {
  return { kind, accountId: ctx.accountId, region: ctx.region, key: phone };
}

export interface SandboxNumber {
  readonly status: 'Pending' | 'Verified';
  readonly oneTimePassword: string;
  readonly languageCode: string;
}

export const sandboxNumberNotFound = () => new ServiceError('ResourceNotFoundException', "Can't find the phone number in the SMS sandbox"); // [unverified]
export const wrongOneTimePassword = () => new ServiceError('VerificationException', 'Invalid one-time password'); // [unverified]
