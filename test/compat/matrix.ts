// Runs every SDK client against a fresh server and prints the compatibility matrix as markdown.
// Usage: node --import tsx test/compat/matrix.ts [--write]
// --write puts the table into COMPATIBILITY.md, between its matrix markers, instead of printing it.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHECKS, CLIENTS, STS_CHECKS, RUN_ORDER, protocolName, runClient, startCompatServer, type ClientReport, type CompatClient } from './clients.js';

const DOC = fileURLToPath(new URL('../../COMPATIBILITY.md', import.meta.url));
const START = '<!-- matrix:start -->';
const END = '<!-- matrix:end -->';

type Outcome = { client: CompatClient; report?: ClientReport; skipped?: string; error?: string };

async function runAll(): Promise<Outcome[]> {
  const server = await startCompatServer();
  try {
    const outcomes: Outcome[] = [];
    // Two at a time, in the test's order.
    const queue = [...RUN_ORDER];
    const worker = async () => {
      for (let client = queue.shift(); client; client = queue.shift()) {
        const skipped = await client.unavailable();
        if (skipped) outcomes.push({ client, skipped });
        else outcomes.push(await runClient(client, server).then((report) => ({ client, report }), (e: Error) => ({ client, error: e.message })));
      }
    };
    await Promise.all([worker(), worker()]);
    return CLIENTS.map((c) => outcomes.find((o) => o.client === c)!);
  } finally {
    await server.close();
  }
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(outcomes: readonly Outcome[]): string {
  const head = ['Client', 'Version', 'SQS wire', 'SNS wire', 'Kinesis wire', ...CHECKS.map(([, title]) => title)];
  const rows = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  const notes: string[] = [];
  const failures: string[] = [];
  for (const o of outcomes) {
    const r = o.report;
    if (!r) continue;
    const wire = (s: string) => (r.wire[s] ? protocolName(r.wire[s], r.transport[s]) : '—');
    const cells = CHECKS.map(([name]) => {
      const c = r.checks.find((x) => x.check === name);
      if (!c) return '—';
      if (c.unsupported) return 'n/a¹';
      return c.ok ? '✅' : '❌';
    });
    rows.push(`| ${[r.sdk, r.version, wire('sqs'), wire('sns'), wire('kinesis'), ...cells].map(cell).join(' | ')} |`);
    const detail = (name: string, code = false) => {
      const c = r.checks.find((x) => x.check === name);
      return !c ? '—' : code && c.ok ? `\`${c.detail}\`` : c.detail;
    };
    notes.push(`| ${[r.sdk, r.version, detail('sqs.error', true), detail('sns.error', true), detail('kinesis.error', true), detail('sqs.md5')].map(cell).join(' | ')} |`);
    for (const c of r.checks.filter((x) => !x.ok && !x.unsupported)) failures.push(`- ❌ ${cell(r.sdk)} ${cell(r.version)}, ${c.check}: ${cell(c.detail)}`);
  }
  const out = [...rows, ''];
  const unsupported = unsupportedNotes(outcomes, CHECKS);
  if (unsupported.length) out.push(`¹ Not expressible with that SDK. ${unsupported.map(cell).join('; ')}.`, '');
  out.push(...stsTable(outcomes), '');
  out.push('The error each client reports for a missing queue (GetQueueUrl), topic (GetTopicAttributes) and stream (DescribeStreamSummary), and which SQS digests the SDK checks itself:', '');
  out.push('| Client | Version | missing queue | missing topic | missing stream | MD5 checks |', '| --- | --- | --- | --- | --- | --- |', ...notes, '');
  if (failures.length) out.push('Failed checks:', '', ...failures, '');
  for (const o of outcomes.filter((x) => x.skipped || x.error)) out.push(`- ${o.client.id}: ${o.skipped ? `not run: ${o.skipped}` : `failed to run: ${cell(o.error!)}`}`);
  const timing = outcomes.filter((o) => o.report).map((o) => `${o.client.id} ${(o.report!.ms / 1000).toFixed(1)} s${o.report!.buildMs !== undefined ? ` (+ ${(o.report!.buildMs / 1000).toFixed(1)} s build)` : ''}`);
  out.push(`Run ${new Date().toISOString().slice(0, 10)} against SQLite, with SigV4 checked (--credentials); time per client: ${timing.join(', ')}.`);
  return out.join('\n');
}

/**
 * The STS table: the protocol of the STS calls, where the SDK put the session token of its
 * temporary credentials (per service: STS, SQS, SNS), and the STS checks. A row without STS says why.
 */
function stsTable(outcomes: readonly Outcome[]): string[] {
  const head = ['Client', 'Version', 'STS wire', 'session token sent in', ...STS_CHECKS.map(([, title]) => title)];
  const rows = ['### STS and temporary credentials', '', `| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  for (const o of outcomes) {
    const r = o.report;
    if (!r) continue;
    if (o.client.noSts) {
      rows.push(`| ${[r.sdk, r.version, '—', '—', ...STS_CHECKS.map(() => '—')].map(cell).join(' | ')} |`);
      continue;
    }
    const services = ['sts', 'sqs', 'sns'].filter((s) => r.token[s]);
    const where = new Set(services.map((s) => r.token[s])).size === 1 ? `${r.token[services[0]!]} (${services.join(', ')})` : services.map((s) => `${r.token[s]} (${s})`).join(', ');
    const cells = STS_CHECKS.map(([name]) => {
      const c = r.checks.find((x) => x.check === name);
      return !c ? '—' : c.unsupported ? 'n/a²' : c.ok ? '✅' : '❌';
    });
    rows.push(`| ${[r.sdk, r.version, r.wire.sts ? protocolName(r.wire.sts) : '—', where || '—', ...cells].map(cell).join(' | ')} |`);
  }
  const without = outcomes.filter((o) => o.report && o.client.noSts).map((o) => `${o.report!.sdk}: ${o.client.noSts}`);
  if (without.length) rows.push('', `— No STS checks: ${without.map(cell).join('; ')}.`);
  const unsupported = unsupportedNotes(outcomes, STS_CHECKS);
  if (unsupported.length) rows.push('', `² Not expressible with that SDK. ${unsupported.map(cell).join('; ')}.`);
  return rows;
}

/** "SDK: why" for each check of `checks` an SDK cannot express, once per SDK and reason. */
function unsupportedNotes(outcomes: readonly Outcome[], checks: readonly (readonly [string, string])[]): string[] {
  const names = new Set(checks.map(([name]) => name));
  const notes = outcomes.flatMap((o) => (o.report?.checks ?? []).filter((c) => c.unsupported && names.has(c.check)).map((c) => `${o.report!.sdk}: ${c.detail}`));
  return [...new Set(notes)];
}

const markdown = table(await runAll());
if (process.argv.includes('--write')) {
  const doc = readFileSync(DOC, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${DOC} has no ${START} … ${END} markers`);
  writeFileSync(DOC, `${doc.slice(0, from + START.length)}\n${markdown}\n${doc.slice(to)}`);
  console.log(`wrote the matrix into ${DOC}`);
} else {
  console.log(markdown);
}
