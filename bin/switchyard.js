#!/usr/bin/env node
// Entry point of `switchyard` / `npx switchyard`. Runs the compiled CLI (npm ci / npm install build it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write('switchyard: dist/ is missing; run `npm run build` first.\n');
  process.exit(1);
}
const { main } = await import(compiled.href);
process.exitCode = await main(process.argv.slice(2));
