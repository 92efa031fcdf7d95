/**
 * Resource policies evaluated the way AWS does for SQS queue policies, SNS topic policies and
 * Kinesis resource policies (opt-in: `--enforce-policies`). Hand-written: the one evaluator on npm
 * is AGPL. See evaluate.ts for the decision, conditions.ts for the operators.
 */
export { parsePolicy, type PolicyDocument, type Statement } from './document.js';
export { decide, evaluatePolicy, type PolicyVerdict, type Refusal } from './evaluate.js';
export { authorizationRequest, conditionContext, principalOf } from './context-keys.js';
export { rootArn, type AuthorizationRequest, type Principal } from './request.js';
export { arnMatch, wildcardMatch } from './wildcard.js';
export { refusalMessage } from './refusal.js';
export { refusedByIdentity } from './identity-gate.js';
export { trustRefuses } from './trust.js';
export { iamOf, iamUserOf, managedPolicy, type IamCaller, type IamDirectory, type IamRole, type IamUser } from './identity.js';
