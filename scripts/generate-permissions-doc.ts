// Rewrites the generated tables of docs/permissions.md from lib/security/permission-matrix.ts,
// keeping the hand-written text around them:  npm run docs:permissions
import fs from "node:fs";
import { withGeneratedTables } from "@/lib/security/permission-matrix-doc.ts";

const file = "docs/permissions.md";
const before = fs.readFileSync(file, "utf8");
const after = withGeneratedTables(before);
if (after === before) {
  console.log(`${file} is up to date.`);
} else {
  fs.writeFileSync(file, after);
  console.log(`${file} rewritten from the permission matrix.`);
}
