/** HTTP/S delivery policies: the retry schedule of each phase and backoff function, and the checks when set. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deliveryPolicyComplaint, httpDeliveryPolicy, httpRetryDelay, retrySchedule, type HealthyRetryPolicy } from './http-retry.js';

const policy = (p: Partial<HealthyRetryPolicy>): HealthyRetryPolicy => ({
  minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numNoDelayRetries: 0, numMinDelayRetries: 0, numMaxDelayRetries: 0, backoffFunction: 'linear', ...p,
});

describe('HTTP/S retry schedule', () => {
  it("AWS's default: 3 retries 20 s apart, then exhausted", () => {
    assert.deepEqual(retrySchedule(policy({})), [20_000, 20_000, 20_000]);
    assert.equal(httpRetryDelay(policy({}), 3), 20_000);
    assert.equal(httpRetryDelay(policy({}), 4), undefined);
    assert.deepEqual(httpDeliveryPolicy(undefined).healthyRetryPolicy, policy({}));
  });

  it('phases in order: no delay, min delay, backoff, max delay', () => {
    const p = policy({ numRetries: 8, numNoDelayRetries: 2, numMinDelayRetries: 2, numMaxDelayRetries: 2, minDelayTarget: 1, maxDelayTarget: 9 });
    assert.deepEqual(retrySchedule(p), [0, 0, 1_000, 1_000, 5_000, 9_000, 9_000, 9_000]);
  });

  it('the four backoff functions rise from min to max', () => {
    const base = { numRetries: 4, minDelayTarget: 2, maxDelayTarget: 18 };
    assert.deepEqual(retrySchedule(policy({ ...base, backoffFunction: 'linear' })), [6_000, 10_000, 14_000, 18_000]);
    assert.deepEqual(retrySchedule(policy({ ...base, backoffFunction: 'arithmetic' })), [3_600, 6_800, 11_600, 18_000]);
    assert.deepEqual(retrySchedule(policy({ ...base, backoffFunction: 'geometric' })), [3_464, 6_000, 10_392, 18_000]);
    assert.deepEqual(retrySchedule(policy({ ...base, backoffFunction: 'exponential' })), [3_067, 5_200, 9_467, 18_000]);
  });

  it('checks policies when set, with the path of the offending field', () => {
    const sub = (p: object) => deliveryPolicyComplaint(JSON.stringify(p), 'subscription');
    assert.equal(sub({ healthyRetryPolicy: { numRetries: 5, numNoDelayRetries: 6 } }), 'healthyRetryPolicy.numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries must be less than or equal to numRetries');
    assert.equal(sub({ healthyRetryPolicy: { minDelayTarget: 0 } }), 'healthyRetryPolicy.minDelayTarget must be greater than or equal to 1');
    assert.equal(sub({ healthyRetryPolicy: { maxDelayTarget: 3_601, minDelayTarget: 1, numRetries: 1 } }), 'healthyRetryPolicy.maxDelayTarget must be less than or equal to 3600');
    assert.equal(sub({ healthyRetryPolicy: { numRetries: 100, minDelayTarget: 60, maxDelayTarget: 60 } }), 'healthyRetryPolicy.numRetries: the retries would take longer than 3600 seconds in all');
    assert.equal(sub({ throttlePolicy: { maxReceivesPerSecond: 0 } }), 'throttlePolicy.maxReceivesPerSecond must be an integer greater than or equal to 1');
    assert.equal(sub({ healthyRetryPolicy: { numRetries: 3 }, throttlePolicy: { maxReceivesPerSecond: 5 }, requestPolicy: { headerContentType: 'application/json' } }), undefined);
    assert.equal(deliveryPolicyComplaint(JSON.stringify({ http: { defaultThrottlePolicy: { maxReceivesPerSecond: 1.5 } } }), 'topic'), 'http.defaultThrottlePolicy.maxReceivesPerSecond must be an integer greater than or equal to 1');
  });
});
