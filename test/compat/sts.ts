// The STS checks' expectations, in one place for every language: the compat programs report what
// their SDK got back (`got` on the check's line) and this judges it (COMPATIBILITY.md, "STS and
// temporary credentials"). Each program signs with credentials.json's key (account
// scenario.sts.account), assumes scenario.sts.roleArn (another account) with its name prefix as the
// session name, and then works with the temporary credentials it got.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface StsScenario {
  readonly account: string;
  readonly roleArn: string;
  readonly roleAccount: string;
}
const scenario: StsScenario = JSON.parse(readFileSync(fileURLToPath(new URL('./scenario.json', import.meta.url)), 'utf8')).sts;

type Got = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** The ARN GetCallerIdentity gives a role session: arn:aws:sts::<account>:assumed-role/<role>/<session>. */
export const sessionArn = (session: string) => `arn:aws:sts::${scenario.roleAccount}:assumed-role/${scenario.roleArn.split('/').at(-1)}/${session}`;

/** Each STS check's judgement of what the SDK got: the detail to show, or an Error. */
const EXPECT: Record<string, (got: Got, session: string) => string> = {
  // GetCallerIdentity with the access key: the account's root user.
  'sts.caller-identity'(got) {
    const arn = `arn:aws:iam::${scenario.account}:root`;
    if (got.Account !== scenario.account || got.Arn !== arn) throw new Error(`caller ${got.Account} ${got.Arn}, want ${arn}`);
    return arn;
  },
  // AssumeRole into another account's role: an ASIA key, a secret and a token, for that session.
  'sts.assume-role'(got, session) {
    const key = str(got.AccessKeyId);
    if (!key?.startsWith('ASIA') || got.SecretAccessKey !== true || got.SessionToken !== true) throw new Error(`credentials ${JSON.stringify(got)}`);
    if (got.AssumedRoleArn !== sessionArn(session)) throw new Error(`AssumedRoleUser ${got.AssumedRoleArn}, want ${sessionArn(session)}`);
    return 'ASIA… key, secret and session token';
  },
  // GetCallerIdentity with the temporary credentials: the assumed role's session.
  'sts.session-identity'(got, session) {
    if (got.Account !== scenario.roleAccount || got.Arn !== sessionArn(session)) throw new Error(`caller ${got.Account} ${got.Arn}, want ${sessionArn(session)}`);
    return sessionArn(session);
  },
  // A queue created with the session is the role account's: its URL names that account, the
  // session's ListQueues shows it, the access key's (the other account) does not.
  'sts.session-sqs'(got) {
    const url = str(got.QueueUrl);
    if (!url?.includes(`/${scenario.roleAccount}/`)) throw new Error(`queue URL ${url} is not in account ${scenario.roleAccount}`);
    if (!list(got.ListedBySession).includes(url)) throw new Error(`the session's ListQueues gave ${JSON.stringify(got.ListedBySession)}`);
    if (list(got.ListedByKey).length) throw new Error(`account ${scenario.account}'s ListQueues shows ${JSON.stringify(got.ListedByKey)}`);
    return `queue in ${scenario.roleAccount}, not listed for ${scenario.account}`;
  },
  // A topic created with the session is the role account's.
  'sts.session-sns'(got) {
    const arn = str(got.TopicArn);
    if (arn?.split(':')[4] !== scenario.roleAccount) throw new Error(`topic ${arn} is not in account ${scenario.roleAccount}`);
    return `topic in ${scenario.roleAccount}`;
  },
};

/** Judges an STS check a program reported as run (ok, with `got`); other checks pass through. */
export function judgeSts<C extends { check: string; ok: boolean; detail: string; got?: Got }>(c: C, session: string): C {
  const expect = EXPECT[c.check];
  if (!expect || !c.ok) return c;
  if (!c.got) return { ...c, ok: false, detail: 'the program reported nothing it got' };
  try {
    return { ...c, detail: expect(c.got, session) };
  } catch (e) {
    return { ...c, ok: false, detail: (e as Error).message };
  }
}
