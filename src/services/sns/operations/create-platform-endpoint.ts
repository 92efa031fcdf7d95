import type { CreateEndpointResponse, CreatePlatformEndpointInput } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { checkAttributes, checkCustomUserData, ENDPOINT, ENDPOINT_ATTRIBUTES, endpointArn, loadApp, type EndpointDoc } from '../mobile.js';

/**
 * Creates a device endpoint under an application. Idempotent per token: the same token with the
 * same attributes answers the same ARN; with different ones AWS refuses: "Invalid parameter: Token
 * Reason: Endpoint <arn> already exists with the same Token, but different attributes."
 * [AWS-recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json,
 * test_create_platform_endpoint_idempotency; getmoto/moto tests/test_sns/test_application.py,
 * test_create_duplicate_platform_endpoint_with_attrs, run against AWS].
 */
export const createPlatformEndpoint: SnsOperation<CreatePlatformEndpointInput, CreateEndpointResponse> = async (deps, input) => {
  const token = input.Token ?? '';
  if (token === '') throw snsErrors.invalidParameter('Token Reason: cannot be empty'); // [unverified]
  const extra = checkAttributes(input.Attributes, ENDPOINT_ATTRIBUTES);
  const { doc: app } = await loadApp(deps, input.PlatformApplicationArn);
  const attributes: Record<string, string> = { Enabled: 'true', ...extra, Token: token };
  if (input.CustomUserData !== undefined) {
    checkCustomUserData(input.CustomUserData);
    attributes.CustomUserData = input.CustomUserData;
  }
  const arn = endpointArn(app.key, token);
  const data: EndpointDoc = { attributes };
  const { created, document } = await deps.store.createDocument({
    kind: ENDPOINT, accountId: app.accountId, region: app.region, key: arn, parent: app.key, data: JSON.stringify(data), createdAt: deps.clock.now(),
  });
  if (!created) {
    const existing = (JSON.parse(document.data) as EndpointDoc).attributes;
    const same = Object.keys({ ...existing, ...attributes }).every((k) => existing[k] === attributes[k]);
    if (!same) throw snsErrors.invalidParameter(`Token Reason: Endpoint ${arn} already exists with the same Token, but different attributes.`);
  }
  return { EndpointArn: arn };
};
