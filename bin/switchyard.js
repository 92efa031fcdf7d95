#!/usr/bin/env -S node --max-semi-space-size=64
// Entry point of `switchyard` / `npx switchyard` / `npm start`. Runs the compiled CLI (npm ci / npm
// install build it). The Node flag above gives V8 a young generation big enough for answers of up
// to 10 MiB (GetRecords) to die young instead of being promoted and swept: −30 % server CPU per
// Kinesis record read (bench/kinesis-out.ts). Run as `node bin/switchyard.js`, pass it yourself.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write('switchyard: dist/ is missing; run `npm run build` first.\n');
  process.exit(1);
}
const { main } = await import(compiled.href);
process.exitCode = await main(process.argv.slice(2));
