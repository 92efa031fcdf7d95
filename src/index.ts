import { buildConfig, ConfigError, type ServerConfig } from './runtime/config.js';
import { startServer, type RunningServer } from './runtime/server.js';
import { MessageSpy } from './runtime/spy.js';

/**
 * The package's entry point (`import { startSwitchyard } from 'switchyard'`): a whole Switchyard —
 * SQS, SNS and Kinesis on one port — inside the caller's process, for tests and local tools.
 * It is the server `switchyard start` runs, with defaults for embedding: an ephemeral port on
 * 127.0.0.1, an in-memory SQLite store unless `dataDir` or `databaseUrl` names one, and only
 * warnings logged. Several can run in one process; each is closed with close().
 */
export type SwitchyardOptions = {
  readonly [K in keyof ServerConfig]?: ServerConfig[K] | undefined;
} & {
  /** Record SQS and SNS messages and Kinesis records for `switchyard.spy` (runtime/spy.ts); the last `bufferSize` are kept (default 1000). */
  readonly spy?: boolean | { readonly bufferSize?: number };
};

export interface Switchyard {
  /** `http://127.0.0.1:<port>`: the endpoint for SDK clients, the AWS CLI and the console. */
  readonly url: string;
  /** `https://…` on the same port, when `tlsCert` and `tlsKey` are given. */
  readonly tlsUrl?: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  /**
   * Spread into any AWS SDK v3 client's constructor: `new SQSClient(switchyard.clientConfig)`.
   * The access key id is the account id, so requests act as `accountId` (README: any 12-digit
   * access key id is taken as the caller's account). With `credentials`, the first key given
   * instead (requests then act as its account).
   */
  readonly clientConfig: {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  /**
   * What flows through SQS, SNS and Kinesis, to await in tests: `waitForMessage`, `waitForMessages`,
   * `expectNoMessage`, `checkForMessage`, `getAllMessages`, `clear` (fauxqs's names). Only with the
   * `spy` option: reading it otherwise throws, so that a forgotten option is not a silent wait.
   */
  readonly spy: MessageSpy;
  /** Finishes what is under way (SNS deliveries, commits), then releases the port and the store. */
  close(): Promise<void>;
}

const EMBEDDED_DEFAULTS: SwitchyardOptions = { port: 0, logLevel: 'warn' };

/** Starts a Switchyard in this process; rejects with a ConfigError for an option it cannot use. */
export async function startSwitchyard(options: SwitchyardOptions = {}): Promise<Switchyard> {
  const { spy: spyOption, ...settings } = options;
  const merged: SwitchyardOptions = { ...EMBEDDED_DEFAULTS, ...settings };
  const persistent = merged.dataDir !== undefined || merged.databaseUrl !== undefined;
  // One validation path for every caller: the options go through the CLI's config builder.
  const raw: Record<string, string | boolean> = { inMemory: merged.inMemory ?? !persistent };
  for (const [key, value] of Object.entries(merged) as [keyof ServerConfig, unknown][]) {
    if (value === undefined || key === 'inMemory' || key === 'credentials') continue;
    raw[key] = typeof value === 'boolean' ? value : String(value);
  }
  // Access keys may be given as a file or as the list itself (checked at start, as the file is).
  const config = buildConfig({ ...raw, credentials: merged.credentials });
  const bufferSize = typeof spyOption === 'object' ? spyOption.bufferSize ?? 1000 : 1000;
  if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new ConfigError(`invalid spy buffer size: ${bufferSize} (a whole number of messages, at least 1)`);
  const spy = spyOption ? new MessageSpy(bufferSize) : undefined;
  const server: RunningServer = await startServer(config, spy ? { observers: { sqs: spy.sqsObserver, sns: spy.snsObserver, kinesis: spy.kinesisObserver } } : {});
  const firstKey = server.accessKeys === undefined ? undefined : [...server.accessKeys.values()][0];
  return {
    url: server.url,
    tlsUrl: server.tlsUrl,
    port: server.port,
    region: config.region,
    accountId: config.accountId,
    clientConfig: {
      endpoint: server.url,
      region: config.region,
      credentials: firstKey === undefined ? { accessKeyId: config.accountId, secretAccessKey: 'switchyard' } : { accessKeyId: firstKey.accessKeyId, secretAccessKey: firstKey.secretAccessKey },
    },
    get spy(): MessageSpy {
      if (spy === undefined) throw new Error('this Switchyard records no messages: start it with startSwitchyard({ spy: true })');
      return spy;
    },
    close: () => server.close(),
  };
}

export { ConfigError, MessageSpy };
export type { ServerConfig };
export type { KinesisSpyRecord, SpyAttribute, SpyFilter, SpyMessage, SpyStatus, SqsSpyMessage, SnsSpyMessage } from './runtime/spy.js';
