import path from "node:path";

export type DejaVuFontPaths = { regular: string; bold: string; oblique: string; boldOblique: string };

/**
 * Files of the DejaVu Sans family (npm package `dejavu-fonts-ttf`), which covers Latin with
 * accents, Greek, Cyrillic and Arabic letters: the printed copy embeds them so it reads the same on
 * a machine with no fonts installed. The package's folder is resolved by Node at run time. Turbopack
 * rewrites `createRequire(import.meta.url).resolve(...)` into a bundled module id (and tries to
 * bundle each .ttf as a module), so the resolver is taken through `process.getBuiltinModule`,
 * which it leaves alone; the package is in `serverExternalPackages`, so it stays on disk.
 */
export function dejavuFontPaths(): DejaVuFontPaths {
  const { createRequire } = process.getBuiltinModule("node:module");
  const folder = path.join(path.dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
  const file = (name: string) => path.join(folder, `${name}.ttf`);
  return {
    regular: file("DejaVuSans"),
    bold: file("DejaVuSans-Bold"),
    oblique: file("DejaVuSans-Oblique"),
    boldOblique: file("DejaVuSans-BoldOblique"),
  };
}
