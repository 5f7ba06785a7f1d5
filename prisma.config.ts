// Prisma CLI configuration. The app itself never runs the Prisma schema engine: migrations are
// applied by lib/db/migrate.ts. This file exists so `prisma generate` and `prisma migrate diff`
// run without downloading a native engine (see docs/operations.md).
import path from "node:path";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    return new PrismaPGlite(new PGlite());
  },
});
