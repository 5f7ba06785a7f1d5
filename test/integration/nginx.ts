import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const NGINX_TEMPLATE = path.resolve("deploy/nginx/marginalia.conf.template");

/** The nginx binary on PATH or in Debian's place; null when nginx is not installed. */
export function findNginx(): string | null {
  for (const candidate of ["nginx", "/usr/sbin/nginx"]) {
    if (spawnSync(candidate, ["-v"], { stdio: "ignore" }).status === 0) return candidate;
  }
  return null;
}

/**
 * Fills `${NAME}` placeholders the way the nginx container's envsubst does: only the names
 * given are replaced, so nginx's own `$host`, `$http_upgrade` ... stay as they are.
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{([A-Z0-9_]+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}

export type RunningNginx = { child: ChildProcess; prefix: string; url: string; stop(): Promise<void> };

/**
 * nginx as the current user, in a temporary prefix (its own pid file, logs and temp folders;
 * no root and no system config), in the foreground, with the project's template included
 * where a distribution's nginx.conf includes conf.d/.
 */
export async function startNginx(binary: string, { port, upstreams }: { port: number; upstreams: string[] }): Promise<RunningNginx> {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "marginalia-nginx-"));
  const site = renderTemplate(fs.readFileSync(NGINX_TEMPLATE, "utf8"), {
    MARGINALIA_LISTEN: `127.0.0.1:${port}`,
    MARGINALIA_UPSTREAMS: upstreams.map((upstream) => `server ${upstream};`).join(" "),
  });
  fs.writeFileSync(path.join(prefix, "marginalia.conf"), site);
  fs.writeFileSync(
    path.join(prefix, "nginx.conf"),
    `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 256; }
http {
  access_log ${prefix}/access.log;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  include ${prefix}/marginalia.conf;
}
`,
  );
  const args = ["-p", prefix, "-e", path.join(prefix, "error.log"), "-c", path.join(prefix, "nginx.conf"), "-g", "daemon off;"];
  const check = spawnSync(binary, [...args.slice(0, 6), "-t"], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`nginx refused the configuration:\n${check.stderr}`);
  const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // Ready once it answers (any status: the upstreams may still be starting).
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    const answered = await fetch(`${url}/api/health`).then(() => true, () => false);
    if (answered) break;
    if (Date.now() > deadline) throw new Error(`nginx did not answer on ${url}: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    child,
    prefix,
    url,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGQUIT");
        await exited;
      }
      fs.rmSync(prefix, { recursive: true, force: true });
    },
  };
}
