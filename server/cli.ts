// Operator commands: `npm run cli -- <command> [options]`. `--help` lists them.
import { runCli } from "./cli/run-cli.ts";

const code = await runCli(process.argv.slice(2));
// On success the process ends by itself, once the command's output is written.
if (code !== 0) process.exit(code);
