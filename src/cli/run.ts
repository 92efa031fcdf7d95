// Runs the CLI from source (`node --import tsx src/cli/run.ts start …`): what tests spawn as a real
// server process. Installed copies use bin/switchyard.js, which runs the compiled dist/cli/main.js.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
