/**
 * Declared resources: one file of queues, topics with their subscriptions, and streams with
 * their consumers, applied idempotently at startup and exported back from a running server.
 *
 * - resources-spec.ts: the format, read and checked (`parseResources`, `readResourcesFile`);
 * - resources-apply.ts (and -streams): `applyResources`, which converges the server to the file
 *   through the services' operations, never deleting anything;
 * - resources-export.ts: `exportResources`, the server's resources in the same format.
 */
export { applyResources, summaryLine, type ApplyOptions } from './resources-apply.js';
export { exportResources } from './resources-export.js';
export { resourceContext, type ApplySummary, type ResourceServices } from './resources-common.js';
export {
  formatResources,
  parseResources,
  readResourcesFile,
  type AttributeValue,
  type QueueSpec,
  type ResourceSpec,
  type StreamSpec,
  type SubscriptionSpec,
  type TopicSpec,
} from './resources-spec.js';
export type { TriggerSpec } from './resources-spec-triggers.js';
