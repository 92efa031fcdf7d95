import { parseArgs } from 'node:util';
import { copyStore, formatCopyReport, type StoreAddress } from '../storage/copy/copy.js';
import { isPostgresUrl } from '../storage/open.js';

export const COPY_SYNOPSIS = 'copy --from <store> --to <store> [--from-schema <name>] [--to-schema <name>] [--from-encryption-key-file <file>] [--to-encryption-key-file <file>]';

export const COPY_HELP = `copy: copies everything (queues and their messages, in flight or not; topics, subscriptions and
  pending deliveries; streams, shards and records; consumers, channels, …) from one STOPPED store
  to another, e.g. from SQLite to PostgreSQL. A store is a SQLite data directory (e.g. ./data) or
  a postgres:// URL; --from-schema / --to-schema name the PostgreSQL schema (default switchyard,
  as SWITCHYARD_DATABASE_SCHEMA). No server may run on either meanwhile. The target must be new
  (a new data directory or schema; it is created); it is written in one transaction.
  --from-encryption-key-file / --to-encryption-key-file give an encrypted SQLite store's key (as
  the server's --encryption-key-file); a new SQLite target given one is made encrypted, so copying
  a plain data directory to a new one with a key encrypts it.
`;

/** `switchyard copy`: storage/copy/copy.ts, with a summary on stdout. */
export async function copyCommand(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        'from-schema': { type: 'string' },
        'to-schema': { type: 'string' },
        'from-encryption-key-file': { type: 'string' },
        'to-encryption-key-file': { type: 'string' },
      },
      strict: true,
    }));
    if (values.from === undefined || values.to === undefined) throw new Error('copy needs --from and --to');
    for (const end of ['from', 'to'] as const) {
      if (values[`${end}-schema`] !== undefined && !isPostgresUrl(values[end])) throw new Error(`--${end}-schema names a PostgreSQL schema, and --${end} is no postgres:// URL`);
      // PostgreSQL's data is encrypted at rest by PostgreSQL or its disk, not by Switchyard (as the server's option).
      if (values[`${end}-encryption-key-file`] !== undefined && isPostgresUrl(values[end])) throw new Error(`--${end}-encryption-key-file is a SQLite store's key, and --${end} is a postgres:// URL`);
    }
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\nUsage: switchyard ${COPY_SYNOPSIS}\n\n${COPY_HELP}`);
    return 2;
  }
  try {
    const from: StoreAddress = { location: values.from, schema: values['from-schema'], encryptionKeyFile: values['from-encryption-key-file'] };
    const to: StoreAddress = { location: values.to, schema: values['to-schema'], encryptionKeyFile: values['to-encryption-key-file'] };
    const report = await copyStore(
      from,
      to,
      (line) => process.stderr.write(`  ${line}\n`),
    );
    process.stdout.write(formatCopyReport(report));
    return 0;
  } catch (error) {
    process.stderr.write(`switchyard copy: ${(error as Error).message}\n`);
    return 1;
  }
}
