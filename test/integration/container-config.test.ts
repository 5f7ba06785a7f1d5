import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ENV_VARIABLES, readConfig } from "@/lib/env.ts";

/**
 * No container engine runs on the machines this project is built on, so the Dockerfile and
 * compose.yaml are checked here against what the app really reads and runs: the start
 * command, the environment (lib/env.ts), the port, the health path and the files it loads.
 */

type Instruction = { keyword: string; args: string };
type Stage = { name: string; instructions: Instruction[] };

function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\n\s*/g, " ").split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [keyword = "", ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    if (instruction.keyword === "FROM") stages.push({ name: /\bAS\s+(\S+)/i.exec(instruction.args)?.[1] ?? "", instructions: [] });
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/** `ENV A=1 B=2` (or the legacy `ENV A 1`) as pairs. */
function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of stage.instructions.filter((instruction) => instruction.keyword === "ENV")) {
    if (!args.includes("=")) {
      const [name = "", ...value] = args.split(/\s+/);
      env[name] = value.join(" ");
      continue;
    }
    for (const [, name, value] of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[name!] = value!.replace(/^"|"$/g, "");
  }
  return env;
}

const args = (stage: Stage, keyword: string) => stage.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);
/** Variables that belong to tools, not to the app. */
const TOOL_VARIABLES = ["NEXT_TELEMETRY_DISABLED"];

const stages = parseDockerfile(fs.readFileSync("Dockerfile", "utf8"));
const runtime = stages.at(-1)!;
const runtimeEnv = envOf(runtime);
const packageJson = JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string>; dependencies: Record<string, string> };
const compose = parseYaml(fs.readFileSync("compose.yaml", "utf8")) as {
  services: Record<string, { environment?: Record<string, string>; deploy?: { replicas?: number }; volumes?: string[]; networks?: Record<string, { ipv4_address?: string }>; stop_grace_period?: string; build?: string }>;
};

describe("Dockerfile", () => {
  it("builds in stages and runs as an unprivileged user", () => {
    expect(stages.map((stage) => stage.name)).toEqual(["deps", "build", "production-deps", "runtime"]);
    const user = args(runtime, "USER").at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it("installs production dependencies only in the runtime, and tsx is one of them (it runs server/main.ts)", () => {
    const install = args(stages.find((stage) => stage.name === "production-deps")!, "RUN").join(" ");
    expect(install).toMatch(/npm ci\b.*--omit=dev/);
    expect(packageJson.dependencies.tsx).toBeDefined();
    expect(args(runtime, "COPY").some((copy) => /--from=production-deps\b.*node_modules/.test(copy))).toBe(true);
    expect(args(runtime, "COPY").some((copy) => /--from=(deps|build)\b.*node_modules/.test(copy))).toBe(false);
  });

  it("starts the same entry point as `npm start`, with node as PID 1 so SIGTERM reaches the server", () => {
    const command = JSON.parse(args(runtime, "CMD").at(-1)!) as string[];
    expect(command).toEqual(["node", "--import", "tsx", "server/main.ts"]);
    expect(packageJson.scripts.start).toBe("NODE_ENV=production tsx server/main.ts");
    expect(runtimeEnv.NODE_ENV).toBe("production");
    expect(args(runtime, "STOPSIGNAL")).toEqual(["SIGTERM"]);
  });

  it("sets only variables the app reads, and they parse into the config the port, volume and health check assume", () => {
    for (const stage of stages) for (const name of Object.keys(envOf(stage))) expect([...ENV_VARIABLES, ...TOOL_VARIABLES]).toContain(name);
    const config = readConfig(runtimeEnv);
    expect(config.env).toBe("production");
    expect(config.host).toBe("0.0.0.0");
    expect(args(runtime, "EXPOSE")).toEqual([String(config.port)]);
    expect(args(runtime, "VOLUME").join(" ")).toContain(`"${config.dataDir}"`);
    const healthcheck = args(runtime, "HEALTHCHECK").join(" ");
    expect(healthcheck).toContain("/api/health");
    expect(healthcheck).toContain("process.env.PORT");
    expect(fs.existsSync("app/api/health/route.ts")).toBe(true);
  });

  it("copies into the runtime everything the server loads at start (the build, its sources, migrations, the demo article)", () => {
    const copied = args(runtime, "COPY").flatMap((copy) => copy.split(/\s+/).filter((part) => !part.startsWith("--")).slice(0, -1));
    for (const needed of [".next", "lib", "server", "prisma", "package.json", "tsconfig.json", "next.config.js"]) expect(copied.some((source) => source === needed || source.endsWith(`/${needed}`))).toBe(true);
    expect(fs.existsSync("prisma/migrations")).toBe(true);
    expect(fs.existsSync("prisma/seed/demo-article.txt")).toBe(true);
  });

  it("keeps local state and secrets out of the build context", () => {
    const ignored = fs.readFileSync(".dockerignore", "utf8").split("\n").map((line) => line.trim());
    for (const entry of ["node_modules", ".next", "data", ".env", ".git"]) expect(ignored).toContain(entry);
  });
});

describe("compose.yaml", () => {
  const { app, proxy } = compose.services;
  const fill = (value: string) => value.replace(/\$\{(\w+)(?::?[-?][^}]*)?\}/g, (_, name: string) => ({ POSTGRES_PASSWORD: "secret", AUTH_SECRET: "x".repeat(44), PUBLIC_URL: "https://marginalia.example" })[name] ?? "");

  it("runs PostgreSQL, Redis, two app replicas from this Dockerfile, and the proxy", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["app", "postgres", "proxy", "redis"]);
    expect(app!.build).toBe(".");
    expect(app!.deploy?.replicas).toBe(2);
  });

  it("gives the app only variables it reads, and they parse: PostgreSQL, Redis, the proxy as the one trusted address", () => {
    const env = Object.fromEntries(Object.entries(app!.environment!).map(([name, value]) => [name, fill(String(value))]));
    for (const name of Object.keys(env)) expect(ENV_VARIABLES).toContain(name);
    const config = readConfig({ ...runtimeEnv, ...env });
    expect(new URL(config.databaseUrl!).hostname).toBe("postgres");
    expect(new URL(config.redisUrl!).hostname).toBe("redis");
    expect(config.trustedProxies).toEqual([proxy!.networks!.default!.ipv4_address]);
    expect(Number.parseInt(app!.stop_grace_period!, 10) * 1000).toBeGreaterThan(config.shutdownTimeoutMs);
  });

  it("configures nginx from the same template as the integration test, filling every placeholder", () => {
    const mount = proxy!.volumes!.find((volume) => volume.includes("marginalia.conf.template"))!;
    const [source, target] = mount.split(":");
    expect(source).toBe("./deploy/nginx/marginalia.conf.template");
    expect(target).toBe("/etc/nginx/templates/default.conf.template");
    const placeholders = [...fs.readFileSync(source!, "utf8").matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((match) => match[1]);
    for (const name of new Set(placeholders)) expect(proxy!.environment).toHaveProperty(name!);
  });

  const composeVersion = spawnSync("docker", ["compose", "version"], { encoding: "utf8" });
  const composeMissing = composeVersion.status !== 0 ? `the docker compose plugin is not installed here (${(composeVersion.stderr || composeVersion.error?.message || "").trim().split("\n")[0]})` : null;
  it.skipIf(composeMissing !== null)(`passes \`docker compose config\`${composeMissing ? ` (skipped: ${composeMissing})` : ""}`, () => {
    const result = spawnSync("docker", ["compose", "--file", "compose.yaml", "config", "--quiet"], {
      encoding: "utf8",
      env: { ...process.env, POSTGRES_PASSWORD: "secret", AUTH_SECRET: "x".repeat(44) },
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});

describe("docs/deploy.md", () => {
  it("shows the nginx template exactly as the test and compose.yaml use it", () => {
    const page = fs.readFileSync("docs/deploy.md", "utf8");
    const shown = /```nginx\n([\s\S]*?)```/.exec(page)?.[1];
    expect(shown).toBe(fs.readFileSync("deploy/nginx/marginalia.conf.template", "utf8"));
  });
});
