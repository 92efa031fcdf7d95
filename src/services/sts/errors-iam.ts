import { ServiceError } from '../shared/errors.js';

/** STS errors of roles declared in the credentials file (README "Identity policies"), beside errors.ts's catalogue. */
export const stsIamErrors = {
  /** [AWS-recorded: kreuzwerker/awsu#27, aws-azure-login/aws-azure-login#93, ruimarinho/gsts#13] */
  durationAboveRoleMaximum: () => new ServiceError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'),
  /**
   * A PolicyArns entry naming no managed policy of the role's account (nor an AWS managed one).
   * [unverified: STS's answer to a missing managed session policy is not recorded in what was
   * searched; this takes STS's code for a session policy it refuses (MalformedPolicyDocument, 400)
   * and IAM's words for a policy that is not there ("Policy <arn> does not exist or is not
   * attachable.", IAM NoSuchEntity, recorded in aws/aws-cdk#17278).]
   */
  unknownPolicyArn: (arn: string) => new ServiceError('MalformedPolicyDocument', `Policy ${arn} does not exist or is not attachable.`),
};
