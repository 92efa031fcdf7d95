import { shardQuota, updateDelay, type KinesisDeps, type ResolvedStream } from '../context.js';
import { kinesisErrors } from '../errors.js';
import type { StreamSettings } from '../store.js';
import type { Plan } from './reshard.js';

/**
 * Applies a plan: the account's shard quota counts the open shards the plan adds, the store
 * records it atomically, and the stream is UPDATING for the configured delay, at whose end the
 * reshard takes effect (domain/reshard-time.ts). A concurrent reshard that won the race makes this
 * one ResourceInUseException, as AWS answers a second reshard.
 */
export async function applyReshard(
  deps: KinesisDeps,
  r: ResolvedStream,
  plan: Plan,
  now: number,
  settings?: StreamSettings,
): Promise<void> {
  const added = plan.create.filter((s) => !s.closed).length - plan.close.length;
  if (added > 0) {
    const usage = await deps.store.accountUsage(r.stream.accountId, r.stream.region, now);
    const limit = shardQuota(deps.config, r.stream.region);
    if (usage.openShards + added > limit) throw kinesisErrors.shardLimit(r.stream.accountId, r.stream.region, usage.openShards, limit, added);
  }
  const outcome = await deps.store.reshard(r.stream.id, { ...plan, updatingUntil: now + updateDelay(deps.config), settings }, now);
  if (outcome === 'gone') throw kinesisErrors.streamNotFound(r.name, r.accountId);
  if (outcome === 'busy') throw kinesisErrors.streamNotActive(r.name, r.accountId, 'UPDATING');
}
