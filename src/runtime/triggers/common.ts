import type { LambdaFunction } from '../../services/shared/lambda.js';
import type { Clock } from '../clock.js';

/** What every event source mapping has, a queue's (poller.ts) or a stream's (kinesis-shard.ts). */
export interface MappingBase {
  readonly accountId: string;
  readonly region: string;
  readonly fn: LambdaFunction;
  /** How the file named it (for logs). */
  readonly functionRef: string;
  readonly batchSize: number;
  readonly windowSeconds: number;
  readonly reportBatchItemFailures: boolean;
}

/** Sleeps `ms` on the server's clock, or until `signal` aborts. */
export function abortableSleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      cancel();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const cancel = clock.setTimer(ms, done);
    signal.addEventListener('abort', done, { once: true });
  });
}
