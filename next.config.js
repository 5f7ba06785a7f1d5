// @ts-check
/** @type {import("next").NextConfig} */
const nextConfig = {
  // PGlite must be loaded once per process, by the custom server (see lib/db/registry.ts);
  // bundling it into Next's server chunks would create a second copy.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pino"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
