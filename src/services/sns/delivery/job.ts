import type { Publication } from '../domain/publication.js';
import type { ClaimedDelivery } from '../store.js';
import type { DeliveryTarget } from './target.js';

/** One claimed delivery with its message and target decoded. */
export interface DeliveryJob {
  readonly delivery: ClaimedDelivery;
  readonly publication: Publication;
  readonly target: DeliveryTarget;
}

/**
 * How an attempt ended. `permanent`: trying again cannot help (AWS's client-side errors), so the
 * delivery goes to the dead-letter queue (or fails) at once; otherwise it is retried per policy.
 */
export type DeliveryResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly permanent: boolean;
      readonly error: string;
      /** Try again after this long regardless of the retry policy (shutdown). */
      readonly retryInMs?: number;
      /** The endpoint was not called (throttling, too many in flight): hand it back untried, after retryInMs. */
      readonly deferred?: boolean;
    };

/** Makes one attempt for one protocol (sqs today; http/https, email, sms, application … slot in here). */
export type ProtocolHandler = (job: DeliveryJob) => Promise<DeliveryResult>;
