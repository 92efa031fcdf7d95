import type { KinesisOperation } from '../context.js';

interface Commitment {
  Status: 'ENABLED' | 'DISABLED';
  StartedAt?: number;
  EndedAt?: number;
  EarliestAllowedEndAt?: number;
}

/** AWS: a minimum throughput billing commitment runs at least 24 hours once enabled. */
const MIN_COMMITMENT_MS = 86_400_000;

/**
 * DescribeAccountSettings / UpdateAccountSettings: the account's minimum throughput billing
 * commitment (on-demand Advantage), stored per account and region. Enabling records when it
 * started and the earliest allowed end; disabling before then reports
 * ENABLED_UNTIL_EARLIEST_ALLOWED_END, as AWS's status enum describes. Nothing is billed here.
 */
function output(c: Commitment | undefined, now: number): Record<string, unknown> | undefined {
  if (!c) return undefined;
  const status = c.Status === 'DISABLED' && c.EarliestAllowedEndAt !== undefined && now < c.EarliestAllowedEndAt ? 'ENABLED_UNTIL_EARLIEST_ALLOWED_END' : c.Status;
  const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
  return { Status: status, StartedAt: date(c.StartedAt), EndedAt: date(c.EndedAt), EarliestAllowedEndAt: date(c.EarliestAllowedEndAt) };
}

export const describeAccountSettings: KinesisOperation<Record<string, never>, unknown> = async (deps, _input, ctx) => {
  const s = await deps.store.getAccountSettings(ctx.accountId, ctx.region);
  return { MinimumThroughputBillingCommitment: output(s.minimumThroughputBillingCommitment as Commitment | undefined, deps.clock.now()) };
};

export const updateAccountSettings: KinesisOperation<{ MinimumThroughputBillingCommitment: { Status: 'ENABLED' | 'DISABLED' } }, unknown> = async (
  deps,
  input,
  ctx,
) => {
  const now = deps.clock.now();
  const before = (await deps.store.getAccountSettings(ctx.accountId, ctx.region)).minimumThroughputBillingCommitment as Commitment | undefined;
  const enabled = before?.Status === 'ENABLED';
  let next: Commitment;
  if (input.MinimumThroughputBillingCommitment.Status === 'ENABLED') {
    next = enabled ? before! : { Status: 'ENABLED', StartedAt: now, EarliestAllowedEndAt: now + MIN_COMMITMENT_MS };
  } else {
    next = enabled ? { ...before!, Status: 'DISABLED', EndedAt: Math.max(now, before!.EarliestAllowedEndAt ?? now) } : (before ?? { Status: 'DISABLED' });
  }
  await deps.store.updateAccountSettings(ctx.accountId, ctx.region, { minimumThroughputBillingCommitment: next });
  return { MinimumThroughputBillingCommitment: output(next, now) };
};
