import { createRequire } from "node:module";

export type DejaVuFontPaths = { regular: string; bold: string; oblique: string; boldOblique: string };

/**
 * Files of the DejaVu Sans family (npm package `dejavu-fonts-ttf`), which covers Latin with
 * accents, Greek, Cyrillic and Arabic letters: the printed copy embeds them so it reads the same on
 * a machine with no fonts installed. Resolved through Node rather than a path relative to this
 * file, which Next's server bundle would move (the package is in `serverExternalPackages`).
 */
export function dejavuFontPaths(): DejaVuFontPaths {
  const require = createRequire(import.meta.url);
  const file = (name: string) => require.resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`);
  return {
    regular: file("DejaVuSans"),
    bold: file("DejaVuSans-Bold"),
    oblique: file("DejaVuSans-Oblique"),
    boldOblique: file("DejaVuSans-BoldOblique"),
  };
}
