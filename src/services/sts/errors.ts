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
  /** A RoleArn that is no ARN at all [AWS-recorded: localstack tests/aws/services/sts/test_sts.snapshot.json, test_sts_invalid_parameters]. */
  malformedArn: (arn: string) => new ServiceError('ValidationError', `${arn} is invalid`),
  /** An ARN that names no IAM role [AWS-recorded for AssumeRoleWithSAML: physera/onelogin-aws-cli#12, cevoaustralia/aws-google-auth#163; for AssumeRole unverified]. */
  invalidRoleArn: () => new ServiceError('ValidationError', 'Request ARN is invalid'),
  /** [AWS-recorded: aws/eks-anywhere#9485, prowler-cloud/prowler#7721, 99designs/aws-vault#263] */
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
  /**
   * A Policy that is not JSON [AWS's answer as ansible-collections/amazon.aws's sts_assume_role integration test asserts it].
   * Since late 2025 AWS reportedly answers with its JSON parser's text instead (ansible-collections/amazon.aws#2778), which names a Java object: not reproduced.
   */
  malformedPolicy: () => new ServiceError('MalformedPolicyDocumentException', 'The policy is not in the valid JSON format.'),
  /** [AWS-recorded: AWS knowledge center "iam-role-aws-sts-error"; utoolity's capture of the Java SDK's PackedPolicyTooLargeException, 400] */
  packedPolicyTooLarge: (percent: number) =>
    new ServiceError('PackedPolicyTooLargeException', `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`),
  /** [AWS-recorded: aws-actions/configure-aws-credentials#1898 (the CLI's output), aws/containers-roadmap#2413] */
  packedTagsTooLarge: (percent: number) => new ServiceError('PackedPolicyTooLargeException', `Packed size of session tags consumes ${percent}% of allotted space.`),
};
