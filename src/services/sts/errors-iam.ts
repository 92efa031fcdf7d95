import { ServiceError } from '../shared/errors.js';

/** STS errors of roles declared in the credentials file (README "Identity policies"), beside errors.ts's catalogue. */
export const stsIamErrors = {
  /** [AWS-recorded: kreuzwerker/awsu#27, aws-azure-login/aws-azure-login#93, ruimarinho/gsts#13] */
  durationAboveRoleMaximum: () => new ServiceError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'),
  /** Switchyard's own refusal: there are no managed policies here to narrow a session to. */
  policyArnsNotEnforced: () =>
    new ServiceError(
      'AccessDenied',
      'Switchyard has no managed policies: with --enforce-policies it refuses PolicyArns rather than issue credentials that allow more than the policies would. Give the session policy inline (Policy).',
    ),
};
