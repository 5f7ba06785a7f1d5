// Operator commands: `npm run cli -- <command> [options]`. `--help` lists them.
import { readConfig } from "@/lib/env.ts";
import { commands, type CliCommand } from "./cli/commands.ts";
import { describeStartupError } from "./startup-errors.ts";

function usage(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return ["Usage: npm run cli -- <command> [options]", "", "Commands:", ...lines, "", "Run a command with --help for its options."].join("\n");
}

const [name, ...args] = process.argv.slice(2);
if (name === undefined || name === "--help" || name === "-h" || name === "help") {
  console.log(usage());
  process.exit(name === undefined ? 1 : 0);
}

const command: CliCommand | undefined = commands.find((candidate) => candidate.name === name);
if (!command) {
  console.error(`Unknown command "${name}".\n\n${usage()}`);
  process.exit(2);
}
if (args.includes("--help") || args.includes("-h")) {
  console.log(`Usage: npm run cli -- ${command.name} ${command.usage}\n\n${command.summary}`);
  process.exit(0);
}

try {
  await command.run(args, { config: readConfig() });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code?.startsWith("ERR_PARSE_ARGS")) {
    console.error(`${command.name}: ${(error as Error).message}\nUsage: npm run cli -- ${command.name} ${command.usage}`);
    process.exit(2);
  }
  console.error(describeStartupError(error).replace("Marginalia could not start", `${command.name} failed`));
  process.exit(1);
}
