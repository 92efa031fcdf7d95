import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { stsModel } from '../../src/services/sts/model.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../helpers/server.js';
import { fuzzService, report, type Rng } from '../helpers/wire-fuzz.js';

/**
 * Every STS operation fed broken inputs over the query protocol (test/helpers/wire-fuzz.ts): each
 * answer an STS-style error or a success, never a 500, a dropped connection or a hang; afterwards
 * STS still answers. AssumeRole gets plausible role ARNs (and random ones), session policies, tags,
 * durations; the server runs without a credentials file, so requests reach the operations unsigned
 * (the identity-policy paths are fuzzed signed, through the SDK, in iam-fuzz.test.ts).
 */
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

describe(`STS wire fuzz [${E2E_ENGINES[0]}]`, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(E2E_ENGINES[0]!);
  });
  after(async () => server?.close());

  it('broken inputs to every STS operation: STS-style errors or successes, never a 500 or a hang', async () => {
    const hints = {
      RoleArn: (r: Rng) => pick(r, ['arn:aws:iam::000000000000:role/app', 'arn:aws:iam::000000000000:role/a/b/c', 'arn:aws:iam::000000000000:user/u', 'arn:aws:iam::111111111111:role/x']),
      Policy: (r: Rng) => pick(r, ['{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}', '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"${aws:username","Condition":{"constructor":{"a":"b"}}}]}', '{', '[]', `{"Statement":"${'x'.repeat(2100)}"}`]),
      DurationSeconds: (r: Rng) => pick(r, [900, 3600, 43_200, 129_600, 899, 0]),
    };
    const outcomes = new Map<string, number>();
    const failures = await fuzzService({ model: stsModel, baseUrl: server.url, protocols: ['query'], hints, outcome: (op, _i, o) => outcomes.set(`${op} ${o}`, (outcomes.get(`${op} ${o}`) ?? 0) + 1) });
    assert.equal(failures.length, 0, report(failures, 200));
    // The inputs reach AssumeRole itself: some are taken, some refused by its own checks.
    assert.ok(outcomes.has('AssumeRole 200') && outcomes.has('AssumeRole 400 ValidationError'), JSON.stringify([...outcomes]));
    const sts = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's' }, maxAttempts: 1 });
    assert.ok((await sts.send(new GetCallerIdentityCommand({}))).Account);
  });
});
