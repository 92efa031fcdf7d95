import { parseArgs } from 'node:util';
import { ConfigError, configFromEnv, ENV } from '../runtime/config.js';
import { startServer } from '../runtime/server.js';
import { EncryptionError } from '../storage/sqlite/encryption.js';
import { BACKUP_HELP, BACKUP_SYNOPSIS, backupCommand } from './backup-command.js';
import { basicAuthHeaders } from './basic-auth.js';
import { COPY_HELP, COPY_SYNOPSIS, copyCommand } from './copy-command.js';
import { parseResources } from '../runtime/resources-spec.js';
import { renderTerraform } from '../runtime/export-terraform.js';
import { renderCloudFormation } from '../runtime/export-cloudformation.js';

const USAGE = `Usage: switchyard start [options]
       switchyard export [--endpoint <url>] [--format switchyard|terraform|cloudformation]
       switchyard ${BACKUP_SYNOPSIS}
       switchyard ${COPY_SYNOPSIS}

start: starts Switchyard: SQS, SNS and Kinesis on one port.
export: prints the queues, topics (with their subscriptions) and streams of a running Switchyard's
  default account and region as a resource file for --resources (--endpoint, default
  http://127.0.0.1:4566). A server with --credentials wants a key: AWS_ACCESS_KEY_ID and
  AWS_SECRET_ACCESS_KEY are sent as HTTP Basic auth, and the export is that key's account.
  --format terraform writes them as Terraform (hashicorp/aws provider), --format cloudformation as
  a CloudFormation template (JSON), to create the same resources in AWS (README "Exporting").
${BACKUP_HELP}${COPY_HELP}
Options (each also as an environment variable):
  --host <addr>          listen address            ${ENV.host} (default 127.0.0.1)
  --port <n>             listen port, 0 = any      ${ENV.port} (default 4566)
  --hostname <url|host>  public base for queue URLs ${ENV.hostname} (default: the request's Host)
  --data-dir <dir>       SQLite data directory     ${ENV.dataDir} (default ./data)
  --in-memory            keep nothing on disk      ${ENV.inMemory}
  --database <url>       postgres://… instead of SQLite ${ENV.databaseUrl}
  --durability <mode>    full | normal | off       ${ENV.durability} (default full; see README)
  --encryption-key-file <file>  SQLite: encrypt the database and its WAL with the 256-bit key in
                         <file> (64 hex characters: openssl rand -hex 32) ${ENV.encryptionKeyFile}
  --region <name>        default region            ${ENV.region} (default us-east-1)
  --account-id <12 dig>  default account           ${ENV.accountId} (default 000000000000)
  --log-level <level>    debug|info|warn|error|silent ${ENV.logLevel} (default info)
  --kinesis-create-delay-ms <n>  how long new streams stay CREATING ${ENV.kinesisCreateDelayMs} (default 500)
  --kinesis-subscription-ms <n>  how long a SubscribeToShard stream lasts ${ENV.kinesisSubscriptionMs} (default 300000)
  --throughput-limits    enforce AWS's rate quotas: SQS FIFO 300 transactions/s per action (high
                         throughput: by region), SNS publish and API rates by region, and the
                         Kinesis limits below ${ENV.throughputLimits} (default off)
  --kinesis-throughput-limits    enforce AWS's Kinesis rate limits (shard throughput, call rates) ${ENV.kinesisThroughputLimits} (default off)
  --kinesis-fan-out-bytes-per-second <n>  with the limits: a fan-out consumer's rate per shard ${ENV.kinesisFanOutBytesPerSecond} (default 2097152)
  --kinesis-shard-limit <n>      open shards per account and region ${ENV.kinesisShardLimit}
                         (default AWS's: 20000 in us-east-1, us-west-2, eu-west-1; 1000 elsewhere;
                         when set, the same in every region)
  --kinesis-on-demand-stream-limit <n>  on-demand streams per account and region ${ENV.kinesisOnDemandStreamLimit} (default 50)
  --enforce-policies     evaluate SQS queue, SNS topic and Kinesis resource policies (cross-account
                         access, explicit Deny, SNS → SQS needing the queue's Allow) ${ENV.enforcePolicies} (default off)
  --sns-cert-base-url <url>  base of SNS SigningCertURL ${ENV.snsCertBaseUrl}
                         (default https://sns.<region>.amazonaws.com; the certificate is served
                         here at /SimpleNotificationService-<id>.pem: point the base at an https
                         front of this server for validators such as sns-validator)
  --sns-smtp-url <url>   send SNS email/email-json deliveries through this SMTP server
                         (smtp://user:pass@host:port, smtps://…) ${ENV.snsSmtpUrl}
                         (default: none, e-mail is recorded, not sent)
  --sns-email-from <addr>  sender of SNS e-mail, an address or "Name <address>" ${ENV.snsEmailFrom}
                         (default no-reply@sns.amazonaws.com, named by the topic's DisplayName)
  --lambda-endpoint <url>  invoke Lambda functions on this Lambda-compatible server (sam local
                         start-lambda: http://127.0.0.1:3001): SNS lambda subscriptions' and the
                         resource file's SQS triggers ${ENV.lambdaEndpoint}
                         (default: none, SNS Lambda deliveries are recorded, not invoked)
  --lambda-access-key-id <id>      the key Invoke calls are signed with ${ENV.lambdaAccessKeyId}
  --lambda-secret-access-key <s>   ${ENV.lambdaSecretAccessKey} (default test / test)
  --sns-lambda-endpoint, --sns-lambda-access-key-id, --sns-lambda-secret-access-key  deprecated
                         names of the three above (also ${ENV.snsLambdaEndpoint} …)
  --tls-cert <file>      PEM certificate (chain)    SWITCHYARD_TLS_CERT
  --tls-key <file>       PEM private key            SWITCHYARD_TLS_KEY
                         (both: the port also accepts TLS, https and h2 by ALPN; plain
                         http stays on the same port)
  --metrics <true|false> Prometheus metrics at GET /metrics ${ENV.metrics} (default true)
  --console <true|false> the web console at /_switchyard/console ${ENV.console} (default true)
  --resources <file>     queues, topics, subscriptions and streams to create or update at every
                         start (JSON; see README "Declare resources") ${ENV.resources}
  --credentials <file>   access keys ({"accessKeys":[{"accessKeyId","secretAccessKey","accountId"}]}):
                         every request must then be SigV4-signed by one and acts as its account;
                         the console takes them by HTTP Basic auth (README "Authentication");
                         optional "users" and "roles" with identity policies, enforced with
                         --enforce-policies (README "Identity policies")
                         ${ENV.credentials}
  --audit-log <file>     append a CloudTrail-shaped JSON line per management call (and the
                         console's changes); reopened on SIGHUP (README "Audit log") ${ENV.auditLog}
  --audit-log-data-events  also data events (SendMessage, ReceiveMessage, Publish, PutRecords,
                         GetRecords …) ${ENV.auditLogDataEvents} (default off)
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'export') return exportCommand(rest);
  if (command === 'backup') return backupCommand(rest);
  if (command === 'copy') return copyCommand(rest);
  if (command !== 'start') {
    process.stdout.write(USAGE);
    return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        hostname: { type: 'string' },
        'data-dir': { type: 'string' },
        'in-memory': { type: 'boolean' },
        database: { type: 'string' },
        durability: { type: 'string' },
        'encryption-key-file': { type: 'string' },
        region: { type: 'string' },
        'account-id': { type: 'string' },
        'log-level': { type: 'string' },
        'kinesis-create-delay-ms': { type: 'string' },
        'kinesis-subscription-ms': { type: 'string' },
        'kinesis-throughput-limits': { type: 'boolean' },
        'throughput-limits': { type: 'boolean' },
        'kinesis-fan-out-bytes-per-second': { type: 'string' },
        'kinesis-shard-limit': { type: 'string' },
        'kinesis-on-demand-stream-limit': { type: 'string' },
        'enforce-policies': { type: 'boolean' },
        'sns-cert-base-url': { type: 'string' },
        'sns-smtp-url': { type: 'string' },
        'sns-email-from': { type: 'string' },
        'lambda-endpoint': { type: 'string' },
        'lambda-access-key-id': { type: 'string' },
        'lambda-secret-access-key': { type: 'string' },
        'sns-lambda-endpoint': { type: 'string' },
        'sns-lambda-access-key-id': { type: 'string' },
        'sns-lambda-secret-access-key': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        metrics: { type: 'string' },
        resources: { type: 'string' },
        console: { type: 'string' },
        credentials: { type: 'string' },
        'audit-log': { type: 'string' },
        'audit-log-data-events': { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let config;
  try {
    config = configFromEnv(process.env, {
      host: values.host,
      port: values.port,
      hostname: values.hostname,
      dataDir: values['data-dir'],
      inMemory: values['in-memory'],
      databaseUrl: values.database,
      durability: values.durability,
      encryptionKeyFile: values['encryption-key-file'],
      region: values.region,
      accountId: values['account-id'],
      logLevel: values['log-level'],
      kinesisCreateDelayMs: values['kinesis-create-delay-ms'],
      kinesisSubscriptionMs: values['kinesis-subscription-ms'],
      kinesisThroughputLimits: values['kinesis-throughput-limits'],
      throughputLimits: values['throughput-limits'],
      kinesisFanOutBytesPerSecond: values['kinesis-fan-out-bytes-per-second'],
      kinesisShardLimit: values['kinesis-shard-limit'],
      kinesisOnDemandStreamLimit: values['kinesis-on-demand-stream-limit'],
      enforcePolicies: values['enforce-policies'],
      snsCertBaseUrl: values['sns-cert-base-url'],
      snsSmtpUrl: values['sns-smtp-url'],
      snsEmailFrom: values['sns-email-from'],
      lambdaEndpoint: values['lambda-endpoint'],
      lambdaAccessKeyId: values['lambda-access-key-id'],
      lambdaSecretAccessKey: values['lambda-secret-access-key'],
      snsLambdaEndpoint: values['sns-lambda-endpoint'],
      snsLambdaAccessKeyId: values['sns-lambda-access-key-id'],
      snsLambdaSecretAccessKey: values['sns-lambda-secret-access-key'],
      tlsCert: values['tls-cert'],
      tlsKey: values['tls-key'],
      metrics: values.metrics,
      resources: values.resources,
      console: values.console,
      credentials: values.credentials,
      auditLog: values['audit-log'],
      auditLogDataEvents: values['audit-log-data-events'],
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`switchyard: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  let server;
  try {
    server = await startServer(config);
  } catch (error) {
    // A key file that cannot be used or a database it does not open (or that needs one): said plainly.
    if (error instanceof ConfigError || error instanceof EncryptionError) {
      process.stderr.write(`switchyard: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const tls = server.tlsUrl === undefined ? '' : `TLS on the same port: ${server.tlsUrl}\n`;
  process.stdout.write(`Switchyard listening on ${server.url}\n${tls}Data: ${server.engine.kind} ${server.engine.location}\n`);
  // Until a signal, or until the server can no longer serve (a newer node migrated the store
  // incompatibly under it, README "Upgrading": the engine has logged why).
  const failure = await new Promise<Error | undefined>((resolve) => {
    const stop = () => resolve(undefined);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    void server.failed.then(resolve);
  });
  await server.close();
  if (failure === undefined) return 0;
  process.stderr.write(`switchyard: stopped: ${failure.message}\n`);
  return 1;
}

/** The renderings of `export --format`: the resource file as the server writes it, or as infrastructure as code. */
const EXPORT_FORMATS: Readonly<Record<string, ((body: string, source: string) => string) | undefined>> = {
  switchyard: undefined,
  terraform: (body, source) => renderTerraform(parseResources(body, source)),
  cloudformation: (body, source) => renderCloudFormation(parseResources(body, source)),
};

/** `switchyard export`: a running server's resources (GET /_switchyard/resources) on stdout. */
async function exportCommand(args: string[]): Promise<number> {
  let endpoint: string;
  let format: string;
  try {
    const { values } = parseArgs({ args, options: { endpoint: { type: 'string' }, format: { type: 'string' } }, strict: true });
    endpoint = (values.endpoint ?? 'http://127.0.0.1:4566').replace(/\/+$/, '');
    format = values.format ?? 'switchyard';
    if (!Object.hasOwn(EXPORT_FORMATS, format)) throw new Error(`--format must be one of ${Object.keys(EXPORT_FORMATS).join(', ')}, not "${format}"`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  let res: Response;
  try {
    res = await fetch(`${endpoint}/_switchyard/resources`, { headers: basicAuthHeaders(process.env) });
  } catch (error) {
    process.stderr.write(`switchyard: cannot reach ${endpoint}: ${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}\n`);
    return 1;
  }
  const body = await res.text();
  if (!res.ok) {
    process.stderr.write(`switchyard: ${endpoint} answered ${res.status}: ${body}\n`);
    return 1;
  }
  const render = EXPORT_FORMATS[format];
  const text = render === undefined ? body : render(body, `${endpoint}/_switchyard/resources`);
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}
