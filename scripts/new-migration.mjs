// Writes the next SQL migration from the change to prisma/schema.prisma:
//   npm run db:new-migration -- <name>
// Each migration folder keeps a copy of the schema it leads to (schema.prisma), so the next
// migration is a pure diff between two schema files: no shadow database, no download.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9]+(_[a-z0-9]+)*$/.test(name)) {
  console.error("Usage: npm run db:new-migration -- <name>   (lower case words joined by _, e.g. add_workspaces)");
  process.exit(2);
}

const migrationsDir = path.join("prisma", "migrations");
const previous = fs
  .readdirSync(migrationsDir)
  .filter((entry) => fs.existsSync(path.join(migrationsDir, entry, "schema.prisma")))
  .sort()
  .at(-1);
const from = previous ? ["--from-schema-datamodel", path.join(migrationsDir, previous, "schema.prisma")] : ["--from-empty"];

const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", path.join("prisma", "schema.prisma"), "--script"],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
if (!/^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, ""))) {
  console.error(`No schema changes since ${previous ?? "the beginning"}: nothing to write.`);
  process.exit(1);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const folder = path.join(migrationsDir, `${stamp}_${name}`);
fs.mkdirSync(folder);
fs.writeFileSync(path.join(folder, "migration.sql"), sql);
fs.copyFileSync(path.join("prisma", "schema.prisma"), path.join(folder, "schema.prisma"));
execFileSync("npx", ["prisma", "generate"], { stdio: "inherit" });
console.log(`Wrote ${path.join(folder, "migration.sql")}. Review it, commit it; the next start applies it.`);
