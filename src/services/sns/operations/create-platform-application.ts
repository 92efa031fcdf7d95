import type { CreatePlatformApplicationInput, CreatePlatformApplicationResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { APP, APP_ATTRIBUTES, appArn, checkAppName, checkAttributes, checkPlatform, type AppDoc } from '../mobile.js';

/**
 * Creates a platform application (stored; nothing is pushed). AWS requires the platform's
 * credential (PlatformCredential) [unverified wording]. Creating one again under the same name
 * updates its attributes and answers the same ARN.
 */
export const createPlatformApplication: SnsOperation<CreatePlatformApplicationInput, CreatePlatformApplicationResponse> = async (deps, input, ctx) => {
  const name = checkAppName(input.Name);
  const platform = checkPlatform(input.Platform);
  const attributes = checkAttributes(input.Attributes, APP_ATTRIBUTES);
  if (!attributes.PlatformCredential) throw snsErrors.invalidParameter('Attributes Reason: PlatformCredential attribute must be specified'); // [unverified]
  const arn = appArn(ctx, platform, name);
  const data: AppDoc = { platform, name, attributes };
  const { created, document } = await deps.store.createDocument({
    kind: APP, accountId: ctx.accountId, region: ctx.region, key: arn, parent: null, data: JSON.stringify(data), createdAt: deps.clock.now(),
  });
  if (!created) await deps.store.updateDocument(document, JSON.stringify(data));
  return { PlatformApplicationArn: arn };
};
