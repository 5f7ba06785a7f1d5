// @ts-check
/** @type {import("next").NextConfig} */
const nextConfig = {
  // PGlite must be loaded once per process, by the custom server (see lib/db/registry.ts);
  // bundling it into Next's server chunks would create a second copy.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pino", "jsdom"],
  // Uploaded web pages may be up to 2 MB (lib/documents/prepare-import.ts); form overhead on top.
  experimental: { serverActions: { bodySizeLimit: "3mb" } },
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
