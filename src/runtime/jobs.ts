import type { Clock } from './clock.js';
import type { Log } from './logger.js';

/**
 * Background jobs: each runs every `intervalMs` (first run after one interval), one run at a time,
 * errors logged and never fatal. State per job: idle → running → idle; stop() cancels the next run
 * and waits for a running one.
 */
export interface Job {
  readonly name: string;
  readonly intervalMs: number;
  run(): Promise<unknown>;
}

export function startJobs(jobs: readonly Job[], clock: Clock, log: Log): { stop(): Promise<void> } {
  let stopped = false;
  const running = new Set<Promise<unknown>>();
  const cancels: (() => void)[] = [];
  for (const job of jobs) {
    const schedule = () => {
      if (stopped) return;
      cancels.push(
        clock.setTimer(job.intervalMs, () => {
          if (stopped) return;
          const p = job
            .run()
            .catch((error) => log('error', `job ${job.name} failed`, { error: String(error?.stack ?? error) }))
            .finally(() => {
              running.delete(p);
              schedule();
            });
          running.add(p);
        }),
      );
    };
    schedule();
  }
  return {
    async stop() {
      stopped = true;
      for (const cancel of cancels) cancel();
      await Promise.all(running);
    },
  };
}
