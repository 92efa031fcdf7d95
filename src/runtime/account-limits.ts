import { ServiceError } from '../services/shared/errors.js';
import { sqsErrors } from '../services/sqs/errors.js';
import { snsErrors } from '../services/sns/errors.js';
import { kinesisErrors } from '../services/kinesis/errors.js';
import type { ServiceDefinition } from '../services/shared/service.js';
import type { SignatureVerifier } from '../protocol/auth.js';
import { ConfigError } from './config.js';

/**
 * Per-account request rates, for a server several teams share (`limits` in the credentials file):
 * one team's runaway loop must not starve the others. AWS has no such setting — its quotas are
 * per service and operation — so the refusal is the error each service sends past its own quotas
 * (the same as the throughput mode's, services/{sqs,sns}/throughput.ts), which its SDKs back off
 * and retry on (AWS-WIRE §7):
 *   SQS      RequestThrottled 403          "Request is throttled."
 *   SNS      Throttling 400                "Rate exceeded"
 *   Kinesis  LimitExceededException 400    "Rate exceeded for account <id>." (its per-account call rates' words)
 *
 *   "limits": { "111111111111": { "requestsPerSecond": 50, "burst": 100 }, "*": { "requestsPerSecond": 200 } }
 *
 * `*` is every account not named. A token bucket per account: `burst` requests at once (default:
 * one second's worth), refilled at `requestsPerSecond`. Counted after the signature is checked, so
 * only authenticated requests spend an account's tokens; SNS's own deliveries to SQS are
 * in-process and never counted. On SQLite (one process) the buckets are in memory
 * (AccountRateLimiter); on PostgreSQL every node leases tokens from one bucket per account in the
 * database (account-limits-shared.ts), so N nodes together admit the rate, not N times it.
 */
export interface AccountLimit {
  readonly requestsPerSecond: number;
  readonly burst: number;
}

export type AccountLimits = ReadonlyMap<string, AccountLimit>;

/** The key of the limit every account not named gets. */
export const ANY_ACCOUNT = '*';

/** Checks the credentials file's `limits` (ConfigError naming the place when anything is wrong). */
export function checkAccountLimits(value: unknown, source: string): AccountLimits {
  const fail = (where: string, what: string): never => {
    throw new ConfigError(`${source}: ${where}: ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('limits', 'expected an object of account ids (or "*") to {"requestsPerSecond", "burst"}');
  const limits = new Map<string, AccountLimit>();
  for (const [account, entry] of Object.entries(value)) {
    const at = `limits.${account}`;
    if (account !== ANY_ACCOUNT && !/^\d{12}$/.test(account)) fail(at, 'expected a 12-digit account id or "*"');
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(at, 'expected {"requestsPerSecond": n, "burst": n}');
    const e = entry as Record<string, unknown>;
    for (const field of Object.keys(e)) if (field !== 'requestsPerSecond' && field !== 'burst') fail(`${at}.${field}`, 'unknown field (requestsPerSecond, burst)');
    const rate = e.requestsPerSecond;
    if (typeof rate !== 'number' || !(rate > 0) || !Number.isFinite(rate)) fail(`${at}.requestsPerSecond`, 'expected a number above 0');
    const burst = e.burst ?? Math.max(1, Math.ceil(rate as number));
    if (typeof burst !== 'number' || !Number.isInteger(burst) || burst < 1) fail(`${at}.burst`, 'expected a whole number of requests, at least 1');
    limits.set(account, { requestsPerSecond: rate as number, burst: burst as number });
  }
  return limits;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** The limit of `accountId`: its own, else the `*` one, else none. */
export function limitOf(limits: AccountLimits, accountId: string): AccountLimit | undefined {
  return limits.get(accountId) ?? limits.get(ANY_ACCOUNT);
}

/**
 * `take(account)` is false when the account has no request left this instant; a promise when the
 * answer must wait (a node's lease of tokens shared with other nodes, account-limits-shared.ts).
 */
export interface RequestRateLimiter {
  take(accountId: string): boolean | Promise<boolean>;
}

/** The token buckets of one process, in memory. */
export class AccountRateLimiter implements RequestRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: AccountLimits,
    private readonly now: () => number,
  ) {}

  take(accountId: string): boolean {
    const limit = limitOf(this.limits, accountId);
    if (!limit) return true;
    const now = this.now();
    let b = this.buckets.get(accountId);
    if (!b) this.buckets.set(accountId, (b = { tokens: limit.burst, at: now }));
    b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.requestsPerSecond);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

/** Each service's throttling error (see the table above). */
export function accountThrottled(service: ServiceDefinition, accountId: string): ServiceError {
  switch (service.model.service) {
    case 'sqs':
      return sqsErrors.requestThrottled();
    case 'sns':
      return snsErrors.rateExceeded();
    default:
      return kinesisErrors.callRateExceededForAccount(accountId);
  }
}

/** `verify`, then the caller's account spends a token: a request over its rate gets its service's throttling error. */
export function withAccountLimits(verify: SignatureVerifier, limiter: RequestRateLimiter): SignatureVerifier {
  return (req, caller, service, operation) => {
    const admit = (account: string | undefined) => {
      if (account === undefined) return undefined;
      const taken = limiter.take(account);
      if (taken === true) return account;
      if (taken === false) throw accountThrottled(service, account);
      return taken.then((ok) => {
        if (!ok) throw accountThrottled(service, account);
        return account;
      });
    };
    const verified = verify(req, caller, service, operation);
    return verified instanceof Promise ? verified.then(admit) : admit(verified);
  };
}
