import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

/**
 * Where the e2e suites that drive boto3 and the AWS CLI find them (test/e2e/cli/boto3-awscli.test.ts,
 * test/e2e/auth-cli.test.ts): Debian's python3 with its boto3 (`.ci/run` installs python3-boto3),
 * and every `aws` there is, Debian's /usr/bin/aws and another first on PATH (a newer v2 that speaks
 * SQS JSON rather than query), each once.
 */
export const run = promisify(execFile);

export const PYTHON = '/usr/bin/python3';

export const hasBoto3: boolean = existsSync(PYTHON) && (await run(PYTHON, ['-c', 'import boto3']).then(() => true, () => false));

/** Why a boto3 test skips, or false when it runs. */
export const boto3Skip: string | false = hasBoto3 ? false : 'python3-boto3 is not installed (.ci/run installs it)';

const onPath = await run('sh', ['-c', 'command -v aws']).then((r) => [r.stdout.trim()], () => [] as string[]);
export const AWS_CLIS: readonly string[] = [...new Set(['/usr/bin/aws', ...onPath])].filter((p) => p && existsSync(p));
