import type { RequestContext } from '../../shared/service.js';
import { resolveStream, type KinesisDeps, type KinesisOperation } from '../context.js';
import { resolveConsumer } from '../consumers.js';
import { parseConsumerArn, parseStreamArn } from '../domain/names.js';
import { kinesisErrors } from '../errors.js';

interface Input {
  ResourceARN: string;
  Policy?: string;
  StreamId?: string;
}

/**
 * Put/Get/DeleteResourcePolicy: a policy document stored per stream or consumer ARN (the resource
 * must exist: ResourceNotFoundException). Switchyard does not evaluate policies; it keeps them so
 * infrastructure code that sets and reads them works. The document must be a JSON object.
 * GetResourcePolicy of a resource without one (never set, or deleted) answers `{}` [AWS-recorded:
 * localstack/localstack tests/aws/services/kinesis/test_kinesis.snapshot.json, test_resource_policy_crud,
 * "default_policy_if_not_set" and "get_resource_policy_after_delete", validated Aug 2025].
 */
async function checkResource(deps: KinesisDeps, input: Input, ctx: RequestContext): Promise<void> {
  const arn = input.ResourceARN;
  if (parseConsumerArn(arn)) await resolveConsumer(deps, { ConsumerARN: arn }, ctx);
  else if (parseStreamArn(arn)) await resolveStream(deps, { StreamARN: arn, StreamId: input.StreamId }, ctx);
  else throw kinesisErrors.invalidResourceArn(arn);
}

export const putResourcePolicy: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  await checkResource(deps, input, ctx);
  let doc: unknown;
  try {
    doc = JSON.parse(input.Policy ?? '');
  } catch (e) {
    throw kinesisErrors.invalidPolicy((e as Error).message);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw kinesisErrors.invalidPolicy('the policy must be a JSON object');
  await deps.store.putResourcePolicy(input.ResourceARN, input.Policy!);
};

export const getResourcePolicy: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  await checkResource(deps, input, ctx);
  return { Policy: (await deps.store.getResourcePolicy(input.ResourceARN)) ?? '{}' };
};

export const deleteResourcePolicy: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  await checkResource(deps, input, ctx);
  if (!(await deps.store.deleteResourcePolicy(input.ResourceARN))) throw kinesisErrors.policyNotFound(input.ResourceARN);
};
