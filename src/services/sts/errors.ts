import { ServiceError } from '../shared/errors.js';
import { coralValidationMessage } from '../shared/coral-validation.js';

/**
 * The STS error catalogue: every message a client can see, in AWS's words where a recording was
 * found (the sources are in model.ts beside each code), else marked [unverified].
 */
export const stsErrors = {
  validation: (clauses: readonly string[]) => new ServiceError('ValidationError', coralValidationMessage(clauses)),
  valueNull: (path: string) =>
    new ServiceError('ValidationError', `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`),
  invalidParameter: (path: string) => new ServiceError('ValidationError', `Invalid value for parameter ${path}`),
  malformed: (detail: string) => new ServiceError('ValidationError', detail),
  invalidAction: (name: string) => new ServiceError('InvalidAction', `The action ${name} is not valid for this endpoint.`),
  /** A RoleArn that is no IAM role ARN [AWS-recorded for AssumeRoleWithSAML: cevoaustralia/aws-google-auth#163 "Request ARN is invalid"]. */
  invalidRoleArn: () => new ServiceError('ValidationError', 'Request ARN is invalid'),
  /** [AWS docs: role chaining limits a session to one hour; wording as AWS's console shows it, unverified for the API] */
  chainedDurationTooLong: () =>
    new ServiceError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'),
  /** [AWS-recorded: aws/aws-sdk-js#3670] */
  sessionCredentialsForGetSessionToken: () => new ServiceError('AccessDenied', 'Cannot call GetSessionToken with session credentials'),
  /** [AWS-recorded: Netflix/security_monkey#77] */
  notAuthorizedToAssume: (callerArn: string, roleArn: string) =>
    new ServiceError('AccessDenied', `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`),
  /** Switchyard's own refusal: with --enforce-policies, a session policy it cannot apply is not silently widened. */
  sessionPolicyNotEnforced: () =>
    new ServiceError(
      'AccessDenied',
      'Switchyard does not evaluate session policies (Policy, PolicyArns): with --enforce-policies it refuses them rather than issue credentials that allow more than the policy would.',
    ),
  /** [unverified wording] */
  malformedPolicy: () => new ServiceError('MalformedPolicyDocumentException', 'Syntax errors in policy.'),
  /** [unverified wording, after AWS's "Packed policy consumes 120% of allotted space, please use smaller policy for this session."] */
  packedPolicyTooLarge: (percent: number) =>
    new ServiceError('PackedPolicyTooLargeException', `Packed policy consumes ${percent}% of allotted space, please use smaller policy for this session.`),
};
