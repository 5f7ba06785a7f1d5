// @ts-check
/** @type {import("next").NextConfig} */
const nextConfig = {
  // PGlite must be loaded once per process, by the custom server (see lib/db/registry.ts);
  // bundling it into Next's server chunks would create a second copy.
  // pdfkit reads font metrics from its own folder and the export reads DejaVu's .ttf files from theirs
  // (lib/export/dejavu-font-paths.ts): both must stay where npm put them, outside the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pglite-prisma-adapter", "pino", "jsdom", "pdfkit", "dejavu-fonts-ttf"],
  // Uploaded web pages may be up to 2 MB (lib/documents/prepare-import.ts); form overhead on top.
  experimental: { serverActions: { bodySizeLimit: "3mb" } },
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
