import type { Handler, RequestContext } from '../shared/service.js';
import { authorizationRequest, decide, iamOf, parsePolicy, refusalMessage, refusedByIdentity } from '../shared/policy/index.js';
import { openIterator } from './domain/shard-iterator.js';
import type { KinesisDeps } from './context.js';
import { parseConsumerArn, parseStreamArn, streamArn, type StreamRef } from './domain/names.js';
import { kinesisErrors } from './errors.js';

/**
 * `--enforce-policies` for Kinesis: before an operation on a stream or a registered consumer runs,
 * that resource's policy (PutResourcePolicy) is evaluated for `kinesis:<Action>` on its ARN
 * (shared/policy). A stream named by StreamName is the caller's own; another account's stream is
 * reached by StreamARN (or a ConsumerARN / ResourceARN), as on AWS. Wrapping the handler table is
 * the one place every operation passes; with enforcement off it is not wrapped at all.
 *
 * A resource the gate cannot find is left to the operation, which answers in its own words, once
 * the caller's identity policies (IAM users, sessions of declared roles: shared/policy/identity-gate.ts)
 * allow the action on its ARN (CreateStream: the stream's to be [AWS-recorded: "kinesis:CreateStream
 * on resource: arn:aws:kinesis:us-east-1:040343073329:stream/pedidos-ventas-kinesis" in public CLI
 * output]); operations naming no stream (ListStreams, DescribeLimits …) on
 * `arn:aws:kinesis:<region>:<account>:*` [unverified: AWS's documentation has ListStreams allowed on
 * `*`, and a policy with `*` matches either]. GetRecords without a StreamARN names its stream only
 * inside the shard iterator, which the gated GetShardIterator handed out; it is checked again only
 * when identities have policies (iteratorTarget).
 */

/**
 * "The calling identity must … belong to the owner's account" (Kinesis API Reference,
 * PutResourcePolicy; the same for Get/DeleteResourcePolicy): no policy lets another account in.
 */
const OWNER_ONLY = new Set(['PutResourcePolicy', 'GetResourcePolicy', 'DeleteResourcePolicy']);

interface Target {
  /** The stream the resource is, or belongs to. */
  readonly stream: StreamRef;
  /** The ARN the policy is attached to and evaluated on: the stream's, or the consumer's. */
  readonly arn: string;
}

function targetOf(input: Record<string, unknown>, ctx: RequestContext): Target | undefined {
  const arnMember = [input.ConsumerARN, input.ResourceARN, input.StreamARN].find((v): v is string => typeof v === 'string');
  if (arnMember !== undefined) {
    const consumer = parseConsumerArn(arnMember);
    if (consumer) return { stream: consumer, arn: arnMember };
    const stream = parseStreamArn(arnMember);
    if (stream) return { stream, arn: streamArn(stream.region || ctx.region, stream.accountId, stream.name) };
    return undefined;
  }
  if (typeof input.StreamName === 'string') {
    const stream = { region: ctx.region, accountId: ctx.accountId, name: input.StreamName };
    return { stream, arn: streamArn(stream.region, stream.accountId, stream.name) };
  }
  return undefined;
}

export function enforceStreamPolicies(deps: KinesisDeps, handlers: Readonly<Record<string, Handler>>): Record<string, Handler> {
  const gated: Record<string, Handler> = {};
  for (const [operation, handler] of Object.entries(handlers)) {
    const ownerOnly = OWNER_ONLY.has(operation);
    gated[operation] = async (input, ctx) => {
      const fields = (input ?? {}) as Record<string, unknown>;
      const target = targetOf(fields, ctx) ?? (iamOf(ctx) === undefined ? undefined : await iteratorTarget(deps, fields));
      const found = target && (await deps.store.getStream(target.stream.accountId, target.stream.region || ctx.region, target.stream.name));
      if (target && found) {
        const policy = await deps.store.getResourcePolicy(target.arn);
        const req = authorizationRequest(ctx, `kinesis:${operation}`, target.arn, deps.clock.now());
        const refusal = decide(parsePolicy(policy), req, found.accountId, ownerOnly);
        if (refusal) throw kinesisErrors.accessDenied(refusalMessage(req.principal, `kinesis:${operation}`, target.arn, refusal));
      } else if (target || fields.ShardIterator === undefined) {
        const arn = target?.arn ?? `arn:aws:kinesis:${ctx.region}:${ctx.accountId}:*`;
        const denied = refusedByIdentity(ctx, `kinesis:${operation}`, arn, deps.clock.now());
        if (denied) throw kinesisErrors.accessDenied(refusalMessage(denied.principal, `kinesis:${operation}`, arn, denied.refusal));
      }
      return handler(input, ctx);
    };
  }
  return gated;
}

/**
 * GetRecords names its stream only inside its shard iterator. When the credentials file declares
 * users or roles (ctx.iam) the gate opens the iterator, so that GetRecords is authorized on the
 * stream's ARN, by identity and stream policies, as AWS authorizes kinesis:GetRecords; otherwise
 * (and for an iterator that does not open, which the operation refuses) it is not checked again.
 */
async function iteratorTarget(deps: KinesisDeps, fields: Record<string, unknown>): Promise<Target | undefined> {
  if (typeof fields.ShardIterator !== 'string') return undefined;
  const opened = openIterator(deps.sealer(), fields.ShardIterator, deps.clock.now());
  const stream = opened.ok ? await deps.store.getStreamById(opened.state.streamDbId) : undefined;
  return stream && { stream, arn: streamArn(stream.region, stream.accountId, stream.name) };
}
