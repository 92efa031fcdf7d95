import type { CreatePlatformApplicationInput, CreatePlatformApplicationResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { APP, APP_ATTRIBUTES, appArn, checkAppName, checkAttributes, checkPlatform, type AppDoc } from '../mobile.js';

/**
 * Creates a platform application (stored; nothing is pushed). AWS requires the platform's
 * credential (PlatformCredential), and for ADM its client id (PlatformPrincipal) with it
 * [AWS-recorded for ADM: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json,
 * test_create_platform_application_invalid_attributes; which other platforms need both is
 * unverified, and so is the wording when neither is given]. Creating one again under the same
 * name updates its attributes and answers the same ARN.
 */
export const createPlatformApplication: SnsOperation<CreatePlatformApplicationInput, CreatePlatformApplicationResponse> = async (deps, input, ctx) => {
  const name = checkAppName(input.Name);
  const platform = checkPlatform(input.Platform);
  const attributes = checkAttributes(input.Attributes, APP_ATTRIBUTES);
  if (attributes.PlatformPrincipal !== undefined && !attributes.PlatformCredential) {
    throw snsErrors.invalidParameter('Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential');
  }
  if (platform === 'ADM' && attributes.PlatformCredential !== undefined && attributes.PlatformPrincipal === undefined) {
    throw snsErrors.invalidParameter('Attributes Reason: PlatformCredential attribute provided without PlatformPrincipal');
  }
  if (!attributes.PlatformCredential) throw snsErrors.invalidParameter('Attributes Reason: PlatformCredential attribute must be specified'); // [unverified]
  const arn = appArn(ctx, platform, name);
  const data: AppDoc = { platform, name, attributes };
  const { created, document } = await deps.store.createDocument({
    kind: APP, accountId: ctx.accountId, region: ctx.region, key: arn, parent: null, data: JSON.stringify(data), createdAt: deps.clock.now(),
  });
  if (!created) await deps.store.updateDocument(document, JSON.stringify(data));
  return { PlatformApplicationArn: arn };
};
