import { readConfig, type AppConfig } from "@/lib/env.ts";
import { describeStartupError } from "../startup-errors.ts";
import { commands, type CliCommand } from "./commands.ts";

function usage(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return ["Usage: npm run cli -- <command> [options]", "", "Commands:", ...lines, "", "Run a command with --help for its options."].join("\n");
}

/**
 * One operator command as `npm run cli -- <argv>` runs it: output and explanations on the
 * console, the exit code as the result. Tests call it in-process; server/cli.ts is the process.
 */
export async function runCli(argv: string[], config: () => AppConfig = () => readConfig()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name === undefined ? 1 : 0;
  }

  const command: CliCommand | undefined = commands.find((candidate) => candidate.name === name);
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    console.log(`Usage: npm run cli -- ${command.name} ${command.usage}\n\n${command.summary}`);
    return 0;
  }

  try {
    await command.run(args, { config: config() });
    return 0;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`${command.name}: ${(error as Error).message}\nUsage: npm run cli -- ${command.name} ${command.usage}`);
      return 2;
    }
    console.error(describeStartupError(error).replace("Marginalia could not start", `${command.name} failed`));
    return 1;
  }
}
